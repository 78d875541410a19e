#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Debian's kernels from an archive that is partly stale or broken, as
# mirrors, snapshots and caches often are (2026-12: sid's Release had
# expired on the mirror, and every kernel failed). The test builds its
# own signed archive in a directory, with a key made here, and reads it
# with apt's Valid-Until check on and the host's apt.conf.d out of the
# way, as on a fresh machine:
# - trixie-backports current, holding linux-image-9.9; sid signed but
#   expired, holding linux-image-9.8; no other suite;
#   '--debian-kernel 9.9' resolves from trixie-backports, 9.8 from sid
#   (an expired suite is still read), each with one note per suite that
#   is not fine; the lists are read once, apt's noise is not shown;
# - every suite broken (unknown key, bad hash, no Release): exit 4,
#   naming each suite and why;
# - 'vm --fetch' prints the package a version resolved to.
. "${top_srcdir}/tests/lib.sh"

for t in gpg dpkg-deb apt-get; do
	command -v "$t" >/dev/null || skip "$t not found (apt-get install gnupg dpkg apt)"
done

. "${top_srcdir}/tests/vm/archive.sh"
archive_keys
# a second key, not trusted
mkdir -p "$T_TMP/keys2"
chmod 700 "$T_TMP/keys2"
gpg --batch --quiet --homedir "$T_TMP/keys2" --passphrase '' \
	--quick-gen-key 'stranger <x@daxbench>' ed25519 sign never

# deb NAME VERSION REL: a kernel package daxbench can unpack
deb() {
	d=$T_TMP/pkg/$1
	mkdir -p "$d/DEBIAN" "$d/boot" "$d/lib/modules/$3"
	printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: t <t@t>\nDescription: test kernel\n' \
		"$1" "$2" >"$d/DEBIAN/control"
	echo "not a kernel" >"$d/boot/vmlinuz-$3"
	for c in FS_DAX LIBNVDIMM BLK_DEV_PMEM X86_PMEM_LEGACY VIRTIO_BLK \
		VIRTIO_PCI BLK_DEV_INITRD; do
		echo "CONFIG_$c=y"
	done >"$d/boot/config-$3"
	dpkg-deb -b -Zgzip "$d" "$T_TMP/$1.deb" >/dev/null
}
deb linux-image-9.9.0-1-cloud-amd64-unsigned 9.9.0-1 9.9.0-1-cloud-amd64
deb linux-image-9.8.0-1-cloud-amd64-unsigned 9.8.0-1 9.8.0-1-cloud-amd64

good=$T_TMP/good
archive_suite "$good" trixie-backports -1 7 \
	"$T_TMP/linux-image-9.9.0-1-cloud-amd64-unsigned.deb"
archive_suite "$good" sid -40 -30 \
	"$T_TMP/linux-image-9.8.0-1-cloud-amd64-unsigned.deb"
expired=$(date -u -d '-30 days' +%Y-%m-%d)

# fetch CACHE MIRROR ARGS...: daxbench vm --fetch, output in $T_OUT/$T_ERR
fetch() {
	c=$1 m=$2
	shift 2
	DAXBENCH_DEBIAN_MIRROR=file:$m $DAXBENCH vm --cache "$c" --fetch "$@"
}

cache=$T_TMP/cache
if expect_rc 0 fetch "$cache" "$good" --debian-kernel 9.9; then
	expect_match '^9\.9	linux-image-9\.9\.0-1-cloud-amd64-unsigned	linux-image-9\.9\.0-1-cloud-amd64-unsigned$' \
		"$T_OUT" "9.9: the package it resolved to, and its directory"
	expect_match "9\.9\.0-1 from trixie-backports" "$T_ERR" \
		"9.9: from the current suite"
	expect_match "note: Debian's sid: its Release expired on $expired .*signatures and hashes are still checked" \
		"$T_ERR" "the note on sid names the date"
	expect_match "note: Debian's bookworm: left out: " "$T_ERR" \
		"a suite that cannot be read is left out, with a note"
	[ "$(grep -c "Debian's sid:" "$T_TMP/err")" -eq 1 ] && ok "one note on sid" ||
		fail "one note on sid: $T_ERR"
	# apt's own words stay in the cache's update.log
	if grep -qE '^(W|E|N): |unsandboxed' "$T_TMP/err"; then
		fail "apt's noise shown: $T_ERR"
	else ok "apt's noise not shown"; fi
fi
# an expired suite is still read, and the lists are read once
if expect_rc 0 fetch "$cache" "$good" --debian-kernel 9.8; then
	expect_match "9\.8\.0-1 from sid" "$T_ERR" "9.8: from the expired suite"
	case $T_ERR in
	*"reading Debian's kernel lists"* | *note:*)
		fail "the lists read again: $T_ERR" ;;
	*) ok "9.8: the lists read once" ;;
	esac
