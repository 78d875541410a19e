# SPDX-License-Identifier: GPL-2.0-only
# src/vm: the VM lab: kernels from Debian or a tree, the initramfs, QEMU, the
# guest's progress and results.
libdaxbench_a_SOURCES += src/vm/vm-run.c src/vm/vm-hang.c src/vm/vm-util.c \
	src/vm/vm-cpio.c src/vm/vm-qemu.c src/vm/vm-guest.c src/vm/vm-live.c \
	src/vm/vm-xfer.c src/vm/vm-modules.c src/vm/vm-apt.c src/vm/vm-debian.c \
	src/vm/vm-kernel.c src/vm/vm-initramfs.c src/vm/vm-kconfig.c \
	src/vm/vm-kbuild-key.c src/vm/vm-ksrc.c src/vm/vm-kbuild.c \
	src/vm/vm-builds.c
noinst_HEADERS += src/vm/vm.h src/vm/vm-int.h
