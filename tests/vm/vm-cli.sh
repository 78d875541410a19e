#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench vm's error paths that need no guest: bad sizes and options, a
# missing kernel, modules for another release, no qemu. Each must exit
# with the documented code and name the culprit, before anything boots.
. "${top_srcdir}/tests/lib.sh"

V="$DAXBENCH vm --cache $T_TMP/cache --accel tcg"

expect_rc 0 "$DAXBENCH" vm --help && expect_match '^usage: daxbench vm' "$T_OUT" "--help"
expect_rc 2 $V --pmem 2049M -- info && expect_match 'not a multiple of 2MiB' "$T_ERR" "unaligned --pmem"
expect_rc 2 $V --pmem 64M -- info && expect_match 'too small' "$T_ERR" "small --pmem"
expect_rc 2 $V --pmem lots -- info && expect_match 'not a size' "$T_ERR" "--pmem syntax"
expect_rc 2 $V --fs btrfs -- info && expect_match 'ext4 or xfs' "$T_ERR" "--fs"
expect_rc 2 $V --flavour amd64 -- info &&
	expect_match -- '--flavour goes with --debian-kernel VERSION' "$T_ERR" "--flavour alone"
expect_rc 2 $V --deb a.deb --deb b.deb --deb c.deb --deb d.deb --deb e.deb -- info &&
	expect_match 'more than 4 --deb' "$T_ERR" "too many --deb"
expect_rc 2 $V --deb a.deb --debian-kernel 7 -- info &&
	expect_match 'give one of' "$T_ERR" "--deb with --debian-kernel"
expect_rc 2 $V --timeout 5 -- info && expect_match 'not a duration' "$T_ERR" "--timeout unit"
expect_rc 2 $V --numa 4 --cpus 2 -- info && expect_match 'more nodes than' "$T_ERR" "--numa"
expect_rc 2 $V && expect_match 'nothing to run' "$T_ERR" "no guest command"
expect_rc 2 $V --ship "$T_TMP/no-such-prog" -- info &&
	expect_match 'ship .*no-such-prog: not an executable file' "$T_ERR" "--ship missing"
expect_rc 2 $V --ship /bin/sh -- exec && expect_match 'exec: no program' "$T_ERR" "exec without a program"
expect_rc 2 $V -- run -o /tmp/x s.json && expect_match 'sets --dir /mnt/dax' "$T_ERR" "run -o"
expect_rc 2 $V --kernel "$T_TMP/no-such-bzImage" -- info &&
	expect_match 'no-such-bzImage: No such file' "$T_ERR" "missing kernel"
expect_rc 2 $V --deb "$T_TMP/none.deb" -- info && expect_match 'none.deb' "$T_ERR" "missing .deb"

# A fake bzImage: just the boot header with a version string.
img=$T_TMP/bzImage
head -c 2048 /dev/zero >"$img"
printf 'HdrS' | dd of="$img" bs=1 seek=514 conv=notrunc 2>/dev/null
printf '\000\002' | dd of="$img" bs=1 seek=526 conv=notrunc 2>/dev/null
printf '9.9.9-test #1' | dd of="$img" bs=1 seek=1024 conv=notrunc 2>/dev/null
expect_rc 2 $V --kernel "$T_TMP/cache" -- info && expect_match 'no arch/x86/boot/bzImage' "$T_ERR" "not a build tree"
mkdir -p "$T_TMP/mods/lib/modules/1.2.3"
expect_rc 2 $V --kernel "$img" --modules "$T_TMP/mods/lib/modules/1.2.3" -- info &&
	expect_match "'1.2.3' do not match the kernel release '9.9.9-test'" "$T_ERR" "modules mismatch"
expect_rc 2 $V --kernel "$img" --modules "$T_TMP/mods" -- info &&
	expect_match 'no lib/modules/9.9.9-test' "$T_ERR" "modules root mismatch"
expect_rc 3 env DAXBENCH_QEMU="$T_TMP/no-qemu" $V --kernel "$img" -o "$T_TMP/o" -- info &&
	expect_match 'apt-get install qemu-system-x86' "$T_ERR" "no qemu"
# offline (a mirror that refuses, a fresh cache): the kernel cannot be
# fetched, exit 4, which the guest tests read as a missing environment
# (skip_without_kernel) and nothing else is
if command -v apt-get >/dev/null; then
	DAXBENCH_DEBIAN_MIRROR=http://127.0.0.1:9 expect_rc 4 "$DAXBENCH" vm \
		--cache "$T_TMP/offline" --accel tcg --debian-kernel 7 \
		-o "$T_TMP/off" -- info
	expect_match '^daxbench vm: --debian-kernel 7: no Debian suite could be read \(bookworm: left out: .*127\.0\.0\.1' \
		"$T_ERR" "offline: the kernel, the suites and why"
fi
# a guest test that cannot boot fails where a guest is required (CI), and
# never passes: here a QEMU that exits at once, under tests/vm/vm-boot.sh
printf '#!/bin/sh\necho "qemu: broken on purpose" >&2\nexit 1\n' >"$T_TMP/bad-qemu"
chmod +x "$T_TMP/bad-qemu"
set +e
mkdir -p "$T_TMP/nested"
# its own build dir for output: the real vm-boot.sh may be running beside
DAXBENCH_QEMU="$T_TMP/bad-qemu" DAXBENCH_REQUIRE_GUEST=1 \
	DAXBENCH_GUEST_TESTS=yes DAXBENCH="$DAXBENCH" top_builddir="$T_TMP/nested" \
	sh "$top_srcdir/tests/vm/vm-boot.sh" >"$T_TMP/boot.out" 2>&1
rc=$?
set -e
# a failure is a "not ok" line, or an exit before the plan (tests/lib.sh)
if [ "$rc" -ne 0 ] || grep -q '^not ok' "$T_TMP/boot.out"; then
	ok "vm-boot.sh with a broken QEMU fails"
else
	fail "vm-boot.sh with a broken QEMU did not fail (exit $rc): $(tail -n 3 "$T_TMP/boot.out")"
fi
t_done
