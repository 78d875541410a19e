#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# report.html in a browser: the report of two shipped reference kernels
# is opened in headless Chromium, with the network shut, and every figure
# it embeds must load (an <img> that decoded has naturalWidth > 0). The
# page is checked through a copy with a script that writes what it found
# into the DOM, which Chromium then dumps; the report itself has none.
. "${top_srcdir}/tests/lib.sh"

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] && command -v "$chromium" >/dev/null ||
	skip "chromium not installed (apt-get install chromium): report.html not rendered"
# without gnuplot there are no figures, but the page is still rendered
gp=${GNUPLOT:-$(command -v gnuplot || true)}
[ -n "$gp" ] || echo "note: gnuplot not installed (apt-get install gnuplot-nox): no figures to load"

ref="$top_srcdir/results/reference/ext4"
mkdir "$T_TMP/base" "$T_TMP/new"
for s in vmsplice-hold stall-odirect; do
	cp "$ref"/linux-image-6.1.*/"$s"-small-*.json "$T_TMP/base/"
	cp "$ref"/linux-image-7.*/"$s"-small-*.json "$T_TMP/new/"
done
set +e
GNUPLOT=${gp:-/nonexistent/gnuplot} "$DAXBENCH" report -q -o "$T_TMP/r" "$T_TMP/base" "$T_TMP/new" 2>"$T_TMP/err"
rc=$?
set -e
[ "$rc" -le 1 ] && ok "report exits 0 or 1" || fail "report exited $rc: $(cat "$T_TMP/err")"
imgs=$(grep -o '<img ' "$T_TMP/r/report.html" | wc -l)
figs=$(grep -c '^!\[' "$T_TMP/r/report.md")
[ "$imgs" -gt 5 -o -z "$gp" ] && [ "$imgs" -eq "$figs" ] && ok "report.html has an image per figure of report.md" ||
	fail "report.html has $imgs images for $figs figures in report.md"

sed 's|</body>|<script>\
window.addEventListener("load", function () {\
  var bad = [], im = document.images, i, p;\
  for (i = 0; i < im.length; i++)\
    if (!im[i].complete \|\| im[i].naturalWidth === 0) bad.push(im[i].alt);\
  p = document.createElement("pre");\
  p.textContent = "IMGCHECK loaded=" + (im.length - bad.length) +\
    " broken=" + bad.length + " " + bad.join(" \| ");\
  document.body.appendChild(p);\
});\
</script></body>|' "$T_TMP/r/report.html" >"$T_TMP/r/check.html"
# render PAGE: its DOM once loaded into $T_TMP/dom.html, the check's
# line into $got
render() {
	set +e
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T_TMP/profile" --host-resolver-rules='MAP * ~NOTFOUND' \
		--virtual-time-budget=20000 --dump-dom "file://$1" \
		>"$T_TMP/dom.html" 2>"$T_TMP/chromium.err"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] && ok "chromium renders report.html" || fail "chromium exited $rc: $(tail -n 3 "$T_TMP/chromium.err")"
	got=$(grep -o '<pre>IMGCHECK [^<]*' "$T_TMP/dom.html" | sed 's/^<pre>//' || true)
}
# the check itself catches a figure that does not load
if [ "$imgs" -gt 0 ]; then
	sed '0,/base64,iVBOR/s//base64,AAAA/' "$T_TMP/r/check.html" >"$T_TMP/r/broken.html"
	render "$T_TMP/r/broken.html"
	[ "${got#IMGCHECK loaded=$((imgs - 1)) broken=1 }" != "$got" ] && ok "a broken figure seen" ||
		fail "a broken figure not seen: '${got:-no result in the DOM}'"
fi
render "$T_TMP/r/check.html"
[ "$got" = "IMGCHECK loaded=$imgs broken=0 " ] && ok "every figure loads in Chromium" ||
	fail "figures that did not load in Chromium: '${got:-no result in the DOM}'"
# the page as rendered keeps its one H1 and the findings before any table
python3 - "$T_TMP/dom.html" <<'P' && ok "report.html's layout" || fail "report.html's layout"
import sys
dom = open(sys.argv[1]).read()
assert dom.count("<h1>") == 1, dom.count("<h1>")
assert dom.index("<h2>Findings</h2>") < dom.index("<table>"), "findings not first"
assert dom.index('id="scn-stall-odirect-small"') < dom.index('id="fig-cdf-stall-odirect-small-odirect"') \
    or "fig-" not in dom
P
t_done
