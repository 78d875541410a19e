// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench run: load every scenario first (so a typo fails before hours
 * of measuring), then run each point of each and write one result file
 * per scenario. Ctrl-C ends the op in flight (layout waits are
 * interruptible), removes the test files and still writes the finished
 * points, marked "complete": false.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daxbench.h"
#include "engine.h"
#include "label.h"
#include "layout.h"
#include "nstime.h"
#include "progress.h"
#include "result.h"
#include "run-table.h"
#include "run-trace.h"
#include "scenario.h"
#include "sysinfo.h"
#include "trace.h"
#include "units.h"

#define MAX_SETS 64
#define OPT_FORCE 256 /* long only: see the 'f' case */
#define OPT_PROGRESS_FD 257
#define OPT_PLAN 258
#define PIN_SCRATCH_BYTES (64ULL << 20)

static const char run_usage[] =
	"usage: daxbench run [-o OUTDIR] [--dir TARGET] [--set PATH=VALUE]...\n"
	"                    [-q] [--force] [--progress-fd N] SCENARIO...\n"
	"       daxbench run --plan [--set PATH=VALUE]... SCENARIO...\n"
	"\n"
	"Run every point of every scenario and write one result file per\n"
	"scenario (OUTDIR/<name>-<run id>.json). A SCENARIO is a file, or the\n"
	"name of a shipped one: pinners-odirect, small/pinners-odirect (a\n"
	"file of that name wins).\n"
	"\n"
	"  -o, --output DIR    where results go (default: results)\n"
	"  -d, --dir DIR       target directory on the filesystem under test\n"
	"                      (default: $DAXBENCH_DIR, else target.dir)\n"
	"  -s, --set PATH=VAL  override a scenario field for this run, e.g.\n"
	"                      --set pinners.threads=8 --set file.size=1GiB\n"
	"  -D, --device PATH   block device or file that O_DIRECT/io_uring\n"
	"                      pinners read from (default: pinners.device,\n"
	"                      else /dev/nullb0, else a scratch file)\n"
	"  -m, --max-samples N keep N raw samples per metric and point, then\n"
	"                      a log-linear histogram (default 100000)\n"
	"  -q, --quiet         no progress output\n"
	"      --progress-fd N machine-readable progress lines to fd N as\n"
	"                      the run goes (daxbench(1); 'daxbench vm'\n"
	"                      reads them from the guest)\n"
	"      --plan          print each scenario's points, ops and work\n"
	"                      units (what an ETA counts), and run nothing\n"
	"      --force         replace an existing result file of the same name\n"
	"                      (no -f: that is --format in compare, plot and\n"
	"                      report)\n"
	"  -h, --help          this text\n"
	"\n"
	"Only files daxbench creates (O_EXCL) in TARGET are ever truncated,\n"
	"and they are removed at the end, also on Ctrl-C. Tracing (busy-page\n"
	"scans, fault mode) needs root and tracefs; what cannot be measured is\n"
	"named in each point's \"unmeasured\".\n"
	"Ctrl-C, SIGTERM, SIGHUP, SIGQUIT and SIGALRM keep the finished ops.\n"
	"A stall (an op that outlives the timeout) is recorded, never a\n"
	"sample; an op that never ends is written as hung, and the run\n"
	"exits 3.\n"
	"Exit status: 0 ok, 2 scenario or usage error, 3 system error,\n"
	"interrupted or hung. See daxbench(1).\n";

/* the signal that ended the run, 0 while it goes on */
static volatile sig_atomic_t interrupted;

/* the signals that end a run, and what the result calls each */
static const struct {
	int sig;
	const char *name;
} stop_signals[] = {
	{ SIGINT, "SIGINT" },
	{ SIGTERM, "SIGTERM" },
	{ SIGHUP, "SIGHUP" },
	{ SIGQUIT, "SIGQUIT" },
	/* 'daxbench vm' sends it before its --timeout kills the guest */
	{ SIGALRM, "timeout" },
};

