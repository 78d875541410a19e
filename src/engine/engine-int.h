/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The engine's private state of one point, shared by engine.c (the
 * point's life: setup, the op loop, teardown) and engine-json.c (what
 * the point says in the result: metrics, stalls, pin evidence, warnings).
 */
#ifndef DAXBENCH_ENGINE_INT_H
#define DAXBENCH_ENGINE_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "diagnose.h"
#include "engine.h"
#include "layout.h"
#include "pin.h"
#include "recorder.h"
#include "trace.h"
#include "watchdog.h"

struct samples_set {
	struct record lat, calls, scan, scan_per_call;
	struct record unmap, walk; /* scan = unmap + walk, per op */
};

/* what the op thread's own prefault faulted before each op (pmd points) */
struct fault_check {
	unsigned int checked, bad, first_bad;
	uint64_t pmd, pte, fallback;
};

/* how many ops ran, and whether their pins met them (pin_evidence) */
struct op_count {
	unsigned int attempted; /* started, warmup included */
	unsigned int held; /* started with a pin in flight */
	unsigned int traced; /* whose busy scans were traced */
	unsigned int busy; /* of those, the kernel found a busy page in */
	unsigned int skipped; /* not run after the point ended early */
	/* the same four of the ops after the warm-up, as n counts them */
	unsigned int m_ops, m_held, m_traced, m_busy;
};

/* the FIEMAP alignment check after each restore (pmd points) */
struct fiemap_check {
	unsigned int checked, bad, first_bad;
	char why[160];
};

/*
 * What an op is for. Interleaved (engine.c op_role()), the measured ops
 * come in two blocks, one TRACED (busy-scan metrics) and one TIMED
 * (op_latency, the probes disarmed), with a SETTLE op after the change
 * between them; otherwise each is BOTH.
 */
enum op_role { ROLE_WARMUP, ROLE_SETTLE, ROLE_BOTH, ROLE_TRACED, ROLE_TIMED };

struct point_run {
	struct engine_ctx *ctx;
	const struct scenario *sc;
	json_t *point;
	struct samples_set s;
	struct dax_file f;
	bool have_file;
	struct pin_set *ps;
	struct watchdog w;
	bool wd;
	bool trace_ops; /* busy-scan counts per op */
	/* trace.interleave in force: a traced and a timed block of ops */
	bool interleave;
	/* the release probes changed at its start: its first op settles */
	bool repatched;
	enum op_role role; /* of the op in flight */
	bool op_traced; /* it records its busy scans */
	/* ops done by role, toward warmup and the two halves of repeat */
	unsigned int warmed, traced_done, timed_done;
	bool fault_ops; /* fault events on through the op loop */
	unsigned int total; /* warmup + repeat */
	unsigned int op; /* the op in flight, or the next one */
	uint64_t t0; /* start of the last op, once it ended */
	bool op_held; /* it started with a pin in flight */
	/* atomic: the file is being restored after op: what a stall is in */
	bool restoring;
	bool unmapped; /* atomic: the watchdog dropped the mapping (op_mapwait) */
	/*
	 * Set by the watchdog's unmap stage, just before it: the pages of
	 * the file this process had mapped again (layout_mapped_pages()),
	 * or mapped_rc < 0 when /proc/self/pagemap could not say.
	 */
	uint64_t mapped_at_unmap;
	int mapped_rc;
	struct trace_counts c; /* the op's, as collected so far */
	/* the busy page's counts at the unmap stage (trace_peek_page()) */
	struct peek {
		int rc;
		int32_t ref, map;
		char why[200];
	} peek;
	struct op_count ops;
	bool refused; /* the kernel refused the pin method itself */
	uint64_t calls_total, lost;
	uint64_t rel_calls; /* release-path events in its ops' windows */
	unsigned int lost_returns; /* ops that ended inside a scan */
	/* kprobe_profile's misses of the busy-page probes, at the start */
	uint64_t missed0;
	int missed_rc; /* -errno: unread */
	struct fault_check faults;
	struct fiemap_check fiemap;
};

/* engine-json.c */
void point_warn(json_t *point, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void point_add_error(json_t *point, long op, int e, const char *what);
int samples_set_init(struct samples_set *s, size_t cap);
void samples_set_free(struct samples_set *s);
void point_op_metrics(json_t *point, const struct point_run *pr);
void point_pin_metrics(json_t *point, const struct point_run *pr,
		       const struct pin_report *rep, uint64_t solo_ns);
void point_evidence(json_t *point, const struct point_run *pr,
		    const struct op_count *ops);
void point_checks(json_t *point, const struct point_run *pr);
json_t *point_stall(const struct point_run *pr, uint64_t waited,
		    const struct stall_facts *f);
/*
 * op_count_one() - count op pr->op, which started with a pin in flight
 * if pr->op_held, and, traced (pr->op_traced), met a busy page if @busy,
 * into @ops (its measured counts too, past the warm-up).
 */
void op_count_one(struct op_count *ops, const struct point_run *pr, bool busy);
json_t *point_snapshot(const struct point_run *pr, json_t *stall,
		       const char *why);

#endif
