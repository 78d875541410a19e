# SPDX-License-Identifier: GPL-2.0-only
# Hardening: fuzz targets, hostile input, parsers of kernel text, and the
# CI scripts for sanitizers and static analysis (scripts/fuzz,
# scripts/check-sanitizers, scripts/static-check).

# The fuzz targets, built here with the ordinary compiler and a small
# replay driver (tests/fuzz/driver.c) in place of libFuzzer, so that make
# check feeds them the seed corpus and every crash a fuzzer ever found,
# under whatever sanitizers configure enabled. scripts/fuzz builds the
# same sources with clang's libFuzzer for real fuzzing.
FUZZ_TARGETS = tests/fuzz/fuzz_scenario tests/fuzz/fuzz_result \
	tests/fuzz/fuzz_jsonpos tests/fuzz/fuzz_units
check_PROGRAMS += $(FUZZ_TARGETS)
noinst_HEADERS += tests/fuzz/fuzz.h
tests_fuzz_fuzz_scenario_SOURCES = tests/fuzz/fuzz_scenario.c \
	tests/fuzz/driver.c
tests_fuzz_fuzz_result_SOURCES = tests/fuzz/fuzz_result.c tests/fuzz/driver.c
tests_fuzz_fuzz_jsonpos_SOURCES = tests/fuzz/fuzz_jsonpos.c \
	tests/fuzz/driver.c
tests_fuzz_fuzz_units_SOURCES = tests/fuzz/fuzz_units.c tests/fuzz/driver.c
TESTS += tests/fuzz/fuzz-replay.sh
# directories: automake copies them whole into the tarball
EXTRA_DIST += tests/fuzz/fuzz-replay.sh tests/fuzz/corpus \
	tests/fuzz/regressions tests/fuzz/json.dict scripts/fuzz

# sysinfo.c's kernel-text parsers on malformed input (includes the file)
check_PROGRAMS += tests/unit/sysinfo_parse_test
TESTS += tests/unit/sysinfo_parse_test
tests_unit_sysinfo_parse_test_SOURCES = tests/unit/sysinfo_parse_test.c
tests_unit_sysinfo_parse_test_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/tests/unit

TESTS += tests/cli/hostile.sh
EXTRA_DIST += tests/cli/hostile.sh

EXTRA_DIST += scripts/check-sanitizers scripts/static-check \
	scripts/static-suppressions
# Every test, for scripts/check-sanitizers, which leaves out the ones that
# boot a guest kernel (a sanitizer pass over those only tests QEMU).
print-tests:
	@echo $(TESTS)
.PHONY: print-tests