static void on_signal(int sig)
{
	/* SIGUSR1 only interrupts a stalled layout wait (EINTR) */
	if (sig != SIGUSR1 && !interrupted)
		interrupted = sig;
}

static const char *interrupted_by(void)
{
	size_t i;

	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		if (stop_signals[i].sig == interrupted)
			return stop_signals[i].name;
	return "signal";
}

static void install_signals(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: let waits end with EINTR */
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaction(stop_signals[i].sig, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
}

/* What a killed run left in tracefs goes, and the user hears of it. */
static void report_stale_tracing(void)
{
	json_t *removed = json_array(), *v;
	size_t i;

	if (!removed)
		return;
	trace_remove_stale(removed);
	json_array_foreach(removed, i, v)
	{
		fprintf(stderr,
			"daxbench run: removed %s, left by a killed run\n",
			json_string_value(v));
	}
	json_decref(removed);
}

static void cleanup_at_exit(void)
{
	trace_cleanup_all();
	layout_cleanup_all();
}

static void report_warnings(const struct progress *prog, const char *name,
			    size_t i, json_t *point)
{
	json_t *w = json_object_get(point, "warnings"), *v;
	const char *mp =
		json_string_value(json_object_get(point, "mapping_problem"));
	bool said = false;
	size_t k;

	json_array_foreach(w, k, v)
	{
		fprintf(stderr, "\ndaxbench run: %s: point %zu: WARNING: %s\n",
			name, i + 1, json_string_value(v));
		progress_warn(prog, json_string_value(v));
		said |= mp && !strcmp(mp, json_string_value(v));
	}
	if (json_is_false(json_object_get(point, "mapping_verified")) &&
	    !said) {
		fprintf(stderr, "\ndaxbench run: %s: point %zu: WARNING: %s\n",
			name, i + 1, mp ? mp : "mapping not as asked");
		progress_warn(prog, mp ? mp : "mapping not as asked");
	}
}

static const char *pick_device(const char *opt, const struct scenario *sc,
			       const char *dir, bool dax, char **scratch,
			       struct db_err *err)
{
	struct stat st;

	if (opt)
		return opt;
	if (sc->pinners.device)
		return sc->pinners.device;
	if (!stat("/dev/nullb0", &st) && S_ISBLK(st.st_mode))
		return "/dev/nullb0";
	if (*scratch)
		return *scratch;
	/*
	 * A DAX file ignores O_DIRECT (it is copied, never pinned), so the
	 * scratch file must live off the target when the target is DAX.
	 */
	if (layout_scratch_create(dax ? "/var/tmp" : dir, PIN_SCRATCH_BYTES,
				  scratch, err))
		return NULL;
	return *scratch;
}

/*
 * A file larger than the free space would fill the user's filesystem
 * before fallocate fails: refuse it up front, naming both numbers.
 */
static int check_space(const json_t *resolved, size_t npoints, const char *name,
		       const char *dir, json_t *free_j)
{
	uint64_t need = 0, have;
	size_t i, worst = 0;
	struct scenario sc;
	struct db_err err;
	char a[32], b[32];

	if (!json_is_integer(free_j))
		return DB_EXIT_OK; /* unknown: fallocate will say */
	have = (uint64_t)json_integer_value(free_j);
	for (i = 0; i < npoints; i++) {
		json_t *pj = NULL;

		if (scenario_point(resolved, i, &sc, NULL, &pj, &err))
			continue;
		if (sc.file.size > need) {
			need = sc.file.size;
			worst = i;
		}
		json_decref(pj);
	}
	if (need <= have)
		return DB_EXIT_OK;
	fprintf(stderr,
		"daxbench run: %s: file.size %s (point %zu) is more than the "
		"%s free in %s\n",
		name, units_fmt_size(need, a, sizeof(a)), worst + 1,
		units_fmt_size(have, b, sizeof(b)), dir);
	return DB_EXIT_USAGE;
}

/*
 * What the watchdog's callbacks need to save the run while an op is in
 * flight: they run in the watchdog thread while the op thread is inside
 * the op, so nothing here is touched by two threads at once.
 */
struct run_state {
	const char *name, *outdir;
	json_t *result;
	bool force, written;
	size_t point; /* 0-based: the point in flight */
	const struct progress *prog;
	const char *scratch;
	char said[sizeof(((struct db_err *)0)->msg)]; /* the last save error */
};

static const char *first_frame(json_t *stall, char *buf, size_t len)
{
	const char *st = json_string_value(json_object_get(stall, "stack"));
	const char *p = st ? strstr(st, "] ") : NULL;

	if (!p)
		return "an unreadable stack";
	snprintf(buf, len, "%.*s", (int)strcspn(p + 2, "+\n"), p + 2);
	return buf;
}

/*
 * Write the result as it stands (a checkpoint replaces the previous one
 * of this run), with @point, if any, appended for the time of the write:
 * the point of an op still in flight. A failure is reported here, and
 * not again when the next write fails alike (a checkpoint, then the
 * final write, into a directory that went away).
 */
static int save(struct run_state *st, json_t *point, bool complete, char **out)
{
	json_t *points = json_object_get(st->result, "points");
	struct db_err err;
	int rc;

	if (point)
		json_array_append(points, point);
	result_finish(st->result, complete);
	rc = result_write(st->result, st->outdir, st->force || st->written, out,
			  &err);
	if (point)
		json_array_remove(points, json_array_size(points) - 1);
	if (!rc)
		st->written = true;
	else if (strcmp(err.msg, st->said)) {
		fprintf(stderr, "daxbench run: %s\n", err.msg);
		memcpy(st->said, err.msg, sizeof(st->said));
	}
	return rc;
}

static void run_checkpoint(void *arg, json_t *point)
{
	struct run_state *st = arg;
	json_t *stalls = json_object_get(point, "stalls");
	json_t *stall = json_array_get(stalls, json_array_size(stalls) - 1);
	const char *during =
		json_string_value(json_object_get(stall, "during"));
	bool restore = during && !strcmp(during, "restore");
	char fn[96];

	fprintf(stderr,
		"\ndaxbench run: %s: point %zu: %sop %lld stalled (waiting in "
		"%s); releasing its pins\n",
		st->name, st->point + 1, restore ? "the restore after " : "",
		(long long)json_integer_value(json_object_get(stall, "op")),
		first_frame(stall, fn, sizeof(fn)));
	progress_stall(st->prog, stall);
	save(st, point, false, NULL);
}

/*
 * The op will not come back: write what there is and end the process
 * without the usual clean-up, which would wait for the stuck op (an
 * unlink of its file waits for the inode lock the op holds).
 */
static void run_hung(void *arg, json_t *point, const char *why,
		     const char *left_behind)
{
	struct run_state *st = arg;
	char *out = NULL;

	if (interrupted)
		json_object_set_new(point, "interrupted_by",
				    json_string(interrupted_by()));
	json_object_set_new(st->result, "interrupted_by",
			    json_string(interrupted ? interrupted_by() :
						      "hung"));
	if (left_behind)
		json_object_set_new(st->result, "left_behind",
				    json_pack("[s]", left_behind));
	save(st, point, false, &out);
	fprintf(stderr,
		"\ndaxbench run: %s: point %zu hung: %s; the incomplete "
		"result is in %s\n",
		st->name, st->point + 1, why, out ? out : "(not written)");
	if (left_behind)
		fprintf(stderr,
			"daxbench run: left behind %s: the stuck op holds it; "
			"remove it once the op has ended\n",
			left_behind);
	fflush(stdout);
	fflush(stderr);
	trace_cleanup_all();
	layout_scratch_remove((char *)st->scratch);
	_exit(DB_EXIT_SYSTEM);
}

/* Print @msg as a warning unless it is the one in @said, then keep it. */
static void warn_once(char *said, size_t len, const char *msg)
{
	if (!strncmp(said, msg, len - 1))
		return;
	fprintf(stderr, "daxbench run: WARNING: %s\n", msg);
	snprintf(said, len, "%s", msg);
}

/*
 * What this run cannot measure as asked, said before it starts rather
 * than found in "unmeasured" afterwards, with the reason the probes
 * gave. Once per run for scenarios that share a target.
 */
static void warn_unmeasured(const char *dir, const json_t *target,
			    const json_t *unavail)
{
	static char said_dax[1024], said_scan[1024];
	const char *why = json_string_value(
		json_object_get(json_object_get(target, "unavailable"), "dax"));
	const char *hint = sysinfo_dax_hint(target);
	char msg[1024];

	if (!json_is_true(json_object_get(target, "dax"))) {
		snprintf(msg, sizeof(msg),
			 "%s is not DAX (%s): layout changes do not wait for "
			 "pinned pages here, so this measures a baseline, not "
			 "the DAX layout break%s%s",
			 dir, why ? why : "no reason recorded",
			 hint ? "; " : "", hint ? hint : "");
		warn_once(said_dax, sizeof(said_dax), msg);
	}
	why = json_string_value(json_object_get(unavail, "busy_scan"));
	if (why) {
		snprintf(msg, sizeof(msg),
			 "no busy-scan tracing (%s): busy_scan_calls and "
			 "busy_scan_time will be unmeasured",
			 why);
		warn_once(said_scan, sizeof(said_scan), msg);
	}
}

static bool needs_device(const struct scenario *sc)
{
	return sc->pinners.threads &&
	       (sc->pinners.method == PIN_ODIRECT ||
		sc->pinners.method == PIN_IO_URING ||
		sc->pinners.method == PIN_IO_URING_FIXED);
}

/* What the command line says about every scenario of the run. */
struct run_opts {
	json_t *invocation;
	const char *dir; /* --dir or DAXBENCH_DIR; NULL: target.dir */
	const char *outdir, *dev;
	size_t max_samples;
	bool force, quiet;
};

/* One scenario's run, from its target's checks to its result file. */
struct run {
	const struct run_opts *o;
	json_t *resolved;
	size_t npoints;
	struct scenario sc; /* of the point in hand */
	const char *name, *dir;
	json_t *first_pj; /* the first point's JSON, which @name points into */
	json_t *target, *result;
	struct trace *tr;
	struct engine_ctx ctx;
	struct progress prog;
	struct run_state st;
	char *scratch;
	bool any_failed, numa_warned;
};

/*
 * The target directory, and whether the scenario fits it: room for its
 * largest file, DAX when it requires DAX, the filesystem it names.
 * Returns an exit code.
 */
static int run_target(struct run *r, const char *path)
{
	struct db_err err;
	const char *fs;
	int ex;

	if (scenario_point(r->resolved, 0, &r->sc, NULL, &r->first_pj, &err)) {
		fprintf(stderr, "daxbench run: %s\n", err.msg);
		return DB_EXIT_USAGE;
	}
	r->name = r->sc.name;
	r->dir = r->o->dir ? r->o->dir : r->sc.target.dir;
	if (!r->dir) {
		fprintf(stderr,
			"daxbench run: %s: no target directory: give "
			"--dir, set DAXBENCH_DIR or target.dir\n",
			path);
		return DB_EXIT_USAGE;
	}
	if (sysinfo_target(r->dir, &r->target, &err)) {
		fprintf(stderr, "daxbench run: %s\n", err.msg);
		return DB_EXIT_SYSTEM;
	}
	r->ctx.dax = json_is_true(json_object_get(r->target, "dax"));
	fs = json_string_value(json_object_get(r->target, "fs"));
	ex = check_space(r->resolved, r->npoints, r->name, r->dir,
			 json_object_get(r->target, "free_bytes"));
	if (ex)
		return ex;
	if (r->sc.target.require_dax && !r->ctx.dax) {
		fprintf(stderr,
			"daxbench run: %s: %s is not DAX (fs %s, options %s); "
			"run it on a DAX mount, inside 'daxbench vm', or with "
			"--set target.require_dax=false\n",
			r->name, r->dir, fs ? fs : "?",
			json_string_value(
				json_object_get(r->target, "mount_options")));
		return DB_EXIT_SYSTEM;
	}
	if (strcmp(r->sc.target.fs, "any") &&
	    (!fs || strcmp(r->sc.target.fs, fs))) {
		fprintf(stderr,
			"daxbench run: %s: target.fs is %s but %s is "
			"on %s\n",
			r->name, r->sc.target.fs, r->dir, fs ? fs : "?");
		return DB_EXIT_SYSTEM;
	}
	return DB_EXIT_OK;
}

/*
 * The result as it starts (host, invocation, target, capabilities), the
 * tracing, and the engine's context. Returns an exit code.
 */
static int run_begin(struct run *r, json_t *scenario_file)
{
	json_t *caps, *unavail;
	struct db_err err;

	r->result = result_new(r->resolved);
	caps = sysinfo_capabilities();
	if (!r->result || !caps) {
		fprintf(stderr, "daxbench run: out of memory\n");
		json_decref(caps);
		return DB_EXIT_SYSTEM;
	}
	json_object_set_new(r->result, "host", sysinfo_host());
	json_object_set(r->result, "invocation", r->o->invocation);
	json_object_set(r->result, "scenario_file", scenario_file);
	json_object_set(r->result, "target", r->target);
	unavail = json_object_get(caps, "unavailable");
	if (!unavail) {
		unavail = json_object();
		json_object_set_new(caps, "unavailable", unavail);
	}
	json_object_set_new(r->result, "capabilities", caps);
	if (run_trace_get(r->resolved, r->npoints, unavail, &r->tr, &err)) {
		fprintf(stderr, "daxbench run: %s: tracing: %s\n", r->name,
			err.msg);
		return DB_EXIT_SYSTEM;
	}
	if (r->tr) {
		json_object_set_new(caps, "probed_symbols",
				    trace_symbols(r->tr));
		json_object_set_new(caps, "busy_page_fields",
				    trace_page_fields(r->tr));
		json_object_set_new(caps, "release_probes",
				    trace_release_caps(r->tr));
	}
	warn_unmeasured(r->dir, r->target, unavail);
	r->ctx.dir = r->dir;
	r->ctx.trace = r->tr;
	r->ctx.max_samples = r->o->max_samples;
	r->ctx.interrupted = &interrupted;
	r->ctx.progress = show_progress;
	r->ctx.progress_arg = &r->prog;
	r->ctx.checkpoint = run_checkpoint;
	r->ctx.hung = run_hung;
	r->ctx.save_arg = &r->st;
	r->st.name = r->name;
	r->st.result = r->result;
	r->st.prog = &r->prog;
	progress_start(&r->prog, r->name, r->resolved);
	return DB_EXIT_OK;
}

/* What went wrong in point @i, once each, on stderr. */
static void report_point(struct run *r, size_t i, json_t *point, bool failed)
{
	json_t *errors = json_object_get(point, "errors");
	json_t *e = json_array_get(errors, 0);
	const char *numa = json_string_value(
		json_object_get(json_object_get(point, "numa"), "warning"));

	if (failed) {
		fprintf(stderr, "\ndaxbench run: %s: point %zu: %s\n", r->name,
			i + 1, json_string_value(json_object_get(e, "what")));
		r->any_failed = true;
	}
	if (numa && !r->numa_warned) {
		fprintf(stderr, "\ndaxbench run: %s: WARNING: %s\n", r->name,
			numa);
		r->numa_warned = true;
	}
	if (!failed && json_array_size(errors))
		fprintf(stderr,
			"\ndaxbench run: %s: point %zu: %zu "
			"errors, the first: %s: %s\n",
			r->name, i + 1, json_array_size(errors),
			json_string_value(json_object_get(e, "what")),
			json_string_value(json_object_get(e, "strerror")));
	report_warnings(&r->prog, r->name, i, point);
}

/*
 * Measure point @i and add it to the result. Returns false when the run
 * must end here: an error (in *@ex), or an interrupted point, whose
 * finished ops are kept.
 */
static bool run_point(struct run *r, size_t i, int *ex)
{
	json_t *params = NULL, *pj = NULL, *point = NULL;
	bool failed = false;
	struct db_err err;
	char *ps;
	int rc;

	if (scenario_point(r->resolved, i, &r->sc, &params, &pj, &err)) {
		fprintf(stderr, "daxbench run: %s\n", err.msg);
		*ex = DB_EXIT_USAGE;
		return false;
	}
	r->ctx.device = NULL;
	if (needs_device(&r->sc)) {
		r->ctx.device = pick_device(r->o->dev, &r->sc, r->dir,
					    r->ctx.dax, &r->scratch, &err);
		if (!r->ctx.device) {
			fprintf(stderr, "daxbench run: %s: pinner device: %s\n",
				r->name, err.msg);
			json_decref(params);
			json_decref(pj);
			*ex = DB_EXIT_SYSTEM;
			return false;
		}
		r->st.scratch = r->scratch;
	}
	r->st.point = i;
	ps = label_point(params, NULL, true); /* "odirect thr=2" */
	progress_point(&r->prog, i, &r->sc, ps);
	rc = engine_point(&r->ctx, &r->sc, params, &point, &failed, &err);
	json_decref(params);
	json_decref(pj);
	free(ps);
	if (rc && rc != -EINTR) {
		fprintf(stderr, "daxbench run: %s: %s\n", r->name, err.msg);
		*ex = DB_EXIT_SYSTEM;
		return false;
	}
	if (rc) /* interrupted: the ops that finished are kept, marked */
		json_object_set_new(point, "interrupted_by",
				    json_string(interrupted_by()));
	else
		report_point(r, i, point, failed);
	json_array_append_new(json_object_get(r->result, "points"), point);
	return !rc;
}

/*
 * Every point, with a checkpoint of the result once a second. Returns an
 * exit code; *@complete when every point was measured.
 */
static int run_points(struct run *r, bool *complete)
{
	uint64_t last_ckpt = r->prog.start;
	int ex = DB_EXIT_OK;
	size_t i;

	for (i = 0; i < r->npoints; i++) {
		if (interrupted || !run_point(r, i, &ex))
			break;
		/*
		 * Checkpoint: a run killed outright (a VM --timeout, a
		 * power cut) still leaves its finished points, marked
		 * incomplete. Once a second is cheap next to any point.
		 */
		if (i + 1 < r->npoints &&
		    nstime_now() - last_ckpt > 1000000000ULL) {
			if (save(&r->st, NULL, false, NULL)) {
				ex = DB_EXIT_SYSTEM;
				break;
			}
			last_ckpt = nstime_now();
		}
	}
	*complete = i == r->npoints && !interrupted && ex == DB_EXIT_OK;
	progress_end(&r->prog,
		     json_array_size(json_object_get(r->result, "points")),
		     *complete);
	return ex;
}

/*
 * Write the result, print its summary and where it went. Returns the
 * run's exit code from @ex, the one of the points; *@stop when
 * interrupted: no scenario after this one.
 */
static int run_finish(struct run *r, bool complete, int ex, bool *stop)
{
	char *out = NULL;

	r->tr = NULL; /* kept for the next scenario: run_trace_close() */
	if (interrupted)
		json_object_set_new(r->result, "interrupted_by",
				    json_string(interrupted_by()));
	if (save(&r->st, NULL, complete, &out)) {
		free(out);
		return DB_EXIT_SYSTEM;
	}
	if (!r->o->quiet)
		run_table_print(stdout, r->name, r->result);
	printf("%s: %zu of %zu points%s -> %s\n", r->name,
	       json_array_size(json_object_get(r->result, "points")),
	       r->npoints, complete ? "" : " (incomplete)", out);
	if (interrupted) {
		fprintf(stderr,
			"daxbench run: interrupted (%s); finished points and "
			"the finished ops of the last one are in %s\n",
			interrupted_by(), out);
		*stop = true;
		ex = DB_EXIT_SYSTEM;
	} else if (r->any_failed && ex == DB_EXIT_OK) {
		ex = DB_EXIT_SYSTEM;
	}
	free(out);
	return ex;
}

/*
 * Run one loaded scenario. Returns an exit code; *stop is set when the
 * run must not go on to the next scenario (interrupted).
 */
static int run_one(json_t *resolved, const char *path, json_t *scenario_file,
		   const struct run_opts *o, bool *stop)
{
	struct run r = {
		.o = o,
		.resolved = resolved,
		.npoints = scenario_npoints(resolved),
		.prog = { .tty = isatty(STDERR_FILENO), .quiet = o->quiet },
		.st = { .outdir = o->outdir, .force = o->force },
	};
	bool complete = false;
	int ex;

	ex = run_target(&r, path);
	if (ex == DB_EXIT_OK)
		ex = run_begin(&r, scenario_file);
	if (ex == DB_EXIT_OK) {
		ex = run_points(&r, &complete);
		ex = run_finish(&r, complete, ex, stop);
	}
	layout_scratch_remove(r.scratch);
	json_decref(r.result);
	json_decref(r.target);
	json_decref(r.first_pj);
	return ex;
}

struct run_args {
	const char *outdir, *dir, *dev;
	const char *sets[MAX_SETS];
	unsigned int nsets;
	unsigned long long max_samples;
	bool quiet, force, plan;
};

/* One option; returns -1 to go on, else the exit code to stop with. */
static int parse_opt(int c, struct run_args *a)
{
	char *end;

	switch (c) {
	case 'o':
		a->outdir = optarg;
		return -1;
	case 'd':
		a->dir = optarg;
		return -1;
	case 's':
		if (a->nsets == MAX_SETS)
			return db_usage_error(&cmd_run_entry,
					      "more than %d --set", MAX_SETS);
		a->sets[a->nsets++] = optarg;
		return -1;
	case 'D':
		a->dev = optarg;
		return -1;
	case 'm':
		errno = 0;
		a->max_samples = strtoull(optarg, &end, 10);
		if (errno || *end || !a->max_samples ||
		    a->max_samples > 100000000ULL)
			return db_usage_error(&cmd_run_entry,
					      "--max-samples %s: a count from "
					      "1 to 100000000",
					      optarg);
		return -1;
	case 'q':
		a->quiet = true;
		return -1;
	case OPT_FORCE:
		a->force = true;
		return -1;
	case OPT_PROGRESS_FD:
		if (progress_channel_open(optarg))
			return db_usage_error(&cmd_run_entry,
					      "--progress-fd %s: not an open "
					      "file descriptor",
					      optarg);
		return -1;
	case OPT_PLAN:
		a->plan = true;
		return -1;
	case 'f':
		/* -f was --force here, --format everywhere else */
		return db_usage_error(&cmd_run_entry,
				      "-f: write --force to replace a result "
				      "(-f is --format in compare, plot and "
				      "report)");
	case 'h':
		fputs(run_usage, stdout);
		return db_finish_stdout("run", DB_EXIT_OK);
	default:
		return db_usage_error(&cmd_run_entry, "bad option");
	}
}

/* The options; -1 to go on with the scenarios at argv[optind...]. */
static int parse_args(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "dir", required_argument, NULL, 'd' },
		{ "set", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'D' },
		{ "max-samples", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "progress-fd", required_argument, NULL, OPT_PROGRESS_FD },
		{ "plan", no_argument, NULL, OPT_PLAN },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ex;

	a->outdir = "results";
	a->dir = getenv("DAXBENCH_DIR");
	if (a->dir && !*a->dir)
		a->dir = NULL;
	while ((c = getopt_long(argc, argv, "o:d:s:D:m:qfh", opts, NULL)) != -1)
		if ((ex = parse_opt(c, a)) >= 0)
			return ex;
	if (optind >= argc)
		return db_usage_error(&cmd_run_entry, "no scenario given");
	return -1;
}

