#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The guest's output snapshots (scripts/guest-init), with no guest: its
# snapshot functions, as the file has them, run under busybox sh in a
# chroot that stands in for the guest's root (/tmp, /results, the
# transfer disk as a file). Two snapshots at once, as hung() and the
# watcher can take them, must run one after the other: each writes its
# slot and then its record, and each record names its own data.
. "${top_srcdir}/tests/lib.sh"

bb=$(command -v busybox) || skip "busybox not installed (apt-get install busybox-static)"
[ "$(id -u)" -eq 0 ] || skip "chroot needs root"
init=$top_srcdir/scripts/guest-init
root=$T_TMP/root
mkdir -p "$root/bin" "$root/tmp" "$root/results" \
	"$root/daxbench-vm" "$root/dev"
cp "$bb" "$root/bin/busybox"
chroot "$root" /bin/busybox --install -s /bin 2>/dev/null ||
	skip "$bb does not run in a chroot (not the static busybox?)"
# the guest has devtmpfs; the snapshots send dd's chatter to /dev/null
mknod -m 666 "$root/dev/null" c 1 3 && chroot "$root" /bin/sh -c ': >/dev/null' ||
	skip "no /dev/null in the chroot: mknod fails under $T_TMP (nodev?)"

# the layout of the transfer disk and the snapshot functions, as they
# are in the guest's /init
{
	echo 'XFER=/xfer'
	grep -E '^OUT_[A-Z0-9_]+=' "$init"
	sed -n '/^# Output snapshots/,/^# The arguments/p' "$init" | sed '$d'
} >"$root/snap.sh"
grep -q '^snapshot() {' "$root/snap.sh" && ok "snapshot() cut out of guest-init" ||
	fail "no snapshot() between '# Output snapshots' and '# The arguments' in $init"

echo '{"a": 1}' >"$root/results/a.json"
echo out >"$root/daxbench-vm/stdout"

# tar is slow, so that the second snapshot starts while the first is
# in it; tar and dd log each step with the snapshot's name ($who).
# Functions, as busybox sh runs some applets (dd) before any in PATH.
set +e
chroot "$root" /bin/sh -c '
	. /snap.sh
	tar() { echo "tar $who" >>/log; sleep 1; busybox tar "$@"; }
	dd() { echo "dd $who" >>/log; busybox dd "$@"; }
	(who=A; snapshot) &
	sleep 0.2
	who=B
	snapshot
	b=$?
	wait $!
	a=$?
	echo "rc $a $b"
	# the lock is free again: a third one at once
	who=C
	snapshot
	echo "rc3 $?"
	' >"$T_TMP/out" 2>&1
rc=$?
set -e
[ "$rc" -eq 0 ] && ok "the chroot's sh exits 0" || fail "the chroot's sh exited $rc: $(cat "$T_TMP/out")"
expect_match '^rc 0 0$' "$(cat "$T_TMP/out")" "both snapshots succeeded"
expect_match '^rc3 0$' "$(cat "$T_TMP/out")" "a third one after them"

# each snapshot is tar, dd (the slot), dd (the record), all of it before
# the next one starts
steps=$(tr '\n' ' ' <"$root/log")
[ "$steps" = "tar A dd A dd A tar B dd B dd B tar C dd C dd C " ] && ok "snapshots one at a time" ||
	fail "snapshots overlapped: $steps"

# the records: the newest is 3, in slot 1; slot 0 holds 2; each names
# its own slot's data (length and crc32)
chroot "$root" /bin/sh -c '
	. /snap.sh
	for s in 0 1; do
		set -- $(dd if=/xfer bs=512 count=1 \
			skip=$(((OUT_REC0 + s * 65536) / 512)) 2>/dev/null | head -n 1)
		crc=$(dd if=/xfer bs=65536 count=$(($3 / 65536 + 1)) \
			skip=$(((OUT_SLOT0 + s * OUT_SLOT_SIZE) / 65536)) 2>/dev/null |
			head -c "$3" | crc32)
		echo "slot $s seq $2 crc $([ "$crc" = "$4" ] && echo ok || echo "$crc != $4")"
	done' >"$T_TMP/rec" 2>&1 || true
expect_match '^slot 0 seq 2 crc ok$' "$(cat "$T_TMP/rec")" "slot 0"
expect_match '^slot 1 seq 3 crc ok$' "$(cat "$T_TMP/rec")" "slot 1"

# a holder that never lets go (a wedged snapshot) costs the next one 5s
# and a message, not the rest of the guest's time
chroot "$root" /bin/sh -c '
	. /snap.sh
	mkdir /tmp/snap.lock
	snapshot
	echo "rc $?"' >"$T_TMP/held" 2>&1 || true
expect_match '^daxbench-vm: snapshot: another one still runs after 5s$' \
	"$(cat "$T_TMP/held")" "a lock held for good"
expect_match '^rc 1$' "$(cat "$T_TMP/held")" "a lock held for good: the snapshot fails"
t_done
