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
#include <sys/syscall.h>
#include <unistd.h>

#include "daxbench.h"
#include "engine.h"
#include "layout.h"
#include "result.h"
#include "scenario.h"
#include "stats.h"
#include "sysinfo.h"
#include "trace.h"
#include "units.h"

#define MAX_SETS 64
#define PIN_SCRATCH_BYTES (64ULL << 20)

static const char run_usage[] =
	"usage: daxbench run [-o OUTDIR] [--dir TARGET] [--set PATH=VALUE]...\n"
	"                    [-q] [--force] SCENARIO...\n"
	"\n"
	"Run every point of every scenario and write one result file per\n"
	"scenario (OUTDIR/<name>-<run id>.json).\n"
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
	"  -f, --force         replace an existing result file of the same name\n"
	"  -h, --help          this text\n"
	"\n"
	"Only files daxbench creates (O_EXCL) in TARGET are ever truncated,\n"
	"and they are removed at the end, also on Ctrl-C. Tracing (busy-page\n"
	"scans, fault mode) needs root and tracefs; what cannot be measured is\n"
	"named in each point's \"unmeasured\".\n"
	"Exit: 0 ok, 2 scenario or usage error, 3 system error or interrupted.\n";

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	if (sig == SIGINT || sig == SIGTERM)
		interrupted = 1;
	/* SIGUSR1 only interrupts a stalled layout wait (EINTR) */
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: let waits end with EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
}

static void cleanup_at_exit(void)
{
	trace_cleanup_all();
	layout_cleanup_all();
}

struct progress {
	bool tty, quiet;
	const char *scenario;
	size_t point, npoints;
	uint64_t start, last;
};

static void show_progress(void *arg, unsigned int done, unsigned int total)
{
	struct progress *p = arg;
	uint64_t now = engine_now_ns(), eta;
	double frac;

	if (p->quiet || !p->tty)
		return;
	if (done != total && now - p->last < 200000000ULL)
		return; /* 5 updates a second are plenty */
	p->last = now;
	frac = ((double)p->point + (double)done / total) / (double)p->npoints;
	eta = frac > 0 ?
		      (uint64_t)((double)(now - p->start) * (1 - frac) / frac) :
		      0;
	fprintf(stderr, "\r\033[K%s: point %zu/%zu, op %u/%u, ETA %llus",
		p->scenario, p->point + 1, p->npoints, done, total,
		(unsigned long long)(eta / 1000000000ULL));
}

static const char *fmt_ns(json_t *metric, const char *key, char *buf,
			  size_t len)
{
	json_t *v = json_object_get(json_object_get(metric, "summary"), key);

	if (!json_is_number(v))
		return "-";
	return units_fmt_duration((uint64_t)json_number_value(v), buf, len);
}

