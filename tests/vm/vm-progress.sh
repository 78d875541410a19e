#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The guest's progress reaches the host while the guest runs, in a TCG
# guest (ext4-DAX):
# - without a terminal, a line per point, each printed while nothing has
#   come back yet (the results are copied out only once QEMU exits);
# - a pin that is never released: the stall is printed as the guest's
#   watchdog fires, with the function the op waits in, seconds before
#   the guest ends;
# - the lines travel on their own port: progress.log has them, the
#   kernel's console.log none;
# - on a terminal (script(1)), the line is updated in place.
# (the host's side alone, with a stand-in QEMU: tests/vm/vm-live.sh)
. "${top_srcdir}/tests/lib.sh"

need_guest
out=${top_builddir:-.}/vm-progress-out
rm -rf "$out"
g="$top_srcdir/tests/vm/guest"

# stamp DIR: each line of stdin with the time in ms and the number of
# result files in DIR at that moment
stamp() {
	while IFS= read -r l; do
		n=$(find "$1" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l)
		echo "$(date +%s%3N) $n $l"
	done
}

start=$(date +%s)
mkdir -p "$out/log"
# shellcheck disable=SC2086
{
	set +e
	$DAXBENCH vm --cache "$cache" --accel tcg --timeout 4m $kpkg -o "$out/log" \
		-- run -q "$g/hold.json" "$g/stall.json" 2>&1 >"$T_TMP/log.out" </dev/null
	echo $? >"$T_TMP/rc"
} | stamp "$out/log" >"$T_TMP/log.err"
rc=$(cat "$T_TMP/rc")
err=$(cut -d' ' -f3- "$T_TMP/log.err")
printf '%s\n' "$err" >"$T_TMP/err"
skip_without_kernel "$rc" "$T_TMP/err"
echo "log guest: exit $rc after $(($(date +%s) - start))s"
[ "$rc" -eq 0 ] && ok "log: daxbench vm exits 0" || fail "log: daxbench vm exited $rc: $err"
expect_match '^daxbench vm: guest: tcg, .* 2 result file\(s\)' "$err" "log: both results came back"
for p in 1 2; do
	line=$(grep -E "daxbench vm: \[[^]]+\] guest-hold point $p/2, ETA " "$T_TMP/log.err" || true)
	[ -n "$line" ] && ok "log: a line for point $p" || fail "log: no line for point $p: $err"
	[ "$(echo "$line" | cut -d' ' -f2)" = 0 ] && ok "log: point $p shown before its result came back" ||
		fail "log: point $p was shown after a result came back: $line"
done
stall=$(grep -E 'daxbench vm: \[[^]]+\] stall: op 0 of point 1 waiting 2s in ext4_break_layouts$' \
	"$T_TMP/log.err" || true)
[ -n "$stall" ] && ok "log: a stall line" || fail "log: no stall line: $err"
# shown while the op still waited: before the guest ended, and before
# any result came back
end=$(grep ' daxbench vm: guest: ' "$T_TMP/log.err" | cut -d' ' -f1)
t=$(echo "$stall" | cut -d' ' -f1)
[ -n "$t" ] && [ "${t:-0}" -lt "${end:-0}" ] && ok "log: the stall shown before the guest ended" ||
	fail "log: the stall was shown at ${t:-never}, the guest ended at $end"
[ "$(echo "$stall" | cut -d' ' -f2)" = 0 ] && ok "log: the stall shown before a result came back" ||
	fail "log: the stall was shown after a result came back"
# an ETA the run can keep: a 1h pin the watchdog ends at 2s counts 2s,
# not an hour (minutes on a loaded host, whose guest runs slowly)
expect_match 'guest-stall point 1/1, ETA ([0-9]+m([0-9]{2}s)?|[0-9]+s)$' "$err" "log: the ETA of a stall"
expect_match '^daxbench-progress: end scenario=guest-stall points=1/1 ' \
	"$(cat "$out/log/progress.log")" "log: progress.log"
if grep -q 'daxbench-progress' "$out/log/console.log"; then
	fail "log: progress lines in the kernel's console.log"
else
	ok "log: no progress lines in the kernel's console.log"
fi

command -v script >/dev/null 2>&1 || skip "script(1) not installed (bsdutils)"
start=$(date +%s)
# shellcheck disable=SC2086
script -qfec "$DAXBENCH vm --cache '$cache' --accel tcg --timeout 4m $kpkg -o '$out/tty' -- run -q '$g/hold.json'" \
	"$T_TMP/tty.txt" >/dev/null 2>&1 </dev/null || true
echo "tty guest: $(($(date +%s) - start))s"
tty=$(cat -v "$T_TMP/tty.txt")
expect_match '\^M\^\[\[K\[[^]]+\] guest-hold point 2/2, op [0-9]/4, ETA ' "$tty" \
	"tty: the line, updated in place"
expect_match '^daxbench vm: guest: tcg, ' "$(echo "$tty" | sed 's/.*\^\[\[K//')" \
	"tty: the guest's summary after it, on a line of its own"
t_done
