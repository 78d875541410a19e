# SPDX-License-Identifier: GPL-2.0-only
#
# Benchmarks of daxbench against its peers (bench/run is the entry point).
# 'make check' only builds bench/bareloop and runs it for a few ops: a
# benchmark that times something has no place in the test suite, where
# the machine is busy and a pass must not depend on speed. 'make bench'
# runs them all and prints one table.

check_PROGRAMS += bench/bareloop
bench_bareloop_SOURCES = bench/bareloop.c
bench_bareloop_LDADD =
TESTS += bench/smoke.sh
EXTRA_DIST += bench/run bench/lib.sh bench/overhead bench/fio bench/analysis \
	bench/mainjob \
	bench/growth bench/guest bench/guest.sh bench/synth.py bench/smoke.sh \
	bench/medci.py bench/table.awk bench/README

BENCH_ENV = DAXBENCH='$(abs_top_builddir)/daxbench' \
	BARELOOP='$(abs_top_builddir)/bench/bareloop'

.PHONY: bench
bench: daxbench$(EXEEXT) bench/bareloop$(EXEEXT)
	$(BENCH_ENV) $(SHELL) $(srcdir)/bench/run $(BENCH_ARGS)
