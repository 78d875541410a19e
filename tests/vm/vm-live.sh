#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The live progress of a guest, both halves, with no guest to boot.
# The guest's: 'daxbench run --progress-fd' on the host writes the plan,
# the points, the ops, a stall as the watchdog fires (an op made to wait
# for a signal) and the end; 'run --plan' counts the work units.
# The host's: what 'daxbench vm' shows while a guest runs, with a
# stand-in for QEMU that writes a guest's lines on the console and on
# the progress port (the second serial port) at known moments:
# - without a terminal, one line per point, with the ETA; a stall at once
#   (not when the guest ends); a silent guest said once, then waited for;
# - on a terminal (under script(1)), one line updated with "\r";
# - -q: no progress, but the stall still said;
# - --kernels with a --job ledger: "[9.9.9 2/2, guest 2/4]", the ETA
#   before the second guest boots, and a ledger line per guest;
# - compare-kernels --each-scenario plans the job's ledger itself.
. "${top_srcdir}/tests/lib.sh"

# --- the guest's half: run --progress-fd -----------------------------------
tgt=$T_TMP/target
mkdir -p "$tgt"
cat >"$T_TMP/stall.json" <<J
{ "schema": 1, "name": "live-stall",
  "target": { "require_dax": false },
  "file": { "size": "4MiB", "mapping": "pte" },
  "operation": { "type": "punch_hole", "offset": 0, "length": "1MiB" },
  "sweep": { "file.size": ["2MiB", "4MiB"] },
  "repeat": 3, "warmup": 0, "timeout": "1s" }
J
# the second point's second op (the 5th of the run) waits until the
# watchdog's signal, which ends the point; the lines go to fd 3
set +e
DAXBENCH_INJECT=op_sleep=EINTR@5 "$DAXBENCH" run -q --progress-fd 3 \
	--dir "$tgt" -o "$T_TMP/res" "$T_TMP/stall.json" 3>"$T_TMP/chan" \
	>"$T_TMP/run.out" 2>"$T_TMP/run.err"
rc=$?
set -e
[ "$rc" -eq 0 ] && ok "run --progress-fd exits 0" || fail "run --progress-fd: exit $rc: $(cat "$T_TMP/run.err")"
chan=$(cat "$T_TMP/chan")
for want in \
	'^daxbench-progress: plan scenarios=1 points=2 ops=6 work=0/[0-9]+$' \
	'^daxbench-progress: start scenario=live-stall points=2 ops=6 timeout_ms=1000 ' \
	'^daxbench-progress: point scenario=live-stall point=2/2 ops=3 ' \
	'^daxbench-progress: op point=1/2 op=3/3 ' \
	'^daxbench-progress: stall point=2/2 op=1 during=op waited_ms=1[0-9]{3} stack=' \
	'^daxbench-progress: end scenario=live-stall points=2/2 complete=yes work=([0-9]+)/\1$'; do
	expect_match "$want" "$chan" "channel"
done
# the stall went out while the op waited: before the op line that ends it
stall=$(grep -n ' stall ' "$T_TMP/chan" | cut -d: -f1)
last=$(grep -n ' op point=2/2 op=2/3 ' "$T_TMP/chan" | cut -d: -f1)
[ "${stall:-9}" -lt "${last:-0}" ] && ok "channel: stall before the op's end" || fail "channel: stall after the op's end: $chan"
if grep -q daxbench-progress "$T_TMP/run.err"; then fail "channel lines on stderr"; else ok "channel lines not on stderr"; fi
expect_rc 2 "$DAXBENCH" run --progress-fd 9 "$T_TMP/stall.json" &&
	expect_match 'progress-fd 9: not an open file descriptor' "$T_ERR" "a closed fd"
expect_rc 2 "$DAXBENCH" run --progress-fd 1x "$T_TMP/stall.json" &&
	expect_match 'progress-fd 1x: not an open file descriptor' "$T_ERR" "no fd number"
expect_rc 0 "$DAXBENCH" run --plan "$T_TMP/stall.json" --set repeat=4
expect_match '^live-stall +2 +8 +[0-9]+$' "$T_OUT" "--plan: the scenario, --set applied"
expect_match '^total +2 +8 +[0-9]+$' "$T_OUT" "--plan: the total"

# --- the host's half ------------------------------------------------------
command -v script >/dev/null 2>&1 || skip "script(1) not installed (bsdutils)"

