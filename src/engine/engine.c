// SPDX-License-Identifier: GPL-2.0-only
/*
 * One point of a scenario (see engine.h): point_setup(), then
 * measure_op() warmup + repeat times, then point_finish(). The op runs in
 * the calling thread, which is also the thread the tracefs instance
 * filters on, so busy-page scans and faults are counted for exactly the
 * work we time. The watchdog (watchdog.h) turns an op that outlives the
 * timeout into a stall; a stalled op is an outcome, never a latency.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <numa.h>

#include "engine-int.h"
#include "inject.h"
#include "nstime.h"
#include "result.h"

static bool stop_asked(const struct engine_ctx *ctx)
{
	return ctx->interrupted && *ctx->interrupted;
}

/*
 * Sleep until @when (nstime_now() time) for operation.interval. An
 * absolute deadline keeps the pace whatever the restore took; a signal
 * ends the sleep early so that Ctrl-C is seen at once.
 */
static void pace_until(uint64_t when, const struct engine_ctx *ctx)
{
	struct timespec ts = nstime_ts(when);

	while (!stop_asked(ctx) &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
		       EINTR)
		;
}

/*
 * Fault the first ENGINE_VERIFY_BYTES with fs_dax events on, count what
 * the kernel did, and say whether the mapping is the one asked for.
 */
static void verify_mapping(struct point_run *pr)
{
	const struct scenario *sc = pr->sc;
	struct trace *t = pr->ctx->trace;
	struct dax_file *f = &pr->f;
	json_t *point = pr->point;
	struct trace_counts c = { 0 };
	uint64_t len = f->size < ENGINE_VERIFY_BYTES ? f->size :
						       ENGINE_VERIFY_BYTES;
	bool ok;
	int rc;

	if (!sc->trace.fault_mode) {
		result_unmeasured(point, "faults", "trace.fault_mode is off");
		goto unverified;
	}
	if (!trace_has_fault_mode(t)) {
		result_unmeasured(point, "faults", "fs_dax events unavailable");
		goto unverified;
	}
	trace_collect(t, &c); /* drop anything older */
	memset(&c, 0, sizeof(c));
	rc = trace_faults(t, true);
	if (rc) {
		result_unmeasured(point, "faults", strerror(-rc));
		goto unverified;
	}
	layout_prefault(f, 0, len);
	trace_faults(t, false);
	trace_collect(t, &c);
	pr->lost += c.lost;
	json_object_set_new(point, "faults",
			    json_pack("{s:I,s:I,s:I,s:I,s:I}", "pmd",
				      (json_int_t)c.pmd_nopage, "pte",
				      (json_int_t)c.pte, "pmd_fallback",
				      (json_int_t)c.pmd_fallback,
				      "verified_bytes", (json_int_t)len,
				      "lost_events", (json_int_t)c.lost));
	if (!c.pmd_nopage && !c.pte && !c.pmd_fallback) {
		result_unmeasured(point, "faults",
				  pr->ctx->dax ?
					  "no fs_dax fault events fired" :
					  "no fs_dax fault events: the "
					  "target is not DAX");
		goto unverified;
	}
	if (sc->file.mapping == MAP_PMD)
		ok = c.pmd_nopage && !c.pmd_fallback && !c.pte;
	else
		ok = c.pte && !c.pmd_nopage;
	json_object_set_new(point, "mapping_verified", json_boolean(ok));
	if (!ok && sc->file.mapping == MAP_PMD) {
		json_t *fm = json_object_get(point, "fiemap");
		const char *why = json_string_value(json_object_get(fm, "why"));

		json_object_set_new(
			point, "mapping_problem",
			json_sprintf("asked for pmd, got %llu PTE "
				     "faults and %llu PMD "
				     "fallbacks%s%s",
				     (unsigned long long)c.pte,
				     (unsigned long long)c.pmd_fallback,
				     why && *why ? ": " : "", why ? why : ""));
	}
	return;
unverified:
	json_object_set_new(point, "mapping_verified", json_null());
}

/*
 * Where the pinners are placed, as data; a node that does not exist makes
 * the point fail (placement that silently did nothing is no experiment).
 */
