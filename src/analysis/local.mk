# SPDX-License-Identifier: GPL-2.0-only
# src/analysis: the statistics of compare: two-sample tests, rows, curves, stalls,
# and compare's printers.
libdaxbench_a_SOURCES += src/analysis/twosample.c \
	src/analysis/twosample-rng.c src/analysis/twosample-perm.c \
	src/analysis/twosample-student.c src/analysis/twosample-fit.c \
	src/analysis/compare.c \
	src/analysis/compare-row.c src/analysis/compare-load.c \
	src/analysis/compare-stats.c src/analysis/compare-stalls.c \
	src/analysis/compare-curve.c src/analysis/compare-findings.c src/analysis/compare-summary.c src/analysis/compare-label.c \
	src/analysis/compare-opts.c src/analysis/compare-fmt.c \
	src/analysis/compare-print.c src/analysis/compare-prov.c \
	src/analysis/compare-text.c src/analysis/compare-email.c \
	src/analysis/compare-json.c src/analysis/compare-multi.c
noinst_HEADERS += src/analysis/twosample.h src/analysis/twosample-rng.h \
	src/analysis/twosample-fit.h src/analysis/compare.h \
	src/analysis/compare-int.h
