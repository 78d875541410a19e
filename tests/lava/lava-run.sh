#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# contrib/lava/daxbench.yaml run by a real LAVA dispatcher (issue 28),
# outside make check (some ten minutes, and it installs packages):
#
#     make -C BUILD check-lava
#
# Debian's lava-dispatcher 2023.01 runs contrib/lava/job-qemu.yaml with
# lava-run, as a lab's worker would: Debian's 6.1 cloud kernel with a
# memmap= pmem region in a TCG guest, a Debian 12 root filesystem
# (debootstrap, with daxbench's build dependencies) booted as an
# initramfs, and the definition cloned from this repository's committed
# HEAD. The dispatcher's own results log must hold every scenario point
# as a test case, a passing one with its measurement in ns. Then, as a
# lab's pipeline would, the result files come back from the job's log
# (contrib/lava/results-from-log), and their KCIDB report ('daxbench
# export --kcidb') must validate against kcidb-io's schema and hold the
# job's test cases, one for one.
#
# The dispatcher is taken from its packages, unpacked: lava-run needs
# its Python modules and root, not lava-server's database, a worker
# service or udev. python3-guestfs, imported but never started (the
# rootfs is an initramfs), is a stub. DAXBENCH_LAVA_CACHE keeps the
# packages and the DUT's images between runs (default: the machine's
# daxbench cache).
. "${top_srcdir}/tests/lib.sh"

[ "${DAXBENCH_LAVA_REAL:-0}" = 1 ] ||
	skip "the LAVA dispatcher run needs DAXBENCH_LAVA_REAL=1 (make check-lava)"
[ "$(id -u)" = 0 ] || skip "lava-run and debootstrap need root"
need_guest
lc=${DAXBENCH_LAVA_CACHE:-$cache/lava}
img=$lc/img
scenarios=${DAXBENCH_LAVA_SCENARIOS:-small/vmsplice-hold small/scan-cost-truncate}
mkdir -p "$lc/debs" "$lc/x" "$img"
export DEBIAN_FRONTEND=noninteractive

# --- the dispatcher, from its packages --------------------------------
py=/usr/bin/python3
apt-get install -y -q --no-install-recommends debootstrap cpio xz-utils git \
	python3-yaml python3-voluptuous python3-jinja2 python3-pexpect \
	python3-magic python3-netifaces python3-configobj python3-setproctitle \
	python3-tz python3-requests python3-pyudev python3-jsonschema >"$T_TMP/apt.log" 2>&1 ||
	fail "apt-get install: $(tail -n 3 "$T_TMP/apt.log")"
for p in lava-common lava-dispatcher lava-dispatcher-host lava-server; do
	ls "$lc/debs/${p}_"*.deb >/dev/null 2>&1 ||
		(cd "$lc/debs" && apt-get download -q "$p" >>"$T_TMP/apt.log" 2>&1) ||
		fail "apt-get download $p: $(tail -n 3 "$T_TMP/apt.log")"
	rm -rf "$lc/x/$p"
	dpkg-deb -x "$lc/debs/${p}_"*.deb "$lc/x/$p"
done
mkdir -p "$lc/stub"
echo '# lava imports guestfs at load; a cpio rootfs never starts it' >"$lc/stub/guestfs.py"
PYTHONPATH=$lc/stub
for p in lava-common lava-dispatcher lava-dispatcher-host; do
	PYTHONPATH=$PYTHONPATH:$lc/x/$p/usr/lib/python3/dist-packages
done
export PYTHONPATH
version=$("$py" -c 'import lava_common.version as v; print(v.__version__)' 2>/dev/null ||
	basename "$lc/debs/lava-dispatcher_"*.deb)
echo "# lava-dispatcher: $version"

# --- the DUT: kernel, modules, root filesystem ------------------------
set +e
"$DAXBENCH" vm --cache "$cache" --debian-kernel 6.1 --fetch -o "$T_TMP/fetch" \
	>"$T_TMP/fetch.out" 2>"$T_TMP/fetch.err"