/* The scenarios named on the command line, and their files' records. */
struct run_inputs {
	int n;
	json_t **loaded, **sfiles;
	char **paths;
};

static void inputs_free(struct run_inputs *in)
{
	int i;

	for (i = 0; i < in->n; i++) {
		json_decref(in->loaded[i]);
		json_decref(in->sfiles[i]);
		free(in->paths[i]);
	}
	free(in->loaded);
	free(in->paths);
	free(in->sfiles);
}

/* Load every scenario, all of them before any runs; an exit code. */
static int inputs_load(struct run_inputs *in, char *const *names,
		       const struct run_args *a)
{
	struct db_err err;
	int i, rc, bad = 0;

	in->loaded = calloc((size_t)in->n, sizeof(*in->loaded));
	in->paths = calloc((size_t)in->n, sizeof(*in->paths));
	in->sfiles = calloc((size_t)in->n, sizeof(*in->sfiles));
	if (!in->loaded || !in->paths || !in->sfiles) {
		in->n = 0; /* inputs_free() frees the arrays alone */
		fprintf(stderr, "daxbench run: out of memory\n");
		return DB_EXIT_SYSTEM;
	}
	for (i = 0; i < in->n; i++) {
		if (scenario_load_arg(names[i], a->sets, a->nsets,
				      &in->paths[i], &in->loaded[i], &err)) {
			fprintf(stderr, "daxbench run: %s\n", err.msg);
			bad++;
			continue;
		}
		/* read again right after the load, for the record */
		rc = result_scenario_file(in->paths[i], a->sets, a->nsets,
					  &in->sfiles[i]);
		if (rc) {
			fprintf(stderr, "daxbench run: %s: %s\n", in->paths[i],
				strerror(-rc));
			bad++;
		}
	}
	return bad ? DB_EXIT_USAGE : DB_EXIT_OK;
}

