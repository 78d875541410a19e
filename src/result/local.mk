# SPDX-License-Identifier: GPL-2.0-only
# src/result: the result format: writing, loading (strictly, and fast for big
# files), provenance.
libdaxbench_a_SOURCES += src/result/result.c src/result/result-provenance.c \
	src/result/result-load.c src/result/result-fastload.c \
	src/result/result-samples.c src/result/result-values.c
noinst_HEADERS += src/result/result.h src/result/result-int.h