rc=$?
set -e
skip_without_kernel "$rc" "$T_TMP/fetch.err"
kdir=$(ls -d "$cache"/kernels/linux-image-6.1.0-*-cloud-amd64-unsigned_* | tail -n 1)
cp "$kdir"/boot/vmlinuz-* "$img/vmlinuz"
# made anew each time: the kernel of the line may have moved on
tar -C "$kdir" -cJf "$img/modules.tar.xz" --transform 's,^lib/,usr/lib/,' lib/modules
if [ ! -f "$img/rootfs.cpio.gz" ]; then
	mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	rm -rf "$img/rootfs"
	debootstrap --variant=minbase --include=systemd-sysv,udev,kmod,procps,e2fsprogs,xfsprogs,autoconf,automake,autoconf-archive,libtool,pkg-config,make,gcc,libc6-dev,libjansson-dev,liburing-dev,libnuma-dev,libtracefs-dev,libtraceevent-dev,zlib1g-dev \
		bookworm "$img/rootfs" "${mirror:-http://deb.debian.org/debian}" >"$T_TMP/deboot.log" 2>&1 ||
		fail "debootstrap: $(tail -n 3 "$T_TMP/deboot.log")"
	echo daxbench-dut >"$img/rootfs/etc/hostname"
	chroot "$img/rootfs" passwd -d root >/dev/null
	rm -rf "$img/rootfs/var/cache/apt/archives/"*.deb "$img/rootfs/var/lib/apt/lists/"*
	(cd "$img/rootfs" && find . -xdev | cpio -o -H newc 2>/dev/null) | gzip -1 >"$img/rootfs.cpio.gz.new"
	mv "$img/rootfs.cpio.gz.new" "$img/rootfs.cpio.gz"
	rm -rf "$img/rootfs"
fi

# --- the repository LAVA clones: its committed HEAD -------------------
repo=$top_srcdir
if [ ! -e "$top_srcdir/.git" ]; then
	# a tarball's tree: a repository of its own, one commit
	repo=$T_TMP/repo
	cp -a "$top_srcdir" "$repo"
	git -C "$repo" init -q && git -C "$repo" add -A &&
		git -C "$repo" -c user.name=t -c user.email=t@t commit -qm tree
fi

# --- the device and the job, then lava-run ----------------------------
job=$T_TMP/job.yaml
sed -e "s|@IMG@|$img|g" -e "s|@REPO@|$repo|g" -e "s|@SCENARIOS@|$scenarios|g" \
	"$top_srcdir/contrib/lava/job-qemu.yaml" >"$job"
mkdir -p "$T_TMP/devices"
# as lava-server renders a device dictionary: its template extends the
# device type's, with the job's context as variables; memory must not
# be set here, or it beats the job's
cat >"$T_TMP/devices/qemu01.jinja2" <<'J'
{% extends 'qemu.jinja2' %}
{% set mac_addr = '52:54:00:12:34:59' %}
J
"$py" - "$T_TMP/devices" "$lc/x/lava-server/usr/share/lava-server/device-types" "$job" \
	>"$T_TMP/device.yaml" <<'P' || fail "rendering the device dictionary"
import sys, yaml
from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment
devs, types, job = sys.argv[1:4]
env = SandboxedEnvironment(loader=FileSystemLoader([devs, types]),
                           autoescape=False, trim_blocks=True)
out = env.get_template("qemu01.jinja2").render(**yaml.safe_load(open(job))["context"])
yaml.safe_load(out)
sys.stdout.write(out)
P
# no default-route lookup: this machine may have none
echo 'dispatcher_ip: 127.0.0.1' >"$T_TMP/dispatcher.yaml"
mkdir -p "$T_TMP/out"
t0=$(date +%s)
set +e
"$py" "$lc/x/lava-dispatcher/usr/bin/lava-run" --job-id "$$" --output-dir "$T_TMP/out" \
	--device "$T_TMP/device.yaml" --dispatcher "$T_TMP/dispatcher.yaml" "$job" \
	>"$T_TMP/out/stdout" 2>"$T_TMP/out/job.log"