static void print_summary(const char *name, json_t *result)
{
	json_t *points = json_object_get(result, "points"), *pt;
	size_t i;

	printf("\n%s\n", name);
	printf("  %-36s %10s %10s %7s %10s %6s %6s %s\n", "point", "op p50",
	       "op p99", "scans", "scan p50", "stalls", "errors", "mapping");
	json_array_foreach(points, i, pt)
	{
		json_t *m = json_object_get(pt, "metrics");
		json_t *calls = json_object_get(m, "busy_scan_calls");
		json_t *mv = json_object_get(pt, "mapping_verified");
		char *params =
			json_dumps(json_object_get(pt, "params"), JSON_COMPACT);
		char a[32], b[32], c[32], sc[16] = "-";

		if (calls)
			snprintf(sc, sizeof(sc), "%.2f",
				 json_number_value(json_object_get(
					 json_object_get(calls, "summary"),
					 "mean")));
		printf("  %-36.36s %10s %10s %7s %10s %6zu %6zu %s\n",
		       params && strcmp(params, "{}") ? params : "(single)",
		       fmt_ns(json_object_get(m, "op_latency"), "p50", a,
			      sizeof(a)),
		       fmt_ns(json_object_get(m, "op_latency"), "p99", b,
			      sizeof(b)),
		       sc,
		       fmt_ns(json_object_get(m, "busy_scan_time"), "p50", c,
			      sizeof(c)),
		       json_array_size(json_object_get(pt, "stalls")),
		       json_array_size(json_object_get(pt, "errors")),
		       json_is_true(mv)	 ? "verified" :
		       json_is_false(mv) ? "NOT AS ASKED" :
					   "unverified");
		free(params);
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

static bool needs_device(const struct scenario *sc)
{
	return sc->pinners.threads &&
	       (sc->pinners.method == PIN_ODIRECT ||
		sc->pinners.method == PIN_IO_URING ||
		sc->pinners.method == PIN_IO_URING_FIXED);
}

/*
 * Run one loaded scenario. Returns an exit code; *stop is set when the
 * run must not go on to the next scenario (interrupted).
 */
static int run_one(json_t *resolved, const char *path, const char *dir_opt,
		   const char *outdir, const char *dev_opt, size_t max_samples,
		   bool force, bool quiet, bool *stop)
{
	struct progress prog = { .tty = isatty(STDERR_FILENO), .quiet = quiet };
	size_t npoints = scenario_npoints(resolved), i;
	json_t *result = NULL, *target = NULL, *caps, *unavail, *first_pj;
	struct engine_ctx ctx = { 0 };
	struct scenario sc;
	struct trace *tr = NULL;
	struct db_err err;
	const char *dir, *name, *fs;
	char *out = NULL, *scratch = NULL;
	int rc, ex = DB_EXIT_OK;
	bool any_failed = false, complete = true, written = false;
	bool numa_warned = false;
	uint64_t last_ckpt;

	if (scenario_point(resolved, 0, &sc, NULL, &first_pj, &err)) {
		fprintf(stderr, "daxbench run: %s\n", err.msg);
		return DB_EXIT_USAGE;
	}
	name = sc.name;
	dir = dir_opt ? dir_opt : sc.target.dir;
	if (!dir) {
		fprintf(stderr,
			"daxbench run: %s: no target directory: give "
			"--dir, set DAXBENCH_DIR or target.dir\n",
			path);
		json_decref(first_pj);
		return DB_EXIT_USAGE;
	}
	rc = sysinfo_target(dir, &target, &err);
	if (rc) {
		fprintf(stderr, "daxbench run: %s\n", err.msg);
		json_decref(first_pj);
		return DB_EXIT_SYSTEM;
	}
	ctx.dax = json_is_true(json_object_get(target, "dax"));
	fs = json_string_value(json_object_get(target, "fs"));
	ex = check_space(resolved, npoints, name, dir,
			 json_object_get(target, "free_bytes"));
	if (ex)
		goto out;
	if (sc.target.require_dax && !ctx.dax) {
		fprintf(stderr,
			"daxbench run: %s: %s is not DAX (fs %s, options %s); "
			"run it on a DAX mount, inside 'daxbench vm', or with "
			"--set target.require_dax=false\n",
			name, dir, fs ? fs : "?",
			json_string_value(
				json_object_get(target, "mount_options")));
		ex = DB_EXIT_SYSTEM;
		goto out;
	}
	if (strcmp(sc.target.fs, "any") && (!fs || strcmp(sc.target.fs, fs))) {
		fprintf(stderr,
			"daxbench run: %s: target.fs is %s but %s is "
			"on %s\n",
			name, sc.target.fs, dir, fs ? fs : "?");
		ex = DB_EXIT_SYSTEM;
		goto out;
	}
	result = result_new(resolved);
	caps = sysinfo_capabilities();
	if (!result || !caps) {
		fprintf(stderr, "daxbench run: out of memory\n");
		json_decref(caps);
		ex = DB_EXIT_SYSTEM;
		goto out;
	}
	json_object_set_new(result, "host", sysinfo_host());
	json_object_set(result, "target", target);
	unavail = json_object_get(caps, "unavailable");
	if (!unavail) {
		unavail = json_object();
		json_object_set_new(caps, "unavailable", unavail);
	}
	json_object_set_new(result, "capabilities", caps);
	rc = trace_open(sc.trace.busy_scan, sc.trace.fault_mode,
			(pid_t)syscall(SYS_gettid), unavail, &tr, &err);
	if (rc) {
		fprintf(stderr, "daxbench run: %s: tracing: %s\n", name,
			err.msg);
		ex = DB_EXIT_SYSTEM;
		goto out;
	}
	if (tr)
		json_object_set_new(caps, "probed_symbols", trace_symbols(tr));
	ctx.dir = dir;
	ctx.trace = tr;
	ctx.max_samples = max_samples;
	ctx.interrupted = &interrupted;
	ctx.progress = show_progress;
	ctx.progress_arg = &prog;
	prog.scenario = name;
	prog.npoints = npoints;
	prog.start = engine_now_ns();
	last_ckpt = prog.start;
	for (i = 0; i < npoints; i++) {
		json_t *params = NULL, *pj = NULL, *point = NULL;
		bool failed = false;
		char *ps;

		if (interrupted)
			break;
		rc = scenario_point(resolved, i, &sc, &params, &pj, &err);
		if (rc) {
			fprintf(stderr, "daxbench run: %s\n", err.msg);
			ex = DB_EXIT_USAGE;
			break;
		}
		ctx.device = NULL;
		if (needs_device(&sc)) {
			ctx.device = pick_device(dev_opt, &sc, dir, ctx.dax,
						 &scratch, &err);
			if (!ctx.device) {
				fprintf(stderr,
					"daxbench run: %s: pinner "
					"device: %s\n",
					name, err.msg);
				json_decref(params);
				json_decref(pj);
				ex = DB_EXIT_SYSTEM;
				break;
			}
		}
		prog.point = i;
		ps = json_dumps(params, JSON_COMPACT);
		if (!quiet && !prog.tty)
			fprintf(stderr, "%s: point %zu/%zu %s\n", name, i + 1,
				npoints, ps ? ps : "");
		rc = engine_point(&ctx, &sc, params, &point, &failed, &err);
		json_decref(params);
		json_decref(pj);
		free(ps);
		if (rc == -EINTR)
			break;
		if (rc) {
			fprintf(stderr, "daxbench run: %s: %s\n", name,
				err.msg);
			ex = DB_EXIT_SYSTEM;
			break;
		}
		if (failed) {
			json_t *e = json_array_get(
				json_object_get(point, "errors"), 0);

			fprintf(stderr, "\ndaxbench run: %s: point %zu: %s\n",
				name, i + 1,
				json_string_value(json_object_get(e, "what")));
			any_failed = true;
		}
		if (json_object_get(json_object_get(point, "numa"),
				    "warning") &&
		    !numa_warned) {
			fprintf(stderr, "\ndaxbench run: %s: WARNING: %s\n",
				name,
				json_string_value(json_object_get(
					json_object_get(point, "numa"),
					"warning")));
			numa_warned = true;
		}
		if (!failed &&
		    json_array_size(json_object_get(point, "errors"))) {
			json_t *e = json_array_get(
				json_object_get(point, "errors"), 0);

			fprintf(stderr,
				"\ndaxbench run: %s: point %zu: %zu "
				"errors, the first: %s: %s\n",
				name, i + 1,
				json_array_size(
					json_object_get(point, "errors")),
				json_string_value(json_object_get(e, "what")),
				json_string_value(
					json_object_get(e, "strerror")));
		}
		if (json_is_false(json_object_get(point, "mapping_verified")))
			fprintf(stderr,
				"\ndaxbench run: %s: point %zu: "
				"WARNING: %s\n",
				name, i + 1,
				json_string_value(json_object_get(
					point, "mapping_problem")));
		json_array_append_new(json_object_get(result, "points"), point);
		/*
		 * Checkpoint: a run killed outright (a VM --timeout, a
		 * power cut) still leaves its finished points, marked
		 * incomplete. Once a second is cheap next to any point.
		 */
		if (i + 1 < npoints &&
		    engine_now_ns() - last_ckpt > 1000000000ULL) {
			result_finish(result, false);
			if (result_write(result, outdir, force || written, NULL,
					 &err)) {
				fprintf(stderr, "daxbench run: %s\n", err.msg);
				ex = DB_EXIT_SYSTEM;
				break;
			}
			written = true;
			last_ckpt = engine_now_ns();
		}
	}
	if (prog.tty && !quiet)
		fputc('\n', stderr);
	complete = i == npoints && !interrupted && ex == DB_EXIT_OK;
	trace_close(tr);
	tr = NULL;
	result_finish(result, complete);
	rc = result_write(result, outdir, force || written, &out, &err);
	if (rc) {
		fprintf(stderr, "daxbench run: %s\n", err.msg);
		ex = DB_EXIT_SYSTEM;
		goto out;
	}
	if (!quiet)
		print_summary(name, result);
	printf("%s: %zu of %zu points%s -> %s\n", name,
	       json_array_size(json_object_get(result, "points")), npoints,
	       complete ? "" : " (incomplete)", out);
	if (interrupted) {
		fprintf(stderr,
			"daxbench run: interrupted; finished points "
			"are in %s\n",
			out);
		*stop = true;
		ex = DB_EXIT_SYSTEM;
	} else if (any_failed && ex == DB_EXIT_OK) {
		ex = DB_EXIT_SYSTEM;
	}
out:
	trace_close(tr);
	layout_scratch_remove(scratch);
	free(out);
	json_decref(result);
	json_decref(target);
	json_decref(first_pj);
	return ex;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "dir", required_argument, NULL, 'd' },
		{ "set", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'D' },
		{ "max-samples", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outdir = "results", *dir = getenv("DAXBENCH_DIR");
	const char *sets[MAX_SETS], *dev = NULL;
	json_t **loaded;
	unsigned int nsets = 0;
	bool quiet = false, force = false, stop = false;
	unsigned long long max_samples = 0;
	struct db_err err;
	int c, i, n, ex = DB_EXIT_OK, bad = 0;

	if (dir && !*dir)
		dir = NULL;
	while ((c = getopt_long(argc, argv, "o:d:s:D:m:qfh", opts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 's':
			if (nsets == MAX_SETS)
				return db_usage_error(&cmd_run_entry,
						      "more than %d --set",
						      MAX_SETS);
			sets[nsets++] = optarg;
			break;
		case 'D':
			dev = optarg;
			break;
		case 'm': {
			char *end;

			errno = 0;
			max_samples = strtoull(optarg, &end, 10);
			if (errno || *end || !max_samples ||
			    max_samples > 100000000ULL)
				return db_usage_error(
					&cmd_run_entry,
					"--max-samples %s: a count "
					"from 1 to 100000000",
					optarg);
			break;
		}
		case 'q':
			quiet = true;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			fputs(run_usage, stdout);
			return db_finish_stdout("run", DB_EXIT_OK);
		default:
			return db_usage_error(&cmd_run_entry, "bad option");
		}
	}
	n = argc - optind;
	if (n < 1)
		return db_usage_error(&cmd_run_entry, "no scenario given");
	loaded = calloc((size_t)n, sizeof(*loaded));
	if (!loaded)
		return DB_EXIT_SYSTEM;
	for (i = 0; i < n; i++) {
		unsigned int k;

		if (scenario_load(argv[optind + i], &loaded[i], &err)) {
			fprintf(stderr, "daxbench run: %s\n", err.msg);
			bad++;
			continue;
		}
		for (k = 0; k < nsets; k++) {
			if (scenario_set(loaded[i], sets[k], &err)) {
				fprintf(stderr,
					"daxbench run: %s: --set %s: "
					"%s\n",
					argv[optind + i], sets[k], err.msg);
				bad++;
				break;
			}
		}
	}
	if (bad) {
		ex = DB_EXIT_USAGE;
		goto out;
	}
	install_signals();
	atexit(cleanup_at_exit);
	for (i = 0; i < n && !stop; i++) {
		int r = run_one(loaded[i], argv[optind + i], dir, outdir, dev,
				(size_t)max_samples, force, quiet, &stop);

		if (r > ex)
			ex = r;
	}
out:
	for (i = 0; i < n; i++)
		json_decref(loaded[i]);
	free(loaded);
	return db_finish_stdout("run", ex);
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.summary = "run scenarios on a target directory, write results",
	.usage = run_usage,
	.exec = cmd_run,
};
