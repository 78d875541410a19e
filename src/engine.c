// SPDX-License-Identifier: GPL-2.0-only
/*
 * One point of a scenario (see engine.h). The op runs in the calling
 * thread, which is also the thread the tracefs instance filters on, so
 * busy-page scans and faults are counted for exactly the work we time.
 * A watchdog thread turns an op that outlives the timeout into a stall:
 * it records the blocked thread's kernel stack, makes the pinners drop
 * their pins so the op can finish, and as a last resort interrupts the
 * (interruptible) layout wait with SIGUSR1.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <numa.h>

#include "engine.h"
#include "layout.h"
#include "pin.h"
#include "record.h"
#include "result.h"
#include "stats.h"

struct watchdog {
	pthread_t th;
	pthread_t op_thread;
	pid_t op_tid;
	pthread_mutex_t lock;
	pthread_cond_t cv;
	bool quit, active, fired, kicked;
	bool idle; /* in the untimed wait: only then does arming wake it */
	uint64_t deadline, timeout;
	struct pin_set *ps;
	char *stack; /* of the stalled op, when readable */
	uint64_t fired_after; /* ns from op start to the stall verdict */
	uint64_t op_start;
};

uint64_t engine_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static struct timespec ts_of(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ULL),
			       (long)(ns % 1000000000ULL) };
	return ts;
}

/*
 * Sleep until @when (engine_now_ns() time) for operation.interval. An
 * absolute deadline keeps the pace whatever the restore took; a signal
 * ends the sleep early so that Ctrl-C is seen at once.
 */
static void pace_until(uint64_t when, volatile sig_atomic_t *stop)
{
	struct timespec ts = ts_of(when);

	while (!*stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					 NULL) == EINTR)
		;
}