rc=$?
set -e
echo "# lava-run: exit $rc after $(($(date +%s) - t0)) s"
[ "$rc" -eq 0 ] && ok "lava-run completes the job" ||
	fail "lava-run exited $rc: $(tail -n 5 "$T_TMP/out/job.log")"

# --- the dispatcher's results log -------------------------------------
if "$py" - "$T_TMP/out/job.log" "$top_srcdir/scenarios" "$T_TMP/cases.json" $scenarios >"$T_TMP/check.out" 2>&1 <<'P'; then
import json, sys, yaml
log, sdir, out, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
res = []
for line in open(log):
    if '"lvl": "results"' in line:
        res.append(yaml.safe_load(line)["msg"])
lava = {m["case"]: m["result"] for m in res if m["definition"] == "lava"}
assert lava.get("job") == "pass" and lava.get("0_daxbench") == "pass", lava
cases = {m["case"]: m for m in res if m["definition"] == "0_daxbench"}
for c in ("daxbench-build", "null-blk", "dax-mount", "daxbench-info",
          "daxbench-run", "results-to-log", "daxbench-export"):
    assert cases.get(c, {}).get("result") == "pass", (c, cases.get(c))
points, pts = 0, {}
for n in names:
    sc = json.load(open("%s/%s.json" % (sdir, n)))
    want = 1
    for v in sc.get("sweep", {}).values():
        want *= len(v)
    got = [(c, m) for c, m in cases.items() if c.startswith(sc["name"] + ".")]
    assert len(got) == want, (n, want, sorted(c for c in cases))
    for c, m in got:
        assert m["result"] in ("pass", "fail", "skip", "unknown"), m
        if m["result"] == "pass":
            assert float(m["measurement"]) > 0 and m["units"] == "ns", m
        pts[c] = {k: m[k] for k in ("result", "measurement") if k in m}
    points += want
json.dump(pts, open(out, "w"))
print("%d test cases, %d of them scenario points, all with their results"
      % (len(cases), points))
P
	ok "every scenario point is a test case: $(cat "$T_TMP/check.out")"
else
	fail "the results log: $(tail -n 5 "$T_TMP/check.out")"
fi
echo "# $(cat "$T_TMP/check.out")"

# --- as a lab's pipeline: the results from the log, to KCIDB ----------
# The definition printed the result files into the job's log; they come
# back from it, and their KCIDB report must validate and hold the job's
# test cases, one for one, with the same results and medians.
if "$top_srcdir/contrib/lava/results-from-log" "$T_TMP/out/job.log" "$T_TMP/results" \
	>"$T_TMP/from.out" 2>"$T_TMP/from.err"; then
	ok "results-from-log: $(wc -l <"$T_TMP/from.out") result files from the job's log"
else
	fail "results-from-log: $(cat "$T_TMP/from.err")"
fi
if "$DAXBENCH" export --kcidb --origin lava_run -o "$T_TMP/kcidb.json" "$T_TMP/results" \
	2>"$T_TMP/export.err"; then
	ok "export --kcidb of the job's results"
else
	fail "export --kcidb: $(cat "$T_TMP/export.err")"
fi
if got=$("$py" "$top_srcdir/tests/kcidb-check.py" "$top_srcdir/tests/data/kcidb/schema-v5.3.json" \
	"$T_TMP/kcidb.json" "" "$T_TMP/cases.json"); then
	ok "KCIDB: valid against schema 5.3, its tests the job's test cases ($got)"
else
	fail "KCIDB against the schema and the job's test cases: $got"
fi
echo "# KCIDB: $got"
t_done
