#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/ in 'make check': bareloop builds and does a few ops, bench/run
# answers --help, and its table fits 96 columns (indented as a README
# code block, 100). Nothing here is timed: benchmarks are run by 'make
# bench', never by the test suite.
. "${top_srcdir}/tests/lib.sh"

bl="${top_builddir}/bench/bareloop"
[ -x "$bl" ] || skip "bench/bareloop not built"
expect_rc 0 "$bl" -d "$T_TMP" -s 4M -o punch_hole -l 2M -n 5 -w 1 -p
expect_match '^median_ns [0-9][0-9]*$' "$T_OUT" "bareloop prints its median"
expect_match '^timer_overhead_ns [0-9]' "$T_OUT" "bareloop prints the timer overhead"
[ -z "$(ls "$T_TMP"/bareloop-* 2>/dev/null)" ] && ok "bareloop leaves no file behind" || fail "bareloop left its file behind"
expect_rc 0 sh "${top_srcdir}/bench/run" --help
expect_match '^usage: bench/run' "$T_OUT" "bench/run --help"
mkdir "$T_TMP/logs"
printf '%s\n' 'ROW|2 pinner IOPS odirect 2thr >= 1.0 (DAX buffer, nullb0; 5 rounds, 95% CI 0.98..1.49; median CPU/IO dax 145209 ns, fio 200149 ns)|fio psync|1.219|met|TCG guest|6.1.0-56-cloud-amd64' \
	'ROW|guest|-|-|not run (exit 3, see /var/tmp/a-long-directory-of-bench-logs/guest.log)|host (itself a VM)|6.18.44-fc-v782' \
	>"$T_TMP/logs/x.log"
expect_rc 0 sh "${top_srcdir}/bench/run" --table -o "$T_TMP/logs"
expect_match '^2 pinner IOPS odirect 2thr >= 1\.0 +fio psync +1\.219  met$' "$T_OUT" "a target's line"
expect_match '^    TCG guest, 6\.1\.0-56-cloud-amd64; DAX buffer, nullb0; 5 rounds, ' "$T_OUT" "where and detail under it"
expect_match '^guest +- +-  not run$' "$T_OUT" "a benchmark that did not run"
long=$(printf '%s\n' "$T_OUT" | awk 'length > 96' | wc -l)
[ "$long" -eq 0 ] && ok "table lines within 96 columns" || fail "$long table lines over 96 columns: $T_OUT"
t_done
