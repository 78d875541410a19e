# SPDX-License-Identifier: GPL-2.0-only
# src/engine: the run itself: the test file and its mapping, the pinners
# (pin.c and a pin-<method>.c a method), the watchdog, the ops, the
# recorder of their metrics and the point's JSON, tracing, fault
# injection.
libdaxbench_a_SOURCES += src/engine/inject.c src/engine/recorder.c \
	src/engine/layout-testfile.c src/engine/layout-op.c \
	src/engine/layout-fiemap.c src/engine/layout-own.c src/engine/pin.c \
	src/engine/pin-odirect.c src/engine/pin-uring.c \
	src/engine/pin-vmsplice.c \
	src/engine/btf.c src/engine/diagnose.c \
	src/engine/trace.c src/engine/trace-read.c \
	src/engine/trace-release.c src/engine/trace-stale.c \
	src/engine/trace-peek.c src/engine/trace-formats.c \
	src/engine/watchdog.c src/engine/engine.c src/engine/engine-json.c
noinst_HEADERS += src/engine/inject.h src/engine/recorder.h \
	src/engine/layout.h src/engine/pin.h src/engine/trace.h \
	src/engine/watchdog.h src/engine/btf.h src/engine/diagnose.h \
	src/engine/engine.h src/engine/engine-int.h \
	src/engine/layout-int.h src/engine/trace-int.h src/engine/pin-int.h
