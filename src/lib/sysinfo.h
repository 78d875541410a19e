/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What this machine and target can do: the facts 'info' prints and every
 * result records (host, target, capabilities). Each probe that says "no"
 * says why, as data: { "...": false } plus "unavailable": { key: reason }.
 */
#ifndef DAXBENCH_SYSINFO_H
#define DAXBENCH_SYSINFO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/**
 * sysinfo_host() - daxbench-result(5) "host": kernel {release, version,
 * cmdline}, cpu, cpus, memory_bytes, numa_nodes, timer_overhead_ns
 * (measured now), thp, and "vm": null on bare metal; inside 'daxbench vm' the guest's
 * init exports DAXBENCH_VM_ACCEL, DAXBENCH_VM_QEMU, DAXBENCH_VM_PMEM_BYTES
 * and DAXBENCH_VM_KERNEL (package or path), and "vm" is built from them
 * ({"accel","qemu","pmem_bytes","kernel"}).
 */
json_t *sysinfo_host(void);

/**
 * sysinfo_target() - daxbench-result(5) "target" for directory @dir: path, fs,
 * device, mount_options, dax (statx STATX_ATTR_DAX on a probe file made
 * with O_EXCL and removed, or the mount's dax option), free_bytes.
 */
int sysinfo_target(const char *dir, json_t **target, struct db_err *err);

/**
 * sysinfo_dax_hint() - what to do about a @target (sysinfo_target()) that
 * is not DAX, for people ("tmpfs has no DAX: ..."), or NULL when there is
 * nothing to add to the reason in target.unavailable.dax.
 */
const char *sysinfo_dax_hint(const json_t *target);

/**
 * sysinfo_capabilities() - tracefs (mounted and writable), the
 * busy_page_symbols listed in available_filter_functions, fs_dax_events,
 * io_uring, numa; "unavailable" maps each missing one to its reason.
 */
json_t *sysinfo_capabilities(void);

/*
 * The busy-page functions a layout break scans through, in a fixed order
 * (results list them so); dax_break_layout*() (6.15+) calls them too.
 */
/**
 * sysinfo_kallsyms_find() - which of @names (@n of them) /proc/kallsyms
 * lists, modules' symbols too: @found[i] is set for each, left alone for
 * the rest. 0, or the -errno of opening it.
 */
int sysinfo_kallsyms_find(const char *const *names, size_t n, bool *found);

#define SYSINFO_NBUSY_SYMS 2
extern const char *const sysinfo_busy_syms[SYSINFO_NBUSY_SYMS];

/** sysinfo_tracefs_path() - the tracefs mount point, or NULL. */
const char *sysinfo_tracefs_path(void);

#endif
