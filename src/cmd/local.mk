# SPDX-License-Identifier: GPL-2.0-only
# src/cmd: the commands: main() in daxbench.c and one cmd-<name>.c a
# command. They call db_usage_error() from main, so they link with the
# tool only, not into the library the tests use.
daxbench_SOURCES += src/cmd/daxbench.c src/cmd/cmd-run.c \
	src/cmd/cmd-compare.c src/cmd/cmd-plot.c src/cmd/cmd-report.c \
	src/cmd/cmd-export.c src/cmd/cmd-info.c src/cmd/cmd-validate.c \
	src/cmd/cmd-vm.c src/cmd/cmd-bisect.c src/cmd/cmd-bisect-deb.c \
	src/cmd/run-trace.c
noinst_HEADERS += src/cmd/daxbench.h src/cmd/bisect.h src/cmd/run-trace.h
