# The run engine: files and mappings, pinners, tracing, the op loop.
TESTS += tests/cli/run-host.sh tests/cli/run-signal.sh tests/cli/run-faults.sh \
	tests/cli/run-stall.sh
EXTRA_DIST += tests/cli/run-host.sh tests/cli/run-signal.sh \
	tests/cli/run-faults.sh tests/cli/run-stall.sh
# real DAX in TCG guests; after vm-boot, which fetches the kernel, so the
# two never download into the cache at once
TESTS += tests/vm/vm-run.sh
EXTRA_DIST += tests/vm/vm-run.sh tests/vm/guest/hold.json \
	tests/vm/guest/mapping.json tests/vm/guest/stall.json \
	tests/vm/guest/io.json tests/vm/guest/numa.json tests/vm/guest/forever.json
tests/vm/vm-run.log: tests/vm/vm-boot.log
check_PROGRAMS += tests/unit/recorder_test
TESTS += tests/unit/recorder_test
tests_unit_recorder_test_SOURCES = tests/unit/recorder_test.c
tests_unit_recorder_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
clean-local: clean-local-run
clean-local-run:
	-rm -rf vm-run-out
.PHONY: clean-local-run
TESTS += tests/cli/reference.sh
EXTRA_DIST += tests/cli/reference.sh results/reference
TESTS += tests/vm/vm-tree.sh
EXTRA_DIST += tests/vm/vm-tree.sh
tests/vm/vm-tree.log: tests/vm/vm-boot.log
TESTS += tests/vm/vm-trace.sh
EXTRA_DIST += tests/vm/vm-trace.sh tests/vm/guest/trace-state.sh
TESTS += tests/vm/vm-stall.sh
EXTRA_DIST += tests/vm/vm-stall.sh tests/vm/guest/stall-diag.sh \
	tests/vm/guest/stall-diag.json tests/vm/guest/stall-inject.json
tests/vm/vm-trace.log: tests/vm/vm-boot.log
tests/vm/vm-stall.log: tests/vm/vm-boot.log
# trace.interleave: op_latency without the probes, stalls still explained
TESTS += tests/vm/vm-interleave.sh
EXTRA_DIST += tests/vm/vm-interleave.sh tests/vm/guest/interleave.sh \
	tests/vm/guest/interleave.json tests/vm/guest/interleave-stall.json \
	tests/vm/guest/trace-sweep.json
tests/vm/vm-interleave.log: tests/vm/vm-boot.log
TESTS += tests/cli/provenance.sh
EXTRA_DIST += tests/cli/provenance.sh
# the progress channel ('run --progress-fd') and the ETA of a job
check_PROGRAMS += tests/unit/progress_test
TESTS += tests/unit/progress_test
tests_unit_progress_test_SOURCES = tests/unit/progress_test.c
tests_unit_progress_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
# the engine removes only the files it made (layout-own.c)
check_PROGRAMS += tests/unit/layout_test
TESTS += tests/unit/layout_test
tests_unit_layout_test_SOURCES = tests/unit/layout_test.c
tests_unit_layout_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
# FIEMAP's verdict covers every extent of the file
check_PROGRAMS += tests/unit/fiemap_test
TESTS += tests/unit/fiemap_test
tests_unit_fiemap_test_SOURCES = tests/unit/fiemap_test.c
tests_unit_fiemap_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
# the pin method table covers every method a scenario names (pin-int.h)
check_PROGRAMS += tests/unit/stall_test
TESTS += tests/unit/stall_test
tests_unit_stall_test_SOURCES = tests/unit/stall_test.c
tests_unit_stall_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

check_PROGRAMS += tests/unit/pin_test
TESTS += tests/unit/pin_test
tests_unit_pin_test_SOURCES = tests/unit/pin_test.c
tests_unit_pin_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
