# SPDX-License-Identifier: GPL-2.0-only
# Results, statistics and machine probing: the result writer/reader, the
# summaries it stores, the host/target/capability probes and 'info'.

check_PROGRAMS += tests/stats_test tests/result_test
TESTS += tests/stats_test tests/result_test tests/info.sh
EXTRA_DIST += tests/info.sh
tests_stats_test_SOURCES = tests/stats_test.c
tests_stats_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
tests_result_test_SOURCES = tests/result_test.c
tests_result_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

dist_man_MANS += man/daxbench.1 man/daxbench-result.5

