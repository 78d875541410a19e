# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# Sourced by every shell test: strict mode, a scratch directory that is
# removed on exit, and helpers that report each check as a TAP line on
# stdout, which automake's tap-driver.sh counts and names in the log:
# "ok N - what", or "not ok N - what" with the rest of the message as
# "# " lines below it. t_done, the last line of every test, prints the
# plan "1..N". A failure is its "not ok" line, not the exit status (0
# once the plan is out); a test that stops before t_done (set -e) has no
# plan, which the driver reports as an ERROR.
set -eu

: "${DAXBENCH:?DAXBENCH must point at the binary under test}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-test.XXXXXX")
t_cleanup() { rm -rf "$T_TMP"; }
trap t_cleanup EXIT
T_N=0
T_PASS=0
T_FAIL=0
T_NL='
'

# t_line STATUS WHAT: one TAP line; WHAT's first line is its description
# ('#' escaped: it would start a directive), the other lines comments
t_line() {
	T_N=$((T_N + 1))
	t_desc=${2%%"$T_NL"*}
	case $t_desc in
	*'#'*) t_desc=$(printf '%s\n' "$t_desc" | sed 's/#/\\#/g') ;;
	esac
	printf '%s %d%s\n' "$1" "$T_N" "${t_desc:+ - $t_desc}"
	case $2 in
	*"$T_NL"*) printf '%s\n' "${2#*"$T_NL"}" | sed 's/^/# /' ;;
	esac
}

# ok [WHAT], fail WHAT: a check passed, a check failed
ok() { T_PASS=$((T_PASS + 1)); t_line ok "$*"; }
fail() { T_FAIL=$((T_FAIL + 1)); t_line "not ok" "$*"; }

# A missing environment is a skip: before any check the whole test is
# one ("1..0 # SKIP why"); after some, the rest of it is a skipped check
# and those before it stand, a failure among them the test's outcome.
skip() {
	t_why=$(printf '%s' "$*" | tr '\n' ' ')
	if [ "$T_N" -eq 0 ]; then
		echo "1..0 # SKIP $t_why"
		exit 0
	fi
	T_N=$((T_N + 1))
	echo "ok $T_N # SKIP $t_why"
	t_done
	exit 0
}

# expect_rc WANT CMD...: run CMD, keep its stdout/stderr in $T_OUT/$T_ERR
expect_rc() {
	want=$1; shift
	set +e
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	set -e
	# shellcheck disable=SC2034 # T_OUT, T_ERR: read by the sourcing test
	T_OUT=$(cat "$T_TMP/out")
	T_ERR=$(cat "$T_TMP/err")
	t_what "$@"
	if [ "$rc" -ne "$want" ]; then
		fail "$T_WHAT exited $rc, wanted $want; stderr: $T_ERR"
		return 1
	fi
	ok "$T_WHAT exits $want"
}

# t_what CMD...: CMD as a check's name, in T_WHAT: the binary as
# 'daxbench', paths in the trees and the scratch directory short (the
# source tree first: in a build directory its path may be ../ of that)
t_what() {
	T_WHAT="'$*'"
	t_subst "$T_WHAT" "$DAXBENCH" daxbench
	t_subst "$T_WHAT" "$top_srcdir/" ""
	[ -z "${top_builddir:-}" ] || t_subst "$T_WHAT" "$top_builddir/" ""
	t_subst "$T_WHAT" "$T_TMP/" ""
	t_subst "$T_WHAT" "$T_TMP" '$T_TMP'
}

# t_subst TEXT FROM TO: every FROM in TEXT replaced by TO, in T_WHAT
t_subst() {
	t_in=$1 T_WHAT=
	while [ -n "$2" ]; do
		case $t_in in
		*"$2"*)
			T_WHAT=$T_WHAT${t_in%%"$2"*}$3
			t_in=${t_in#*"$2"}
			;;
		*) break ;;
		esac
	done
	T_WHAT=$T_WHAT$t_in
}

# expect_match PATTERN TEXT WHAT
expect_match() {
	if printf '%s\n' "$2" | grep -qE -- "$1"; then ok "$3"; else
		fail "$3: no match for /$1/ in: $2"; fi
}

t_done() {
	echo "1..$T_N"
	echo "# $T_PASS passed, $T_FAIL failed"
}

# The guest tests: skip without QEMU or python3; set $cache (the
# machine's kernel and initramfs cache, filled once by vm-boot.sh) and
# $kpkg (the --debian-kernel option when DAXBENCH_TEST_KERNEL pins one).
# guest_skip WHY: a guest test's environment is missing: a skip, but a
# failure where a guest is required (DAXBENCH_REQUIRE_GUEST=1, as in CI)
guest_skip() {
	if [ "${DAXBENCH_REQUIRE_GUEST:-0}" = 1 ]; then
		fail "DAXBENCH_REQUIRE_GUEST=1 and the guest cannot run: $*"
		t_done
		exit 0
	fi
	skip "$@"
}

need_guest() {
	# configure --disable-guest-tests (make distcheck): asked for, so a
	# skip even where a guest is required
	[ "${DAXBENCH_GUEST_TESTS:-yes}" != no ] ||
		skip "guest tests disabled (configure --disable-guest-tests)"
	command -v "${DAXBENCH_QEMU:-qemu-system-x86_64}" >/dev/null 2>&1 ||
		guest_skip "qemu-system-x86_64 not installed (apt-get install qemu-system-x86)"
	command -v python3 >/dev/null 2>&1 || guest_skip "python3 not installed"
	# the machine's cache, as daxbench vm's own default: packages are
	# downloaded once per machine, not once per build tree
	cache=${DAXBENCH_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/daxbench}
	# shellcheck disable=SC2034 # kpkg: the sourcing test passes it to vm
	kpkg=${DAXBENCH_TEST_KERNEL:+--debian-kernel $DAXBENCH_TEST_KERNEL}
}

# guest_exec OUT LOG WHAT VMOPTION... -- exec sh SCRIPT ARG...: a TCG guest
# ('daxbench vm', the machine's cache, results to OUT) running a guest
# script, its stdout and stderr in LOG.out and LOG.err; a skip without a
# guest kernel, and the check WHAT that the guest exited 0. A failed
# guest's console tail goes into the test's log: the scratch directory
# that holds the console is removed, and a TCG flake is seen once.
guest_exec() {
	ge_out=$1 ge_log=$2 ge_what=$3
	shift 3
	set +e
	"$DAXBENCH" vm --cache "$cache" --accel tcg -o "$ge_out" "$@" \
		>"$ge_log.out" 2>"$ge_log.err"
	ge_rc=$?
	set -e
	skip_without_kernel "$ge_rc" "$ge_log.err"
	if [ "$ge_rc" -eq 0 ]; then
		ok "$ge_what"
	else
		fail "$ge_what: the guest exited $ge_rc: $(tail -n 3 "$ge_log.err")
console (last 60 lines):
$(tail -n 60 "$ge_out/console.log" 2>/dev/null)"
	fi
}

# skip_without_kernel RC ERRFILE: a boot that failed because no guest
# kernel could be fetched (daxbench vm's exit 4: apt-get failed) is a
# skip, not a failure; any other failed boot is the test's failure
skip_without_kernel() {
	if [ "$1" -eq 4 ]; then
		guest_skip "no guest kernel: $(tail -n 1 "$2")"
	fi
}