static int numa_placement(const struct scenario *sc, json_t *point)
{
	int nodes = numa_available() < 0 ? 1 : numa_max_node() + 1;
	int cpu = sc->pinners.cpunodebind, mem = sc->pinners.membind;
	json_t *o;

	if (!scenario_has_pinners(sc) || (cpu < 0 && mem < 0))
		return 0;
	o = json_pack("{s:i,s:o,s:o}", "nodes", nodes, "cpunodebind",
		      cpu < 0 ? json_null() : json_integer(cpu), "membind",
		      mem < 0 ? json_null() : json_integer(mem));
	if (nodes == 1)
		json_object_set_new(o, "warning",
				    json_string("one NUMA node: placement "
						"changes nothing here"));
	json_object_set_new(point, "numa", o);
	if (cpu >= nodes || mem >= nodes) {
		point_add_error(point, -1, ENODEV,
				cpu >= nodes ? "pinners.numa.cpunodebind: no "
					       "such NUMA node" :
					       "pinners.numa.membind: no such "
					       "NUMA node");
		return -ENODEV;
	}
	return 0;
}

static int start_pinners(struct point_run *pr)
{
	const struct scenario *sc = pr->sc;
	struct pin_config pc = {
		.method = sc->pinners.method,
		.threads = sc->pinners.threads,
		.io_size = sc->pinners.io_size,
		.queue_depth = sc->pinners.queue_depth,
		.hold_ns = sc->pinners.hold_ns,
		.region = pr->f.map + sc->pinners.region_offset,
		.region_len = sc->pinners.region_length,
		.device = pr->ctx->device,
		.cpunodebind = sc->pinners.cpunodebind,
		.membind = sc->pinners.membind,
		.solo = sc->pinners.solo_ns != 0,
	};
	struct db_err perr;
	int rc;

	if (!scenario_has_pinners(sc))
		return 0;
	rc = pin_start(&pc, &pr->ps, &perr);
	if (rc)
		point_add_error(pr->point, -1, -rc, perr.msg);
	return rc;
}

/* --- saving a point whose op is still in flight (watchdog thread) --- */

/*
 * A stall with the probes disarmed (an op timed untraced, or its
 * restore): armed again before the pins go, so that the release, the
 * wake or its absence, and the scans after the signal are seen as on a
 * traced op. The op thread sleeps in its wait: patching is safe.
 */
static void on_stall(void *arg)
{
	struct point_run *pr = arg;

	if (pr->trace_ops)
		trace_op_probes(pr->ctx->trace, true);
}

static void on_fire(void *arg)
{
	struct point_run *pr = arg;
	json_t *p;

	struct stall_facts f = { .end = STALL_HUNG, .provisional = true };

	if (!pr->ctx->checkpoint)
		return;
	/* "hung" as far as anyone can tell now: the final result corrects it */
	p = point_snapshot(pr,
			   point_stall(pr, nstime_now() - pr->w.op_start, &f),
			   "the point did not finish: this checkpoint was "
			   "written when its op stalled");
	if (p)
		pr->ctx->checkpoint(pr->ctx->save_arg, p);
	json_decref(p);
}

/*
 * The counts of the page the op waits on, its pins gone a moment ago.
 * The op thread sleeps in the kernel (or waits for this watchdog's lock
 * in watchdog_disarm()), so its trace counts are this thread's to add
 * to until it is back: what the buffers hold now names the page.
 */
static void peek_busy_page(struct point_run *pr)
{
	struct trace_counts *c = &pr->c;
	struct peek *pk = &pr->peek;

	pk->rc = -EOPNOTSUPP;
	snprintf(pk->why, sizeof(pk->why), "busy scans not traced");
	if (__atomic_load_n(&pr->restoring, __ATOMIC_ACQUIRE) || !pr->trace_ops)
		return;
	trace_collect(pr->ctx->trace, c);
	pk->rc = trace_peek_page(pr->ctx->trace, c->have_page ? c->page : 0,
				 &pk->ref, &pk->map, pk->why, sizeof(pk->why));
}

/*
 * Step 2 of a stall: drop the file's mapping, the pinners' buffers too;
 * first, how much of it was mapped again after the busy scan unmapped it.
 */
static int on_unmap(void *arg)
{
	struct point_run *pr = arg;
	int rc;

	peek_busy_page(pr);
	pr->mapped_rc = layout_mapped_pages(&pr->f, &pr->mapped_at_unmap);
	rc = layout_drop_mapping(&pr->f);

	__atomic_store_n(&pr->unmapped, true, __ATOMIC_RELEASE);
	return rc;
}

