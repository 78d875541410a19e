// SPDX-License-Identifier: GPL-2.0-only
/*
 * The point's JSON: what a point says in the result (daxbench-result(5)
 * "points"): its metrics, its stalls, the evidence that its pins met its
 * ops, and the warnings a reader must not miss. Built from struct
 * point_run at the end of the point, or from a snapshot while an op is
 * still in flight. The point's recorders (struct samples_set), whose
 * metrics these are, are made and freed here too.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine-int.h"
#include "result.h"
#include "scenario.h"
#include "stats.h"

void point_warn(json_t *point, const char *fmt, ...)
{
	json_t *w = json_object_get(point, "warnings");
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!w) {
		w = json_array();
		json_object_set_new(point, "warnings", w);
	}
	json_array_append_new(w, json_string(msg));
}

void point_add_error(json_t *point, long op, int e, const char *what)
{
	json_array_append_new(json_object_get(point, "errors"),
			      json_pack("{s:I,s:i,s:s,s:s}", "op",
					(json_int_t)op, "errno", e, "what",
					what, "strerror", strerror(e)));
}

int samples_set_init(struct samples_set *s, size_t cap)
{
	record_init(&s->lat, cap);
	record_init(&s->calls, cap);
	record_init(&s->scan, cap);
	record_init(&s->scan_per_call, cap);
	record_init(&s->unmap, cap);
	record_init(&s->walk, cap);
	return 0;
}

void samples_set_free(struct samples_set *s)
{
	record_free(&s->lat);
	record_free(&s->calls);
	record_free(&s->scan);
	record_free(&s->scan_per_call);
	record_free(&s->unmap);
	record_free(&s->walk);
}

static void unmeasured_split(json_t *point, const char *why)
{
	result_unmeasured(point, "busy_scan_unmap_time", why);
	result_unmeasured(point, "busy_scan_walk_time", why);
}

static void unmeasured_scans(json_t *point, const char *why)
{
	result_unmeasured(point, "busy_scan_calls", why);
	result_unmeasured(point, "busy_scan_time", why);
	unmeasured_split(point, why);
}

static json_t *scan_metric(const struct record *r)
{
	json_t *t = record_metric(r, "ns");
	uint64_t res = trace_resolution_ns();

	json_object_set_new(t, "resolution_ns",
			    res ? json_integer((json_int_t)res) : json_null());
	return t;
}

/* The scans' time split: the unmap inside them, and the rest (the walk). */
static void scan_split(json_t *point, const struct point_run *pr)
{
	json_t *m = json_object_get(point, "metrics");

	if (!trace_has_unmap(pr->ctx->trace))
		return unmeasured_split(point,
					"unmap_mapping_pages not probed (see "
					"capabilities.unavailable."
					"busy_scan_unmap)");
	json_object_set_new(m, "busy_scan_unmap_time",
			    scan_metric(&pr->s.unmap));
	json_object_set_new(m, "busy_scan_walk_time", scan_metric(&pr->s.walk));
}

void point_op_metrics(json_t *point, const struct point_run *pr)
{
	json_t *m = json_object_get(point, "metrics");
	const struct samples_set *s = &pr->s;

	/* stalled ops are never here: they are censored, see stalls[] */
	json_object_set_new(m, "op_latency", record_metric(&s->lat, "ns"));
	json_object_set_new(point, "op_timing",
			    json_string(!pr->trace_ops ? "untraced" :
					pr->interleave ? "interleaved" :
							 "traced"));
	if (!pr->sc->trace.busy_scan) {
		unmeasured_scans(point, "trace.busy_scan is off");
	} else if (!trace_has_busy_scan(pr->ctx->trace)) {
		/* the reason is in capabilities.unavailable.busy_scan */
		unmeasured_scans(point, "busy-page probes unavailable (see "
					"capabilities.unavailable.busy_scan)");
	} else if (!pr->calls_total && pr->ctx->dax && record_n(&s->calls)) {
		/* on DAX every layout op scans: zero means a blind probe */
		result_unmeasured(point, "busy_scan_calls",
				  "the busy-page probes never fired on a DAX "
				  "target (inlined, or not on this op's path)");
		result_unmeasured(point, "busy_scan_time",
				  "the busy-page probes never fired");
		unmeasured_split(point, "the busy-page probes never fired");
	} else {
		json_object_set_new(m, "busy_scan_calls",
				    record_metric(&s->calls, "calls"));
		json_object_set_new(m, "busy_scan_time", scan_metric(&s->scan));
		json_object_set_new(m, "busy_scan_time_per_call",
				    scan_metric(&s->scan_per_call));
		scan_split(point, pr);
	}
}

