# SPDX-License-Identifier: GPL-2.0-only
# Results, statistics and machine probing: the result writer/reader, the
# summaries it stores, the host/target/capability probes and 'info'.

check_PROGRAMS += tests/unit/stats_test tests/unit/sort_test tests/unit/result_test
TESTS += tests/unit/stats_test tests/unit/sort_test tests/unit/result_test tests/cli/info.sh
EXTRA_DIST += tests/cli/info.sh
tests_unit_stats_test_SOURCES = tests/unit/stats_test.c
tests_unit_stats_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_sort_test_SOURCES = tests/unit/sort_test.c
tests_unit_sort_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_unit_result_test_SOURCES = tests/unit/result_test.c
tests_unit_result_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

dist_man_MANS += man/daxbench.1 man/daxbench-result.5