static void on_hung(void *arg, const char *why)
{
	struct point_run *pr = arg;
	json_t *stall, *p;
	char msg[256];

	struct stall_facts f = { .end = STALL_HUNG,
				 .pins_released = pr->w.pins_released };

	stall = point_stall(pr, nstime_now() - pr->w.op_start, &f);
	json_object_set_new(stall, "why", json_string(why));
	json_object_set_new(stall, "stacks", watchdog_stacks());
	snprintf(msg, sizeof(msg), "the point did not finish: op %u hung (%s)",
		 pr->op, why);
	p = point_snapshot(pr, stall, msg);
	pr->ctx->hung(pr->ctx->save_arg, p, why,
		      pr->have_file ? pr->f.path : NULL);
	abort(); /* hung() must not return */
}

/* --- one op ---------------------------------------------------------- */

/*
 * The layout change, or for the tests one of the injected stalls that a
 * real kernel produces only now and then (inject.h).
 */
static int do_op(struct point_run *pr)
{
	const struct scenario *sc = pr->sc;
	struct timespec ms = { 0, 1000000 }, hour = { 3600, 0 };
	int e;

	/*
	 * Signals change nothing. A long sleep, so that the stacks taken
	 * at the hung verdict find the thread in it, not between two.
	 */
	if (inject_hit(INJECT_OP_HANG, &e))
		for (;;)
			nanosleep(&hour, NULL);
	if (inject_hit(INJECT_OP_NOWAKE, &e)) {
		pause(); /* the page went idle, and only a signal tells */
		return 0;
	}
	if (inject_hit(INJECT_OP_SLEEP, &e)) {
		pause(); /* until a signal, as an interruptible wait */
		return -e;
	}
	if (inject_hit(INJECT_OP_PINWAIT, &e)) {
		/* as the kernel does: done once no page is pinned */
		while (!pr->ps || !pin_released(pr->ps))
			nanosleep(&ms, NULL);
		return 0;
	}
	if (inject_hit(INJECT_OP_MAPWAIT, &e)) {
		/* as 6.15+ does: done once no mapping holds the page */
		while (!__atomic_load_n(&pr->unmapped, __ATOMIC_ACQUIRE))
			nanosleep(&ms, NULL);
		return 0;
	}
	return layout_op(&pr->f, sc->op.type, sc->op.offset, sc->op.length);
}

/*
 * The fault events the op thread's prefault produced since the last op
 * (pmd points): a restore that left part of the file PTE-mapped makes the
 * next op measure another mapping than the one asked for.
 */
static void check_faults(struct point_run *pr, const struct trace_counts *c)
{
	struct fault_check *fc = &pr->faults;

	if (!pr->fault_ops || (!c->pmd_nopage && !c->pte && !c->pmd_fallback))
		return;
	fc->checked++;
	fc->pmd += c->pmd_nopage;
	fc->pte += c->pte;
	fc->fallback += c->pmd_fallback;
	if ((c->pte || c->pmd_fallback) && !fc->bad++)
		fc->first_bad = pr->op;
}

/* FIEMAP after a restore: a pmd point needs 2 MiB aligned extents. */
static void check_fiemap(struct point_run *pr)
{
	struct fiemap_check *fm = &pr->fiemap;
	json_t *r = NULL;

	if (pr->sc->file.mapping != MAP_PMD || layout_fiemap(&pr->f, &r)) {
		json_decref(r);
		return;
	}
	fm->checked++;
	if (!json_is_true(json_object_get(r, "aligned")) && !fm->bad++) {
		fm->first_bad = pr->op;
		snprintf(fm->why, sizeof(fm->why), "%s",
			 json_string_value(json_object_get(r, "why")) ?: "");
	}
	json_decref(r);
}

/* Drain the trace before an op: what the restore and prefault left. */
static void before_op(struct point_run *pr)
{
	struct trace_counts c = { 0 };

	if (!pr->trace_ops && !pr->fault_ops)
		return;
	trace_collect(pr->ctx->trace, &c);
	pr->lost += c.lost;
	check_faults(pr, &c);
	trace_reset_nesting(pr->ctx->trace);
}