static json_t *pinner_json(const struct scenario *sc, const char *device,
			   const struct pin_report *r, uint64_t solo_ns)
{
	json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:I}", "method",
			      scenario_method_name(sc->pinners.method), "ios",
			      (json_int_t)r->ios, "errors",
			      (json_int_t)r->errors, "elapsed_ns",
			      (json_int_t)r->elapsed_ns, "paused_ns",
			      (json_int_t)r->paused_ns);

	/* measured, not the asked-for pinners.solo: the phase's own time */
	if (solo_ns)
		json_object_set_new(
			o, "solo",
			json_pack("{s:I,s:I,s:f}", "ios",
				  (json_int_t)r->solo_ios, "elapsed_ns",
				  (json_int_t)solo_ns, "iops",
				  (double)r->solo_ios * 1e9 / (double)solo_ns));
	if (r->startup_ios)
		json_object_set_new(o, "startup_ios",
				    json_integer((json_int_t)r->startup_ios));
	if (sc->pinners.method == PIN_VMSPLICE)
		json_object_set_new(
			o, "released_early",
			json_integer((json_int_t)r->released_early));
	if (device && sc->pinners.method != PIN_VMSPLICE)
		json_object_set_new(o, "device", json_string(device));
	if (r->first_errno)
		json_object_set_new(o, "first_error",
				    json_pack("{s:i,s:s}", "errno",
					      r->first_errno, "what",
					      r->first_error));
	if (r->not_ready)
		json_object_set_new(o, "not_ready",
				    json_integer((json_int_t)r->not_ready));
	if (r->refused)
		json_object_set_new(o, "refused",
				    json_pack("{s:i,s:s}", "errno",
					      r->refused_errno, "strerror",
					      strerror(r->refused_errno)));
	return o;
}

void point_pin_metrics(json_t *point, const struct point_run *pr,
		       const struct pin_report *rep, uint64_t solo_ns)
{
	json_t *m = json_object_get(point, "metrics");
	const char *why;

	if (!scenario_has_pinners(pr->sc))
		return;
	json_object_set_new(point, "pinners",
			    pinner_json(pr->sc, pr->ctx->device, rep, solo_ns));
	if (rep->not_ready)
		point_warn(point,
			   "%u pinner thread(s) had not pinned 10 s after "
			   "they started: the ops began without them",
			   rep->not_ready);
	if (rep->ios) {
		struct summary sum;

		hist_summary(&rep->lat, &sum);
		json_object_set_new(
			m, "pinner_io_latency",
			json_pack("{s:s,s:o,s:o}", "unit", "ns", "summary",
				  result_summary_json(&sum), "histogram",
				  hist_to_json(&rep->lat)));
		json_object_set_new(
			m, "pinner_iops",
			json_pack("{s:s,s:f}", "unit", "1/s", "value",
				  rep->elapsed_ns ?
					  (double)rep->ios * 1e9 /
						  (double)rep->elapsed_ns :
					  0.0));
		return;
	}
	why = rep->refused ? "the kernel refused the pin method (see "
			     "pinners.refused)" :
			     "no pinner I/O completed";
	result_unmeasured(point, "pinner_io_latency", why);
	result_unmeasured(point, "pinner_iops", why);
}

/*
 * pin_evidence: did the pins this point asked for meet its ops? A point
 * whose pinners ran while the kernel never found a busy page measured
 * the op without pins, whatever its parameters say.
 */
void point_evidence(json_t *point, const struct point_run *pr,
		    const struct op_count *ops)
{
	unsigned int n = ops->attempted;
	json_t *ev;

	json_object_set_new(point, "ops_attempted", json_integer(n));
	json_object_set_new(point, "ops_skipped", json_integer(ops->skipped));
	if (!scenario_has_pinners(pr->sc))
		return;
	ev = json_pack("{s:i,s:i,s:o,s:{s:i,s:i,s:o}}", "ops", n,
		       "held_at_start", ops->held, "busy_seen",
		       pr->trace_ops ? json_integer(ops->busy) : json_null(),
		       "measured", "ops", ops->m_ops, "held_at_start",
		       ops->m_held, "busy_seen",
		       pr->trace_ops ? json_integer(ops->m_busy) : json_null());
	/* busy_seen's denominator: ops timed untraced cannot see a page */
	if (ev && pr->trace_ops) {
		json_object_set_new(ev, "traced_ops",
				    json_integer(ops->traced));
		json_object_set_new(json_object_get(ev, "measured"),
				    "traced_ops", json_integer(ops->m_traced));
	}
	json_object_set_new(point, "pin_evidence", ev);
	/* a refused method is said in pinners.refused: no pins to meet */
	if (!n || pr->refused)
		return;
	if (!ops->held)
		point_warn(point,
			   "no op started with a pin in flight (0 of %u): "
			   "the pinners never held a page when an op began",
			   n);
	else if (pr->trace_ops && ops->traced && !ops->busy && pr->ctx->dax)
		point_warn(point,
			   "pins never met the ops: %u of %u ops started "
			   "with a pin in flight, but the kernel found no "
			   "busy page in any of the %u traced (one busy-page "
			   "scan per op)",
			   ops->held, n, ops->traced);
}