fi
# --kernels: one line a kernel
if expect_rc 0 fetch "$cache" "$good" --kernels 9.9,9.8; then
	expect_match '^9\.8	linux-image-9\.8\.0-1-cloud-amd64-unsigned	linux-image-9\.8\.0-1-cloud-amd64-unsigned$' \
		"$T_OUT" "--kernels: each item and its package"
fi
# not in any suite that could be read: exit 4, each suite's state named
if expect_rc 4 fetch "$cache" "$good" --debian-kernel 9.7; then
	expect_match 'bookworm: left out: .*trixie-backports: read; sid: its Release expired' \
		"$T_ERR" "9.7: every suite's state"
fi

# every suite broken: trixie-backports signed by a stranger, sid with a
# Packages that does not match its Release, the others without one
bad=$T_TMP/bad
ours=$ARCHIVE_KEYS
ARCHIVE_KEYS=$T_TMP/keys2
archive_suite "$bad" trixie-backports -1 7 \
	"$T_TMP/linux-image-9.9.0-1-cloud-amd64-unsigned.deb"
ARCHIVE_KEYS=$ours
archive_suite "$bad" sid -1 7 "$T_TMP/linux-image-9.8.0-1-cloud-amd64-unsigned.deb"
echo >>"$bad/debian/dists/sid/main/binary-amd64/Packages"
# everything is signed: no gpg-agent of the test's keys outlives it
archive_done
gpgconf --homedir "$T_TMP/keys2" --kill gpg-agent 2>/dev/null || true
if expect_rc 4 fetch "$T_TMP/cache2" "$bad" --debian-kernel 9.9; then
	expect_match '^daxbench vm: --debian-kernel 9\.9: no Debian suite could be read' \
		"$T_ERR" "all broken: the kernel named"
	[ "$(grep -c "note:" "$T_TMP/err")" -eq 0 ] && ok "all broken: no notes besides the error" ||
		fail "all broken: notes besides the error: $T_ERR"
	for s in bookworm bookworm-updates bookworm-security trixie; do
		expect_match "$s: left out: [^;]*(Release|not found|No such file)" \
			"$T_ERR" "$s: why it was left out"
	done
	expect_match 'trixie-backports: left out: [^;]*(NO_PUBKEY|not signed|signature)' \
		"$T_ERR" "trixie-backports: the key"
	expect_match 'sid: left out: [^;]*(Hash Sum mismatch|[Hh]ash|[Ss]ize)' \
		"$T_ERR" "sid: the hash"
fi

# scripts/main fetches every kernel before its first guest: one that
# cannot be had stops the job at once, naming it and why (exit 4)
if awk '$4 ~ /(^|,)dax(=always)?(,|$)/ { f = 1 } END { exit !f }' /proc/mounts; then
	echo "a host DAX mount: scripts/main would run on it, not fetch" >&2
else
	start=$(date +%s)
	set +e
	DAXBENCH_NO_APT=1 DAXBENCH_CACHE=$T_TMP/cache3 \
		DAXBENCH_DEBIAN_MIRROR=file:$good \
		"$top_srcdir/scripts/main" --kernels 9.9,9.7 --fs ext4 --runs 1 \
		-o "$T_TMP/main" >"$T_TMP/main.out" 2>&1
	rc=$?
	set -e
	grep -q '^missing packages' "$T_TMP/main.out" &&
		skip "scripts/main: $(grep '^missing packages' "$T_TMP/main.out")"
	main=$(cat "$T_TMP/main.out")
	[ "$rc" -eq 4 ] && ok "scripts/main exits 4" || fail "scripts/main exited $rc, wanted 4: $main"
	[ $(($(date +%s) - start)) -lt 60 ] && ok "scripts/main fails within 60s" ||
		fail "scripts/main took $(($(date +%s) - start))s to fail"
	expect_match 'linux-image-9\.7\*-cloud-amd64: in no Debian suite' \
		"$main" "scripts/main names the kernel"
	expect_match 'a kernel of .9\.9,9\.7. could not be had' "$main" \
		"scripts/main says it stopped"
	if [ -e "$T_TMP/main/results" ] || grep -q 'guest' "$T_TMP/main.out"; then
		fail "scripts/main went on to the guests: $main"
	else ok "scripts/main stops before the guests"; fi
fi
t_done
