#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The command-line surface: --version, help, unknown commands, exit codes.
. "${top_srcdir}/tests/lib.sh"

expect_rc 0 "$DAXBENCH" --version && expect_match '^daxbench [0-9]+\.[0-9]+' "$T_OUT" "--version"
expect_rc 0 "$DAXBENCH" --help && expect_match 'Commands:' "$T_OUT" "--help"
expect_rc 0 "$DAXBENCH" help && expect_match 'Exit status' "$T_OUT" "help"
expect_rc 2 "$DAXBENCH" && expect_match 'usage: daxbench' "$T_ERR" "no args"
expect_rc 2 "$DAXBENCH" frobnicate && expect_match "'frobnicate' is not a command" "$T_ERR" "unknown command"
expect_rc 2 "$DAXBENCH" help frobnicate && expect_match "unknown command" "$T_ERR" "help unknown"

# Every listed command answers --help and 'help CMD' with its usage.
for cmd in $("$DAXBENCH" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	expect_rc 0 "$DAXBENCH" "$cmd" --help && expect_match "usage: daxbench $cmd" "$T_OUT" "$cmd --help"
	expect_rc 0 "$DAXBENCH" help "$cmd" && expect_match "usage: daxbench $cmd" "$T_OUT" "help $cmd"
done

# A short option means one thing in every command that has it: -f is
# --format (compare, plot, report), so --force (run, compare, report)
# has no short form, and run -f says so rather than forcing.
for cmd in compare plot report; do
	expect_rc 0 "$DAXBENCH" "$cmd" --help && expect_match '^  -f, --format ' "$T_OUT" "$cmd -f"
	expect_rc 2 "$DAXBENCH" "$cmd" -f nosuchformat a b
	expect_match "format: 'nosuchformat' is not" "$T_ERR" "$cmd -f is --format"
done
expect_rc 0 "$DAXBENCH" run --help
if printf '%s\n' "$T_OUT" | grep -qE '^ +-f,'; then fail "run --help lists -f"; else ok "run --help does not list -f"; fi
expect_rc 2 "$DAXBENCH" run -f x.json
expect_match '^daxbench run: -f: write --force .*-f is --format in compare, plot and report' "$T_ERR" "run -f"
for cmd in compare report run; do
	expect_rc 0 "$DAXBENCH" "$cmd" --help && expect_match '^ +--force ' "$T_OUT" "$cmd --force"
done

# Lost output is an error, not a silent success.
if [ -w /dev/full ]; then
	set +e; "$DAXBENCH" --version >/dev/full 2>/dev/null; rc=$?; set -e
	[ "$rc" -eq 3 ] && ok "--version >/dev/full exits 3" || fail "--version >/dev/full exited $rc, wanted 3"
fi
t_done