/* The busy-scan metrics of a traced op. */
static int record_scans(struct point_run *pr, const struct trace_counts *c)
{
	struct samples_set *s = &pr->s;
	/* the unmap is inside the scan's window: never more than it */
	uint64_t unmap = c->unmap_ns < c->scan_ns ? c->unmap_ns : c->scan_ns;

	if (record_add(&s->calls, c->scan_calls) ||
	    record_add(&s->scan, c->scan_ns) ||
	    (trace_has_unmap(pr->ctx->trace) &&
	     (record_add(&s->unmap, unmap) ||
	      record_add(&s->walk, c->scan_ns - unmap))) ||
	    (c->scan_calls &&
	     record_add(&s->scan_per_call, c->scan_ns / c->scan_calls)))
		return -ENOMEM;
	pr->calls_total += c->scan_calls;
	return 0;
}

/*
 * How the op's pinned pages went back, per release-path symbol: its
 * calls in the op's window, and those on the busy page once a scan had
 * returned it (null before that: no page to match).
 */
static json_t *release_events(const struct trace *t,
			      const struct trace_counts *c)
{
	json_t *o = json_object();
	json_t *on_page;
	int k;

	for (k = 0; o && k < TRACE_NREL; k++) {
		if (!trace_has_release(t, k)) {
			json_object_set_new(o, trace_release_syms[k],
					    json_string("not measured: not "
							"probed (see "
							"capabilities."
							"release_probes)"));
			continue;
		}
		on_page = c->have_page ?
				  json_integer((json_int_t)c->rel_on_page[k]) :
				  json_null();
		json_object_set_new(o, trace_release_syms[k],
				    json_pack("{s:I,s:o}", "calls",
					      (json_int_t)c->rel_calls[k],
					      "on_busy_page", on_page));
	}
	return o;
}

/* The stalled op's busy scans, with the first busy page they returned. */
static void scan_counts(json_t *st, const struct trace_counts *c)
{
	json_object_set_new(st, "busy_scan_calls",
			    json_integer((json_int_t)c->scan_calls));
	json_object_set_new(st, "busy_scans_found",
			    json_integer((json_int_t)c->busy_found));
	if (c->have_counts)
		json_object_set_new(st, "busy_page",
				    json_pack("{s:i,s:i}", "_refcount",
					      (int)c->page_ref, "_mapcount",
					      (int)c->page_map));
}

/*
 * What the stalled op's trace saw: its release events, its scans (an op
 * timed untraced saw none before its stall), and the scans after the
 * signal (@signal): one that found nothing saw the page idle.
 */
static void stall_scans(json_t *st, const struct point_run *pr,
			const struct trace_counts *c, bool signal)
{
	json_object_set_new(st, "release_events",
			    release_events(pr->ctx->trace, c));
	if (pr->op_traced)
		scan_counts(st, c);
	else
		json_object_set_new(st, "untraced_until_stall", json_true());
	if (signal)
		json_object_set_new(st, "scans_after_signal",
				    json_pack("{s:I,s:I}", "calls",
					      (json_int_t)c->scans_after_mark,
					      "found",
					      (json_int_t)c->busy_after_mark));
}

/*
 * A stalled op: ended by the pins' release, by dropping the mappings, by
 * the watchdog's signal, or on its own after the timeout but before the
 * watchdog acted ("itself").
 * @rc: what it returned, 0 or -errno: a stall that also failed keeps it.
 * @c: the op's trace counts; NULL for a restore, which is not traced.
 */
static void record_stall(struct point_run *pr, uint64_t waited, bool fired,
			 int rc, const struct trace_counts *c)
{
	struct stall_facts f = {
		.end = !fired	      ? STALL_ITSELF :
		       pr->w.kicked   ? STALL_SIGNAL :
		       pr->w.unmapped ? STALL_UNMAP :
					STALL_PIN_RELEASE,
		.pins_released = fired ? pr->w.pins_released :
					 pin_released(pr->ps),
		.rc = rc,
		.scans_after_signal = -1,
	};
	json_t *st;

	if (c && pr->trace_ops && f.end == STALL_SIGNAL) {
		f.scans_after_signal = (int)c->scans_after_mark;
		f.busy_after_signal = (int)c->busy_after_mark;
	}
	st = point_stall(pr, waited, &f);
	if (rc) {
		json_object_set_new(st, "errno", json_integer(-rc));
		json_object_set_new(st, "strerror", json_string(strerror(-rc)));
	}
	if (c && pr->trace_ops)
		stall_scans(st, pr, c, f.end == STALL_SIGNAL);
	json_array_append_new(json_object_get(pr->point, "stalls"), st);
	if (fired && !pr->w.stack)
		json_object_set_new(pr->point, "stack_unreadable",
				    json_string("/proc/self/task/TID/stack "
						"needs root"));
}

