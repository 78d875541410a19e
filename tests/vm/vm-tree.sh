#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 'daxbench vm --kernel TREE', the way patch authors work: a built tree
# (arch/x86/boot/bzImage and .config) with its modules installed
# elsewhere (--modules). The tree is laid out from the Debian cloud
# kernel that vm-boot.sh fetched into the cache, so the boot is real and
# the guest must report ext4-DAX, with the tree named as its kernel. The
# modules come without modules.dep, as 'make modules_install' into a
# staging directory can leave them, and that directory must be left
# byte-identical: depmod runs on a copy in the cache.
. "${top_srcdir}/tests/lib.sh"

need_guest
deb=$(ls -d "$cache"/kernels/linux-image-6.1.0-*-cloud-amd64-unsigned_*/ 2>/dev/null | tail -n 1)
[ -n "$deb" ] || guest_skip "no Debian cloud kernel in $cache (vm-boot.sh fetches it)"
img=$(ls "$deb"boot/vmlinuz-* | head -n 1)
rel=${img##*/vmlinuz-}
tree="$T_TMP/linux"
mkdir -p "$tree/arch/x86/boot"
cp "$img" "$tree/arch/x86/boot/bzImage"
cp "$deb/boot/config-$rel" "$tree/.config"
mods="$T_TMP/mods/lib/modules/$rel"
mkdir -p "$mods"
cp -a "$deb/lib/modules/$rel/." "$mods/"
rm -f "$mods"/modules.dep* "$mods"/modules.alias* "$mods"/modules.symbols* \
	"$mods"/modules.devname "$mods"/modules.softdep "$mods"/modules.weakdep
snap() { (cd "$1" && find . -printf '%p %y %s %m %T@\n' | sort &&
	find . -type f -exec md5sum {} + | sort); }
snap "$mods" >"$T_TMP/mods.before"

set +e
"$DAXBENCH" vm --cache "$T_TMP/cache" --accel tcg --timeout 5m \
	--kernel "$tree" --modules "$mods" \
	-o "$T_TMP/vmout" -- info --json >"$T_TMP/info.json" 2>"$T_TMP/err"
rc=$?
set -e
[ "$rc" -eq 0 ] && ok "vm --kernel TREE exits 0" || fail "vm --kernel TREE exited $rc: $(tail -n 3 "$T_TMP/err")"
snap "$mods" >"$T_TMP/mods.after"
if cmp -s "$T_TMP/mods.before" "$T_TMP/mods.after"; then ok "--modules DIR unchanged"; else
	fail "--modules DIR changed: $(diff "$T_TMP/mods.before" "$T_TMP/mods.after" | head -n 5)"
fi
[ ! -e "$mods/modules.dep" ] && ok "depmod did not run in --modules DIR" || fail "depmod ran in --modules DIR"
expect_match "kernel: .*$T_TMP/linux|booting $rel" "$(cat "$T_TMP/err")" "tree named"
python3 - "$T_TMP/info.json" "$rel" "$tree" <<'P' && ok "guest info" || fail "guest info"
import json, sys, os
d = json.load(open(sys.argv[1]))
assert d["target"]["dax"] is True and d["target"]["fs"] == "ext4", d["target"]
assert d["host"]["kernel"]["release"] == sys.argv[2], d["host"]["kernel"]
assert d["host"]["vm"]["kernel"] == os.path.realpath(sys.argv[3]), d["host"]["vm"]
P

# a modules tree of another release is refused before any boot
mkdir -p "$T_TMP/other/lib/modules/9.9.9-other"
expect_rc 2 "$DAXBENCH" vm --cache "$T_TMP/cache" --accel tcg \
	--kernel "$tree" --modules "$T_TMP/other/lib/modules/9.9.9-other" \
	-o "$T_TMP/vmout2" -- info --json
expect_match "$rel|9\.9\.9" "$T_ERR" "mismatch named"
t_done
