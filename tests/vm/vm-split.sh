#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Today's kernels, fetched the way a user asks for them: '--debian-kernel 7'
# resolves the newest 7.x cloud kernel in bookworm .. sid through apt
# lists of daxbench's own (the host's /etc/apt is never read for it, nor
# changed), follows the split metapackage to its linux-binary,
# linux-modules and linux-base packages, and boots it for real on ext4
# and xfs: the guest reports a 7. release on DAX, a "pmd" point made PMD
# faults over aligned extents on both, and the result names every package
# with its version and suite; 6.12 and 6.1 resolve to the newest of their
# lines. The packages stay in the machine's cache.
. "${top_srcdir}/tests/lib.sh"

need_guest
out=${top_builddir:-.}/vm-split-out
rm -rf "$out"
g="$top_srcdir/tests/vm/guest"
sum() { find /etc/apt -type f -exec md5sum {} + 2>/dev/null | sort; }
sum >"$T_TMP/apt.before"

for fs in ext4 xfs; do
	set +e
	$DAXBENCH vm --cache "$cache" --accel tcg --timeout 8m --fs "$fs" \
		--debian-kernel 7 -o "$out/$fs" -- run -q "$g/mapping.json" \
		>"$T_TMP/$fs.out" 2>"$T_TMP/$fs.err"
	rc=$?
	set -e
	skip_without_kernel "$rc" "$T_TMP/$fs.err"
	[ "$rc" -eq 0 ] && ok "$fs: exits 0" || fail "$fs: exit $rc: $(tail -n 3 "$T_TMP/$fs.err")"
	expect_match 'kernel: linux-image-7\.[0-9.]+\+deb[0-9]+-cloud-amd64 ' \
		"$(cat "$T_TMP/$fs.err")" "$fs: the 7.x metapackage resolved"
	expect_match 'downloading linux-modules-7\.|extracting the kernel packages|^daxbench vm: kernel:' \
		"$(cat "$T_TMP/$fs.err")" "$fs: split parts fetched"
	python3 - "$out/$fs" "$fs" <<'P' && ok "$fs: result checks" || fail "$fs: result checks"
import json, sys, glob, os
files = glob.glob(os.path.join(sys.argv[1], "*.json"))
assert len(files) == 1, files
r = json.load(open(files[0]))
assert r["complete"] is True
assert r["host"]["kernel"]["release"].startswith("7."), r["host"]["kernel"]
assert r["host"]["vm"]["kernel"].startswith("linux-image-7."), r["host"]["vm"]
assert r["target"]["dax"] is True and r["target"]["fs"] == sys.argv[2], r["target"]
pmd = [p for p in r["points"] if p["params"]["file.mapping"] == "pmd"][0]
pte = [p for p in r["points"] if p["params"]["file.mapping"] == "pte"][0]
assert pte["faults"]["pte"] > 0 and pte["mapping_verified"] is True, pte["faults"]
# a fresh filesystem's first file starts at a goal block that need not be
# 2 MiB aligned (7.3 ext4: block 8487): daxbench realigns it, so the pmd
# point is PMD-mapped for real on both filesystems
assert pmd["mapping_verified"] is True and pmd["faults"]["pmd"] > 0, \
    (pmd["faults"], pmd.get("mapping_problem"), pmd.get("fiemap"))
assert pmd["fiemap"]["aligned"] is True, pmd["fiemap"]
assert pmd.get("fiemap_per_op", {}).get("misaligned", 0) == 0, pmd
print("%s: pmd faults %d, realigned %d bytes" % (sys.argv[2],
      pmd["faults"]["pmd"], pmd["fiemap"]["realigned_bytes"]))
# what was resolved: every part of the split kernel, its version, its suite
pk = r["host"]["vm"]["kernel_packages"]
names = [p["package"] for p in pk]
for kind in ("linux-image-7.", "linux-binary-7.", "linux-modules-7.",
             "linux-base-7."):
    assert any(n.startswith(kind) for n in names), names
assert all(p["version"] and p["suite"] in ("trixie", "trixie-backports",
           "sid") for p in pk), pk
P
done
# 6.12 and 6.1 name the newest cloud kernel of their line that the private
# lists hold (asked of apt-cache here, independently of daxbench's pick)
papt() {
	apt-cache -o Dir::Etc::SourceList="$cache/apt/sources.list" \
		-o Dir::Etc::SourceParts=/nonexistent \
		-o Dir::State::Lists="$cache/apt/lists" \
		-o Dir::Cache="$cache/apt/cache" -o Dir::State::status=/dev/null "$@"
}
for v in 6.12 6.1; do
	set +e
	$DAXBENCH vm --cache "$cache" --accel tcg --timeout 5m \
		--debian-kernel "$v" -o "$out/v$v" -- info --json \
		>"$T_TMP/v$v.json" 2>"$T_TMP/v$v.err"
	rc=$?
	set -e
	skip_without_kernel "$rc" "$T_TMP/v$v.err"
	[ "$rc" -eq 0 ] && ok "--debian-kernel $v: exits 0" || fail "--debian-kernel $v: exit $rc: $(tail -n 3 "$T_TMP/v$v.err")"
	re=$(printf '%s' "$v" | sed 's/\./\\./g')
	want=$(papt search --names-only "^linux-image-$re\\..*-cloud-amd64(-unsigned)?\$" |
		cut -d' ' -f1 | sed 's/-unsigned$//' | sort -V | tail -n 1)
	got=$(sed -n 's/^daxbench vm: kernel: \([^ ]*\) .*/\1/p' "$T_TMP/v$v.err" |
		sed 's/-unsigned$//')
	[ -n "$want" ] && [ "$got" = "$want" ] && ok "--debian-kernel $v: the newest of its line" ||
		fail "--debian-kernel $v resolved to '$got', the newest of its line is '$want'"
	python3 - "$T_TMP/v$v.json" "$v" <<'P' && ok "$v: guest release" || fail "$v: guest release"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["host"]["kernel"]["release"].startswith(sys.argv[2] + "."), d["host"]["kernel"]
P
done

# the private lists live in the cache; the host's apt is untouched
[ -s "$cache/apt/sources.list" ] && ok "private apt lists in the cache" || fail "no private apt lists in $cache/apt"
sum >"$T_TMP/apt.after"
cmp -s "$T_TMP/apt.before" "$T_TMP/apt.after" && ok "/etc/apt unchanged" || fail "/etc/apt changed"
t_done
