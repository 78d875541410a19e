#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Every command in README runs as shown. A command is an indented line
# that starts with "$ " (one that ends in "\" goes on to the next); the
# indented lines under it, up to the next command or a blank line, are
# what it printed, and a "$ echo $?" under it shows its exit status.
#
# - A daxbench command runs here, with the binary under test, in a
#   scratch directory that sees the source tree's scenarios/, tests/ and
#   results/reference/ (so that -o DIR and the default results/ land in
#   the scratch directory). It must exit 0 (compare and report: 0 or 1,
#   a regression found), or the status its "$ echo $?" shows, and every
#   line shown under it but "..." must be in what it printed, blanks
#   squeezed: a line the README wraps is a piece of one.
# - Except those that need a guest ('daxbench vm': minutes, and the
#   network for its kernel), a DAX mount (/mnt/dax) or the output of one
#   (a directory named in capitals: OUT, AB). They, and scripts/NAME
#   (the main job, the tests, compare-kernels: root, apt-get, guests for
#   minutes), only have their options checked against their --help or
#   usage comment, and their scenario files validated.
# - Anything else is the set-up (deps_install, autoreconf, configure,
#   make install): it installs or builds in the source tree, and is only
#   listed.
. "${top_srcdir}/tests/lib.sh"

readme=$top_srcdir/README
[ -f "$readme" ] || skip "no README in $top_srcdir"

# --- the commands -----------------------------------------------------------
# One record per line: "C<tab>command", "O<tab>a line it printed" and
# "S<tab>status" (from the "$ echo $?" under it).
awk '
function flush() { if (cmd != "") print "C\t" cmd; cmd = "" }
# a line that ends in "\" goes on
function more() { incmd = sub(/ *\\$/, "", cmd) }
incmd { line = $0; sub(/^ +/, "", line); cmd = cmd " " line; more(); next }
/^ +\$ / {
	flush(); line = $0; sub(/^ +\$ /, "", line); out = 1
	if (line == "echo $?") { status = 1; next }
	cmd = line; more(); next
}
/^ +[^ ]/ && out {
	flush(); line = $0; sub(/^ +/, "", line)
	if (status) { print "S\t" line; status = 0 } else print "O\t" line
	next
}
{ flush(); out = 0; status = 0 }
END { flush() }
' "$readme" >"$T_TMP/records"

# a command written without its "$ " would be neither run nor checked
if grep -nE '^ {4,}(daxbench [a-z]+|scripts/[a-z-]+)( |$)' "$readme" >"$T_TMP/bare"; then
	fail "README: commands without \"\$ \": $(cat "$T_TMP/bare")"
else ok; fi

# --- the scratch directory --------------------------------------------------
work=$T_TMP/work
mkdir -p "$work/results"
ln -s "$top_srcdir/scenarios" "$work/scenarios"
ln -s "$top_srcdir/tests" "$work/tests"
ln -s "$top_srcdir/results/reference" "$work/results/reference"
daxbench() { "$DAXBENCH" "$@"; }
gnuplot=1
command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1 || gnuplot=0

ran=0 checked=0 listed=0

# opts_ok WHAT HELP WORD...: each option among WORDs (up to a bare --)
# is in HELP, the text of WHAT's --help or usage
opts_ok() {
	what=$1 help=$2
	shift 2
	for w in "$@"; do
		case $w in
		--) break ;;
		-*) ;;
		*) continue ;;
		esac
		o=${w%%=*}
		if printf '%s\n' "$o" | grep -qE '^--?[a-z][a-z0-9-]*$' &&
			printf '%s\n' "$help" | grep -qE -- "(^|[][ ,])$o([][ ,=]|\$)"; then
			ok
		else
			fail "README: '$cmd': $what has no option $o"
		fi
	done
}

# scenarios_ok WORD...: the .json among WORDs (globs expanded in the
# scratch directory) are valid scenarios
scenarios_ok() {
	for w in "$@"; do
		case $w in *.json) ;; *) continue ;; esac
		for f in "$work"/$w; do
			if "$DAXBENCH" validate "$f" >"$T_TMP/err" 2>&1; then ok
			else fail "README: '$cmd': scenario $w: $(cat "$T_TMP/err")"; fi
		done
	done
}

