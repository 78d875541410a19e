#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/ in 'make check': bareloop builds and does a few ops, and
# bench/run answers --help. Nothing here is timed: benchmarks are run by
# 'make bench', never by the test suite.
. "${top_srcdir}/tests/lib.sh"

bl="${top_builddir}/bench/bareloop"
[ -x "$bl" ] || skip "bench/bareloop not built"
expect_rc 0 "$bl" -d "$T_TMP" -s 4M -o punch_hole -l 2M -n 5 -w 1 -p
expect_match '^median_ns [0-9][0-9]*$' "$T_OUT" "bareloop prints its median"
expect_match '^timer_overhead_ns [0-9]' "$T_OUT" "bareloop prints the timer overhead"
[ -z "$(ls "$T_TMP"/bareloop-* 2>/dev/null)" ] && ok || fail "bareloop left its file behind"
expect_rc 0 sh "${top_srcdir}/bench/run" --help
expect_match '^usage: bench/run' "$T_OUT" "bench/run --help"
t_done
