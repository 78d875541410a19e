#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Real DAX in a TCG guest: boot the default Debian cloud kernel (fetched
# with apt-get download into the machine's cache) three times: ext4 and
# xfs with 'info --json' inside, whose answer must come back whole and say
# the target is DAX; and a --timeout that must kill the guest quickly and
# keep the console log. The last two use --accel auto on a cache of their
# own (the same .deb): where /dev/kvm opens, the first of them leaves the
# host's KVM verdict there and the second no longer probes a KVM that
# failed. Skips when qemu or the kernel cannot be had.
. "${top_srcdir}/tests/lib.sh"

need_guest
out=${top_builddir:-.}/vm-test-out
rm -rf "$out"
V="$DAXBENCH vm --cache $cache --accel tcg --timeout 5m"

# json FILE EXPR: print a Python expression over the parsed document
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

set +e
# shellcheck disable=SC2086
$V $kpkg -o "$out/ext4" -- info --json >"$T_TMP/ext4.json" 2>"$T_TMP/ext4.err"
rc=$?
set -e
skip_without_kernel "$rc" "$T_TMP/ext4.err"
cat "$T_TMP/ext4.err"
[ "$rc" -eq 0 ] && ok "ext4 boot exits 0" || fail "ext4 boot exited $rc: $(tail -n 3 "$T_TMP/ext4.err")"
expect_match 'guest: tcg, ready after' "$(cat "$T_TMP/ext4.err")" "accel reported"
[ -s "$out/ext4/console.log" ] && ok "console.log kept" || fail "no console.log"
if json "$T_TMP/ext4.json" 1 >/dev/null 2>&1; then ok "ext4: info --json comes back as JSON"; else fail "ext4: info --json did not come back as JSON"; fi
expect_match '^True ext4 /dev/pmem0$' "$(json "$T_TMP/ext4.json" \
	'd["target"]["dax"], d["target"]["fs"], d["target"]["device"]' 2>&1)" "ext4 target is DAX"
expect_match '^tcg 2147483648$' "$(json "$T_TMP/ext4.json" \
	'd["host"]["vm"]["accel"], d["host"]["vm"]["pmem_bytes"]' 2>&1)" "host.vm from the guest"
expect_match 'dax=always' "$(cat "$out/ext4/console.log")" "mounted dax=always"
# the guest knows it is one: CPUID says TCG, DMI says QEMU's machine
expect_match '^True QEMU TCG QEMU$' "$(json "$T_TMP/ext4.json" \
	'd["host"]["hypervisor"]["detected"], d["host"]["hypervisor"]["name"], d["host"]["hypervisor"]["dmi_vendor"]' 2>&1)" \
	"host.hypervisor in the guest"

# a fresh cache for the KVM verdict, with the package the first boot got
pkg=$(json "$T_TMP/ext4.json" 'd["host"]["vm"]["kernel"].split()[0]')
deb=$(ls -t "$cache/debs/${pkg}"_*.deb | head -n 1)
[ -f "$deb" ] && ok "cached .deb for $pkg" || fail "no cached .deb for $pkg in $cache/debs"
kpkg="--deb $deb"
V="$DAXBENCH vm --cache $T_TMP/cache --accel tcg --timeout 5m"
set +e
# shellcheck disable=SC2086
$V $kpkg --accel auto --fs xfs --pmem 1G -o "$out/xfs" -- info --json >"$T_TMP/xfs.json" 2>"$T_TMP/xfs.err"
rc=$?
set -e
[ "$rc" -eq 0 ] && ok "xfs boot exits 0" || fail "xfs boot exited $rc: $(tail -n 3 "$T_TMP/xfs.err")"
expect_match '^True xfs$' "$(json "$T_TMP/xfs.json" \
	'd["target"]["dax"], d["target"]["fs"]' 2>&1)" "xfs target is DAX"
kvm=no
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	kvm=yes
	ls "$T_TMP/cache"/kvm-verdict-* >/dev/null 2>&1 && ok "--accel auto leaves a KVM verdict" ||
		fail "--accel auto left no KVM verdict: $(cat "$T_TMP/xfs.err")"
fi

# --timeout kills the guest long before it could finish booting
start=$(date +%s)
# shellcheck disable=SC2086
expect_rc 3 $V $kpkg --accel auto --timeout 1s -o "$out/timeout" -- info --json
expect_match 'killed after --timeout' "$T_ERR" "timeout reported"
if [ "$kvm" = yes ] && printf '%s\n' "$T_ERR" | grep -q 'retrying with tcg'; then
	fail "KVM probed again although its failure was remembered: $T_ERR"
else
	ok "a failed KVM probe is remembered"
fi
[ $(($(date +%s) - start)) -lt 60 ] && ok "--timeout 1s ends within 60s" || fail "--timeout 1s took $(($(date +%s) - start))s"
[ -e "$out/timeout/console.log" ] && ok "timeout: console.log kept" || fail "timeout: console.log not kept"
t_done
