#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The real build, outside make check (it takes a quarter of an hour on
# two cores): Debian's linux-source-6.1 built with the lab's fragment and
# the team's fix, then booted; the same again must come from the cache,
# without make. Run it before resolving a change to the build:
#
#     make -C BUILD check-kbuild
#
# DAXBENCH_KBUILD_CACHE names a cache to keep builds in between runs
# (default: a fresh one, so that the first build is measured).
. "${top_srcdir}/tests/lib.sh"

[ "${DAXBENCH_KBUILD_REAL:-0}" = 1 ] ||
	skip "the real kernel build runs with DAXBENCH_KBUILD_REAL=1 (15 minutes)"
need_guest
cache=${DAXBENCH_KBUILD_CACHE:-$T_TMP/cache}
patch=$top_srcdir/contrib/patches/6.1-bio-release-wake.patch

t0=$(date +%s)
expect_rc 0 "$DAXBENCH" vm --cache "$cache" --accel tcg --timeout 5m \
	--kernel-source linux-source-6.1 --patch "$patch" \
	-o "$T_TMP/boot" -- info --json
t1=$(date +%s)
printf '%s\n' "$T_ERR" | grep -E 'building|cached|kernel:' | sed 's/^/# /'
echo "# build and boot: $((t1 - t0)) s"
expect_match 'kernel: linux-source-6.1 6.1.[0-9]+-[0-9]+ \+ 6.1-bio-release-wake.patch' \
	"$T_ERR" "the kernel is named by its source and its patch"
python3 - "$T_OUT" <<'P' && ok "the guest is the lab kernel, on ext4-DAX" ||
import json, sys
j = json.loads(sys.argv[1])
assert j["host"]["kernel"]["release"].startswith("6.1."), j["host"]["kernel"]
assert j["target"]["dax"] is True, j["target"]
P
	fail "the guest's info: $(printf '%s\n' "$T_OUT" | head -c 400)"

expect_rc 0 "$DAXBENCH" vm --cache "$cache" --accel tcg \
	--kernel-source linux-source-6.1 --patch "$patch" --fetch
expect_match 'cached \(built in' "$T_ERR" "the second time: from the cache"
t_done