static void mapping_not_as_asked(json_t *point, const char *what)
{
	json_object_set_new(point, "mapping_verified", json_false());
	if (!json_object_get(point, "mapping_problem"))
		json_object_set_new(point, "mapping_problem",
				    json_string(what));
}

/* The engine's checks after each restore, and the trace's own losses. */
/* The misses kprobe_profile counted for the busy-page probes, or why not. */
static void probe_missed(json_t *point, const struct point_run *pr)
{
	uint64_t now = 0;
	int rc = pr->missed_rc ?: trace_probe_missed(pr->ctx->trace, &now);

	if (rc) {
		json_object_set_new(point, "busy_scan_probe_missed_unread",
				    json_sprintf("kprobe_profile: %s",
						 rc == -EEXIST ?
							 "another run's probes "
							 "have the same names" :
							 strerror(-rc)));
		return;
	}
	now = now > pr->missed0 ? now - pr->missed0 : 0;
	json_object_set_new(point, "busy_scan_probe_missed",
			    json_integer((json_int_t)now));
	if (now)
		point_warn(point,
			   "the busy-page probes missed %llu hits "
			   "(kprobe_profile): busy-scan counts are short",
			   (unsigned long long)now);
}

/*
 * Whether the release path was probed in this point, and what fired in
 * its ops: a point without pinners has them disarmed, so 0 here is what
 * shows that its scans were timed without them.
 */
static void release_probes(json_t *point, const struct point_run *pr)
{
	int armed = trace_release_armed(pr->ctx->trace);

	if (armed >= 0)
		json_object_set_new(point, "release_probes",
				    json_pack("{s:b,s:I}", "armed", armed,
					      "calls",
					      (json_int_t)pr->rel_calls));
}

void point_checks(json_t *point, const struct point_run *pr)
{
	const struct fault_check *fc = &pr->faults;
	const struct fiemap_check *fm = &pr->fiemap;
	char msg[320];

	if (pr->fault_ops) {
		json_object_set_new(
			point, "faults_per_op",
			json_pack("{s:i,s:i,s:I,s:I,s:I}", "ops_checked",
				  fc->checked, "ops_not_as_asked", fc->bad,
				  "pmd", (json_int_t)fc->pmd, "pte",
				  (json_int_t)fc->pte, "pmd_fallback",
				  (json_int_t)fc->fallback));
		if (fc->bad) {
			snprintf(msg, sizeof(msg),
				 "asked for pmd, but %u of %u ops ran after "
				 "PTE faults or PMD fallbacks (first before "
				 "op %u)",
				 fc->bad, fc->checked, fc->first_bad);
			mapping_not_as_asked(point, msg);
			point_warn(point, "%s", msg);
		}
	}
	if (fm->checked) {
		json_object_set_new(point, "fiemap_per_op",
				    json_pack("{s:i,s:i}", "checked",
					      fm->checked, "misaligned",
					      fm->bad));
		if (fm->bad) {
			snprintf(msg, sizeof(msg),
				 "after %u of %u restores the extents were "
				 "not 2MiB aligned (first after op %u: %s)",
				 fm->bad, fm->checked, fm->first_bad, fm->why);
			mapping_not_as_asked(point, msg);
			point_warn(point, "%s", msg);
		}
	}
	if (pr->ctx->trace) {
		json_object_set_new(point, "trace_lost_events",
				    json_integer((json_int_t)pr->lost));
		if (pr->lost)
			point_warn(point,
				   "the trace buffer lost %llu events: this "
				   "point's busy-scan and fault counts are "
				   "lower bounds",
				   (unsigned long long)pr->lost);
	}
	if (pr->trace_ops) {
		json_object_set_new(point, "busy_scan_lost_returns",
				    json_integer((json_int_t)pr->lost_returns));
		if (pr->lost_returns)
			point_warn(point,
				   "%u ops ended inside a busy scan whose "
				   "return the kretprobe never saw (missed, "
				   "or lost): their scan counts are short",
				   pr->lost_returns);
		probe_missed(point, pr);
		release_probes(point, pr);
	}
}

