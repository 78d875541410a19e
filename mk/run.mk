# The run engine: files and mappings, pinners, tracing, the op loop.
TESTS += tests/run-host.sh tests/run-signal.sh tests/run-faults.sh tests/run-stall.sh
EXTRA_DIST += tests/run-host.sh tests/run-signal.sh tests/run-faults.sh tests/run-stall.sh
# real DAX in TCG guests; after vm-boot, which fetches the kernel, so the
# two never download into the cache at once
TESTS += tests/vm-run.sh
EXTRA_DIST += tests/vm-run.sh tests/guest/hold.json tests/guest/mapping.json \
	tests/guest/stall.json tests/guest/io.json tests/guest/numa.json \
	tests/guest/forever.json
tests/vm-run.log: tests/vm-boot.log
check_PROGRAMS += tests/recorder_test
TESTS += tests/recorder_test
tests_recorder_test_SOURCES = tests/recorder_test.c
tests_recorder_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
clean-local: clean-local-run
clean-local-run:
	-rm -rf vm-run-out
.PHONY: clean-local-run
TESTS += tests/reference.sh
EXTRA_DIST += tests/reference.sh results/reference
TESTS += tests/vm-tree.sh
EXTRA_DIST += tests/vm-tree.sh
tests/vm-tree.log: tests/vm-boot.log
TESTS += tests/vm-trace.sh
EXTRA_DIST += tests/vm-trace.sh tests/guest/trace-state.sh
TESTS += tests/vm-stall.sh
EXTRA_DIST += tests/vm-stall.sh tests/guest/stall-diag.sh \
	tests/guest/stall-diag.json tests/guest/stall-inject.json
tests/vm-trace.log: tests/vm-boot.log
TESTS += tests/provenance.sh
EXTRA_DIST += tests/provenance.sh
# the progress channel ('run --progress-fd') and the ETA of a job
check_PROGRAMS += tests/progress_test
TESTS += tests/progress_test
tests_progress_test_SOURCES = tests/progress_test.c
tests_progress_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
# the engine removes only the files it made (layout-own.c)
check_PROGRAMS += tests/layout_test
TESTS += tests/layout_test
tests_layout_test_SOURCES = tests/layout_test.c
tests_layout_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
# FIEMAP's verdict covers every extent of the file
check_PROGRAMS += tests/fiemap_test
TESTS += tests/fiemap_test
tests_fiemap_test_SOURCES = tests/fiemap_test.c
tests_fiemap_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
# the pin method table covers every method a scenario names (pin-int.h)
check_PROGRAMS += tests/stall_test
TESTS += tests/stall_test
tests_stall_test_SOURCES = tests/stall_test.c
tests_stall_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests

check_PROGRAMS += tests/pin_test
TESTS += tests/pin_test
tests_pin_test_SOURCES = tests/pin_test.c
tests_pin_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
