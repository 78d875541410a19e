# SPDX-License-Identifier: GPL-2.0-only
# Analysis: two-sample statistics, compare, plot and report, their man
# pages and tests. The scipy script that produced the statistics
# fixtures is shipped but never run by make check.

check_PROGRAMS += tests/twosample_test
TESTS += tests/twosample_test
EXTRA_DIST += tests/twosample-fixtures.py
tests_twosample_test_SOURCES = tests/twosample_test.c
tests_twosample_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

# compare's statistics (src/analysis/compare-stats.c) on hand-made sides
check_PROGRAMS += tests/compare_stats_test
TESTS += tests/compare_stats_test
tests_compare_stats_test_SOURCES = tests/compare_stats_test.c
tests_compare_stats_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-I$(top_srcdir)/src

TESTS += tests/compare.sh tests/compare-real.sh tests/compare-layout.sh \
	tests/plot.sh tests/report.sh tests/report-html.sh
EXTRA_DIST += tests/compare.sh tests/compare-real.sh tests/compare-layout.sh \
	tests/plot.sh tests/report.sh tests/report-html.sh \
	tests/synth-result.py tests/data/old-reference
dist_man_MANS += man/daxbench-compare.1 man/daxbench-plot.1 \
	man/daxbench-report.1

# result_load_fast() (compare's loader) against result_load()
check_PROGRAMS += tests/fastload_test
TESTS += tests/fastload_test
tests_fastload_test_SOURCES = tests/fastload_test.c
tests_fastload_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
