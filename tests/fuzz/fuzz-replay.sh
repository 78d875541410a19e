#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Replay every fuzz target's seed corpus and every crash a fuzzer ever
# found (tests/fuzz/regressions/TARGET/) through the plain build of that
# target (tests/fuzz/driver.c in place of libFuzzer), under the
# sanitizers this build has. A regression that comes back aborts its
# target; the input counts prove that the files were really fed.
. "${top_srcdir}/tests/lib.sh"

: "${top_builddir:?top_builddir must point at the build tree}"
F=$top_srcdir/tests/fuzz
# seeds per target: its own corpus, plus the shipped files it reads
seeds() {
	case $1 in
	scenario | jsonpos)
		echo "$F/corpus/$1 $top_srcdir/tests/data $top_srcdir/scenarios $top_srcdir/scenarios/small $top_srcdir/tests/vm/guest" ;;
	*) echo "$F/corpus/$1" ;;
	esac
}
# files the driver will read under the given dirs (no dot files)
nfiles() { find "$@" -maxdepth 1 -type f ! -name '.*' | wc -l; }

for t in scenario result jsonpos units; do
	bin=$top_builddir/tests/fuzz/fuzz_$t
	[ -x "$bin" ] || { fail "$bin: not built"; continue; }
	dirs="$(seeds $t) $F/regressions/$t"
	# shellcheck disable=SC2086
	nin=$(nfiles $dirs)
	[ "$nin" -gt 0 ] || fail "$t: no seeds"
	# shellcheck disable=SC2086
	expect_rc 0 "$bin" $dirs || continue
	expect_match "^replayed $nin inputs\$" "$T_OUT" "$t: input count"
done

# The driver counts exactly what it was given, and a missing input is
# an error, not a silent pass.
printf '2MiB' >"$T_TMP/one"
expect_rc 0 "$top_builddir/tests/fuzz/fuzz_units" "$T_TMP/one"
expect_match '^replayed 1 inputs$' "$T_OUT" "single file"
expect_rc 1 "$top_builddir/tests/fuzz/fuzz_units" "$T_TMP/missing"
t_done
