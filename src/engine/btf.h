/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Struct member offsets from the kernel's own BTF (/sys/kernel/btf/vmlinux):
 * what a kprobe fetch-arg needs to read a field of a kernel object
 * without guessing the kernel's layout. Only what that needs is parsed:
 * the type section, its structs and unions, and the names.
 */
#ifndef DAXBENCH_BTF_H
#define DAXBENCH_BTF_H

#include <stddef.h>
#include <stdint.h>

#define BTF_VMLINUX "/sys/kernel/btf/vmlinux"

/**
 * btf_offsets() - the byte offsets in struct @sname of each of @members
 * (found through anonymous unions and structs too), into @offs, from the
 * BTF file @path. @sizes, when not NULL, gets each member's size. 0, or
 * -errno: -ENOENT when the struct or a member is not there, -EINVAL for
 * a file that is not BTF or is cut short, -EOPNOTSUPP for a bitfield.
 */
int btf_offsets(const char *path, const char *sname, const char *const *members,
		size_t n, uint32_t *offs, uint32_t *sizes);

#endif
