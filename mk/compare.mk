# SPDX-License-Identifier: GPL-2.0-only
# Analysis: two-sample statistics, compare, plot and report, their man
# pages and tests. The scipy script that produced the statistics
# fixtures is shipped but never run by make check.

check_PROGRAMS += tests/unit/twosample_test
TESTS += tests/unit/twosample_test
EXTRA_DIST += tests/unit/twosample-fixtures.py
tests_unit_twosample_test_SOURCES = tests/unit/twosample_test.c
tests_unit_twosample_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

# compare's statistics (src/analysis/compare-stats.c) on hand-made sides
check_PROGRAMS += tests/unit/compare_stats_test
TESTS += tests/unit/compare_stats_test
tests_unit_compare_stats_test_SOURCES = tests/unit/compare_stats_test.c
tests_unit_compare_stats_test_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/tests/unit -I$(top_srcdir)/src

TESTS += tests/cli/compare.sh tests/cli/compare-real.sh \
	tests/cli/compare-layout.sh tests/cli/plot.sh tests/cli/report.sh \
	tests/cli/report-html.sh
EXTRA_DIST += tests/cli/compare.sh tests/cli/compare-real.sh \
	tests/cli/compare-layout.sh tests/cli/plot.sh tests/cli/report.sh \
	tests/cli/report-html.sh tests/cli/synth-result.py \
	tests/data/old-reference
dist_man_MANS += man/daxbench-compare.1 man/daxbench-plot.1 \
	man/daxbench-report.1

# result_load_fast() (compare's loader) against result_load()
check_PROGRAMS += tests/unit/fastload_test
TESTS += tests/unit/fastload_test
tests_unit_fastload_test_SOURCES = tests/unit/fastload_test.c
tests_unit_fastload_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
