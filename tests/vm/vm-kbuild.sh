#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 'daxbench vm --kernel-source' without building a kernel: a stand-in
# 'make' first in PATH plays Kbuild (allnoconfig with the fragment
# forced, olddefconfig, bzImage) on a small tree that has a kernel's top
# files, and a stand-in QEMU plays the guest (tests/vm/standin.sh).
# Checked: the patch is applied to a copy, never to the tree; the build
# is cached by its key and never redone; a new patch is a new key; the
# result records the build (host.vm.kernel_build); a fragment line that
# olddefconfig drops, a failed build and a patch that does not apply
# are each named, with their exit codes. The real build of Debian's
# 6.1 source is tests/vm/kbuild-real.sh, outside make check.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
for t in gcc flex bison bc perl patch xz; do
	command -v $t >/dev/null 2>&1 ||
		fail "$t not installed (scripts/deps.sh installs it for the tests)"
done
. "${top_srcdir}/tests/vm/standin.sh"
standin_guest

# The tree: a kernel's top files and one file the patch changes.
tree=$T_TMP/linux
mkdir -p "$tree/arch/x86" "$tree/fs"
echo 'mainmenu "fake"' >"$tree/Kconfig"
echo 'config X86' >"$tree/arch/x86/Kconfig"
echo '# the fake tree' >"$tree/Makefile"
printf 'int dax(void)\n{\n\treturn 0;\n}\n' >"$tree/fs/dax.c"
patch1=$T_TMP/fix-wake.patch
cat >"$patch1" <<'D'
--- a/fs/dax.c
+++ b/fs/dax.c
@@ -1,4 +1,4 @@
 int dax(void)
 {
-	return 0;
+	return 1;
 }
D
sed 's/return 1;/return 2;/' "$patch1" >"$T_TMP/other.patch"
sed 's/return 0;/return 7;/' "$patch1" >"$T_TMP/stale.patch"
before=$(cd "$tree" && find . -type f -exec md5sum {} + | sort)

standin_make

cache=$T_TMP/cache
calls() { wc -l <"$T_TMP/make.calls" 2>/dev/null || echo 0; }

expect_rc 0 "$DAXBENCH" vm --cache "$cache" --kernel-source "$tree" \
	--patch "$patch1" --fetch
expect_match 'building the kernel' "$T_ERR" "a first build is built"
expect_match 'kernel: .*/linux \+ fix-wake.patch \(9.9.9-test\)' "$T_ERR" \
	"the kernel is named by its tree and its patch"
[ "$(calls)" -eq 3 ] && ok "allnoconfig, olddefconfig, bzImage: 3 makes" ||
	fail "make ran $(calls) times: $(cat "$T_TMP/make.calls")"
expect_match 'KCONFIG_ALLCONFIG=.*allnoconfig' "$(head -n 1 "$T_TMP/make.calls")" \
	"the configuration is allnoconfig with the fragment forced"
after=$(cd "$tree" && find . -type f -exec md5sum {} + | sort)
[ "$before" = "$after" ] && ok "the tree itself is untouched" ||
	fail "the tree changed: $(printf '%s\n%s\n' "$before" "$after" | sort | uniq -u)"
json=$(ls "$cache"/kbuild/*/build.json)
key=$(basename "$(dirname "$json")")
expect_match 'return 1;' "$(cat "$cache/kbuild/$key/src/fs/dax.c")" \
	"the build's copy is patched"
rec=$(python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
print(b["key"], b["patches"][0]["sha256"], b["source"]["kind"],
      b["config"]["fragments"][0]["file"].split("/")[-1], b["steps"])
print(b["compiler"])' "$json")
sha=$(sha256sum "$patch1" | cut -d' ' -f1)
expect_match "^$key $sha tree daxbench.config 1\$" "$(echo "$rec" | head -n 1)" \
	"build.json: key, the patch's sha256, the source, the fragment, the steps"
[ "$(echo "$rec" | tail -n 1)" = "$(gcc --version | head -n 1)" ] &&
	ok "build.json: the compiler" || fail "compiler: $(echo "$rec" | tail -n 1)"

# The same again: found, not built.
expect_rc 0 "$DAXBENCH" vm --cache "$cache" --kernel-source "$tree" \
	--patch "$patch1" --fetch
expect_match "kernel build $key: cached" "$T_ERR" "the same build again: cached"
[ "$(calls)" -eq 3 ] && ok "... and make did not run" || fail "make ran again: $(calls)"

# Another patch, or none: other keys, each built.
expect_rc 0 "$DAXBENCH" vm --cache "$cache" --kernel-source "$tree" \
	--patch "$T_TMP/other.patch" --fetch
expect_rc 0 "$DAXBENCH" vm --cache "$cache" --kernel-source "$tree" --fetch
[ "$(ls -d "$cache"/kbuild/*/ | wc -l)" -eq 3 ] && ok "three builds, three keys" ||
	fail "builds: $(ls "$cache/kbuild")"

# A guest of it: the result says what the kernel was built from.
out=$T_TMP/outdir
DAXBENCH_QEMU=$T_QEMU FAKE_TAG=kb expect_rc 0 "$DAXBENCH" vm -q --cache "$cache" \
	--accel tcg --kernel-source "$tree" --patch "$patch1" -o "$out" -- run x.json
if printf '%s\n' "$T_ERR" | grep -q 'not found: apt-get install'; then
	fail "the initramfs cannot be built here: $(printf '%s\n' "$T_ERR" | tail -n 1)"
