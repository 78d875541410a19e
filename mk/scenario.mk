# SPDX-License-Identifier: GPL-2.0-only
# Scenarios: the loader and validator, 'daxbench validate', the format's
# man page, the scenarios shipped to users (scenarios/) and their CI-sized
# twins (scenarios/small/), and the fixtures that pin down every rule.
# Files are listed one by one (automake has no portable wildcard);
# tests/cli/validate.sh fails when a fixture or scenario is not listed here.

dist_man_MANS += man/daxbench-scenario.5

scenariosdir = $(pkgdatadir)/scenarios
dist_scenarios_DATA = \
	scenarios/io-uring-fixed.json \
	scenarios/numa-placement.json \
	scenarios/pinners-io-uring.json \
	scenarios/pinners-odirect.json \
	scenarios/pinners-vmsplice.json \
	scenarios/scan-cost-punch-hole.json \
	scenarios/scan-cost-truncate.json \
	scenarios/stall-odirect.json \
	scenarios/vmsplice-hold.json

smallscenariosdir = $(pkgdatadir)/scenarios/small
dist_smallscenarios_DATA = \
	scenarios/small/io-uring-fixed.json \
	scenarios/small/numa-placement.json \
	scenarios/small/pinners-io-uring.json \
	scenarios/small/pinners-odirect.json \
	scenarios/small/pinners-vmsplice.json \
	scenarios/small/scan-cost-punch-hole.json \
	scenarios/small/scan-cost-truncate.json \
	scenarios/small/stall-odirect.json \
	scenarios/small/vmsplice-hold.json

check_PROGRAMS += tests/unit/scenario_test
TESTS += tests/unit/scenario_test tests/cli/validate.sh
tests_unit_scenario_test_SOURCES = tests/unit/scenario_test.c
tests_unit_scenario_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
EXTRA_DIST += tests/cli/validate.sh \
	tests/data/bad-bool-type.json \
	tests/data/bad-collapse-to-eof.json \
	tests/data/bad-collapse-unaligned.json \
	tests/data/bad-dir-empty.json \
	tests/data/bad-duplicate-key.json \
	tests/data/bad-duration.json \
	tests/data/bad-duration-no-unit.json \
	tests/data/bad-fs.json \
	tests/data/bad-io-size-unaligned.json \
	tests/data/bad-io-size-zero.json \
	tests/data/bad-mapping.json \
	tests/data/bad-method.json \
	tests/data/bad-name.json \
	tests/data/bad-not-object.json \
	tests/data/bad-numa-negative.json \
	tests/data/bad-op-beyond-file.json \
	tests/data/bad-op-type.json \
	tests/data/bad-pmd-decimal.json \
	tests/data/bad-pmd-size.json \
	tests/data/bad-queue-depth-zero.json \
	tests/data/bad-solo-vmsplice.json \
	tests/data/bad-region-beyond-file.json \
	tests/data/bad-region-smaller-than-io.json \
	tests/data/bad-repeat-zero.json \
	tests/data/bad-schema-missing.json \
	tests/data/bad-schema-newer.json \
	tests/data/bad-size-fraction.json \
	tests/data/bad-size-negative.json \
	tests/data/bad-size-no-unit.json \
	tests/data/bad-size-unit.json \
	tests/data/bad-sweep-empty.json \
	tests/data/bad-sweep-name.json \
	tests/data/bad-sweep-not-list.json \
	tests/data/bad-sweep-overlap.json \
	tests/data/bad-sweep-path.json \
	tests/data/bad-sweep-point.json \
	tests/data/bad-sweep-too-many.json \
	tests/data/bad-sweep-value-type.json \
	tests/data/bad-syntax.json \
	tests/data/bad-threads-max.json \
	tests/data/bad-timeout-zero.json \
	tests/data/bad-unknown-nested.json \
	tests/data/bad-unknown-top.json \
	tests/data/bad-wrong-type.json \
	tests/data/good-full.json \
	tests/data/good-minimal.json \
	tests/data/good-sweep-objects.json \
	tests/data/good-threads-zero.json

# a sweep point's label, for run, compare and plot
check_PROGRAMS += tests/unit/label_test
TESTS += tests/unit/label_test
tests_unit_label_test_SOURCES = tests/unit/label_test.c
tests_unit_label_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
