/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-side measurements through tracefs, in a private tracing instance
 * (instances/daxbench-PID) so that the global tracing state is never
 * touched and two daxbench runs do not see each other's events:
 * - busy-page scans: kprobe + kretprobe events on whichever of
 *   dax_layout_busy_page and dax_layout_busy_page_range the kernel lets
 *   us probe, filtered to the op thread (common_pid), clock "mono",
 *   read from the raw per-CPU buffers with nanosecond timestamps
 *   (libtracefs and libtraceevent);
 * - fault mode: fs_dax dax_pmd_fault_done (NOPAGE vs FALLBACK) and
 *   dax_pte_fault_done events while the mapping is faulted in.
 * Everything made is removed by trace_close() or trace_cleanup_all().
 */
#ifndef DAXBENCH_TRACE_H
#define DAXBENCH_TRACE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

struct trace;

/*
 * The release path of a pinned DAX page, probed where the kernel has the
 * symbol (trace_release_syms): the bio's release of its pages, the
 * devmap put hook, the ZONE_DEVICE free, and the wake of a waiter.
 */
#define TRACE_NREL 6
extern const char *const trace_release_syms[TRACE_NREL];

struct trace_counts {
	uint64_t scan_calls; /* outermost busy-page calls */
	uint64_t scan_ns; /* time inside them, summed */
	uint64_t pmd_nopage; /* dax_pmd_fault_done without FALLBACK */
	uint64_t pmd_fallback; /* dax_pmd_fault_done with FALLBACK */
	uint64_t pte; /* dax_pte_fault_done */
	uint64_t lost; /* events the ring buffer dropped */
	/* busy-page calls entered and not returned as the collect ended */
	int open_scans;
	/* outermost calls that returned a busy page (busy_page_fields) */
	uint64_t busy_found;
	/* in: count from here on (nstime_now() time) the scans below */
	uint64_t mark_ns;
	uint64_t scans_after_mark, busy_after_mark;
	/*
	 * The last busy page the op's scans returned before the mark (the
	 * one a stalled op was waiting on): its address, and
	 * its _refcount and _mapcount as the scan returned, when the
	 * kernel's BTF gave their offsets (have_counts).
	 */
	bool have_page, have_counts;
	uint64_t page;
	int32_t page_ref, page_map;
	/* time inside unmap_mapping_pages() within the scans above */
	uint64_t unmap_ns;
	/* release-path calls, and those on the busy page (once known) */
	uint64_t rel_calls[TRACE_NREL], rel_on_page[TRACE_NREL];
};

/**
 * trace_open() - set up the instance. Parts that cannot be had are not an
 * error: @unavailable (an object) gets "busy_scan" or "fault_mode" with
 * the reason, and the matching trace_has_*() is false. @release: probe
 * the release path (trace_release_syms) too; only where something pins,
 * as on 7.x every page the scan's unmap frees fires two of them.
 */
int trace_open(bool busy_scan, bool fault_mode, bool release, pid_t tid,
	       json_t *unavailable, struct trace **t, struct db_err *err);

bool trace_has_busy_scan(const struct trace *t);
bool trace_has_fault_mode(const struct trace *t);

/** trace_has_unmap() - whether the scans' unmap is timed apart. */
bool trace_has_unmap(const struct trace *t);

/** trace_has_release() - whether trace_release_syms[@k] is probed. */
bool trace_has_release(const struct trace *t, int k);

/**
 * trace_release_caps() - {"SYMBOL": true, or why it is not probed} for
 * each of trace_release_syms; {} when busy-page tracing is off.
 */
json_t *trace_release_caps(const struct trace *t);

/** trace_symbols() - the busy-page symbols probed, as a JSON array. */
json_t *trace_symbols(const struct trace *t);

/**
 * trace_page_fields() - where the busy page's counts were read from:
 * {"source", "refcount_offset", "mapcount_offset"}, or JSON null when
 * they were not (capabilities.unavailable.busy_page_counts says why).
 */
json_t *trace_page_fields(const struct trace *t);

/**
 * trace_probe_missed() - the misses kprobe_profile counts, so far, for
 * the busy-page kprobes and kretprobes (a kretprobe that missed a return
 * lost it): -EEXIST when another run's probes have the same names,
 * -ENOENT when ours are not listed.
 */
int trace_probe_missed(const struct trace *t, uint64_t *missed);

/**
 * trace_op_probes() - disarm, or arm again, every probe of ours: the
 * busy-page and unmap ones and the release path's (but those that
 * trace_release_probes() disarmed). Armed, even with nothing recorded,
 * they cost a TCG guest's op some 9%; but each change patches kernel
 * text (some 20 ms in TCG), and TCG then translates the patched pages
 * anew, which costs the next op almost as much again: an op that follows
 * a change is not one to time. 1 when it changed something, 0 when they
 * were so already, -errno (having put back those it had changed).
 */
int trace_op_probes(struct trace *t, bool on);

/**
 * trace_release_probes() - arm the release path's probes, or disarm
 * them while the rest stay as they are: a point without pinners wants
 * none, for on 7.x each fires on every page its scan's unmap frees,
 * which the scan's time would carry. Made only for a sweep that pins
 * (trace_open()'s @release). 1 when kernel text changed (as
 * trace_op_probes(): the next op is not one to time), 0 when nothing
 * did (they were so already, none were made, or all are disarmed: the
 * next arming leaves them as asked), -errno (all put back).
 */
int trace_release_probes(struct trace *t, bool on);

/**
 * trace_release_armed() - the release path has probes (the sweep pins),
 * set armed: -1 when it has none, else 0 or 1.
 */
int trace_release_armed(const struct trace *t);

/** trace_release_calls() - the release-path events @c holds, all probes. */
uint64_t trace_release_calls(const struct trace_counts *c);

/** trace_op_probes_on() - busy scans are traced, and armed now. */
bool trace_op_probes_on(const struct trace *t);

/** trace_faults() - turn fault events on or off (they are many). */
int trace_faults(struct trace *t, bool on);

/**
 * trace_collect() - consume what the buffers hold and add it to @c,
 * events lost to an overflow included (@c->lost).
 */
int trace_collect(struct trace *t, struct trace_counts *c);

/**
 * trace_resolution_ns() - the quantum of the buffers' timestamps, as
 * observed on CLOCK_MONOTONIC (same clocksource); 0 if it never moved.
 */
uint64_t trace_resolution_ns(void);

void trace_close(struct trace *t);

/**
 * trace_peek_page() - the _refcount and _mapcount of the struct page at
 * @page, read by the kernel now (a one-shot kprobe, trace-peek.c); needs
 * the offsets trace_page_fields() reports. -errno with @why on failure.
 */
int trace_peek_page(struct trace *t, uint64_t page, int32_t *ref, int32_t *map,
		    char *why, size_t len);

/**
 * trace_reset_nesting() - forget a busy-page call whose return was never
 * seen (a lost event), so that it cannot swallow the next op's counts.
 */
void trace_reset_nesting(struct trace *t);

/**
 * trace_remove_stale() - remove the instances and kprobes that a killed
 * daxbench left behind (named after a pid that no longer exists); each
 * one removed is appended to @removed as a string. Never touches what a
 * live process owns.
 */
int trace_remove_stale(json_t *removed);

/** trace_cleanup_all() - undo whatever this process set up; idempotent. */
void trace_cleanup_all(void);

#endif
