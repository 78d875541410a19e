# SPDX-License-Identifier: GPL-2.0-only
# src/output: what a run or a comparison becomes for people and CI: plots,
# reports, exports, the run table and the progress channel.
libdaxbench_a_SOURCES += src/output/plot.c src/output/plot-data.c \
	src/output/plot-fig.c src/output/plot-xy.c src/output/plot-dist.c \
	src/output/report-md.c src/output/report-findings.c src/output/report-prov.c src/output/report-html.c \
	src/output/export-util.c src/output/export-point.c \
	src/output/export-kernel.c src/output/export-test.c \
	src/output/export-kcidb.c src/output/export-issue.c \
	src/output/export-lava.c src/output/progress.c src/output/progress-proto.c \
	src/output/progress-eta.c src/output/run-table.c
noinst_HEADERS += src/output/plot.h src/output/plot-int.h \
	src/output/report.h src/output/export.h src/output/export-int.h \
	src/output/progress.h src/output/progress-eta.h src/output/progress-proto.h \
	src/output/run-table.h