void op_count_one(struct op_count *ops, const struct point_run *pr, bool busy)
{
	bool measured = pr->role >= ROLE_BOTH;
	bool traced = pr->op_traced;

	busy = busy && traced;
	ops->attempted++;
	ops->held += pr->op_held;
	ops->traced += traced;
	ops->busy += busy;
	ops->m_ops += measured;
	ops->m_held += measured && pr->op_held;
	ops->m_traced += measured && traced;
	ops->m_busy += measured && busy;
}

/*
 * The stall record of the op in flight (pr->op), from what the watchdog
 * saw. Read under the watchdog's lock or after watchdog_disarm().
 */
static bool restoring(const struct point_run *pr)
{
	return __atomic_load_n(&pr->restoring, __ATOMIC_ACQUIRE);
}

/* ns from the op's start to a watchdog stage, or null if not reached */
static json_t *stage(const struct watchdog *w, bool reached, uint64_t at)
{
	return reached ? json_integer((json_int_t)(at - w->op_start)) :
			 json_null();
}

json_t *point_stall(const struct point_run *pr, uint64_t waited,
		    const struct stall_facts *f)
{
	const struct watchdog *w = &pr->w;
	struct diagnosis d;
	json_t *st;

	diagnose(f, &d);
	st = json_pack("{s:i,s:s,s:I,s:o,s:o,s:o,s:s?,s:b,s:s,s:s,s:s}", "op",
		       (int)pr->op, "during", restoring(pr) ? "restore" : "op",
		       "waited_ns", (json_int_t)waited, "stalled_after_ns",
		       w->fired ? json_integer((json_int_t)w->fired_after) :
				  json_null(),
		       "unmap_after_ns", stage(w, w->unmapped, w->unmapped_at),
		       "signal_after_ns", stage(w, w->kicked, w->kicked_at),
		       "stack", w->stack, "pins_released", f->pins_released,
		       "ended_by", stall_end_name(f->end), "diagnosis",
		       d.verdict, "diagnosis_why", d.why);
	/* a count pagemap could not give is absent, its reason said */
	if (st && w->unmapped && !pr->mapped_rc)
		json_object_set_new(
			st, "mapped_pages_at_unmap",
			json_integer((json_int_t)pr->mapped_at_unmap));
	else if (st && w->unmapped)
		json_object_set_new(st, "mapped_pages_unread",
				    json_string(strerror(-pr->mapped_rc)));
	if (st && w->unmapped && !pr->peek.rc)
		json_object_set_new(st, "busy_page_at_unmap",
				    json_pack("{s:i,s:i}", "_refcount",
					      (int)pr->peek.ref, "_mapcount",
					      (int)pr->peek.map));
	else if (st && w->unmapped)
		json_object_set_new(st, "busy_page_at_unmap_unread",
				    json_string(pr->peek.why));
	if (st && w->unmapped && w->unmap_rc) {
		json_object_set_new(st, "unmap_errno",
				    json_integer(-w->unmap_rc));
		json_object_set_new(st, "unmap_strerror",
				    json_string(strerror(-w->unmap_rc)));
	}
	return st;
}

/*
 * The point as it stands while its op @pr->op is in flight, with @stall
 * (taken) for that op: what a checkpoint or a hung run writes. The
 * pinners still run, so their figures are not in it.
 */
json_t *point_snapshot(const struct point_run *pr, json_t *stall,
		       const char *why)
{
	json_t *p = json_deep_copy(pr->point);
	struct op_count ops = pr->ops;

	if (!p) {
		json_decref(stall);
		return NULL;
	}
	json_array_append_new(json_object_get(p, "stalls"), stall);
	/* the op in flight: a stall, so the kernel did find a busy page */
	if (!restoring(pr))
		op_count_one(&ops, pr, true);
	ops.skipped = pr->total - pr->op - 1;
	point_op_metrics(p, pr);
	point_evidence(p, pr, &ops);
	point_checks(p, pr);
	if (scenario_has_pinners(pr->sc)) {
		result_unmeasured(p, "pinner_io_latency", why);
		result_unmeasured(p, "pinner_iops", why);
	}
	point_warn(p, "%s", why);
	return p;
}
