#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The bash completion (completion/daxbench.bash.in, as built): sourced in
# a bash without bash-completion, _daxbench driven through COMP_WORDS and
# COMP_CWORD as bash drives it. Every command of 'daxbench --help' and
# every option of each 'daxbench CMD --help' is offered, option values
# are completed by kind, scenario and result files by extension.
. "${top_srcdir}/tests/lib.sh"

command -v bash >/dev/null 2>&1 || skip "bash not installed"
script=${DAXBENCH_COMPLETION:?DAXBENCH_COMPLETION must name the built completion}
[ -f "$script" ] || { fail "$script not built"; t_done; }

# comp DIR WORD...: set $got to what completing the last WORD offers, one
# a line, sorted, with the line's first word the daxbench under test and
# the cursor at the end of the line; run in DIR. A WORD "=" and the word
# after it come from bash splitting "--opt=VALUE" at '='.
comp() {
	dir=$1
	shift
	if ! (cd "$dir" && bash --norc --noprofile -c '
		script=$1
		shift
		. "$script" || exit 1
		complete -p daxbench >/dev/null || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		cur=${COMP_WORDS[COMP_CWORD]}
		[ "$cur" = = ] && cur=
		_daxbench daxbench "$cur" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' comp "$script" "$DAXBENCH" "$@") >"$T_TMP/comp.out" 2>"$T_TMP/comp.err"
	then
		fail "completing '$*' failed: $(cat "$T_TMP/comp.err")"
	elif [ -s "$T_TMP/comp.err" ]; then
		fail "completing '$*' wrote to stderr: $(cat "$T_TMP/comp.err")"
	fi
	got=$(sort "$T_TMP/comp.out")
}

# words TEXT: TEXT's lines on one line, for a message
words() { printf '%s\n' "$1" | tr '\n' ' '; }

# offers WHAT WANT...: each WANT is a line of $got
offers() {
	what=$1
	shift
	for w in "$@"; do
		if printf '%s\n' "$got" | grep -qxF -- "$w"; then ok "$what: '$w' offered"; else
			fail "$what: '$w' not offered; got: $(words "$got")"; fi
	done
}

# lacks WHAT NOTWANT...: no NOTWANT is a line of $got
lacks() {
	what=$1
	shift
	for w in "$@"; do
		if printf '%s\n' "$got" | grep -qxF -- "$w"; then
			fail "$what: '$w' offered; got: $(words "$got")"; else ok "$what: '$w' not offered"; fi
	done
}

# is WHAT WANT...: $got is exactly the WANTs
is() {
	what=$1
	shift
	want=$(printf '%s\n' "$@" | sort)
	if [ "$got" = "$want" ]; then ok "$what: exactly $(words "$want")"; else
		fail "$what: got: $(words "$got"); wanted: $(words "$want")"; fi
}

# the commands, read from the help here independently of the script
commands=$("$DAXBENCH" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p')
[ "$(echo "$commands" | wc -w)" -ge 7 ] || fail "only '$commands' in daxbench --help"

# daxbench <TAB>: every command and help, nothing else
comp . ""
# shellcheck disable=SC2086
is "daxbench <TAB>" $commands help
comp . r
is "daxbench r<TAB>" run report
comp . --
is "daxbench --<TAB>" --help --version
comp . help ""
# shellcheck disable=SC2086
offers "daxbench help <TAB>" $commands

# every command: each option its --help describes ("  -x, --long ...")
# or its usage lists ("[--long]") is offered, and --help
for c in $commands; do
	opts=$("$DAXBENCH" "$c" --help |
		sed -n 's/^ \{1,8\}\(-[A-Za-z0-9]\)\{0,1\}\(, \)\{0,1\}\(--[A-Za-z0-9-]*\)\{0,1\}.*/\1 \3/p')
	usage=$("$DAXBENCH" "$c" --help | sed -n '1,/^$/p' | sed 's/ -- .*//' |
		grep -oE '\[--?[A-Za-z0-9-]+' | tr -d '[') || true
	[ -n "$opts$usage" ] || fail "no options read from 'daxbench $c --help'"
	comp . "$c" -
	# shellcheck disable=SC2086
	offers "daxbench $c -<TAB>" $opts $usage --help
done

# the ones the issue names, and options belong to their command
comp . run --
offers "daxbench run --<TAB>" --dir --set --output --device --max-samples \
	--quiet --force --help
lacks "daxbench run --<TAB>" --format --threshold --json
comp . run -
offers "daxbench run -<TAB>" -o -d -s
comp . compare --
offers "daxbench compare --<TAB>" --format --threshold --alpha --metric \
	--force --run-noise --changes-only
lacks "daxbench compare --<TAB>" --dir --set
comp . compare --f
is "daxbench compare --f<TAB>" --force --format

# option values: choices spelled out in the help, directories, metrics,
# and nothing for a value the user types
comp . compare --format ""
is "compare --format <TAB>" text markdown email json
comp . compare -f m
is "compare -f m<TAB>" markdown
comp . compare --format = ""
is "compare --format=<TAB>" text markdown email json
comp . plot --format ""
is "plot --format <TAB>" png svg both
comp . report -f ""
is "report -f <TAB>" png svg both
comp . vm --fs ""
is "vm --fs <TAB>" ext4 xfs
comp . vm --accel ""
is "vm --accel <TAB>" auto kvm tcg
comp . compare --metric pinner_
is "compare --metric pinner_<TAB>" pinner_io_latency pinner_iops
comp . compare --metric ""
offers "compare --metric <TAB>" op_latency busy_scan_calls busy_scan_time \
	busy_scan_time_per_call pinner_io_latency pinner_iops

# files: a scratch tree with a scenario, a result directory, other files
mkdir -p "$T_TMP/w/scenarios/small" "$T_TMP/w/res"
touch "$T_TMP/w/scenarios/a.json" "$T_TMP/w/scenarios/small/b.json" \
	"$T_TMP/w/scenarios/notes.txt" "$T_TMP/w/scen.txt" "$T_TMP/w/r.json"
comp "$T_TMP/w" run --dir ""
is "run --dir <TAB>" res scenarios
comp "$T_TMP/w" run --output = s
is "run --output=s<TAB>" scenarios
comp "$T_TMP/w" run --set ""
is "run --set <TAB>" ""
comp "$T_TMP/w" run --set pinners.threads = ""
is "run --set pinners.threads=<TAB>" ""
comp "$T_TMP/w" run scenarios/
is "run scenarios/<TAB>" scenarios/a.json scenarios/small
comp "$T_TMP/w" validate -q scenarios/small/
is "validate -q scenarios/small/<TAB>" scenarios/small/b.json
comp "$T_TMP/w" compare ""
is "compare <TAB>" r.json res scenarios
comp "$T_TMP/w" report -o res r.json ""
is "report -o res r.json <TAB>" r.json res scenarios
comp "$T_TMP/w" info ""
is "info <TAB>" res scenarios

# the source tree: scen<TAB> is the scenarios directory, then its files
comp "$top_srcdir" run scen
is "run scen<TAB> in the source tree" scenarios
comp "$top_srcdir" run scenarios/
want=$(cd "$top_srcdir" && ls -d scenarios/*.json scenarios/*/)
# shellcheck disable=SC2046
is "run scenarios/<TAB> in the source tree" $(echo "$want" | sed 's|/$||')
comp "$top_srcdir" run scenarios/small/vm
is "run scenarios/small/vm<TAB>" scenarios/small/vmsplice-hold.json

# the installed scenarios: the build wrote in where make install puts
# them, and they are offered by name, completed to their path
: "${scenariosdir:?scenariosdir must be set (make check sets it)}"
expect_match "^_daxbench_scenariodir='$scenariosdir'\$" \
	"$(grep '^_daxbench_scenariodir=' "$script")" "installed scenarios path"
inst=$T_TMP/share/daxbench/scenarios
mkdir -p "$inst/small"
touch "$inst/vmsplice-hold.json" "$inst/small/vmsplice-hold.json" \
	"$inst/README"
sed "s|^_daxbench_scenariodir=.*|_daxbench_scenariodir='$inst'|" \
	"$script" >"$T_TMP/completion"
script=$T_TMP/completion
comp "$T_TMP/w" run vms
is "run vms<TAB> (installed)" "$inst/vmsplice-hold.json"
comp "$T_TMP/w" validate small/vms
is "validate small/vms<TAB> (installed)" "$inst/small/vmsplice-hold.json"
comp "$T_TMP/w" run ""
offers "run <TAB> (installed)" "$inst/vmsplice-hold.json" "$inst/small" \
	scenarios
lacks "run <TAB> (installed)" "$inst/README" scen.txt
comp "$T_TMP/w" compare vms
is "compare vms<TAB>: results, not scenarios" ""

# daxbench vm ... -- CMD: the guest's command line
comp . vm --fs xfs -- ""
is "vm -- <TAB>" run info exec
comp . vm -o out -- run --
offers "vm -- run --<TAB>" --set --dir --quiet
lacks "vm -- run --<TAB>" --fs --kernel
comp "$T_TMP/w" vm -- run scenarios/
is "vm -- run scenarios/<TAB>" scenarios/a.json scenarios/small
comp . vm --
offers "vm --<TAB>" --kernel --debian-kernel --fs --pmem --timeout --output
t_done