enum op_end { OP_NEXT, OP_STOP, OP_INTR, OP_NOMEM };

static enum op_end end_early(struct point_run *pr, const char *why)
{
	pr->ops.skipped = pr->total - pr->op - 1;
	if (pr->ops.skipped)
		point_warn(pr->point,
			   "op %u %s: the remaining %u ops were "
			   "not run",
			   pr->op, why, pr->ops.skipped);
	return OP_STOP;
}

/*
 * The restore, or for the tests its injected stand-ins (inject.h): a wait
 * for a signal, or a DAX layout break's wait for pins before it.
 */
static int do_restore(struct point_run *pr, struct db_err *err)
{
	const struct scenario *sc = pr->sc;
	struct timespec ms = { 0, 1000000 };
	uint64_t end = nstime_now() + 100000000ULL;
	int e;

	if (inject_hit(INJECT_RESTORE_SLEEP, &e)) {
		pause(); /* until a signal, as xfs_wait_dax_page() */
		return db_err_set(err, -e, "restore: %s (injected)",
				  strerror(e));
	}
	if (inject_hit(INJECT_RESTORE_PINWAIT, &e))
		while (pin_held(pr->ps) || nstime_now() < end)
			nanosleep(&ms, NULL);
	return layout_restore(&pr->f, sc->op.type, sc->op.offset, sc->op.length,
			      err);
}

/*
 * Give the file back its blocks after an op. Not measured, but watched
 * like an op: on xfs every fallocate breaks layouts, and a layout break
 * that waits for a page with no pin in flight (the pinners are paused)
 * is a stall of its own ("during": "restore"), never a hang of the run.
 * -EAGAIN when it stalled.
 */
static int restore(struct point_run *pr, struct db_err *err)
{
	const struct scenario *sc = pr->sc;
	uint64_t t0, waited;
	bool fired;
	int rc;

	if (pin_pause(pr->ps, sc->timeout_ns))
		point_warn(pr->point,
			   "op %u: pinners still had I/O in flight after the "
			   "timeout: the restore may have waited for pins",
			   pr->op);
	__atomic_store_n(&pr->restoring, true, __ATOMIC_RELEASE);
	watchdog_arm(&pr->w, nstime_now());
	t0 = nstime_now();
	rc = do_restore(pr, err);
	waited = nstime_now() - t0;
	fired = watchdog_disarm(&pr->w);
	if (fired || waited >= sc->timeout_ns) {
		record_stall(pr, waited, fired, rc, NULL);
		rc = -EAGAIN;
	}
	__atomic_store_n(&pr->restoring, false, __ATOMIC_RELEASE);
	return rc;
}

/*
 * The role of the op about to start. Interleaved, the measured ops come
 * in two blocks: the traced half (busy-scan metrics) and the timed half
 * (op_latency, with every probe disarmed: armed they cost a TCG guest's
 * op 9% even unrecorded). The probes change once a point, after the
 * block they began in: warm-up ops run as the last point left them, and
 * the next point begins with the block this one ended in. A change
 * patches kernel text, so the measured op that would follow it only
 * settles (it is added to the point's ops), as does the first after
 * arm_release_probes() or preset_op_probes() changed them. A point with
 * trace.busy_scan off in a sweep that traces has them disarmed. Only
 * points without pinners interleave: nothing patches text under their
 * I/O.
 */
static enum op_role op_role(struct point_run *pr)
{
	const struct scenario *sc = pr->sc;
	struct trace *t = pr->ctx->trace;
	bool armed = trace_op_probes_on(t), warm = pr->warmed < sc->warmup;
	unsigned int half = sc->repeat / 2;
	bool want;
	int rc;

