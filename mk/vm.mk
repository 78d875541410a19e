# SPDX-License-Identifier: GPL-2.0-only
# daxbench vm: the QEMU runner module and command, the guest's /init, the
# kernel comparison wrapper, their tests and man page.
# zlib's crc32 (vm-int.h); in the guest, initramfs finds libz with ldd
AM_CFLAGS += $(ZLIB_CFLAGS)
LDADD += $(ZLIB_LIBS)
dist_pkglibexec_SCRIPTS += scripts/guest-init scripts/compare-kernels
# the lab kernel's configuration fragment (--kernel-source)
kconfigdir = $(pkgdatadir)/kconfig
dist_kconfig_DATA = kconfig/daxbench.config kconfig/btf.config
AM_TESTS_ENVIRONMENT += \
	DAXBENCH_GUEST_INIT='$(abs_top_srcdir)/scripts/guest-init'; \
	export DAXBENCH_GUEST_INIT; \
	DAXBENCH_GUEST_TESTS='$(GUEST_TESTS)'; export DAXBENCH_GUEST_TESTS;
# make distcheck checks the tarball with the host tests: each guest test
# boots QEMU TCG guests for minutes, and make check runs them all
AM_DISTCHECK_CONFIGURE_FLAGS = --disable-guest-tests

check_PROGRAMS += tests/unit/vm_test
TESTS += tests/unit/vm_test tests/vm/vm-cli.sh tests/vm/vm-boot.sh
EXTRA_DIST += tests/vm/vm-cli.sh tests/vm/vm-boot.sh
# guest-init's snapshots, one at a time, under busybox sh in a chroot
TESTS += tests/vm/vm-snapshot.sh
EXTRA_DIST += tests/vm/vm-snapshot.sh
# what a guest brings back into an OUTDIR used before, with a stand-in QEMU
TESTS += tests/vm/vm-outdir.sh
EXTRA_DIST += tests/vm/vm-outdir.sh tests/vm/standin.sh tests/vm/archive.sh
# compare-kernels --scenario-timeout: a fresh guest after a wedge, with a
# stand-in 'daxbench vm'
TESTS += tests/vm/vm-in-turn.sh
EXTRA_DIST += tests/vm/vm-in-turn.sh
# --kernel-source with a stand-in make and QEMU: the cache key, the
# copy that is patched, the fragment check, build.json and the result
TESTS += tests/vm/vm-kbuild.sh
EXTRA_DIST += tests/vm/vm-kbuild.sh
# daxbench bisect: git bisect run's exit contract, and a whole bisection
# of a git tree whose commits say what their stand-in kernels do
TESTS += tests/vm/vm-bisect.sh tests/vm/vm-bisect-deb.sh
EXTRA_DIST += tests/vm/vm-bisect.sh tests/vm/vm-bisect-deb.sh
# the real build of Debian's 6.1 with the team's fix, booted: a quarter
# of an hour, so outside make check; run it before resolving a change to
# the build ('make check-kbuild')
EXTRA_DIST += tests/vm/kbuild-real.sh
check-kbuild:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS=tests/vm/kbuild-real.sh \
		DAXBENCH_KBUILD_REAL=1
.PHONY: check-kbuild
tests_unit_vm_test_SOURCES = tests/unit/vm_test.c
# vm-int.h: vm_place(), the move into OUTDIR
tests_unit_vm_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit \
	-I$(top_srcdir)/src
# the guest kernels and initramfs images the tests fetch and build
clean-local: clean-local-vm
clean-local-vm:
	-rm -rf vm-cache vm-test-out vm-hung-out vm-split-out vm-progress-out
.PHONY: clean-local-vm

dist_man_MANS += man/daxbench-vm.1 man/daxbench-bisect.1

# a run that does not end: the guest's deadline watcher, its stack dump
# and HUNG marker, and what the host makes of the result (after vm-boot,
# which fetches the kernel)
TESTS += tests/vm/vm-hung.sh
EXTRA_DIST += tests/vm/vm-hung.sh tests/vm/guest/hung-result.sh \
	tests/vm/guest/hung-result.json tests/vm/guest/hang-op.json
tests/vm/vm-hung.log: tests/vm/vm-boot.log
# Debian's kernels from a signed archive the test builds, partly expired
# and partly broken, read as on a fresh machine (no guest booted)
TESTS += tests/vm/vm-apt.sh
# it runs scripts/main (which sources deps.sh) up to the failed fetch
EXTRA_DIST += tests/vm/vm-apt.sh scripts/main scripts/deps.sh \
	scripts/fresh-check
# the split 7.x packages from bookworm .. sid, through private apt lists
TESTS += tests/vm/vm-split.sh
EXTRA_DIST += tests/vm/vm-split.sh
tests/vm/vm-split.log: tests/vm/vm-boot.log
# shipped into the guest: a process whose leader is a zombie for good
check_PROGRAMS += tests/vm/guest/zombie
tests_vm_guest_zombie_SOURCES = tests/vm/guest/zombie.c
tests_vm_guest_zombie_LDADD = $(PTHREAD_LIBS)
# the guest's progress, live: the host's view of it with a stand-in QEMU
# (terminal, log, stall, silence, job ledger)
TESTS += tests/vm/vm-live.sh
EXTRA_DIST += tests/vm/vm-live.sh
# a real guest's progress lines, on the host before its results (after
# vm-boot, which fetches the kernel)
TESTS += tests/vm/vm-progress.sh
EXTRA_DIST += tests/vm/vm-progress.sh
tests/vm/vm-progress.log: tests/vm/vm-boot.log
