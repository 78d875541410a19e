#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The man pages: every page in man/ renders without a groff warning, is
# installed (dist_man_MANS) and named in README's "Files"; every JSON
# example keeps its double quotes when rendered (in a macro line a word
# that starts with " is a quoted argument, so {"a": "b"} came out as
# {"a": b }), unhyphenated, at any width.
. "${top_srcdir}/tests/lib.sh"

command -v groff >/dev/null 2>&1 || skip "groff not installed (apt-get install groff-base)"

# render PAGE WIDTH: plain ASCII text, all on one line, blanks squeezed,
# so that a line break between two words reads as one space and a word
# hyphenated at a line's end does not read as the word
render() {
	groff -man -Tascii -P-cbou -rLL="$2"n "$1" 2>/dev/null |
		tr -s ' \n' '  '
}

pages=$(cd "$top_srcdir" && ls man/*.[1-8])
[ -n "$pages" ] || fail "no man pages in $top_srcdir/man"

for p in $pages; do
	src=$top_srcdir/$p
	for dev in ps utf8; do
		if groff -ww -z -man -T"$dev" "$src" >"$T_TMP/warn" 2>&1 &&
			[ ! -s "$T_TMP/warn" ]; then ok "$p: groff -T$dev silent"; else
			fail "$p: groff -T$dev warns: $(cat "$T_TMP/warn")"; fi
	done
	name=$(basename "$p")
	title=$(echo "${name%.*}" | tr '[:lower:]' '[:upper:]')
	expect_match "^ *$title\(${name##*.}\) " "$(render "$src" 78 | cut -c 1-60)" \
		"$p: rendered header"
	# an argument out of step in .BR/.RB/.IR comes out as "word ," or
	# "word )": the quotes of the macro line do not pair up
	if render "$src" 200 | grep -oE '.{30}[A-Za-z0-9] [,)].{10}' >"$T_TMP/step"; then
		fail "$p: a macro's arguments out of step: $(cat "$T_TMP/step")"
	else ok "$p: macro arguments in step"; fi

	# a raw " in a JSON example of a macro line is lost: spell it \(dq
	if grep -nE '^\.[A-Za-z].*(\{ *"|"[A-Za-z0-9_.]*" *:)' "$src" >"$T_TMP/raw"; then
		fail "$p: a raw \" in a JSON example of a macro line: $(cat "$T_TMP/raw")"
	else ok "$p: no raw \" in a JSON example of a macro line"; fi

	# every JSON example in a macro line renders as written, quotes and
	# all, at two widths (a narrow one breaks them across lines)
	grep '^\.[A-Za-z].*{\\%*\\(dq' "$src" |
		sed 's/^[^{]*//; s/}[^}]*$/}/; s/\\(dq/"/g; s/\\%//g; s/\\ / /g; s/\\-/-/g' \
		>"$T_TMP/examples" || true
	for w in 60 78; do
		render "$src" "$w" >"$T_TMP/text"
		while IFS= read -r ex; do
			if grep -qF -- "$ex" "$T_TMP/text"; then ok "$p: example at $w columns: $ex"; else
				fail "$p: example $ex is not in the page rendered at $w columns"
			fi
		done <"$T_TMP/examples"
	done
done

# the examples that lost their quotes once
render "$top_srcdir/man/daxbench-result.5" 78 >"$T_TMP/result.5"
render "$top_srcdir/man/daxbench.1" 78 >"$T_TMP/daxbench.1"
for want in 'result.5 {"scheme": "log-linear", "sub_buckets": 128, "buckets": [[low, count], ...]}' \
	'result.5 {"dax": "reason"}' \
	'daxbench.1 {"host": ..., "target": ..., "capabilities": ...}'; do
	if grep -qF -- "${want#* }" "$T_TMP/${want%% *}"; then ok "the rendered ${want%% *} has ${want#* }"; else
		fail "the rendered ${want%% *} lacks ${want#* }"; fi
done

# installed: every page in man/ is in dist_man_MANS, and every page
# there exists
: "${top_builddir:?top_builddir must be set (make check sets it)}"
sed -n '/^dist_man_MANS = /,/[^\\]$/p' "$top_builddir/Makefile" |
	sed 's/^dist_man_MANS = //; s/\\$//' | tr -s ' \t' '\n' | grep . |
	sort >"$T_TMP/installed"
[ -s "$T_TMP/installed" ] || fail "no dist_man_MANS in $top_builddir/Makefile"
for p in $pages; do
	if grep -qxF "$p" "$T_TMP/installed"; then ok "$p installed"; else
		fail "$p is not installed: add it to dist_man_MANS in mk/*.mk"; fi
done
while read -r p; do
	if [ -f "$top_srcdir/$p" ]; then ok "dist_man_MANS: $p exists"; else
		fail "dist_man_MANS names $p, which does not exist"; fi
done <"$T_TMP/installed"

# README's "Files" section names every page as NAME(SECTION)
sed -n '/^Files$/,/^[A-Z][a-z]*$/p' "$top_srcdir/README" >"$T_TMP/files"
[ -s "$T_TMP/files" ] || fail "README has no Files section"
for p in $pages; do
	name=$(basename "$p")
	if grep -qF "${name%.*}(${name##*.})" "$T_TMP/files"; then ok "README's Files section names ${name%.*}(${name##*.})"; else
		fail "README's Files section does not name ${name%.*}(${name##*.})"; fi
done
t_done
