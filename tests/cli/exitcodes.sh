#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Exit codes agree everywhere. EXIT STATUS in daxbench(1) is the one
# table: what each code means, and a row per command with the codes it
# gives. README, 'daxbench --help', each command's --help and its own
# page list the same codes as the table; and every code a command can
# give on the host, without a guest, is provoked here and seen.
. "${top_srcdir}/tests/lib.sh"

man=$top_srcdir/man

# section PAGE: the EXIT STATUS section of a man page
section() {
	awk '/^\.SH / { on = ($0 ~ /^\.SH EXIT STATUS/) } on' "$1"
}

# codes: the numbers on stdin, sorted, on one line ("0 2 3")
codes() {
	tr -c '0-9\n' '\n' | grep -E '^[0-9]+$' | sort -n | uniq |
		tr '\n' ' ' | sed 's/ $//'
}

# page_codes PAGE: the codes an EXIT STATUS section lists (.TP, .B N)
page_codes() {
	section "$1" |
		awk 'prev ~ /^\.TP/ && /^\.B [0-9]+$/ { print $2 } { prev = $0 }' |
		codes
}

# the table's rows: "CMD  0, 2, 3[, or what follows]"
rows() { section "$man/daxbench.1" | sed -n '/^\.nf/,/^\.fi/p' | grep -v '^\.'; }
row_codes() { rows | awk -v c="$1" '$1 == c { $1 = ""; print }' | sed 's/[^0-9, ].*//' | codes; }

# help_codes TEXT: the codes of the "Exit status:" paragraph of a --help,
# each the start of a clause ("Exit status: 0 ok, 2 usage error; 3 ...")
help_codes() {
	printf '%s\n' "$1" | sed -n '/^Exit status:/,$p' | tr '\n' ' ' |
		grep -oE '[:,;] [0-9]+ ' | codes
}

# same WANT GOT WHAT
same() {
	if [ "$2" = "$1" ]; then ok "$3 lists the codes of daxbench(1)'s table"; else
		fail "$3 lists the codes '$2'; the table in daxbench(1) has '$1'"; fi
}

# --- the table, and every place that lists codes ---------------------------
meanings=$(page_codes "$man/daxbench.1")
[ -n "$meanings" ] && ok "daxbench(1) has EXIT STATUS codes" || fail "daxbench(1) has no EXIT STATUS codes"
cmds=$("$DAXBENCH" --help | sed -n 's/^  \([a-z]*\) .*/\1/p' | tr '\n' ' ')
rowcmds=$(rows | awk '{ print $1 }' | tr '\n' ' ')
if [ "$rowcmds" = "$cmds" ]; then ok "daxbench(1)'s table has a row per command of --help"; else
	fail "the table in daxbench(1) has rows for '$rowcmds'; 'daxbench --help' lists '$cmds'"; fi
used=$(for c in $cmds; do row_codes "$c"; echo; done | codes)
same "$meanings" "$used" "the commands' rows, together,"
same "$meanings" "$(sed -n '/^Exit codes$/,/^Files$/p' "$top_srcdir/README" |
	grep -oE '(^|[ ,(])[0-9]+ (ok|a |skip|stop|\(vm\))' | grep -oE '[0-9]+' | codes)" "README's Exit codes"
same "$meanings" "$(help_codes "$("$DAXBENCH" --help)")" "'daxbench --help'"
for c in $cmds; do
	want=$(row_codes "$c")
	[ -n "$want" ] && ok "daxbench(1): codes for $c" || fail "daxbench(1): no codes for $c"
	same "$want" "$(help_codes "$("$DAXBENCH" "$c" --help)")" "'daxbench $c --help'"
	if [ -f "$man/daxbench-$c.1" ]; then
		same "$want" "$(page_codes "$man/daxbench-$c.1")" "daxbench-$c(1)"
	fi
done

# --- each code, provoked ---------------------------------------------------
ref=$top_srcdir/results/reference/ext4
set -- "$ref"/linux-image-6.1.0-*/
base=$1
set -- "$ref"/linux-image-6.12.*/
new=$1
[ -d "$base" ] && [ -d "$new" ] && ok "reference results in $ref" || fail "no reference results in $ref"
tgt=$T_TMP/target
mkdir "$tgt"
cat >"$T_TMP/s.json" <<'J'
{ "schema": 1, "name": "exitcodes",
  "target": { "require_dax": false },
  "file": { "size": "2MiB", "mapping": "pte" },
  "pinners": { "method": "none", "threads": 0 },
  "operation": { "type": "punch_hole", "offset": 0, "length": "1MiB" },
  "repeat": 2, "warmup": 0, "timeout": "5s" }
