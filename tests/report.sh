#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench report: the bundle (report.md with the comparison, the
# environment and figures that resolve, report.txt in email format) is
# written even when a regression makes the exit status 1.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
syn() { python3 "$top_srcdir/tests/synth-result.py" "$@"; }
d=$T_TMP
syn "$d/a.json" --seed 1
syn "$d/b.json" --seed 2 --shift 1.2 --kernel 6.13.0-synth

expect_rc 1 "$DAXBENCH" report -o "$d/r" "$d/a.json" "$d/b.json"
[ -s "$d/r/report.md" ] && [ -s "$d/r/report.txt" ] && ok || fail "bundle not written"
md=$(cat "$d/r/report.md")
expect_match '^## Environment' "$md" "environment section"
expect_match '^\| kernel \| 6\.12\.0-synth \| 6\.13\.0-synth \|' "$md" "both kernels"
expect_match '^\| filesystem \| ext4 \| ext4 \|' "$md" "filesystem"
expect_match '\*\*regression\*\*' "$md" "comparison table"
# every image and script link resolves inside the bundle
links=$(grep -o '](\([^)]*\))' "$d/r/report.md" | sed 's/^](//; s/)$//')
[ -n "$links" ] && ok || fail "no links in report.md"
for l in $links; do
	[ -e "$d/r/$l" ] && ok || fail "report.md links to missing $l"
done
long=$(awk 'length > 72' "$d/r/report.txt" | wc -l)
[ "$long" -eq 0 ] && ok || fail "report.txt has $long lines over 72 columns"
expect_match 'REGRESSION' "$(cat "$d/r/report.txt")" "email text"
if [ -n "$(command -v "${GNUPLOT:-gnuplot}" || true)" ]; then
	expect_match '!\[.*\]\(scan-cost-synth-scan\.png\)' "$md" "figure inline"
fi
# no regression: exit 0; -o is required; bad input is exit 2
expect_rc 0 "$DAXBENCH" report -o "$d/r2" "$d/a.json" "$d/a.json"
expect_rc 2 "$DAXBENCH" report "$d/a.json" "$d/b.json"
expect_rc 2 "$DAXBENCH" report -o "$d/r3" "$d/a.json" "$d/nothere.json"
t_done
