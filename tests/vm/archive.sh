# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# Sourced by the tests that read Debian's kernels from an archive of
# their own (vm-apt.sh, vm-bisect-deb.sh): archive_keys makes a signing
# key ($ARCHIVE_KEYS) and an apt configuration as a fresh machine has
# it (no apt.conf.d of the host, Valid-Until checked, that key alone
# trusted: APT_CONFIG is exported); archive_suite signs a suite.

archive_keys() {
	ARCHIVE_KEYS=$T_TMP/keys
	mkdir -p "$ARCHIVE_KEYS" "$T_TMP/trusted" "$T_TMP/apt.conf.d"
	chmod 700 "$ARCHIVE_KEYS"
	gpg --batch --quiet --homedir "$ARCHIVE_KEYS" --passphrase '' \
		--quick-gen-key 'daxbench test <test@daxbench>' ed25519 sign never
	gpg --batch --quiet --homedir "$ARCHIVE_KEYS" --export \
		>"$T_TMP/trusted/daxbench-test.gpg"
	cat >"$T_TMP/apt.conf" <<A
Dir::Etc::Parts "$T_TMP/apt.conf.d/";
Dir::Etc::TrustedParts "$T_TMP/trusted/";
Dir::Etc::Trusted "$T_TMP/trusted/none.gpg";
Acquire::Check-Valid-Until "true";
A
	export APT_CONFIG="$T_TMP/apt.conf"
}

# archive_rfc DAYS: a Release date DAYS from now
archive_rfc() { LC_ALL=C date -u -d "$1 days" '+%a, %d %b %Y %H:%M:%S UTC'; }

# archive_suite ROOT SUITE DATE VALID DEB...: one suite holding the DEBs,
# its Release dated DATE days from now and valid until VALID days from
# now, signed with $ARCHIVE_KEYS (another key directory if set so)
archive_suite() {
	root=$1/debian suite=$2 date=$3 valid=$4
	shift 4
	pool=pool/main/l
	p=main/binary-amd64/Packages
	mkdir -p "$root/$pool" "$root/dists/$suite/main/binary-amd64"
	: >"$root/dists/$suite/$p"
	for d; do
		cp "$d" "$root/$pool/"
		{
			dpkg-deb -f "$d" Package Version Architecture Maintainer Description
			echo "Filename: $pool/$(basename "$d")"
			echo "Size: $(stat -c %s "$d")"
			echo "SHA256: $(sha256sum "$d" | cut -d' ' -f1)"
			echo
		} >>"$root/dists/$suite/$p"
	done
	{
		echo "Origin: Debian"
		echo "Suite: $suite"
		echo "Codename: $suite"
		echo "Date: $(archive_rfc "$date")"
		echo "Valid-Until: $(archive_rfc "$valid")"
		echo "Architectures: amd64"
		echo "Components: main"
		echo "SHA256:"
		echo " $(sha256sum "$root/dists/$suite/$p" | cut -d' ' -f1) $(stat -c %s "$root/dists/$suite/$p") $p"
	} >"$root/dists/$suite/Release"
	gpg --batch --quiet --homedir "$ARCHIVE_KEYS" --clearsign \
		-o "$root/dists/$suite/InRelease" "$root/dists/$suite/Release"
}

# archive_done: no gpg-agent of the test's keys outlives it
archive_done() {
	gpgconf --homedir "$ARCHIVE_KEYS" --kill gpg-agent 2>/dev/null || true
}
