#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# What 'daxbench vm' brings back never replaces a file in OUTDIR. A
# stand-in for QEMU plays a guest that leaves a snapshot on the transfer
# disk as guest-init does (a result and daxbench's stdout); two runs
# into one OUTDIR must keep both runs' files: the second's take the next
# free names (NAME.1.json, guest-stdout.1.txt), say so, and it prints
# its own stdout, not the first's.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 not installed"

. "${top_srcdir}/tests/vm/standin.sh"
standin_guest
fake=$T_QEMU
img=$T_BZIMAGE

out=$T_TMP/outdir # not $T_TMP/out: expect_rc keeps stdout there
res=r-20261130T004412Z-00000000
vm() {
	DAXBENCH_QEMU=$fake FAKE_TAG=$1 expect_rc 0 "$DAXBENCH" vm -q \
		--cache "$T_TMP/cache" --accel tcg --kernel "$img" -o "$out" \
		-- run x.json
}

vm first
if printf '%s\n' "$T_ERR" | grep -q 'not found: apt-get install'; then
	skip "the initramfs cannot be built here: $(printf '%s\n' "$T_ERR" | tail -n 1)"
fi
expect_match '"tag": "first"' "$(cat "$out/$res.json" 2>&1)" "first run: its result"
expect_match '^stdout of first$' "$T_OUT" "first run: its stdout printed"

vm second
expect_match '"tag": "first"' "$(cat "$out/$res.json" 2>&1)" "the first result stays"
expect_match '"tag": "second"' "$(cat "$out/$res.1.json" 2>&1)" "the second result beside it"
expect_match '"qemu": "7.2.0 \(fake\)"' "$(cat "$out/$res.1.json" 2>&1)" \
	"the second result, moved aside, still gets host.vm"
expect_match '^stdout of first$' "$(cat "$out/guest-stdout.txt" 2>&1)" "the first stdout stays"
expect_match '^stdout of second$' "$(cat "$out/guest-stdout.1.txt" 2>&1)" "the second stdout beside it"
expect_match '^stdout of second$' "$T_OUT" "second run: its own stdout printed"
if printf '%s\n' "$T_OUT" | grep -q 'of first'; then
	fail "second run printed the first's stdout: $T_OUT"; else ok "second run: not the first's stdout"; fi
expect_match "guest-stdout.txt exists: this guest's is .*/guest-stdout.1.txt" "$T_ERR" \
	"the new name is said"
expect_match "$res.json exists: this guest's is .*/$res.1.json" "$T_ERR" \
	"the result's new name is said"
expect_match '1 result file\(s\)' "$T_ERR" "the moved result counts"
if ls -A "$out" | grep -q '^\.vm-unpack'; then
	fail "an unpack directory is left: $(ls -A "$out")"; else ok "no unpack directory left"; fi

# A kernel that panics in its own boot (7.3.4 under TCG, once in 108
# guests) is booted once more, its first console kept; one that never
# boots fails after two boots, not more.
flaky=$T_TMP/flaky-qemu
cat >"$flaky" <<Q
#!/bin/sh
case "\${1:-}" in --version) exec "$fake" --version ;; esac
for a; do case \$a in file,id=con,path=*) con=\${a#*path=} ;; esac; done
echo boot >>"$T_TMP/boots"
if [ ! -e "$T_TMP/booted-once" ] || [ -e "$T_TMP/never" ]; then
	: >"$T_TMP/booted-once"
	[ -e "$T_TMP/at-setup" ] && echo "DAXBENCH-VM: READY" >>"\$con"
	[ -e "$T_TMP/after-mount" ] && echo "DAXBENCH-VM: MOUNTED ext4 /dev/pmem0" >>"\$con"
	echo "[    2.587438] Oops: int3: 0000 [#1] SMP NOPTI" >>"\$con"
	echo "[    2.602675] Kernel panic - not syncing: Fatal exception" >>"\$con"
	exit 0
fi
exec "$fake" "\$@"
Q
chmod +x "$flaky"
out=$T_TMP/flaky
DAXBENCH_QEMU=$flaky FAKE_TAG=flaky expect_rc 0 "$DAXBENCH" vm -q \
	--cache "$T_TMP/cache" --accel tcg --kernel "$img" -o "$out" -- run x.json
expect_match 'never reached /init .*booting it once more' "$T_ERR" \
	"a boot that panicked: booted again, said so"
[ "$(wc -l <"$T_TMP/boots")" -eq 2 ] && ok "a boot that panicked: 2 boots" || fail "boots: $(wc -l <"$T_TMP/boots")"
expect_match 'Kernel panic' "$(cat "$out/console-first-boot.log" 2>&1)" \
	"the first boot's console kept"
expect_match '"tag": "flaky"' "$(cat "$out/$res.json" 2>&1)" "the second boot's result"
: >"$T_TMP/never"
rm -f "$T_TMP/boots"
DAXBENCH_QEMU=$flaky FAKE_TAG=never expect_rc 3 "$DAXBENCH" vm -q \
	--cache "$T_TMP/cache" --accel tcg --kernel "$img" -o "$T_TMP/never-out" \
	-- run x.json
expect_match 'guest: never reached /init' "$T_ERR" "a kernel that never boots fails"
[ "$(wc -l <"$T_TMP/boots")" -eq 2 ] && ok "never: 2 boots" || fail "never: boots: $(wc -l <"$T_TMP/boots")"

# The same between READY and MOUNTED (6.12.118: nd_pmem's probe patching
# a static key, once in 108 guests): booted again. After MOUNTED daxbench
# may have run, so a crash there is the guest's result: one boot, exit 3.
rm -f "$T_TMP/never" "$T_TMP/booted-once" "$T_TMP/boots"
: >"$T_TMP/at-setup"
DAXBENCH_QEMU=$flaky FAKE_TAG=setup expect_rc 0 "$DAXBENCH" vm -q \
	--cache "$T_TMP/cache" --accel tcg --kernel "$img" -o "$T_TMP/setup-out" \
	-- run x.json
expect_match 'kernel died while setting up the DAX filesystem, before daxbench ran .*booting it once more' \
	"$T_ERR" "a panic before MOUNTED: booted again, said so"
[ "$(wc -l <"$T_TMP/boots")" -eq 2 ] && ok "a panic before MOUNTED: 2 boots" || fail "setup: boots: $(wc -l <"$T_TMP/boots")"
expect_match '"tag": "setup"' "$(cat "$T_TMP/setup-out/$res.json" 2>&1)" "a panic before MOUNTED: the second boot's result"
rm -f "$T_TMP/booted-once" "$T_TMP/boots"
: >"$T_TMP/after-mount"
DAXBENCH_QEMU=$flaky FAKE_TAG=mounted expect_rc 3 "$DAXBENCH" vm -q \
	--cache "$T_TMP/cache" --accel tcg --kernel "$img" -o "$T_TMP/mounted-out" \
	-- run x.json
expect_match 'stopped before daxbench finished' "$T_ERR" "a panic after MOUNTED fails"
[ "$(wc -l <"$T_TMP/boots")" -eq 1 ] && ok "a panic after MOUNTED: 1 boot" || fail "mounted: boots: $(wc -l <"$T_TMP/boots")"
t_done
