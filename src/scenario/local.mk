# SPDX-License-Identifier: GPL-2.0-only
# src/scenario: the scenario format: loading, checking, resolving and sweeping a
# scenario, with the units, labels and JSON positions its messages use.
libdaxbench_a_SOURCES += src/scenario/units.c src/scenario/scenario.c \
	src/scenario/scenario-schema.c src/scenario/scenario-resolve.c \
	src/scenario/scenario-value.c src/scenario/scenario-error.c \
	src/scenario/scenario-path.c src/scenario/scenario-point.c \
	src/scenario/scenario-decode.c src/scenario/scenario-check.c \
	src/scenario/scenario-advice.c \
	src/scenario/scenario-set.c src/scenario/scenario-find.c \
	src/scenario/jsonpos.c src/scenario/label.c src/scenario/label.h
noinst_HEADERS += src/scenario/units.h src/scenario/scenario.h \
	src/scenario/jsonpos.h src/scenario/scenario-int.h
