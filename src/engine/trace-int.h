/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What trace.c (setting up the instance and its events) and trace-read.c
 * (reading the raw ring buffers back) share: the trace itself.
 */
#ifndef DAXBENCH_TRACE_INT_H
#define DAXBENCH_TRACE_INT_H

#include <event-parse.h>
#include <stdbool.h>
#include <stdint.h>
#include <tracefs.h>

#include "sysinfo.h"
#include "trace.h"

enum { TRACE_ENTRY, TRACE_RETURN };

/* One CPU's raw buffer, and the event it is at while a collect merges. */
struct trace_cpu {
	struct tracefs_cpu *tcpu;
	struct kbuffer *kbuf;
	void *page;
	void *ev; /* NULL: nothing unread */
	unsigned long long ts;
};

struct trace {
	struct tracefs_instance *inst; /* instances/daxbench-PID */
	struct tep_handle *tep; /* formats of the events below */
	char root[4096]; /* tracefs */
	char group[64]; /* kprobe group: daxbench_PID */
	/* per busy-page symbol: its kprobe and kretprobe, when made */
	struct tracefs_dynevent *probe[SYSINFO_NBUSY_SYMS][2];
	int busy_id[SYSINFO_NBUSY_SYMS][2]; /* their event ids, or -1 */
	/* the kretprobes' fetch-args: $retval, and what it points to */
	struct tep_format_field *ret[SYSINFO_NBUSY_SYMS];
	struct tep_format_field *ref[SYSINFO_NBUSY_SYMS];
	struct tep_format_field *map[SYSINFO_NBUSY_SYMS];
	int ref_off, map_off; /* in struct page, from BTF; -1: unknown */
	/* trace-release.c: the release path, and the unmap inside a scan */
	struct tracefs_dynevent *rel_probe[TRACE_NREL];
	int rel_id[TRACE_NREL];
	struct tep_format_field *rel_arg[TRACE_NREL];
	char rel_why[TRACE_NREL][160]; /* why a probe was not made */
	struct tracefs_dynevent *unmap_probe[2];
	int unmap_id[2];
	int unmap_depth;
	uint64_t unmap_start_ns;
	int pmd_id, pte_id; /* fs_dax fault events, or -1 */
	bool busy, faults;
	bool disarmed; /* our probes, by trace_op_probes() */
	bool rel_off; /* release probes, by trace_release_probes() */
	/* busy-page nesting as the events replay, reset per op */
	int depth;
	uint64_t scan_start_ns;
	struct trace_seq seq; /* renders a pmd fault's result flags */
	struct trace_cpu *cpus;
	int ncpu;
	uint64_t overruns; /* events lost as of the last collect */
	bool overruns_unread; /* no per-CPU stats: count what pages say */
};

/* trace-release.c, for trace.c: each probe's own enable, by kind */
int trace_release_enable(struct trace *t, bool on);
int trace_unmap_enable(struct trace *t, bool on);

/* trace.c, for trace-release.c */
int trace_make_probe(struct trace *t, const char *ev, const char *sym, int kind,
		     const char *fmt, struct tracefs_dynevent **out, char *why,
		     size_t len);
void trace_drop_probe(struct tracefs_dynevent **d);
int trace_event_enable(struct trace *t, const char *ev, bool on);
int trace_filter_pid(struct trace *t, const char *system, const char *event,
		     pid_t tid);
int trace_event_id(struct tep_handle *tep, const char *sys, const char *ev);

/*
 * trace-formats.c: a tep handle (*@out) with the formats of the events a
 * run reads: every event of kprobe group @group (NULL: none) and, with
 * @faults, fs_dax's two fault_done events. Returns 0 or -errno.
 */
int trace_formats(const char *root, const char *group, bool faults,
		  struct tep_handle **out);
/*
 * trace_instance_new() - instances/@name under @root, made by us (without
 * record-cmd's patching of __schedule) and opened; -errno.
 */
int trace_instance_new(const char *root, const char *name,
		       struct tracefs_instance **out);

/*
 * trace-release.c: probes besides the busy-page ones, made in the same
 * group while the busy-page probes are (trace_open_release), their ids
 * once the formats are loaded (trace_release_ids), their events as the
 * buffers replay (trace_release_event: false for an event not theirs).
 */
void trace_open_release(struct trace *t, bool release, pid_t tid,
			json_t *unavailable);
void trace_release_ids(struct trace *t);
bool trace_release_event(struct trace *t, int id, struct tep_record *rec,
			 struct trace_counts *c);
void trace_remove_release(struct trace *t);

/* trace_read_open() - open every CPU's raw buffer; -errno. */
int trace_read_open(struct trace *t);
void trace_read_close(struct trace *t);

#endif
