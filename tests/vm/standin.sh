# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# Sourced by the tests that play a guest without booting one
# (vm-outdir.sh, vm-kbuild.sh, vm-bisect.sh): standin_guest writes
# $T_QEMU, a stand-in for QEMU that leaves a result on the transfer disk
# as guest-init does (the file $FAKE_RESULT, or KERNEL.result beside the
# -kernel it boots, else a stub tagged $FAKE_TAG; nothing at all for a
# KERNEL.noboot), and $T_BZIMAGE, a file with a bzImage's boot header
# and the release 9.9.9-test.

standin_guest() {
# the transfer disk's layout, as guest-init has it
eval "$(grep -E '^OUT_[A-Z0-9_]+=' "$top_srcdir/scripts/guest-init")"
export OUT_REC0 OUT_SLOT0

# the guest's half: a snapshot of results/ and daxbench-vm/ in slot 0,
# then its record, as snapshot() in guest-init writes them
cat >"$T_TMP/guest.py" <<'P'
import io, os, sys, tarfile, zlib
tag = os.environ.get("FAKE_TAG", "stub")
res = '{"schema": 1, "complete": true, "tag": "%s", "host": {}}\n' % tag
if os.environ.get("FAKE_RESULT"):
    res = open(os.environ["FAKE_RESULT"]).read()
files = {
    "results/r-20261130T004412Z-00000000.json": res,
    "daxbench-vm/stdout": "stdout of %s\n" % tag,
    "daxbench-vm/status": "0\n",
}
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    for name, text in files.items():
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
data = buf.getvalue()
with open(sys.argv[1], "r+b") as f:
    f.seek(int(os.environ["OUT_SLOT0"]))
    f.write(data)
    f.seek(int(os.environ["OUT_REC0"]))
    f.write(b"DAXBENCH-VM-OUT 1 %d %08x\n" % (len(data), zlib.crc32(data)))
P
T_QEMU=$T_TMP/qemu
fake=$T_QEMU
cat >"$fake" <<Q
#!/bin/sh
case "\${1:-}" in --version) echo "QEMU emulator version 7.2.0 (fake)"; exit 0 ;; esac
for a; do
	case \$a in
	file,id=con,path=*) con=\${a#*path=} ;;
	file=*,format=raw,*) xfer=\${a#file=}; xfer=\${xfer%%,format=raw*} ;;
	esac
	[ "\${prev:-}" != -kernel ] || kernel=\$a
	prev=\$a
done
# a kernel that never boots, or one whose result lies beside it
[ ! -e "\${kernel:-}.noboot" ] || exit 0
[ ! -e "\${kernel:-}.result" ] || FAKE_RESULT=\$kernel.result
export FAKE_RESULT
echo "DAXBENCH-VM: READY" >>"\$con"
python3 "$T_TMP/guest.py" "\$xfer" || echo "DAXBENCH-VM: FAIL fake guest" >>"\$con"
echo "DAXBENCH-VM: EXIT 0" >>"\$con"
Q
chmod +x "$fake"

# A fake bzImage: the boot header with a version string (as vm-cli.sh).
T_BZIMAGE=$T_TMP/bzImage
img=$T_BZIMAGE
head -c 2048 /dev/zero >"$img"
printf 'HdrS' | dd of="$img" bs=1 seek=514 conv=notrunc 2>/dev/null
printf '\000\002' | dd of="$img" bs=1 seek=526 conv=notrunc 2>/dev/null
printf '9.9.9-test #1' | dd of="$img" bs=1 seek=1024 conv=notrunc 2>/dev/null
}

# standin_make: a 'make' first in PATH that plays Kbuild on a tree of the
# test's: each call logged in $T_TMP/make.calls; allnoconfig copies the
# forced fragment to .config, olddefconfig drops $FAKE_DROP, bzImage
# fails as a compiler error does with $FAKE_FAIL set or a file
# "broken" in the tree, and else lays $T_BZIMAGE down, with the tree's
# fake-result.json beside it as KERNEL.result and its "noboot" as
# KERNEL.noboot (the stand-in QEMU reads both).
standin_make() {
mkdir -p "$T_TMP/bin"
cat >"$T_TMP/bin/make" <<M
#!/bin/sh
echo "make \$*" >>"$T_TMP/make.calls"
obj=
for a; do
	case \$a in
	-C) src=next ;;
	O=*) obj=\${a#O=} ;;
	KCONFIG_ALLCONFIG=*) frag=\${a#KCONFIG_ALLCONFIG=} ;;
	allnoconfig) mkdir -p "\$obj"; cp "\$frag" "\$obj/.config" ;;
	olddefconfig) [ -z "\${FAKE_DROP:-}" ] ||
		sed -i "/^\$FAKE_DROP=/d" "\$obj/.config" ;;
	bzImage)
		echo "  CC      fs/dax.o"
		if [ -n "\${FAKE_FAIL:-}" ] || [ -e "\$tree/broken" ]; then
			echo "fs/dax.c:3:9: error: 'pages' undeclared"
			exit 2
		fi
		boot=\$obj/arch/x86/boot
		mkdir -p "\$boot"
		cp "$T_BZIMAGE" "\$boot/bzImage"
		rm -f "\$boot/bzImage.result" "\$boot/bzImage.noboot"
		[ ! -e "\$tree/fake-result.json" ] ||
			cp "\$tree/fake-result.json" "\$boot/bzImage.result"
		[ ! -e "\$tree/noboot" ] || : >"\$boot/bzImage.noboot" ;;
	*) [ "\${src:-}" != next ] || { tree=\$a; src=; } ;;
	esac
done
exit 0
M
chmod +x "$T_TMP/bin/make"
PATH=$T_TMP/bin:$PATH
export PATH
}
