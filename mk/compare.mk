# SPDX-License-Identifier: GPL-2.0-only
# Analysis: two-sample statistics, compare, plot and report, their man
# pages and tests. The scipy script that produced the statistics
# fixtures is shipped but never run by make check.
libdaxbench_a_SOURCES += src/twosample.c src/compare.c src/compare-row.c \
	src/compare-load.c src/compare-stats.c src/compare-stalls.c \
	src/compare-curve.c src/compare-label.c src/compare-opts.c \
	src/compare-fmt.c src/compare-print.c src/compare-prov.c src/compare-text.c \
	src/compare-email.c src/compare-json.c src/compare-multi.c src/plot.c \
	src/plot-data.c src/plot-fig.c src/plot-xy.c src/plot-dist.c \
	src/report-md.c src/report-prov.c src/report-html.c
noinst_HEADERS += include/twosample.h include/compare.h src/compare-int.h \
	include/plot.h src/plot-int.h include/report.h
# commands call db_usage_error() from main: they link with the tool only
daxbench_SOURCES += src/cmd-compare.c src/cmd-plot.c src/cmd-report.c

check_PROGRAMS += tests/twosample_test
TESTS += tests/twosample_test
EXTRA_DIST += tests/twosample-fixtures.py
tests_twosample_test_SOURCES = tests/twosample_test.c
tests_twosample_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

# compare's statistics (src/compare-stats.c) on hand-made sides
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

# result_load_lean() (compare's loader) against result_load()
check_PROGRAMS += tests/lean_test
TESTS += tests/lean_test
tests_lean_test_SOURCES = tests/lean_test.c
tests_lean_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
