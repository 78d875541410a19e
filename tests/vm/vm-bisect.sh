#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# 'daxbench bisect': the exit contract of 'git bisect run', and a whole
# bisection of a git tree, without building or booting a kernel: the
# stand-in make and QEMU of tests/vm/standin.sh play Kbuild and the
# guest, and each commit of the test's tree says what its kernel does
# (its fake-result.json, a file "broken" that fails its build, a file
# "noboot"). The results are synth-result.py's, so the verdicts are
# known: the same samples as the baseline are good, a stall is bad.
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
command -v git >/dev/null 2>&1 ||
	fail "git not installed (scripts/deps.sh installs it for the tests)"
. "${top_srcdir}/tests/vm/standin.sh"
standin_guest
standin_make

synth=$top_srcdir/tests/cli/synth-result.py
python3 "$synth" "$T_TMP/good.json" --seed 7 -n 20 --vm tcg
python3 "$synth" "$T_TMP/stall.json" --seed 7 -n 20 --vm tcg --stall 1
tree=$T_TMP/linux
mkdir -p "$tree/arch/x86"
echo 'mainmenu "fake"' >"$tree/Kconfig"
echo 'config X86' >"$tree/arch/x86/Kconfig"
echo '# the fake tree' >"$tree/Makefile"
cache=$T_TMP/cache
scen=$T_TMP/x.json
echo '{}' >"$scen"

# step CODE WHAT [bisect options]: one step, its exit code checked
step() {
	want=$1 what=$2
	shift 2
	DAXBENCH_QEMU=$T_QEMU expect_rc "$want" "$DAXBENCH" bisect \
		--baseline "$T_TMP/good.json" "$@" --cache "$cache" --accel tcg \
		--kernel-source "$tree" -- run "$scen"
	expect_match "daxbench bisect: $what" "$T_ERR" "a step that is $what says so"
}

cp "$T_TMP/good.json" "$tree/fake-result.json"
step 0 "good: against .*no stall, no regression" -o "$T_TMP/s-good"
[ -f "$T_TMP/s-good/compare.txt" ] && [ -f "$T_TMP/s-good/vm.log" ] &&
	ok "a step keeps vm.log and compare.txt" || fail "step files: $(ls "$T_TMP/s-good")"
cp "$T_TMP/stall.json" "$tree/fake-result.json"
step 1 "bad: against .*a stall or a regression" -o "$T_TMP/s-bad"
: >"$tree/broken"
step 125 "skip: .*error: 'pages' undeclared" -o "$T_TMP/s-broken"
rm "$tree/broken"
: >"$tree/noboot"
step 125 "skip: " -o "$T_TMP/s-noboot"
rm "$tree/noboot"
expect_rc 128 "$DAXBENCH" bisect --kernel-source "$tree" -- run "$scen"
expect_match 'baseline RESULTS is required' "$T_ERR" "no baseline: stop (128)"
expect_rc 128 "$DAXBENCH" bisect --baseline "$T_TMP/good.json" --cache "$cache" \
	-o "$T_TMP/s-usage" --kernel-source "$tree" --pmem 3 -- run "$scen"
expect_match 'stop: ' "$T_ERR" "a vm usage error: stop (128)"

# A whole bisection: c1, c2 good, c3 the first that stalls, c4 stalls.
g() { git -C "$tree" -c user.name=t -c user.email=t@t "$@" >/dev/null 2>&1; }
g init -q
cp "$T_TMP/good.json" "$tree/fake-result.json"
g add -A && g commit -q -m c1
echo 'int x;' >"$tree/a.c"
g add -A && g commit -q -m c2
cp "$T_TMP/stall.json" "$tree/fake-result.json"
g add -A && g commit -q -m c3
bad3=$(git -C "$tree" rev-parse HEAD)
echo 'int y;' >"$tree/b.c"
g add -A && g commit -q -m c4
good1=$(git -C "$tree" rev-list --max-parents=0 HEAD)
DAXBENCH_QEMU=$T_QEMU expect_rc 0 "$DAXBENCH" bisect --tree "$tree" \
	--good "$good1" --bad HEAD --baseline "$T_TMP/good.json" \
	-o "$T_TMP/whole" --cache "$cache" --accel tcg -- run "$scen"
expect_match "^$bad3 is the first bad commit" "$T_OUT" "the whole bisection finds c3"
[ "$(git -C "$tree" rev-parse HEAD)" = "$(git -C "$tree" rev-parse master 2>/dev/null ||
	git -C "$tree" rev-parse main)" ] && ok "git bisect reset: the tree is back" ||
	fail "the tree is left at $(git -C "$tree" rev-parse HEAD)"
[ -d "$T_TMP/whole/$(echo "$bad3" | cut -c1-12)" ] &&
	ok "each step in OUTDIR/<commit>" || fail "steps: $(ls "$T_TMP/whole")"
t_done
