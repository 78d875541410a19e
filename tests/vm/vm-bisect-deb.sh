#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 'daxbench bisect --good PKG --bad PKG': the bisection of Debian's
# builds, without booting a kernel. The test's own signed archive holds
# builds 9.9.0-1 .. -7 of a flavour, spread over a current and an
# expired suite, one also under its signed name, and a build of another
# flavour; each package's kernel is tests/vm/standin.sh's fake bzImage
# with the result its guest gives beside it (synth-result.py's: the
# baseline's samples are good, a stall is bad), or a "noboot" mark.
# - 1, 2 good, 3, 5, 6 bad: two steps (3, then 2), "3 is the first bad
#   build", exit 0; only the builds from 1 to 6 of that flavour listed;
# - 2 cannot boot: 3 bad, then 2 skipped: the first bad is 2 or 3,
#   both named, exit 125; 3 not in the pool: skipped the same way;
# - ends of two flavours, in the wrong order, or unknown: stop (128).
. "${top_srcdir}/tests/lib.sh"

for t in gpg dpkg-deb apt-get python3; do
	command -v "$t" >/dev/null || skip "$t not found (apt-get install gnupg dpkg apt python3)"
done
. "${top_srcdir}/tests/vm/standin.sh"
. "${top_srcdir}/tests/vm/archive.sh"
standin_guest
archive_keys

synth=$top_srcdir/tests/cli/synth-result.py
python3 "$synth" "$T_TMP/good.json" --seed 7 -n 20 --vm tcg
python3 "$synth" "$T_TMP/stall.json" --seed 7 -n 20 --vm tcg --stall 1
echo '{}' >"$T_TMP/x.json"

# kdeb NAME ABI FLAVOUR RESULT [noboot]: a kernel package whose guest
# gives RESULT (or does not boot), its built-in modules listed
kdeb() {
	rel=9.9.0-$2-$3
	d=$T_TMP/pkg/$1
	mkdir -p "$d/DEBIAN" "$d/boot" "$d/lib/modules/$rel/kernel"
	printf 'Package: %s\nVersion: 9.9.0-%s\nArchitecture: amd64\nMaintainer: t <t@t>\nDescription: test kernel\n' \
		"$1" "$2" >"$d/DEBIAN/control"
	cp "$T_BZIMAGE" "$d/boot/vmlinuz-$rel"
	cp "$4" "$d/boot/vmlinuz-$rel.result"
	[ -z "${5:-}" ] || : >"$d/boot/vmlinuz-$rel.noboot"
	for c in FS_DAX LIBNVDIMM BLK_DEV_PMEM X86_PMEM_LEGACY VIRTIO_BLK \
		VIRTIO_PCI BLK_DEV_INITRD; do
		echo "CONFIG_$c=y"
	done >"$d/boot/config-$rel"
	: >"$d/lib/modules/$rel/modules.order"
	for m in block/virtio_blk virtio/virtio_pci nvdimm/nd_pmem \
		nvdimm/nd_e820 block/null_blk/null_blk; do
		echo "kernel/drivers/$m.ko"
	done >"$d/lib/modules/$rel/modules.builtin"
	printf 'kernel/fs/ext4/ext4.ko\nkernel/fs/xfs/xfs.ko\n' \
		>>"$d/lib/modules/$rel/modules.builtin"
	dpkg-deb -b -Zgzip "$d" "$T_TMP/$1.deb" >/dev/null
	rm -rf "$d"
}

img=linux-image-9.9.0
# archive ROOT NOBOOT: builds 1 .. 7, NOBOOT's guest never boots
archive() {
	for n in 1 2 3 5 6 7; do
		r=$T_TMP/good.json
		[ "$n" -lt 3 ] || r=$T_TMP/stall.json
		kdeb "$img-$n-cloud-amd64-unsigned" "$n" cloud-amd64 "$r" \
			"$([ "$n" = "$2" ] && echo noboot)"
	done
	kdeb "$img-3-cloud-amd64" 3 cloud-amd64 "$T_TMP/stall.json"
	kdeb "$img-4-amd64-unsigned" 4 amd64 "$T_TMP/good.json"
	archive_suite "$1" trixie-backports -1 7 "$T_TMP/$img-1-cloud-amd64-unsigned.deb" \
		"$T_TMP/$img-2-cloud-amd64-unsigned.deb" "$T_TMP/$img-3-cloud-amd64-unsigned.deb" \
		"$T_TMP/$img-3-cloud-amd64.deb" "$T_TMP/$img-4-amd64-unsigned.deb"
	archive_suite "$1" sid -40 -30 "$T_TMP/$img-5-cloud-amd64-unsigned.deb" \
		"$T_TMP/$img-6-cloud-amd64-unsigned.deb" "$T_TMP/$img-7-cloud-amd64-unsigned.deb"
}