fi
res=$(ls "$out"/*.json | head -n 1)
got=$(python3 -c '
import json, sys
vm = json.load(open(sys.argv[1]))["host"]["vm"]
b = vm["kernel_build"]
print(vm["kernel"].split("/")[-1], "|", b["key"], b["patches"][0]["sha256"])' "$res")
expect_match "^linux \+ fix-wake.patch \| $key $sha\$" "$got" \
	"the result: host.vm.kernel and host.vm.kernel_build"

# --kernels: a base and its patched build, one directory each.
DAXBENCH_QEMU=$T_QEMU FAKE_TAG=ab expect_rc 0 "$DAXBENCH" vm -q --cache "$cache" \
	--accel tcg --kernels "src:$tree,src:$tree+$patch1" -o "$T_TMP/ab" -- run x.json
[ -d "$T_TMP/ab/linux" ] && [ -d "$T_TMP/ab/linux+fix-wake" ] &&
	ok "--kernels src:TREE,src:TREE+PATCH: linux/ and linux+fix-wake/" ||
	fail "--kernels directories: $(ls "$T_TMP/ab")"

# An A/B in one command: compare-kernels --report on a tree whose kernel
# stalls and its patched twin that does not (the patch swaps the stand-in
# guest's result). --fetch names each kernel's directory; the report sets
# the patched build against the base: the stall gone, exit 0.
abt=$T_TMP/ab-tree
cp -r "$tree" "$abt"
synth=$top_srcdir/tests/cli/synth-result.py
mkdir -p "$T_TMP/abp/a" "$T_TMP/abp/b"
python3 "$synth" "$T_TMP/abp/a/fake-result.json" --seed 7 -n 20 --stall 1
python3 "$synth" "$T_TMP/abp/b/fake-result.json" --seed 7 -n 20
cp "$T_TMP/abp/a/fake-result.json" "$abt/"
(cd "$T_TMP/abp" && diff -u a/fake-result.json b/fake-result.json) >"$T_TMP/fix-result.patch" || true
expect_rc 0 "$DAXBENCH" vm --cache "$cache" --fetch \
	--kernels "src:$abt,src:$abt+$T_TMP/fix-result.patch"
expect_match "^src:.*/ab-tree	src:.*/ab-tree	ab-tree\$" "$T_OUT" "--fetch: the base's directory"
expect_match "^src:.*/ab-tree\\+.*	ab-tree\\+fix-result\$" "$T_OUT" "--fetch: the patched build's directory"
DAXBENCH_QEMU=$T_QEMU expect_rc 0 env DAXBENCH="$DAXBENCH" \
	"$top_srcdir/scripts/compare-kernels" --repeat-runs 2 --report "$T_TMP/ck" \
	"src:$abt,src:$abt+$T_TMP/fix-result.patch" --cache "$cache" --accel tcg \
	-q -- run x.json
expect_match "compare-kernels: report: $T_TMP/ck/report/report.md \\(no regression\\)" \
	"$T_ERR" "compare-kernels --report: the report, no regression"
md=$(cat "$T_TMP/ck/report/report.md" 2>&1)
expect_match '1 point stalls? on base, 0 on new' "$md" "the report: the stall gone with the patch"
n=$(ls "$T_TMP/ck/ab-tree" | wc -l)
[ "$n" -eq 2 ] && ok "two rounds, two results kept (same name: the second beside)" ||
	fail "the base's results: $(ls "$T_TMP/ck/ab-tree")"
expect_match 'New: .*\+ fix-result\.patch' "$md" "the report: the new side is the base + the patch"

# What goes wrong is named, with its exit code.
FAKE_DROP=CONFIG_FS_DAX expect_rc 2 "$DAXBENCH" vm --cache "$cache" \
	--kernel-source "$tree" --patch "$T_TMP/other.patch" \
	--config-fragment /dev/null --fetch
expect_match 'olddefconfig dropped .*CONFIG_FS_DAX=y \(not set\)' "$T_ERR" \
	"a symbol olddefconfig dropped is named (exit 2)"
FAKE_FAIL=1 expect_rc 3 "$DAXBENCH" vm --cache "$cache" --kernel-source "$tree" \
	--config-fragment /dev/null --fetch
expect_match "build failed \(make exit 2\): fs/dax.c:3:9: error: 'pages' undeclared; the whole log: .*/build.log" \
	"$T_ERR" "a failed build: its error and its log (exit 3)"
expect_rc 2 "$DAXBENCH" vm --cache "$cache" --kernel-source "$tree" \
	--patch "$T_TMP/stale.patch" --fetch
expect_match 'stale.patch does not apply to .*linux' "$T_ERR" \
	"a patch that does not apply is named (exit 2)"
expect_rc 2 "$DAXBENCH" vm --cache "$cache" --kernel-source "$T_TMP" --fetch
expect_match 'not a kernel source tree \(no Makefile\)' "$T_ERR" \
	"a directory that is no kernel source (exit 2)"
expect_rc 2 "$DAXBENCH" vm --cache "$cache" --patch "$patch1" --fetch
expect_match '\-\-patch goes with --kernel-source' "$T_ERR" "--patch alone (exit 2)"
expect_rc 2 "$DAXBENCH" vm --cache "$cache" --kernel-source "$tree" \
	--debian-kernel 6.1 --fetch
expect_match 'give one of' "$T_ERR" "two kernels at once (exit 2)"
t_done