	if (!trace_has_busy_scan(t))
		return warm ? ROLE_WARMUP : ROLE_BOTH;
	if (!pr->trace_ops)
		want = false; /* trace.busy_scan off here: none in its ops */
	else if (!pr->interleave)
		want = true;
	else if (warm)
		want = armed;
	else
		want = armed ? pr->traced_done < half :
			       pr->timed_done >= sc->repeat - half;
	rc = want == armed ? 0 : trace_op_probes(t, want);
	if (!rc && pr->repatched)
		rc = 1;
	pr->repatched = false;
	if (rc < 0) {
		point_warn(pr->point,
			   "op %u: could not %s the probes (%s): every op "
			   "from here is timed as it is traced",
			   pr->op, want ? "arm" : "disarm", strerror(-rc));
		pr->interleave = false;
		return warm ? ROLE_WARMUP : ROLE_BOTH;
	}
	if (warm)
		return ROLE_WARMUP;
	if (rc > 0) {
		pr->total++;
		return ROLE_SETTLE;
	}
	if (!pr->interleave)
		return ROLE_BOTH;
	return want ? ROLE_TRACED : ROLE_TIMED;
}

/*
 * The release path's probes, where pins are: on 7.x each also fires on
 * every page a scan's unmap frees, which a point without pinners would
 * count into its scan time (a sweep over pinners.method has them made).
 */
static void arm_release_probes(struct point_run *pr)
{
	int rc = trace_release_probes(pr->ctx->trace,
				      scenario_has_pinners(pr->sc));

	if (rc < 0)
		point_warn(pr->point,
			   "could not %s the release probes (%s): the scans "
			   "are timed as they are",
			   scenario_has_pinners(pr->sc) ? "arm" : "disarm",
			   strerror(-rc));
	pr->repatched = rc > 0;
}

/*
 * A point that does not interleave keeps its probes one way throughout:
 * set them so here, before its pinners start. Arming a probe patches
 * kernel text, among it the release path their I/O completes through;
 * in a 7.3 TCG guest a completion that ran there as the probes were
 * armed for the first op jumped to address 0 (about 1 guest in 20).
 * Should this fail, op_role() tries again and says so.
 */
static void preset_op_probes(struct point_run *pr)
{
	/* 0: so already; -EOPNOTSUPP: no busy-scan probes at all */
	if (!pr->interleave &&
	    trace_op_probes(pr->ctx->trace, pr->trace_ops) > 0)
		pr->repatched = true;
}

/* Take the op's role and count it. */
static void start_role(struct point_run *pr)
{
	pr->role = op_role(pr);
	pr->op_traced = trace_op_probes_on(pr->ctx->trace);
	pr->warmed += pr->role == ROLE_WARMUP;
	pr->traced_done += pr->role == ROLE_TRACED;
	pr->timed_done += pr->role == ROLE_TIMED;
}

/* The op's timing (@ns) and its trace counts, as the op's turn has it. */
static int record_sample(struct point_run *pr, uint64_t ns,
			 const struct trace_counts *c)
{
	if (pr->role != ROLE_TIMED && pr->op_traced && record_scans(pr, c))
		return -ENOMEM;
	if (pr->role != ROLE_TRACED && record_add(&pr->s.lat, ns))
		return -ENOMEM;
	return 0;
}

static enum op_end measure_op(struct point_run *pr)
{
	const struct scenario *sc = pr->sc;
	struct trace_counts *c = &pr->c;
	struct db_err perr;
	uint64_t t0, t1, waited;
	bool fired, stalled;
	int orc;