# bisect ARCHIVE CACHE OUT GOOD BAD: a whole bisection of the archive
bisect() {
	DAXBENCH_DEBIAN_MIRROR=file:$1 DAXBENCH_QEMU=$T_QEMU "$DAXBENCH" bisect \
		--good "$4" --bad "$5" --baseline "$T_TMP/good.json" -o "$3" \
		--cache "$2" --accel tcg -- run "$T_TMP/x.json"
}

archive "$T_TMP/a" none
expect_rc 0 bisect "$T_TMP/a" "$T_TMP/c1" "$T_TMP/o1" \
	"$img-1-cloud-amd64-unsigned" "$img-6-cloud-amd64-unsigned"
expect_match "^$img-3-cloud-amd64-unsigned is the first bad build \\($img-2-cloud-amd64-unsigned the last good\\)$" \
	"$T_OUT" "the first bad build found"
expect_match '5 Debian builds from ' "$T_ERR" "the builds of that flavour from 1 to 6, one per version"
if printf '%s\n' "$T_ERR" | grep -q -- '-4-amd64\|-7-cloud\|between: linux-image-9.9.0-3-cloud-amd64$'; then
	fail "another flavour, a build past --bad or a signed twin listed: $T_ERR"
else ok "no other flavour, nothing past --bad, the -unsigned name of a twin"; fi
steps=$(ls "$T_TMP/o1" | tr '\n' ' ')
[ "$steps" = "$img-2-cloud-amd64-unsigned $img-3-cloud-amd64-unsigned " ] &&
	ok "two steps, each in OUTDIR/<build>" || fail "steps: $steps"
[ -f "$T_TMP/o1/$img-3-cloud-amd64-unsigned/compare.txt" ] &&
	ok "a step keeps its compare.txt" || fail "no compare.txt: $(ls "$T_TMP/o1"/*)"

archive "$T_TMP/b" 2
expect_rc 125 bisect "$T_TMP/b" "$T_TMP/c2" "$T_TMP/o2" \
	"$img-1-cloud-amd64-unsigned" "$img-6-cloud-amd64-unsigned"
expect_match "^  $img-2-cloud-amd64-unsigned \\(could not be tested\\)$" "$T_OUT" \
	"a build that does not boot: skipped, named"
expect_match "^  $img-3-cloud-amd64-unsigned$" "$T_OUT" "the other candidate named"

# a build the archive lists but cannot give (a split 7.0.4 lacked its
# linux-base on the mirror, 2026-12-07): skipped, not a stop
archive "$T_TMP/c" none
rm "$T_TMP/c/debian/pool/main/l/$img-3-cloud-amd64-unsigned.deb"
expect_rc 125 bisect "$T_TMP/c" "$T_TMP/c3" "$T_TMP/o4" \
	"$img-1-cloud-amd64-unsigned" "$img-6-cloud-amd64-unsigned"
expect_match "^  $img-3-cloud-amd64-unsigned \\(could not be tested\\)$" "$T_OUT" \
	"a build the archive cannot give: skipped, named"
expect_match "^  $img-5-cloud-amd64-unsigned$" "$T_OUT" "and the first bad one after it"

expect_rc 128 bisect "$T_TMP/a" "$T_TMP/c1" "$T_TMP/o3" \
	"$img-1-cloud-amd64-unsigned" "$img-4-amd64-unsigned"
expect_match 'builds of different flavours' "$T_ERR" "two flavours: stop"
expect_rc 128 bisect "$T_TMP/a" "$T_TMP/c1" "$T_TMP/o3" \
	"$img-6-cloud-amd64-unsigned" "$img-1-cloud-amd64-unsigned"
expect_match 'is not older than --bad' "$T_ERR" "the wrong order: stop"
expect_rc 128 bisect "$T_TMP/a" "$T_TMP/c1" "$T_TMP/o3" \
	"$img-1-cloud-amd64-unsigned" "$img-8-cloud-amd64-unsigned"
expect_match "$img-8-cloud-amd64-unsigned: in no Debian suite" "$T_ERR" "an unknown end: stop"
archive_done
t_done
