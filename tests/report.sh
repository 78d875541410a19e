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
# every link resolves: files inside the bundle, anchors inside report.md
# Debian's python3-markdown may sit beside another python3 on PATH
mdpy=
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import markdown' 2>/dev/null; then mdpy=$py; break; fi
done
check_links() {
	"${mdpy:-python3}" - "$1" "${mdpy:+render}" <<'P'
import html.parser, os, re, sys
path, render = sys.argv[1], sys.argv[2] == "render"
text = open(path).read()
if render:
    import markdown
    text = markdown.markdown(text, extensions=["tables"])
else:
    # no renderer: Markdown links become hrefs; raw <a id> stay as they are
    text = re.sub(r"!\[[^]]*\]\(([^)]*)\)", r'<img src="\1">', text)
    text = re.sub(r"\[[^]]*\]\(([^)]*)\)", r'<a href="\1">', text)
class P(html.parser.HTMLParser):
    ids, refs = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if a.get(k):
                self.refs.append(a[k])
p = P()
p.feed(text)
assert p.refs, "no links"
bad = [r for r in p.refs if (r[1:] not in p.ids if r.startswith("#")
       else not os.path.exists(os.path.join(os.path.dirname(path), r)))]
assert not bad, bad
assert any(r.startswith("#fig-") for r in p.refs) and \
    any(r.startswith("#scn-") for r in p.refs), p.refs
P
}
check_links "$d/r/report.md" && ok || fail "report.md links that do not resolve"
long=$(awk 'length > 72' "$d/r/report.txt" | wc -l)
[ "$long" -eq 0 ] && ok || fail "report.txt has $long lines over 72 columns"
expect_match 'REGRESSION' "$(cat "$d/r/report.txt")" "email text"
if [ -n "$(command -v "${GNUPLOT:-gnuplot}" || true)" ]; then
	expect_match '!\[.*\]\(scan-cost-synth-scan\.png\)' "$md" "figure inline"
fi
# the summary names every regression and stall, linked to its table
# and figures, and the links resolve once the Markdown is rendered
syn "$d/tb.json" --seed 1 --kind threads
syn "$d/tn.json" --seed 2 --kind threads --shift 0.8 --stall 1 --stall 1
expect_rc 1 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" report -o "$d/rs" "$d/tb.json" "$d/tn.json"
md=$(cat "$d/rs/report.md")
expect_match '1 regression \(1 STALL\), [0-9]+ improvements; 0 points stall on base, 1 on new' "$md" "headline counts the STALL"
expect_match '^## Findings$' "$md" "findings section"
expect_match '^- \*\*STALL\*\*: \[synth-threads\]\(#scn-synth-threads\), `pinners.threads=2`, stalls .*new 2 of 62 ops.*\[threads-synth-threads\]\(#fig-threads-synth-threads\), \[CDF\]\(#fig-cdf-synth-threads-p2\)$' "$md" "STALL named and linked"
check_links "$d/rs/report.md" && ok || fail "report.md links that do not resolve"
[ -n "$mdpy" ] || echo "note: python3-markdown not installed: links checked unrendered"

# no regression: exit 0; -o is required; bad input is exit 2
expect_rc 0 "$DAXBENCH" report -o "$d/r2" "$d/a.json" "$d/a.json"
expect_rc 2 "$DAXBENCH" report "$d/a.json" "$d/b.json"
expect_rc 2 "$DAXBENCH" report -o "$d/r3" "$d/a.json" "$d/nothere.json"
t_done
