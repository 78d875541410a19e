#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The shipped reference results stay readable by this daxbench: every
# file loads, and the two kernels compare as two runs a side (exit 0 or
# 1, never 2).
. "${top_srcdir}/tests/lib.sh"

ref="$top_srcdir/results/reference"
set -- "$ref"/*/
[ "$#" -eq 2 ] && ok || fail "expected 2 reference kernels, found $#"
n=$(ls "$ref"/*/*.json | wc -l)
[ "$n" -eq 36 ] && ok || fail "expected 36 reference results (2 kernels x 9 scenarios x 2 runs), found $n"
"$DAXBENCH" --help | grep -q '^  compare ' || skip "compare not built"
set +e
"$DAXBENCH" compare "$1" "$2" >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
set -e
[ "$rc" -le 1 ] && ok || fail "compare of the references exited $rc: $(head -n 3 "$T_TMP/err")"
expect_match '6\.1\.0-57-cloud-amd64' "$(cat "$T_TMP/out")" "base kernel named"
expect_match '6\.12\.117' "$(cat "$T_TMP/out")" "new kernel named"
expect_match 'runs: 2 base runs, 2 new runs' "$(cat "$T_TMP/out")" "runs pooled"
t_done
