# SPDX-License-Identifier: GPL-2.0-only
# bench/run's table, from the ROW|target|peer|ratio|verdict|accel|kernel
# lines of the benchmarks' logs, within 96 columns so that a README code
# block (indented by 4) fits 100: a line per target with its peer, ratio
# and verdict, and under it where it ran and the target's detail (what
# its parentheses hold), word-wrapped. -v title=TEXT: the first line.

# print TEXT word-wrapped to W columns: the first line after FIRST, the
# others after REST
function wrap(text, first, rest,    n, i, word, line, pre) {
	n = split(text, word, " ")
	line = first
	pre = first
	for (i = 1; i <= n; i++) {
		if (line != pre && length(line) + 1 + length(word[i]) > W) {
			print line
			line = rest
			pre = rest
		}
		line = line (line == pre ? "" : " ") word[i]
	}
	print line
}

# the head of S before its trailing "(...)" into HEAD[1], what the
# parentheses hold into HEAD[2] ("" when there are none)
function split_detail(s, head,    i) {
	i = index(s, " (")
	if (i && substr(s, length(s)) == ")") {
		head[1] = substr(s, 1, i - 1)
		head[2] = substr(s, i + 2, length(s) - i - 2)
	} else {
		head[1] = s
		head[2] = ""
	}
}

function width(i, s) { if (length(s) > wd[i]) wd[i] = length(s) }

BEGIN {
	FS = "|"
	W = 96
	h[2] = "target"; h[3] = "peer"; h[4] = "ratio"; h[5] = "verdict"
	for (i = 2; i <= 5; i++)
		width(i, h[i])
}
$1 == "ROW" {
	n++
	split_detail($2, t)
	split_detail($5, v)
	c[n, 2] = t[1]; c[n, 3] = $3; c[n, 4] = $4; c[n, 5] = v[1]
	d = $6 ", " $7
	if (t[2] != "")
		d = d "; " t[2]
	if (v[2] != "")
		d = d "; " v[2]
	c[n, 6] = d
	for (i = 2; i <= 5; i++)
		width(i, c[n, i])
}
END {
	if (title != "")
		wrap(title, "", "  ")
	f = "%-" wd[2] "s  %-" wd[3] "s  %" wd[4] "s  %s\n"
	printf f, h[2], h[3], h[4], h[5]
	print "    where (accelerator, kernel); detail"
	for (r = 1; r <= n; r++) {
		printf f, c[r, 2], c[r, 3], c[r, 4], c[r, 5]
		wrap(c[r, 6], "    ", "      ")
	}
}
