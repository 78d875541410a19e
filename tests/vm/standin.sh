# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the tests that play a guest without booting one
# (vm-outdir.sh, vm-kbuild.sh): standin_guest writes $T_QEMU, a
# stand-in for QEMU that leaves a result (tagged $FAKE_TAG) on the
# transfer disk as guest-init does, and $T_BZIMAGE, a file with a
# bzImage's boot header and the release 9.9.9-test.

standin_guest() {
# the transfer disk's layout, as guest-init has it
eval "$(grep -E '^OUT_[A-Z0-9_]+=' "$top_srcdir/scripts/guest-init")"
export OUT_REC0 OUT_SLOT0

# the guest's half: a snapshot of results/ and daxbench-vm/ in slot 0,
# then its record, as snapshot() in guest-init writes them
cat >"$T_TMP/guest.py" <<'P'
import io, os, sys, tarfile, zlib
tag = os.environ["FAKE_TAG"]
files = {
    "results/r-20261130T004412Z-00000000.json":
        '{"schema": 1, "complete": true, "tag": "%s", "host": {}}\n' % tag,
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
done
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
