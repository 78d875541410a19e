# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
# Sourced by scripts/test and scripts/main: the Debian packages each job
# needs, installed only when missing (apt-get update runs first, once).

DEPS_BUILD="autoconf automake autoconf-archive libtool pkg-config make gcc
libjansson-dev liburing-dev libnuma-dev libtracefs-dev libtraceevent-dev
zlib1g-dev"
# the VM lab: QEMU, a static busybox for the guest, tools to build the
# initramfs and the guest filesystems
DEPS_VM="qemu-system-x86 busybox-static cpio kmod e2fsprogs xfsprogs xz-utils zstd"
# groff-base: tests/cli/man.sh renders every man page; chromium:
# tests/cli/report-html.sh loads report.html in it, headless; bsdutils:
# script(1), the terminal of the live-progress tests (essential, listed
# all the same); python3-jsonschema, python3-yaml: tests/cli/export.sh
# validates the KCIDB export against kcidb-io's schema and parses the
# LAVA test definition; gnupg: tests/vm/vm-apt.sh signs an archive of its own;
# the kernel build's tools: tests/vm/vm-kbuild.sh checks for them; git:
# tests/vm/vm-bisect.sh bisects a tree of its own
# building a lab kernel from source (daxbench vm --kernel-source): Kbuild's
# tools, libelf for objtool, libssl for the certificate tools, ccache
DEPS_KBUILD="make gcc flex bison bc perl patch xz-utils libelf-dev libssl-dev
ccache"
DEPS_TEST="gnuplot-nox python3 clang cppcheck clang-tools groff-base chromium bsdutils
python3-jsonschema python3-yaml gnupg git $DEPS_VM $DEPS_KBUILD"
DEPS_MAIN="gnuplot-nox $DEPS_VM"

deps_missing() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || echo "$p"
	done
}

# deps_install build|test|main|kbuild ...: install the union of those lists
deps_install() {
	want=""
	for set in "$@"; do
		case $set in
		build) want="$want $DEPS_BUILD" ;;
		test) want="$want $DEPS_TEST" ;;
		main) want="$want $DEPS_MAIN" ;;
		kbuild) want="$want $DEPS_KBUILD" ;;
		esac
	done
	# shellcheck disable=SC2086
	missing=$(deps_missing $want | tr '\n' ' ')
	[ -n "${missing# }" ] || return 0
	if [ "${DAXBENCH_NO_APT:-0}" = 1 ]; then
		echo "missing packages (DAXBENCH_NO_APT=1): $missing" >&2
		return 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages: $missing; run as root or: sudo apt-get install $missing" >&2
		return 1
	fi
	echo "installing: $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
}
