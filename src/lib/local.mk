# SPDX-License-Identifier: GPL-2.0-only
# src/lib: helpers every layer may use: errors beside include/err.h, running
# programs, directories, the data directory, SHA-256, the version, the
# machine's probes (sysinfo, hypervisor) and the statistics a summary
# and a histogram need (stats, hist).
libdaxbench_a_SOURCES += src/lib/err.c src/lib/datadir.c src/lib/child.c \
	src/lib/fsutil.c src/lib/sha256.c src/lib/version.c src/lib/stats.c \
	src/lib/sysinfo.c src/lib/hypervisor.c src/lib/hypervisor.h src/lib/hist.c \
	src/lib/sort.c
noinst_HEADERS += src/lib/datadir.h src/lib/child.h src/lib/fsutil.h \
	src/lib/sha256.h src/lib/version.h src/lib/stats.h src/lib/sysinfo.h \
	src/lib/hist.h src/lib/sort.h