	start_role(pr); /* first: it may patch the kernel for 20 ms */
	orc = pin_arm(pr->ps, sc->timeout_ns + sc->pinners.hold_ns);
	if (orc && sc->pinners.method == PIN_VMSPLICE) {
		point_add_error(pr->point, (long)pr->op, -orc,
				"pinners did not take their pins in time");
		return end_early(pr, "found no pins to meet");
	}
	before_op(pr);
	memset(c, 0, sizeof(*c));
	pr->op_held = pin_held(pr->ps) > 0;
	/*
	 * Only the syscall is timed: arming the watchdog comes first.
	 * pin_go() is in the window on purpose, for vmsplice alone: a hold
	 * counted from t0 cannot let the op end before t0 + hold.
	 */
	watchdog_arm(&pr->w, nstime_now());
	t0 = nstime_now();
	pin_go(pr->ps, t0);
	orc = do_op(pr);
	t1 = nstime_now();
	fired = watchdog_disarm(&pr->w);
	/* only now: the watchdog reads pr while the op is in flight */
	pr->t0 = t0;
	/* the scans after the signal, if any, say how the wait ended */
	c->mark_ns = pr->w.kicked ? pr->w.kicked_at : 0;
	if (pr->trace_ops) {
		trace_collect(pr->ctx->trace, c);
		pr->rel_calls += trace_release_calls(c);
	}
	pr->lost += c->lost;
	/* the op is over: a scan still open lost its return */
	pr->lost_returns += c->open_scans > 0;
	waited = t1 - t0;
	/* no sample reaches the timeout: such an op is censored too */
	stalled = fired || waited >= sc->timeout_ns;
	op_count_one(&pr->ops, pr, stalled || c->scan_calls >= 2);
	if (stalled)
		record_stall(pr, waited, fired, orc, c);
	else if (orc == -EINTR && stop_asked(pr->ctx))
		point_warn(pr->point, "op %u was cut short by the interrupt",
			   pr->op);
	else if (orc)
		point_add_error(pr->point, (long)pr->op, -orc,
				scenario_op_name(sc->op.type));
	else if (pr->role >= ROLE_BOTH && record_sample(pr, waited, c))
		return OP_NOMEM;
	if (stop_asked(pr->ctx))
		return OP_INTR;
	orc = restore(pr, &perr);
	if (orc) {
		pin_resume(pr->ps);
		if (orc != -EAGAIN)
			point_add_error(pr->point, (long)pr->op, -orc,
					perr.msg);
		return end_early(pr, orc == -EAGAIN ?
					     "was followed by a restore that "
					     "stalled" :
					     "could not restore the file");
	}
	check_fiemap(pr);
	if (sc->file.prefault)
		layout_prefault(&pr->f, 0, pr->f.size);
	pin_resume(pr->ps);
	if (pr->ctx->progress)
		pr->ctx->progress(pr->ctx->progress_arg, pr->op + 1, pr->total);
	/* "itself": the pins were never released, the point goes on */
	if (fired)
		return end_early(pr, "stalled and its pinners were stopped "
				     "to end it");
	return OP_NEXT;
}

/* --- the point's life ------------------------------------------------ */

/* 0, or -1 when the point cannot be measured (the reason is in errors). */
static int point_setup(struct point_run *pr)
{
	const struct scenario *sc = pr->sc;
	struct trace *t = pr->ctx->trace;
	struct db_err perr;
	int rc;

	json_object_set_new(
		pr->point, "mapping",
		json_pack("{s:s,s:I,s:I}", "mode",
			  scenario_mapping_name(sc->file.mapping), "bytes",
			  (json_int_t)sc->file.size, "xarray_entries",
			  (json_int_t)(sc->file.size /
				       (sc->file.mapping == MAP_PMD ?
						LAYOUT_PMD_SIZE :
						4096))));
	if (numa_placement(sc, pr->point))
		return -1;
	rc = layout_create(pr->ctx->dir, sc->file.size, sc->file.mapping,
			   &pr->f, &perr);
	if (rc) {
		point_add_error(pr->point, -1, -rc, perr.msg);
		return -1;
	}
	pr->have_file = true;
	if (sc->file.mapping == MAP_PMD) {
		json_t *fm = NULL;

		layout_fiemap(&pr->f, &fm);
		if (fm)
			json_object_set_new(pr->point, "fiemap", fm);
	}
	verify_mapping(pr);
	/* the run's trace serves the whole sweep: this point may want none */
	pr->trace_ops = sc->trace.busy_scan && trace_has_busy_scan(t);
	/*
	 * Not with pinners: their stalls need each op's scans to be
	 * explained, and a stall ends the point, which would often leave
	 * one block empty.
	 */
	pr->interleave = pr->trace_ops && sc->trace.interleave &&
			 sc->repeat >= 2 && !scenario_has_pinners(sc);
	arm_release_probes(pr);
	pr->missed_rc = trace_probe_missed(t, &pr->missed0);
	/* only the op thread's prefault faults: few events for a pmd file */
	pr->fault_ops = sc->file.mapping == MAP_PMD && sc->file.prefault &&
			sc->trace.fault_mode && pr->ctx->dax &&
			!trace_faults(t, true);
	if (sc->file.mapping == MAP_PMD && !pr->fault_ops)
		result_unmeasured(pr->point, "faults_per_op",
				  !sc->file.prefault ?
					  "file.prefault is off: the op thread "
					  "does not fault the mapping" :
					  "fs_dax events unavailable or off");
	if (sc->file.prefault)
		layout_prefault(&pr->f, 0, pr->f.size);
	preset_op_probes(pr);
	if (start_pinners(pr))
		return -1;
	rc = watchdog_start(&pr->w, sc->timeout_ns, pr->ps,
			    pr->ctx->interrupted);
	if (rc) {
		point_add_error(pr->point, -1, -rc, "watchdog thread");
		return -1;
	}
	pr->wd = true;
	pr->w.on_stall = on_stall;
	pr->w.on_fire = on_fire;
	pr->w.on_unmap = on_unmap;
	pr->w.on_hung = pr->ctx->hung ? on_hung : NULL;
	pr->w.arg = pr;
	return 0;
}