/* Run every scenario loaded, into a writable output directory. */
static int run_all(const struct run_inputs *in, const struct run_args *a,
		   json_t *invocation)
{
	struct run_opts o = { .invocation = invocation,
			      .dir = a->dir,
			      .outdir = a->outdir,
			      .dev = a->dev,
			      .max_samples = (size_t)a->max_samples,
			      .force = a->force,
			      .quiet = a->quiet };
	struct db_err err;
	bool stop = false;
	int i, ex = DB_EXIT_OK;

	if (result_dir_check(a->outdir, &err)) {
		fprintf(stderr, "daxbench run: output directory: %s\n",
			err.msg);
		return DB_EXIT_SYSTEM;
	}
	install_signals();
	atexit(cleanup_at_exit);
	report_stale_tracing();
	progress_plan(in->loaded, (size_t)in->n);
	for (i = 0; i < in->n && !stop; i++) {
		int r = run_one(in->loaded[i], in->paths[i], in->sfiles[i], &o,
				&stop);

		if (r > ex)
			ex = r;
	}
	run_trace_close();
	return ex;
}

static int cmd_run(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct run_inputs in = { 0 };
	json_t *invocation;
	int ex;

	/* now: getopt_long() reorders argv */
	invocation = result_invocation(program_invocation_name, argc, argv);
	if (!invocation) {
		fprintf(stderr, "daxbench run: out of memory\n");
		return DB_EXIT_SYSTEM;
	}
	ex = parse_args(argc, argv, &a);
	if (ex >= 0) {
		json_decref(invocation);
		return ex;
	}
	in.n = argc - optind;
	ex = inputs_load(&in, argv + optind, &a);
	if (ex == DB_EXIT_OK && a.plan)
		progress_plan_print(stdout, in.loaded, (size_t)in.n);
	else if (ex == DB_EXIT_OK)
		ex = run_all(&in, &a, invocation);
	inputs_free(&in);
	json_decref(invocation);
	return db_finish_stdout("run", ex);
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.summary = "run scenarios on a target directory, write results",
	.usage = run_usage,
	.exec = cmd_run,
};
