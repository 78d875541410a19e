#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Today's kernels, fetched the way a user asks for them: '--debian-kernel 7'
# resolves the newest 7.x cloud kernel in bookworm .. sid through apt
# lists of daxbench's own (the host's /etc/apt is never read for it, nor
# changed), follows the split metapackage to its linux-binary,
# linux-modules and linux-base packages, and boots it for real on ext4
# and xfs: the guest reports a 7. release on DAX, and a "pmd" point made
# PMD faults where its extent was aligned (else it is flagged, never
# passed off as PMD). The packages stay in the build tree's cache.
. "${top_srcdir}/tests/lib.sh"

need_guest
out=${top_builddir:-.}/vm-split-out
rm -rf "$out"
g="$top_srcdir/tests/guest"
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
	[ "$rc" -eq 0 ] && ok || fail "$fs: exit $rc: $(tail -n 3 "$T_TMP/$fs.err")"
	expect_match 'kernel: linux-image-7\.[0-9.]+\+deb[0-9]+-cloud-amd64 ' \
		"$(cat "$T_TMP/$fs.err")" "$fs: the 7.x metapackage resolved"
	expect_match 'downloading linux-modules-7\.|extracting the kernel packages|^daxbench vm: kernel:' \
		"$(cat "$T_TMP/$fs.err")" "$fs: split parts fetched"
	python3 - "$out/$fs" "$fs" <<'P' && ok || fail "$fs: result checks"
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
# PMD faults where the extent allowed them; a fallback is flagged as such
if pmd["mapping_verified"] is True:
    assert pmd["faults"]["pmd"] > 0, pmd["faults"]
else:
    assert pmd["mapping_verified"] is False and pmd["mapping_problem"], pmd
    print("note: %s pmd point fell back: %s" % (sys.argv[2], pmd["mapping_problem"]))
P
done
# xfs made with su=2m keeps the 8MiB file aligned: PMD for real there
python3 - "$out/xfs" <<'P' && ok || fail "xfs: the pmd point is PMD-mapped"
import json, sys, glob, os
r = json.load(open(glob.glob(os.path.join(sys.argv[1], "*.json"))[0]))
p = [p for p in r["points"] if p["params"]["file.mapping"] == "pmd"][0]
assert p["mapping_verified"] is True and p["faults"]["pmd"] > 0, p["faults"]
P
# the private lists live in the cache; the host's apt is untouched
[ -s "$cache/apt/sources.list" ] && ok || fail "no private apt lists in $cache/apt"
sum >"$T_TMP/apt.after"
cmp -s "$T_TMP/apt.before" "$T_TMP/apt.after" && ok || fail "/etc/apt changed"
t_done