fake=$T_TMP/qemu
cat >"$fake" <<'Q'
#!/bin/sh
case "${1:-}" in --version) echo "QEMU emulator version 7.2.0 (fake)"; exit 0 ;; esac
for a; do
	case $a in
	file,id=con,path=*) con=${a#*path=} ;;
	file,id=prog,path=*) prog=${a#*path=} ;;
	esac
done
emit() { echo "daxbench-progress: $*" >>"$prog"; }
echo "DAXBENCH-VM: READY" >>"$con"
emit plan scenarios=1 points=2 ops=4 work=0/100
emit start scenario=fake points=2 ops=4 timeout_ms=500 work=0/100
emit point scenario=fake point=1/2 ops=2 work=0/100
sleep 1
emit op point=1/2 op=1/2 work=25/100
emit stall point=1/2 op=1 during=op waited_ms=30200 stack=__schedule,ext4_break_layouts,ext4_punch_hole
sleep "${FAKE_IDLE:-1}"
emit op point=1/2 op=2/2 work=50/100
emit warn point=1/2 text=op 1 stalled and its pinners were stopped to end it
emit point scenario=fake point=2/2 ops=2 work=50/100
sleep 1
emit op point=2/2 op=2/2 work=100/100
emit end scenario=fake points=2/2 complete=yes work=100/100
echo "DAXBENCH-VM: EXIT 0" >>"$con"
Q
chmod +x "$fake"

# A fake bzImage: the boot header with a version string (as vm-cli.sh).
for k in a b; do
	img=$T_TMP/bzImage-$k
	head -c 2048 /dev/zero >"$img"
	printf 'HdrS' | dd of="$img" bs=1 seek=514 conv=notrunc 2>/dev/null
	printf '\000\002' | dd of="$img" bs=1 seek=526 conv=notrunc 2>/dev/null
	printf '9.9.9-test #1' | dd of="$img" bs=1 seek=1024 conv=notrunc 2>/dev/null
done
V="$DAXBENCH vm --cache $T_TMP/cache --accel tcg"
export DAXBENCH_QEMU="$fake"

# stamp: each line of stdin with the second it came
stamp() { while IFS= read -r l; do echo "$(date +%s) $l"; done; }

# --- no terminal: a line per point; the stall at once; the silence ------
set +e
FAKE_IDLE=40 $V --kernel "$T_TMP/bzImage-a" -o "$T_TMP/log" -- run x.json \
	2>&1 >/dev/null </dev/null | stamp >"$T_TMP/log.err"
set -e
err=$(cut -d' ' -f2- "$T_TMP/log.err")
if printf '%s\n' "$err" | grep -q 'not found: apt-get install'; then
	skip "the initramfs cannot be built here: $(printf '%s\n' "$err" | tail -n 1)"
fi
expect_match '^daxbench vm: guest: tcg' "$err" "log: the guest ran"
n=$(printf '%s\n' "$err" | grep -cE '^daxbench vm: \[9\.9\.9\] fake point [12]/2, ETA ') || true
[ "$n" -eq 2 ] && ok "log: 2 lines per point" || fail "log: $n lines per point, wanted 2: $err"
expect_match '^daxbench vm: \[9\.9\.9\] fake point 1/2, ETA ~[0-9]+s \(rough\)$' "$err" \
	"log: rough before any point finished"
expect_match '^daxbench vm: \[9\.9\.9\] stall: op 1 of point 1 waiting 30s in ext4_break_layouts$' \
	"$err" "log: the stall and its function"
expect_match '^daxbench vm: \[9\.9\.9\] WARNING: point 1/2: op 1 stalled and its pinners were stopped to end it$' \
	"$err" "log: the point's warning, as it came"
n=$(printf '%s\n' "$err" | grep -cE '^daxbench vm: \[9\.9\.9\] no progress from the guest for 3[0-9]s; last: point 1/2 op 1$') || true
[ "$n" -eq 1 ] && ok "log: 1 idle line" || fail "log: $n idle lines, wanted 1: $err"
# the stall came as it happened: 40s before the guest ended
t_stall=$(grep ' stall: ' "$T_TMP/log.err" | cut -d' ' -f1)
t_end=$(grep ' daxbench vm: guest: ' "$T_TMP/log.err" | cut -d' ' -f1)
[ $((t_end - t_stall)) -ge 30 ] && ok "log: the stall shown before the guest ended" ||
	fail "log: the stall was shown ${t_stall}, the guest ended ${t_end}"
if grep -q "$(printf '\r')" "$T_TMP/log.err"; then fail "log: a \\r without a terminal"; else ok "log: no \\r without a terminal"; fi
expect_match '^daxbench-progress: stall point=1/2' "$(cat "$T_TMP/log/progress.log")" \
	"log: progress.log kept in OUTDIR"
if grep -q daxbench-progress "$T_TMP/log/console.log"; then
	fail "log: progress lines in console.log"
else
	ok "log: no progress lines in console.log"
fi

# --- a terminal: one line, updated ----------------------------------------
script -qfec "$V --kernel '$T_TMP/bzImage-a' -o '$T_TMP/tty' -- run x.json" \
	"$T_TMP/tty.txt" >/dev/null 2>&1 </dev/null || true
tty=$(cat -v "$T_TMP/tty.txt")
expect_match '\^M\^\[\[K\[9\.9\.9\] fake point 1/2, op 1/2, ETA ' "$tty" \
	"tty: the line, rewritten in place"
expect_match '\^M\^\[\[K\[9\.9\.9\] fake point 2/2, op 2/2, ETA ' "$tty" \
	"tty: the line at the last point"
expect_match '\^\[\[Kdaxbench vm: \[9\.9\.9\] stall: op 1 of point 1 waiting 30s' \
	"$tty" "tty: the stall on a line of its own"
if printf '%s\n' "$tty" | grep -q '^daxbench vm: \[9\.9\.9\] fake point'; then
	fail "tty: a line per point on a terminal"
else
	ok "tty: no line per point on a terminal"
fi

# --- several kernels, one job --------------------------------------------
echo "plan guests=4 work=400" >"$T_TMP/job"
expect_rc 0 $V --kernels "$T_TMP/bzImage-a,$T_TMP/bzImage-b" --job "$T_TMP/job" \
	-o "$T_TMP/kernels" -- run x.json
expect_match '^daxbench vm: \[9\.9\.9 1/2, guest 1/4\] fake point 1/2, ETA ~' "$T_ERR" \
	"kernels: the first guest's position"
expect_match '^daxbench vm: \[9\.9\.9 2/2, guest 2/4\] ETA [0-9]+s$' "$T_ERR" \
	"kernels: the job's ETA before the second boots, no longer rough"
n=$(grep -c '^guest planned=100 work=100 points=2 ' "$T_TMP/job") || true
[ "$n" -eq 2 ] && ok "kernels: 2 guest lines in the ledger" || fail "kernels: $n guest lines in the ledger: $(cat "$T_TMP/job")"
# a guest beyond the plan (a fresh one after a wedge) says so
echo "plan guests=1 work=100" >"$T_TMP/job1"
expect_rc 0 $V --kernels "$T_TMP/bzImage-a,$T_TMP/bzImage-b" --job "$T_TMP/job1" \
	-o "$T_TMP/kernels1" -- run x.json
expect_match '^daxbench vm: \[9\.9\.9 2/2, guest 2, 1 planned\]' "$T_ERR" \
	"kernels: a guest beyond the plan is not 2/1"

# --- compare-kernels: a guest per scenario, one job ---------------------
cp "$T_TMP/stall.json" "$T_TMP/other.json"
expect_rc 0 env DAXBENCH="$DAXBENCH" "$top_srcdir/scripts/compare-kernels" \
	--repeat-runs 1 --each-scenario "$T_TMP/ck" "$T_TMP/bzImage-a" --cache "$T_TMP/cache" \
	--accel tcg -- run "$T_TMP/stall.json" "$T_TMP/other.json"
work=$("$DAXBENCH" run --plan "$T_TMP/stall.json" | awk '$1 == "total" { print $4 }')
expect_match "^plan guests=2 work=$((2 * work))\$" "$(head -n 1 "$T_TMP/ck/.job")" \
	"compare-kernels: the job planned"
expect_match '^compare-kernels: round 1 of 1, scenario 2 of 2: other$' "$T_ERR" \
	"compare-kernels: the scenario's place"
expect_match '^daxbench vm: \[9\.9\.9, guest 2/2\] ETA [0-9]+s$' "$T_ERR" \
	"compare-kernels: the second guest's place and the job's ETA"

# --- -q: the stall alone -------------------------------------------------
expect_rc 0 $V -q --kernel "$T_TMP/bzImage-a" -o "$T_TMP/quiet" -- run x.json
if printf '%s\n' "$T_ERR" | grep -qE 'fake point|ETA'; then
	fail "quiet: progress shown: $T_ERR"
else
	ok "quiet: no progress shown"
fi
expect_match 'stall: op 1 of point 1 waiting 30s' "$T_ERR" "quiet: the stall still said"
t_done
