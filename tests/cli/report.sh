#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench report: the bundle (report.md with the comparison, the
# environment and figures that resolve, report.html self-contained,
# report.txt in email format) is written even when a regression makes
# the exit status 1. report.md has one H1, each scenario's figures after
# its table and the provenance of both sides; -q prints nothing.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null || skip "python3 not installed"
syn() { python3 "$top_srcdir/tests/cli/synth-result.py" "$@"; }
d=$T_TMP
syn "$d/a.json" --seed 1
syn "$d/b.json" --seed 2 --shift 1.2 --kernel 6.13.0-synth

expect_rc 1 "$DAXBENCH" report -o "$d/r" "$d/a.json" "$d/b.json"
[ -s "$d/r/report.md" ] && [ -s "$d/r/report.txt" ] && ok "bundle written" || fail "bundle not written"
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
# check_links FILE [ID_PREFIX]: the figure and scenario ids linked to
# are ID_PREFIX-fig-* and ID_PREFIX-scn-* (one pair's of several)
check_links() {
	"${mdpy:-python3}" - "$1" "${mdpy:+render}" "${2:-}" <<'P'
import html.parser, os, re, sys
path, render, pre = sys.argv[1], sys.argv[2] == "render", sys.argv[3]
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
assert any(r.startswith("#" + pre + "fig-") for r in p.refs) and \
    any(r.startswith("#" + pre + "scn-") for r in p.refs), p.refs
P
}
check_links "$d/r/report.md" && ok "report.md links resolve" || fail "report.md links that do not resolve"
long=$(awk 'length > 72' "$d/r/report.txt" | wc -l)
[ "$long" -eq 0 ] && ok "report.txt within 72 columns" || fail "report.txt has $long lines over 72 columns"
expect_match 'REGRESSION' "$(cat "$d/r/report.txt")" "email text"
# report.html: one page that loads nothing from anywhere; every image a
# data: URI, every link to an id of the page or a file of the bundle
check_html() {
	python3 - "$1" "${2:-0}" <<'P'
import html.parser, os, re, sys
path, want_imgs = sys.argv[1], int(sys.argv[2])
text = open(path).read()
class P(html.parser.HTMLParser):
    ids, hrefs, srcs, tags = set(), [], [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
p = P()
p.feed(text)
assert not {"script", "link", "iframe", "object", "embed"} & set(p.tags), set(p.tags)
assert "url(" not in text and "@import" not in text
assert all(s.startswith("data:image/") for s in p.srcs), [s[:40] for s in p.srcs if not s.startswith("data:")]
assert len(p.srcs) == p.tags.count("img")
assert want_imgs == 0 or len(p.srcs) == want_imgs, (len(p.srcs), want_imgs)
for h in p.hrefs:
    assert not re.match(r"^[a-z]+:", h), h
    if h.startswith("#"):
        assert h[1:] in p.ids, h
    else:
        assert os.path.exists(os.path.join(os.path.dirname(path), h)), h
assert text.count("<h1>") == 1
P
}
if [ -n "$(command -v "${GNUPLOT:-gnuplot}" || true)" ]; then
	expect_match '!\[.*\]\(scan-cost-synth-scan\.png\)' "$md" "figure inline"
	n=$(grep -c '^!\[' "$d/r/report.md")
	check_html "$d/r/report.html" "$n" && ok "report.html: $n figures embedded" || fail "report.html: $n figures, not all embedded"
fi

# one H1; each scenario's figures in its own section, after its table
h1=$(grep -c '^# ' "$d/r/report.md")
[ "$h1" -eq 1 ] && ok "report.md has one H1" || fail "report.md has $h1 H1 lines, wanted 1"
python3 - "$d/r/report.md" <<'P' && ok "figures beside their tables" || fail "figures beside their tables"
import re, sys
sections = re.split(r"^## ", open(sys.argv[1]).read(), flags=re.M)[1:]
seen = 0
for sec in sections:
    name = sec.split("\n", 1)[0]
    figs = re.findall(r"^<a id=\"fig-([^\"]+)\"></a>$", sec, re.M)
    if not name.startswith("synth-"):
        assert not figs, (name, figs)
        continue
    assert figs, (name, "no figure")
    assert all(("-" + name) in f for f in figs), (name, figs)
    table = sec.index("\n| point |")
    assert table < sec.index('<a id="fig-'), (name, "a figure before the table")
    seen += 1
assert seen == 1, seen
P

# provenance of both sides: daxbench's git revision, the command line,
# the scenario file's path, sha256 and overrides
prov() {
	python3 - "$@" <<'P'
import json, sys
path, git, sha, sets = sys.argv[1:5]
r = json.load(open(path))
r["tool"]["git"] = git
r["invocation"] = {"argv": ["daxbench", "run", "-o", "out dir"] +
                   [x for s in sets.split(",") if s for x in ("--set", s)] +
                   ["scenarios/small/scan.json"], "cwd": "/src"}
r["scenario_file"] = {"path": "scenarios/small/scan.json", "sha256": sha,
                      "sets": [s for s in sets.split(",") if s]}
json.dump(r, open(path, "w"))
P
}
cp "$d/a.json" "$d/pa.json"
cp "$d/b.json" "$d/pb.json"
prov "$d/pa.json" 37c8259 "$(printf 'a%.0s' $(seq 64))" ""
prov "$d/pb.json" 41d00aa-dirty "$(printf 'b%.0s' $(seq 64))" "repeat=6,timeout=10s"
expect_rc 1 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" report -o "$d/rp" "$d/pa.json" "$d/pb.json"
md=$(cat "$d/rp/report.md")
expect_match '^\| daxbench \| 0\.1\.0, git 37c8259 \| 0\.1\.0, git 41d00aa-dirty \|$' "$md" "provenance: each side's git"
expect_match "^\| command \| \`daxbench run -o 'out dir' scenarios/small/scan.json\` \| \`daxbench run -o 'out dir' --set repeat=6 --set timeout=10s scenarios/small/scan.json\` \|$" "$md" "provenance: each side's command line"
expect_match '^\| scenario file \| `scenarios/small/scan.json` \| `scenarios/small/scan.json` \|$' "$md" "provenance: scenario file"
expect_match '^\| scenario sha256 \| `a{64}` \| `b{64}` \|$' "$md" "provenance: sha256"
expect_match '^\| overrides \| none \| `--set repeat=6`, `--set timeout=10s` \|$' "$md" "provenance: the --set overrides"
expect_match '^\| daxbench \| 0\.1\.0, git not recorded \| 0\.1\.0, git not recorded \|$' "$(cat "$d/r/report.md")" \
	"provenance: older results say it was not recorded"

# quiet: the bundle, and nothing on stdout or stderr
expect_rc 1 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" report -q -o "$d/rq" "$d/a.json" "$d/b.json"
[ -z "$T_OUT$T_ERR" ] && ok "report -q prints nothing" || fail "report -q printed: $T_OUT$T_ERR"
[ -s "$d/rq/report.md" ] && [ -s "$d/rq/report.html" ] && ok "report -q writes the bundle" || fail "report -q wrote no bundle"

check_html "$d/rp/report.html" && ok "report.html (no gnuplot) self-contained" || fail "report.html (no gnuplot) not self-contained"
# the summary names every regression and stall, linked to its table
# and figures, and the links resolve once the Markdown is rendered
syn "$d/tb.json" --seed 1 --kind threads
syn "$d/tn.json" --seed 2 --kind threads --shift 0.8 --stall 1 --stall 1
expect_rc 1 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" report -o "$d/rs" "$d/tb.json" "$d/tn.json"
md=$(cat "$d/rs/report.md")
expect_match '1 regression \(1 STALL\), [0-9]+ improvements; 0 points stall on base, 1 on new' "$md" "headline counts the STALL"
expect_match '^## Findings$' "$md" "findings section"
expect_match '^- \*\*STALL\*\*: \[synth-threads\]\(#scn-synth-threads\), `pinners.threads=2`, stalls .*new 2 of 62 ops.*\[threads-synth-threads\]\(#fig-threads-synth-threads\), \[CDF\]\(#fig-cdf-synth-threads-thr-2\)$' "$md" "STALL named and linked"
check_links "$d/rs/report.md" && ok "report.md links resolve (stalls)" || fail "report.md links that do not resolve"
[ -n "$mdpy" ] || echo "note: python3-markdown not installed: links checked unrendered"

# --changes-only applies to the whole bundle: shorter tables, every
# finding and the summary as they were
expect_rc 1 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" report -q -o "$d/rfull" "$d/tb.json" "$d/tn.json"
expect_rc 1 env GNUPLOT=/nonexistent/gnuplot "$DAXBENCH" report -q --changes-only -o "$d/rchg" "$d/tb.json" "$d/tn.json"
[ "$(wc -l <"$d/rchg/report.md")" -lt "$(wc -l <"$d/rfull/report.md")" ] &&
	[ "$(wc -l <"$d/rchg/report.txt")" -lt "$(wc -l <"$d/rfull/report.txt")" ] &&
	ok "--changes-only: report.md and report.txt shorter" || fail "--changes-only: report not shorter"
expect_match 'Not shown \(--changes-only\)' "$(cat "$d/rchg/report.md")" "--changes-only: says what it left out"
f1=$(sed -n '/^## Findings/,/^## Environment/p' "$d/rfull/report.md")
f2=$(sed -n '/^## Findings/,/^## Environment/p' "$d/rchg/report.md")
[ -n "$f1" ] && [ "$f1" = "$f2" ] && cmp -s "$d/rfull/summary.txt" "$d/rchg/summary.txt" &&
	ok "--changes-only: the findings and summary.txt unchanged" || fail "--changes-only changed the findings or the summary"
# no regression: exit 0; -o is required; bad input is exit 2
expect_rc 0 "$DAXBENCH" report -o "$d/r2" "$d/a.json" "$d/a.json"
expect_rc 2 "$DAXBENCH" report "$d/a.json" "$d/b.json"
expect_rc 2 "$DAXBENCH" report -o "$d/r3" "$d/a.json" "$d/nothere.json"

# several NEW sides: the summary table of kernels x scenarios, then a
# section per pair with ids and figure files of its own. New 1 runs one
# scenario and changes nothing; new 2 regresses in one and stalls in
# the other.
mkdir "$d/mb" "$d/m1" "$d/m2"
syn "$d/mb/scan.json" --seed 1
syn "$d/mb/threads.json" --seed 1 --kind threads
syn "$d/m1/scan.json" --seed 2 --kernel 6.13.0-synth
syn "$d/m2/scan.json" --seed 3 --shift 1.2 --kernel 6.14.0-synth
syn "$d/m2/threads.json" --seed 2 --kind threads --stall 1 --stall 1 \
	--kernel 6.14.0-synth
expect_rc 1 "$DAXBENCH" report -o "$d/m" "$d/mb" "$d/m1" "$d/m2"
[ "$(grep -c "^# " "$d/m/report.md")" -eq 1 ] && ok "several NEW: report.md has one H1" || fail "several NEW: report.md has more than one H1"
md=$(cat "$d/m/report.md")
expect_match '^## Summary: kernels × scenarios$' "$md" "summary table"
expect_match '^\| scenario \| base: 6\.12\.0-synth \(bare metal\) \| \[new 1\]\(#pair-1\): 6\.13\.0-synth \(bare metal\) \| \[new 2\]\(#pair-2\): 6\.14\.0-synth \(bare metal\) \|$' "$md" "summary columns: base, then each NEW by kernel"
rows=$(printf '%s\n' "$md" | sed -n 's/^| \(synth-[a-z]*\) |.*/\1/p' | tr '\n' ' ')
[ "$rows" = "synth-scan synth-threads " ] && ok "summary rows synth-scan synth-threads" || fail "summary rows: '$rows'"
expect_match '^\| synth-scan \| 0/360 stalled \| \[0/360 stalled · 0 regr · 0 impr\]\(#pair-1-scn-synth-scan\) \| \[0/360 stalled · \*\*[1-9][0-9]* regr\*\* · 0 impr\]\(#pair-2-scn-synth-scan\) \|$' "$md" "the regression counted in new 2's cell only"
expect_match '^\| synth-threads \| 0/240 stalled \| not run \| \[2/242 stalled · \*\*1 regr \(1 STALL\)\*\* · 0 impr\]\(#pair-2-scn-synth-threads\) \|$' "$md" "the stall counted in new 2's cell, new 1 not run"
expect_match '^## Pair 1: base → new 1$' "$md" "section of pair 1"
expect_match '^## Pair 2: base → new 2$' "$md" "section of pair 2"
dup=$(grep -o ' id="[^"]*"' "$d/m/report.md" | sort | uniq -d)
[ -z "$dup" ] && ok "ids in report.md unique" || fail "ids used twice in report.md: $dup"
if [ -f "$d/m/pair-1/scan-calls-synth-scan.gp" ] &&
	[ -f "$d/m/pair-2/scan-calls-synth-scan.gp" ] &&
	! ls "$d/m"/*.gp >/dev/null 2>&1; then ok "each pair's figures in a directory of its own"; else
	fail "each pair's figures not in a directory of its own"; fi
check_links "$d/m/report.md" pair-2- && ok "report.md of several sides: links resolve" || fail "report.md of several sides: links that do not resolve"
txt=$(cat "$d/m/report.txt")
long=$(awk 'length > 72' "$d/m/report.txt" | wc -l)
[ "$long" -eq 0 ] && ok "report.txt of several sides within 72 columns" || fail "report.txt has $long lines over 72 columns"
if LC_ALL=C grep -q '[^ -~]' "$d/m/report.txt"; then
	fail "report.txt is not plain ASCII"; else ok "report.txt is plain ASCII"; fi
expect_match '^  new 1 +not run$' "$txt" "ASCII summary: not run"
expect_match '^  new 2 +2 +242 +1 +0  \(1 STALL\)$' "$txt" "ASCII summary: the stall"
expect_match '^Pair 2 of 2: base -> new 2$' "$txt" "email text of each pair"
# a pair's section holds what the bundle of that pair alone holds, and
# that bundle is laid out as one NEW's always was
expect_rc 1 "$DAXBENCH" report -o "$d/mone" "$d/mb" "$d/m2"
sed -n '/^## Pair 2: base → new 2$/,$p' "$d/m/report.md" | tail -n +2 |
	sed 's/pair-2-//g; s#(pair-2/#(#g; s#in pair-2/)#in this directory)#; s/^#\(##*\) /\1 /' >"$d/sec.md"
tail -n +2 "$d/mone/report.md" >"$d/one.md"
cmp -s "$d/sec.md" "$d/one.md" && ok "pair 2's section is its bundle" ||
	fail "pair 2's section differs from its bundle: $(diff "$d/one.md" "$d/sec.md" | head)"
heads=$(grep -E '^#{1,2} ' "$d/mone/report.md" | tr '\n' '|')
[ "$heads" = "# daxbench review report|## Findings|## Environment|## synth-scan|## synth-threads|" ] &&
	ok "one NEW: headings" || fail "one NEW: headings $heads"
if grep -q 'pair-\|kernels ×' "$d/mone/report.md" || [ -d "$d/mone/pair-1" ]; then
	fail "one NEW: a summary or pair ids"; else ok "one NEW: no summary or pair ids"; fi
# no NEW regresses: exit 0; a NEW that cannot be read: exit 2, named
expect_rc 0 "$DAXBENCH" report -o "$d/m0" "$d/mb" "$d/m1" "$d/m1"
expect_rc 2 "$DAXBENCH" report -o "$d/m3" "$d/mb" "$d/m1" "$d/nothere"
expect_match 'nothere: cannot read' "$T_ERR" "the NEW that cannot be read named"
t_done
