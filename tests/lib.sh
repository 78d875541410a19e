# SPDX-License-Identifier: GPL-2.0-only
# Sourced by every shell test: strict mode, a scratch directory that is
# removed on exit, and helpers that fail with a message.
set -eu

: "${DAXBENCH:?DAXBENCH must point at the binary under test}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-test.XXXXXX")
t_cleanup() { rm -rf "$T_TMP"; }
trap t_cleanup EXIT
T_PASS=0
T_FAIL=0

fail() { echo "FAIL: $*" >&2; T_FAIL=$((T_FAIL + 1)); }
ok() { T_PASS=$((T_PASS + 1)); }
# a missing environment is a skip, but never after a check already failed:
# that failure is the test's outcome
skip() {
	if [ "$T_FAIL" -gt 0 ]; then
		echo "FAIL: $T_FAIL check(s) failed before the skip ($*)" >&2
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}

# expect_rc WANT CMD...: run CMD, keep its stdout/stderr in $T_OUT/$T_ERR
expect_rc() {
	want=$1; shift
	set +e
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	set -e
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
	if [ "$rc" -ne "$want" ]; then
		fail "'$*' exited $rc, wanted $want; stderr: $T_ERR"
		return 1
	fi
	ok
}

# expect_match PATTERN TEXT WHAT
expect_match() {
	if printf '%s\n' "$2" | grep -qE -- "$1"; then ok; else
		fail "$3: no match for /$1/ in: $2"; fi
}

t_done() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}

# The guest tests: skip (77) without QEMU or python3; set $cache (the
# machine's kernel and initramfs cache, filled once by vm-boot.sh) and
# $kpkg (the --debian-kernel option when DAXBENCH_TEST_KERNEL pins one).
# guest_skip WHY: a guest test's environment is missing: a skip, but a
# failure where a guest is required (DAXBENCH_REQUIRE_GUEST=1, as in CI)
guest_skip() {
	if [ "${DAXBENCH_REQUIRE_GUEST:-0}" = 1 ]; then
		echo "FAIL: DAXBENCH_REQUIRE_GUEST=1 and the guest cannot run: $*" >&2
		exit 1
	fi
	skip "$@"
}

need_guest() {
	command -v "${DAXBENCH_QEMU:-qemu-system-x86_64}" >/dev/null 2>&1 ||
		guest_skip "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)"
	command -v python3 >/dev/null 2>&1 || guest_skip "python3 not installed"
	# the machine's cache, as daxbench vm's own default: packages are
	# downloaded once per machine, not once per build tree
	cache=${DAXBENCH_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/daxbench}
	kpkg=${DAXBENCH_TEST_KERNEL:+--debian-kernel $DAXBENCH_TEST_KERNEL}
}

# skip_without_kernel RC ERRFILE: a boot that failed because no guest
# kernel could be fetched (daxbench vm's exit 4: apt-get failed) is a
# skip, not a failure; any other failed boot is the test's failure
skip_without_kernel() {
	if [ "$1" -eq 4 ]; then
		guest_skip "no guest kernel: $(tail -n 1 "$2")"
	fi
}
