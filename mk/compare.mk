# SPDX-License-Identifier: GPL-2.0-only
# Analysis: two-sample statistics, compare, plot and report, their man
# pages and tests. The scipy script that produced the statistics
# fixtures is shipped but never run by make check.
libdaxbench_a_SOURCES += src/analysis/twosample.c src/analysis/compare.c src/analysis/compare-row.c \
	src/analysis/compare-load.c src/analysis/compare-stats.c src/analysis/compare-stalls.c \
	src/analysis/compare-curve.c src/analysis/compare-label.c src/analysis/compare-opts.c \
	src/analysis/compare-fmt.c src/analysis/compare-print.c src/analysis/compare-prov.c src/analysis/compare-text.c \
	src/analysis/compare-email.c src/analysis/compare-json.c src/analysis/compare-multi.c src/output/plot.c \
	src/output/plot-data.c src/output/plot-fig.c src/output/plot-xy.c src/output/plot-dist.c \
	src/output/report-md.c src/output/report-prov.c src/output/report-html.c
noinst_HEADERS += src/analysis/twosample.h src/analysis/compare.h src/analysis/compare-int.h \
	src/output/plot.h src/output/plot-int.h src/output/report.h
# commands call db_usage_error() from main: they link with the tool only
daxbench_SOURCES += src/cmd/cmd-compare.c src/cmd/cmd-plot.c src/cmd/cmd-report.c

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

# result_load_lean() (compare's loader) against result_load()
check_PROGRAMS += tests/lean_test
TESTS += tests/lean_test
tests_lean_test_SOURCES = tests/lean_test.c
tests_lean_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
