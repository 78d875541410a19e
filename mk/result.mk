# SPDX-License-Identifier: GPL-2.0-only
# Results, statistics and machine probing: the result writer/reader, the
# summaries it stores, the host/target/capability probes and 'info'.
libdaxbench_a_SOURCES += src/lib/stats.c src/result/result.c src/result/result-provenance.c \
	src/result/result-load.c src/result/result-lean.c src/result/result-samples.c src/result/result-values.c \
	src/lib/sysinfo.c
# commands call db_usage_error() from main: they link with the tool only
daxbench_SOURCES += src/cmd/cmd-info.c
noinst_HEADERS += src/lib/stats.h src/result/result.h src/lib/sysinfo.h \
	src/result/result-int.h

check_PROGRAMS += tests/stats_test tests/result_test
TESTS += tests/stats_test tests/result_test tests/info.sh
EXTRA_DIST += tests/info.sh
tests_stats_test_SOURCES = tests/stats_test.c
tests_stats_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_result_test_SOURCES = tests/result_test.c
tests_result_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

dist_man_MANS += man/daxbench.1 man/daxbench-result.5

# is the host itself a VM (host.hypervisor)
libdaxbench_a_SOURCES += src/lib/hypervisor.c src/lib/hypervisor.h
