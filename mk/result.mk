# SPDX-License-Identifier: GPL-2.0-only
# Results, statistics and machine probing: the result writer/reader, the
# summaries it stores, the host/target/capability probes and 'info'.
libdaxbench_a_SOURCES += src/stats.c src/result.c
noinst_HEADERS += include/stats.h include/result.h

check_PROGRAMS += tests/stats_test tests/result_test
TESTS += tests/stats_test tests/result_test
tests_stats_test_SOURCES = tests/stats_test.c
tests_stats_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_result_test_SOURCES = tests/result_test.c
tests_result_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