static char *read_stack(pid_t tid)
{
	char path[64], *buf;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stack", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = calloc(1, 8192);
	if (buf) {
		n = read(fd, buf, 8191);
		if (n <= 0) {
			free(buf);
			buf = NULL;
		}
	}
	close(fd);
	return buf;
}

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;

	pthread_mutex_lock(&w->lock);
	while (!w->quit) {
		struct timespec until;
		uint64_t now;

		if (!w->active) {
			w->idle = true;
			pthread_cond_wait(&w->cv, &w->lock);
			w->idle = false;
			continue;
		}
		until = ts_of(w->deadline);
		pthread_cond_timedwait(&w->cv, &w->lock, &until);
		now = engine_now_ns();
		if (!w->active || w->quit || now < w->deadline)
			continue;
		if (!w->fired) {
			/* a stall: look at it first, then let it go */
			w->fired = true;
			w->fired_after = now - w->op_start;
			pthread_mutex_unlock(&w->lock);
			free(w->stack);
			w->stack = read_stack(w->op_tid);
			pin_release(w->ps);
			pthread_mutex_lock(&w->lock);
			w->deadline = engine_now_ns() + w->timeout;
		} else if (!w->kicked) {
			/*
			 * Pins are gone and the op still waits: the layout
			 * waits are interruptible, so a signal ends it with
			 * EINTR rather than letting daxbench hang.
			 */
			w->kicked = true;
			pthread_kill(w->op_thread, SIGUSR1);
			w->deadline = engine_now_ns() + w->timeout;
		} else {
			pthread_kill(w->op_thread, SIGUSR1);
			w->deadline = engine_now_ns() + 1000000000ULL;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static int watchdog_start(struct watchdog *w, uint64_t timeout,
			  struct pin_set *ps)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int rc;

	memset(w, 0, sizeof(*w));
	w->timeout = timeout;
	w->ps = ps;
	w->op_thread = pthread_self();
	w->op_tid = (pid_t)syscall(SYS_gettid);
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = -pthread_create(&w->th, NULL, watchdog_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static void watchdog_arm(struct watchdog *w, uint64_t start)
{
	pthread_mutex_lock(&w->lock);
	w->active = true;
	w->fired = w->kicked = false;
	w->op_start = start;
	w->deadline = start + w->timeout;
	/*
	 * A watchdog in its timed wait wakes at the previous op's deadline,
	 * which is earlier, and then waits for this one: waking it on every
	 * op would put a thread switch next to each measured op.
	 */
	if (w->idle)
		pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->lock);
}

/*
 * Returns whether the op that just ended was a stall. w->kicked then says
 * whether it ended only when signalled: its pins were gone and it still
 * waited, which is worth telling apart (a missed wakeup looks like that).
 */
static bool watchdog_disarm(struct watchdog *w)
{
	bool fired;

	pthread_mutex_lock(&w->lock);
	w->active = false;
	fired = w->fired;
	pthread_mutex_unlock(&w->lock);
	return fired;
}

static void watchdog_stop(struct watchdog *w)
{
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->th, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->lock);
	free(w->stack);
}

static void add_error(json_t *point, long op, int e, const char *what)
{
	json_array_append_new(json_object_get(point, "errors"),
			      json_pack("{s:I,s:i,s:s,s:s}", "op",
					(json_int_t)op, "errno", e, "what",
					what, "strerror", strerror(e)));
}

struct samples_set {
	struct record lat, calls, scan, scan_per_call;
};

static void samples_set_init(struct samples_set *s, size_t cap)
{
	record_init(&s->lat, cap);
	record_init(&s->calls, cap);
	record_init(&s->scan, cap);
	record_init(&s->scan_per_call, cap);
}

static void samples_set_free(struct samples_set *s)
{
	record_free(&s->lat);
	record_free(&s->calls);
	record_free(&s->scan);
	record_free(&s->scan_per_call);
}

/*
 * Fault the first ENGINE_VERIFY_BYTES with fs_dax events on, count what
 * the kernel did, and say whether the mapping is the one asked for.
 */
static void verify_mapping(struct engine_ctx *ctx, const struct scenario *sc,
			   struct dax_file *f, json_t *point)
{
	struct trace_counts c = { 0 };
	uint64_t len = f->size < ENGINE_VERIFY_BYTES ? f->size :
						       ENGINE_VERIFY_BYTES;
	bool ok;

	if (!sc->trace.fault_mode) {
		result_unmeasured(point, "faults", "trace.fault_mode is off");
		goto unverified;
	}
	if (!trace_has_fault_mode(ctx->trace)) {
		result_unmeasured(point, "faults", "fs_dax events unavailable");
		goto unverified;
	}
	trace_collect(ctx->trace, &c); /* drop anything older */
	memset(&c, 0, sizeof(c));
	trace_faults(ctx->trace, true);
	layout_prefault(f, 0, len);
	trace_faults(ctx->trace, false);
	trace_collect(ctx->trace, &c);
	json_object_set_new(point, "faults",
			    json_pack("{s:I,s:I,s:I,s:I,s:I}", "pmd",
				      (json_int_t)c.pmd_nopage, "pte",
				      (json_int_t)c.pte, "pmd_fallback",
				      (json_int_t)c.pmd_fallback,
				      "verified_bytes", (json_int_t)len,
				      "lost_events", (json_int_t)c.lost));
	if (!c.pmd_nopage && !c.pte && !c.pmd_fallback) {
		result_unmeasured(point, "faults",
				  ctx->dax ? "no fs_dax fault events fired" :
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

static json_t *pinner_json(const struct scenario *sc, const char *device,
			   const struct pin_report *r, uint64_t solo_ns)
{
	json_t *o = json_pack("{s:s,s:I,s:I,s:I}", "method",
			      scenario_method_name(sc->pinners.method), "ios",
			      (json_int_t)r->ios, "errors",
			      (json_int_t)r->errors, "elapsed_ns",
			      (json_int_t)r->elapsed_ns);

	/* measured, not the asked-for pinners.solo: the phase's own time */
	if (solo_ns)
		json_object_set_new(
			o, "solo",
			json_pack("{s:I,s:I,s:f}", "ios",
				  (json_int_t)r->solo_ios, "elapsed_ns",
				  (json_int_t)solo_ns, "iops",
				  (double)r->solo_ios * 1e9 / (double)solo_ns));
	if (sc->pinners.method == PIN_VMSPLICE)
		json_object_set_new(
			o, "released_early",
			json_integer((json_int_t)r->released_early));

	if (device && sc->pinners.method != PIN_VMSPLICE &&
	    sc->pinners.method != PIN_NONE)
		json_object_set_new(o, "device", json_string(device));
	if (r->first_errno)
		json_object_set_new(o, "first_error",
				    json_pack("{s:i,s:s}", "errno",
					      r->first_errno, "what",
					      r->first_error));
	if (r->refused)
		json_object_set_new(o, "refused",
				    json_pack("{s:i,s:s}", "errno",
					      r->refused_errno, "strerror",
					      strerror(r->refused_errno)));
	return o;
}

static void add_metrics(json_t *point, const struct scenario *sc,
			struct engine_ctx *ctx, struct samples_set *s,
			const struct pin_report *pr, uint64_t calls_total)
{
	json_t *m = json_object_get(point, "metrics");

	json_object_set_new(m, "op_latency", record_metric(&s->lat, "ns"));
	if (!sc->trace.busy_scan) {
		result_unmeasured(point, "busy_scan_calls",
				  "trace.busy_scan is off");
		result_unmeasured(point, "busy_scan_time",
				  "trace.busy_scan is off");
	} else if (!trace_has_busy_scan(ctx->trace)) {
		/* the reason is in capabilities.unavailable.busy_scan */
		result_unmeasured(point, "busy_scan_calls",
				  "busy-page probes unavailable (see "
				  "capabilities.unavailable.busy_scan)");
		result_unmeasured(point, "busy_scan_time",
				  "busy-page probes unavailable (see "
				  "capabilities.unavailable.busy_scan)");
	} else if (!calls_total && ctx->dax && record_n(&s->lat)) {
		/* on DAX every layout op scans: zero means a blind probe */
		result_unmeasured(point, "busy_scan_calls",
				  "the busy-page probes never fired on a DAX "
				  "target (inlined, or not on this op's path)");
		result_unmeasured(point, "busy_scan_time",
				  "the busy-page probes never fired");
	} else {
		json_t *t;

		json_object_set_new(m, "busy_scan_calls",
				    record_metric(&s->calls, "calls"));
		t = record_metric(&s->scan, "ns");
		json_object_set_new(
			t, "resolution_ns",
			json_integer((json_int_t)trace_resolution_ns()));
		json_object_set_new(m, "busy_scan_time", t);
		t = record_metric(&s->scan_per_call, "ns");
		json_object_set_new(
			t, "resolution_ns",
			json_integer((json_int_t)trace_resolution_ns()));
		json_object_set_new(m, "busy_scan_time_per_call", t);
	}
	if (sc->pinners.method == PIN_NONE || !sc->pinners.threads)
		return;
	if (pr->ios) {
		struct summary sum;
		json_t *lat;

		hist_summary(&pr->lat, &sum);
		lat = json_pack("{s:s,s:o,s:o}", "unit", "ns", "summary",
				result_summary_json(&sum), "histogram",
				hist_to_json(&pr->lat));
		json_object_set_new(m, "pinner_io_latency", lat);
		json_object_set_new(
			m, "pinner_iops",
			json_pack("{s:s,s:f}", "unit", "1/s", "value",
				  pr->elapsed_ns ?
					  (double)pr->ios * 1e9 /
						  (double)pr->elapsed_ns :
					  0.0));
	} else {
		const char *why = pr->refused ? "the kernel refused the pin "
						"method (see pinners.refused)" :
						"no pinner I/O completed";

		result_unmeasured(point, "pinner_io_latency", why);
		result_unmeasured(point, "pinner_iops", why);
	}
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

	if (sc->pinners.method == PIN_NONE || !sc->pinners.threads ||
	    (cpu < 0 && mem < 0))
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
		add_error(point, -1, ENODEV,
			  cpu >= nodes ? "pinners.numa.cpunodebind: no such "
					 "NUMA node" :
					 "pinners.numa.membind: no such NUMA "
					 "node");
		return -ENODEV;
	}
	return 0;
}

int engine_point(struct engine_ctx *ctx, const struct scenario *sc,
		 json_t *params, json_t **out, bool *failed, struct db_err *err)
{
	unsigned int total = sc->warmup + sc->repeat, i;
	struct samples_set s;
	struct pin_report pr = { 0 };
	struct pin_set *ps = NULL;
	struct dax_file f;
	struct watchdog w;
	struct db_err perr;
	uint64_t t_setup = engine_now_ns(), calls_total = 0, t_meas;
	uint64_t t_last = 0, solo_ns = 0;
	bool wd = false;
	json_t *point;
	int rc = 0;

	*out = NULL;
	*failed = true;
	hist_init(&pr.lat);
	samples_set_init(&s, ctx->max_samples);
	point = result_point_new(params);
	if (!point)
		return db_err_set(err, -ENOMEM, "out of memory");
	json_object_set_new(
		point, "mapping",
		json_pack("{s:s,s:I,s:I}", "mode",
			  scenario_mapping_name(sc->file.mapping), "bytes",
			  (json_int_t)sc->file.size, "xarray_entries",
			  (json_int_t)(sc->file.size /
				       (sc->file.mapping == MAP_PMD ?
						LAYOUT_PMD_SIZE :
						4096))));
	if (numa_placement(sc, point)) {
		*out = point;
		return 0;
	}
	rc = layout_create(ctx->dir, sc->file.size, sc->file.mapping, &f,
			   &perr);
	if (rc) {
		add_error(point, -1, -rc, perr.msg);
		*out = point;
		return 0;
	}
	if (sc->file.mapping == MAP_PMD) {
		json_t *fm = NULL;

		layout_fiemap(&f, &fm);
		if (fm)
			json_object_set_new(point, "fiemap", fm);
	}
	verify_mapping(ctx, sc, &f, point);
	if (sc->file.prefault)
		layout_prefault(&f, 0, f.size);
	if (sc->pinners.method != PIN_NONE && sc->pinners.threads) {
		struct pin_config pc = {
			.method = sc->pinners.method,
			.threads = sc->pinners.threads,
			.io_size = sc->pinners.io_size,
			.queue_depth = sc->pinners.queue_depth,
			.hold_ns = sc->pinners.hold_ns,
			.region = f.map + sc->pinners.region_offset,
			.region_len = sc->pinners.region_length,
			.device = ctx->device,
			.cpunodebind = sc->pinners.cpunodebind,
			.membind = sc->pinners.membind,
			.solo = sc->pinners.solo_ns != 0,
		};

		rc = pin_start(&pc, &ps, &perr);
		if (rc) {
			add_error(point, -1, -rc, perr.msg);
			goto out;
		}
	}
	rc = watchdog_start(&w, sc->timeout_ns, ps);
	if (rc) {
		add_error(point, -1, -rc, "watchdog thread");
		goto out;
	}
	wd = true;
	json_object_set_new(
		point, "setup_ns",
		json_integer((json_int_t)(engine_now_ns() - t_setup)));
	if (ps && sc->pinners.solo_ns) {
		/* the pinners alone: the I/O path's baseline, no op at all */
		pace_until(engine_now_ns() + sc->pinners.solo_ns,
			   ctx->interrupted);
		if (*ctx->interrupted) {
			rc = -EINTR;
			goto out;
		}
		solo_ns = pin_mark(ps);
	}
	t_meas = engine_now_ns();
	for (i = 0; i < total; i++) {
		struct trace_counts c = { 0 };
		uint64_t t0, t1;
		bool stalled;
		int orc;

		if (sc->op.interval_ns && i)
			pace_until(t_last + sc->op.interval_ns,
				   ctx->interrupted);
		if (*ctx->interrupted) {
			rc = -EINTR;
			goto out;
		}
		orc = pin_arm(ps, sc->timeout_ns + sc->pinners.hold_ns);
		if (orc) {
			add_error(point, (long)i, -orc,
				  "pinners did not take their pins in time");
			break;
		}
		if (trace_has_busy_scan(ctx->trace)) {
			/* restore and prefault scan too: not this op's */
			trace_collect(ctx->trace, &c);
			memset(&c, 0, sizeof(c));
		}
		/*
		 * Only the syscall is timed: arming the watchdog (a futex
		 * wake) comes first. pin_go() is in the window on purpose,
		 * for vmsplice alone: a hold counted from t0 cannot let the
		 * op end before t0 + hold.
		 */
		watchdog_arm(&w, engine_now_ns());
		t0 = engine_now_ns();
		t_last = t0;
		pin_go(ps, t0);
		orc = layout_op(&f, sc->op.type, sc->op.offset, sc->op.length);
		t1 = engine_now_ns();
		stalled = watchdog_disarm(&w);
		if (trace_has_busy_scan(ctx->trace))
			trace_collect(ctx->trace, &c);
		if (stalled) {
			json_array_append_new(
				json_object_get(point, "stalls"),
				json_pack("{s:i,s:I,s:I,s:s?,s:b,s:s}", "op",
					  (int)i, "waited_ns",
					  (json_int_t)(t1 - t0),
					  "stalled_after_ns",
					  (json_int_t)w.fired_after, "stack",
					  w.stack, "pins_released", 1,
					  "ended_by",
					  w.kicked ? "signal" : "pin_release"));
			if (!w.stack)
				json_object_set_new(point, "stack_unreadable",
						    json_string(
							    "/proc/self/task/"
							    "TID/stack needs "
							    "root"));
		}
		if (orc) {
			char what[96];

			snprintf(what, sizeof(what), "%s",
				 scenario_op_name(sc->op.type));
			add_error(point, (long)i, -orc, what);
			if (*ctx->interrupted) {
				rc = -EINTR;
				goto out;
			}
		} else if (i >= sc->warmup) {
			if (record_add(&s.lat, t1 - t0) ||
			    record_add(&s.calls, c.scan_calls) ||
			    record_add(&s.scan, c.scan_ns) ||
			    (c.scan_calls &&
			     record_add(&s.scan_per_call,
					c.scan_ns / c.scan_calls))) {
				rc = db_err_set(err, -ENOMEM, "out of memory");
				goto out;
			}
			calls_total += c.scan_calls;
		}
		rc = layout_restore(&f, sc->op.type, sc->op.offset,
				    sc->op.length, &perr);
		if (rc) {
			add_error(point, (long)i, -rc, perr.msg);
			rc = 0;
			break;
		}
		if (sc->file.prefault)
			layout_prefault(&f, 0, f.size);
		if (ctx->progress)
			ctx->progress(ctx->progress_arg, i + 1, total);
		if (stalled)
			break; /* the pins are gone: the point is over */
	}
	json_object_set_new(
		point, "measure_ns",
		json_integer((json_int_t)(engine_now_ns() - t_meas)));
	*failed = false;
out:
	if (wd)
		watchdog_stop(&w);
	/* every pin must be gone before the file is unlinked */
	pin_stop(ps, &pr);
	layout_destroy(&f);
	if (rc == -EINTR || rc == -ENOMEM) {
		json_decref(point);
		samples_set_free(&s);
		return rc;
	}
	if (!*failed) {
		add_metrics(point, sc, ctx, &s, &pr, calls_total);
		if (sc->pinners.method != PIN_NONE && sc->pinners.threads)
			json_object_set_new(point, "pinners",
					    pinner_json(sc, ctx->device, &pr,
							solo_ns));
	}
	samples_set_free(&s);
	*out = point;
	return 0;
}