/* Stop the threads and remove the file; fill @rep from the pinners. */
static void point_teardown(struct point_run *pr, struct pin_report *rep)
{
	if (pr->wd)
		watchdog_stop(&pr->w);
	/*
	 * Every pin must be gone before the file is unlinked, and before
	 * kernel text is patched (preset_op_probes()).
	 */
	pin_stop(pr->ps, rep);
	if (pr->fault_ops)
		trace_faults(pr->ctx->trace, false);
	if (pr->have_file)
		layout_destroy(&pr->f);
}

int engine_point(struct engine_ctx *ctx, const struct scenario *sc,
		 json_t *params, json_t **out, bool *failed, struct db_err *err)
{
	struct point_run pr = { .ctx = ctx, .sc = sc };
	struct pin_report rep = { 0 };
	uint64_t t_setup = nstime_now(), t_meas, t_last = 0, solo_ns = 0;
	enum op_end end = OP_NEXT;

	*out = NULL;
	*failed = true;
	hist_init(&rep.lat);
	pr.total = sc->warmup + sc->repeat;
	samples_set_init(&pr.s, ctx->max_samples);
	pr.point = result_point_new(params);
	if (!pr.point)
		return db_err_set(err, -ENOMEM, "out of memory");
	if (point_setup(&pr)) {
		point_teardown(&pr, NULL);
		samples_set_free(&pr.s);
		*out = pr.point;
		return 0;
	}
	json_object_set_new(pr.point, "setup_ns",
			    json_integer((json_int_t)(nstime_now() - t_setup)));
	if (pr.ps && sc->pinners.solo_ns) {
		/* the pinners alone: the I/O path's baseline, no op at all */
		pace_until(nstime_now() + sc->pinners.solo_ns, ctx);
		solo_ns = pin_mark(pr.ps);
	}
	t_meas = nstime_now();
	for (pr.op = 0; pr.op < pr.total && end == OP_NEXT; pr.op++) {
		if (sc->op.interval_ns && pr.op)
			pace_until(t_last + sc->op.interval_ns, ctx);
		if (stop_asked(ctx)) {
			end = OP_INTR;
			break;
		}
		end = measure_op(&pr);
		t_last = pr.t0;
	}
	if (end == OP_INTR)
		pr.ops.skipped = pr.total - pr.ops.attempted;
	json_object_set_new(pr.point, "measure_ns",
			    json_integer((json_int_t)(nstime_now() - t_meas)));
	point_teardown(&pr, &rep);
	if (end == OP_NOMEM) {
		json_decref(pr.point);
		samples_set_free(&pr.s);
		return db_err_set(err, -ENOMEM, "out of memory");
	}
	*failed = false;
	pr.refused = rep.refused;
	point_op_metrics(pr.point, &pr);
	point_pin_metrics(pr.point, &pr, &rep, solo_ns);
	point_evidence(pr.point, &pr, &pr.ops);
	point_checks(pr.point, &pr);
	samples_set_free(&pr.s);
	*out = pr.point;
	return end == OP_INTR ? -EINTR : 0;
}