J
printf '{ "schema": 1,\n' >"$T_TMP/bad.json"
nogp=/nonexistent/gnuplot

# lost CMD...: daxbench CMD with its stdout lost (exit 3)
lost() {
	if [ ! -w /dev/full ]; then
		echo "note: no /dev/full: daxbench $1's lost output is not checked"
		return
	fi
	expect_rc 3 sh -c '"$0" "$@" >/dev/full' "$DAXBENCH" "$@"
}

# provoke CMD CODE: make daxbench CMD exit CODE; $no_way when nothing
# here knows how
provoke() {
	case "$1 $2" in
	"info 0") expect_rc 0 "$DAXBENCH" info "$tgt" ;;
	"info 2") expect_rc 2 "$DAXBENCH" info --bogus ;;
	"info 3") expect_rc 3 "$DAXBENCH" info "$T_TMP/none" ;;
	"validate 0") expect_rc 0 "$DAXBENCH" validate "$T_TMP/s.json" ;;
	"validate 2") expect_rc 2 "$DAXBENCH" validate "$T_TMP/bad.json" ;;
	"validate 3") lost validate --print "$T_TMP/s.json" ;;
	"run 0") expect_rc 0 "$DAXBENCH" run -q --dir "$tgt" -o "$T_TMP/res" "$T_TMP/s.json" ;;
	"run 2") expect_rc 2 "$DAXBENCH" run -q --dir "$tgt" "$T_TMP/bad.json" ;;
	"run 3") expect_rc 3 "$DAXBENCH" run -q --dir "$tgt" -o /proc/nope "$T_TMP/s.json" ;;
	"vm 0") echo "note: vm 0 needs a guest: tests/vm/vm-boot.sh sees it" ;;
	"vm 2") expect_rc 2 "$DAXBENCH" vm --cache "$T_TMP/cache" --pmem lots -- info ;;
	"vm 3") expect_rc 3 "$DAXBENCH" vm --cache /proc/nope -- info ;;
	"vm 4")
		# a mirror that refuses, a fresh cache: no kernel to be had
		if command -v apt-get >/dev/null; then
			DAXBENCH_DEBIAN_MIRROR=http://127.0.0.1:9 expect_rc 4 \
				"$DAXBENCH" vm --cache "$T_TMP/cache" --accel tcg \
				--debian-kernel 7 -o "$T_TMP/vm" -- info
		else
			echo "note: no apt-get: vm 4 is not checked"
		fi ;;
	"compare 0") expect_rc 0 "$DAXBENCH" compare "$base" "$base" ;;
	"compare 1") expect_rc 1 "$DAXBENCH" compare "$base" "$new" ;;
	"compare 2") expect_rc 2 "$DAXBENCH" compare "$base" ;;
	"compare 3") lost compare "$base" "$new" ;;
	"plot 0") expect_rc 0 env GNUPLOT=$nogp "$DAXBENCH" plot -q -o "$T_TMP/p" "$base" ;;
	"plot 2") expect_rc 2 "$DAXBENCH" plot -o "$T_TMP/p" "$T_TMP/none.json" ;;
	"plot 3") expect_rc 3 "$DAXBENCH" plot -o /proc/nope "$base" ;;
	"report 0") expect_rc 0 env GNUPLOT=$nogp "$DAXBENCH" report -q -o "$T_TMP/r0" "$base" "$base" ;;
	"report 1") expect_rc 1 env GNUPLOT=$nogp "$DAXBENCH" report -q -o "$T_TMP/r1" "$base" "$new" ;;
	"report 2") expect_rc 2 "$DAXBENCH" report "$base" "$new" ;;
	"report 3") expect_rc 3 "$DAXBENCH" report -q -o /proc/nope "$base" "$new" ;;
	"export 0") expect_rc 0 "$DAXBENCH" export --lava "$base" ;;
	"export 2") expect_rc 2 "$DAXBENCH" export "$base" ;;
	"export 3") expect_rc 3 "$DAXBENCH" export --lava -o /proc/nope/f "$base" ;;
	"bisect 0" | "bisect 1" | "bisect 125")
		echo "note: bisect $2 needs a kernel: tests/vm/vm-bisect.sh sees it" ;;
	"bisect 128") expect_rc 128 "$DAXBENCH" bisect -- run x.json ;;
	*) no_way=1 ;;
	esac
}

for c in $cmds; do
	for code in $(row_codes "$c"); do
		no_way=
		provoke "$c" "$code" || : # a failed check is counted already
		[ -z "$no_way" ] ||
			fail "daxbench(1) says $c exits $code: add to tests/cli/exitcodes.sh how to see it"
	done
done
t_done