# check_only: the options of a command that is not run, and its scenarios
check_only() {
	set -f
	# shellcheck disable=SC2086
	set -- $cmd
	set +f
	scenarios_ok "$@"
	case $1 in
	daxbench)
		sub=$2
		shift 2
		opts_ok "daxbench $sub" "$("$DAXBENCH" "$sub" --help 2>&1)" "$@"
		# vm: the options of the command after --
		while [ "$sub" = vm ] && [ $# -gt 0 ]; do
			[ "$1" = -- ] && [ "${2:-}" = run ] && {
				shift 2
				opts_ok "daxbench run" "$("$DAXBENCH" run --help 2>&1)" "$@"
				break
			}
			shift
		done
		;;
	scripts/*)
		s=$1
		shift
		if [ -x "$top_srcdir/$s" ]; then ok; else fail "README: '$cmd': $s is not an executable"; fi
		usage=$(sed -n '/^# usage:/,/^[^#]/p' "$top_srcdir/$s" 2>/dev/null)
		case $usage in *"vm options"*) usage="$usage
$("$DAXBENCH" vm --help 2>&1)" ;; esac
		opts_ok "$s" "$usage" "$@"
		;;
	esac
	checked=$((checked + 1))
	echo "checked, not run: $cmd"
}

# run_it: run the command, then its status and what it printed
run_it() {
	set +e
	(cd "$work" && eval "$cmd") </dev/null >"$T_TMP/printed" 2>&1
	rc=$?
	set -e
	ran=$((ran + 1))
	echo "ran (exit $rc): $cmd"
	if [ -n "$want" ]; then
		[ "$rc" -eq "$want" ]
	else
		case $cmd in
		'daxbench compare '* | 'daxbench report '*) [ "$rc" -le 1 ] ;;
		*) [ "$rc" -eq 0 ] ;;
		esac
	fi && ok || fail "README: '$cmd' exited $rc, wanted ${want:-0}: $(tail -n 3 "$T_TMP/printed")"
	case $cmd in
	'daxbench plot '* | 'daxbench report '*)
		if [ "$gnuplot" = 0 ]; then
			echo "  (no gnuplot: what it printed is not compared)"
			return 0
		fi ;;
	esac
	tr -s '[:space:]' ' ' <"$T_TMP/printed" >"$T_TMP/flat"
	while IFS= read -r l; do
		case $l in *...*) continue ;; esac
		l=$(printf '%s' "$l" | tr -s '[:space:]' ' ' | sed 's/^ //; s/ $//')
		if grep -qF -- "$l" "$T_TMP/flat"; then ok; else
			fail "README: '$cmd' did not print: $l"
		fi
	done <"$T_TMP/shown"
}

# one: the command in $cmd, by the rules above
one() {
	[ -n "$cmd" ] || return 0
	case $cmd in
	'daxbench vm '* | *' /mnt/dax'* | scripts/*) check_only ;;
	'daxbench '*)
		if printf '%s\n' "$cmd" | grep -qE '(^| )[A-Z][A-Z]+(/| |$)'; then
			check_only
		else
			run_it
		fi
		;;
	*)
		listed=$((listed + 1))
		echo "set-up, not run: $cmd"
		;;
	esac
}

cmd="" want=""
: >"$T_TMP/shown"
tab=$(printf '\t')
while IFS= read -r rec; do
	kind=${rec%%"$tab"*}
	text=${rec#*"$tab"}
	case $kind in
	C)
		one
		cmd=$text want=""
		: >"$T_TMP/shown"
		;;
	O) printf '%s\n' "$text" >>"$T_TMP/shown" ;;
	S) want=$text ;;
	esac
done <"$T_TMP/records"
one

# --- what must be there -----------------------------------------------------
echo "$ran run, $checked checked without running, $listed set-up"
# the set-up commands of a fresh Debian 12 machine, the first try, and
# the test command that CI runs (.ci/run: "exactly the README's")
for c in 'scripts/main' 'scripts/test' \
	'daxbench vm --debian-kernel 6.12 -o OUT -- run scenarios/small/vmsplice-hold.json'; do
	if grep -qxF "C$tab$c" "$T_TMP/records"; then ok; else
		fail "README has no command '$c'"; fi
done
grep -qE '^exec scripts/test$' "$top_srcdir/.ci/run" && ok ||
	fail ".ci/run does not exec scripts/test, the README's test command"
# the commands that need nothing but the source tree: a README that
# lost them, or a parser that no longer finds them, fails here
[ "$ran" -ge 7 ] && ok || fail "only $ran README commands ran, wanted at least 7"
[ "$checked" -ge 8 ] && ok || fail "only $checked README commands checked, wanted at least 8"
t_done
