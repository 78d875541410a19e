// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench bisect: one step of a bisection as 'git bisect run' wants it,
 * or the whole bisection of a kernel tree. A step boots the kernel the
 * vm options name (a tree built with --kernel-source, as a bisection
 * has it), runs the scenarios and compares the results with a baseline
 * the reviewer names: good (0) when nothing stalls or regresses, bad
 * (1) when something does, skip (125) when this kernel cannot be
 * tested (its build failed, it did not boot), and 128 to stop the
 * bisection when no kernel could be (a usage error, tools missing).
 * The steps are separate daxbench processes (vm, then compare), their
 * output kept in OUTDIR, so that each step leaves a record to read.
 */
#include "config.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bisect.h"
#include "child.h"
#include "err.h"
#include "daxbench.h"
#include "fsutil.h"

static const char bisect_usage[] =
	"usage: daxbench bisect --baseline RESULTS [-o OUTDIR] VM-OPTIONS...\n"
	"                       -- run SCENARIO...\n"
	"       daxbench bisect --tree DIR --good REV --bad REV --baseline RESULTS\n"
	"                       [-o OUTDIR] [VM-OPTIONS...] -- run SCENARIO...\n"
	"       daxbench bisect --good PKG --bad PKG --baseline RESULTS\n"
	"                       [-o OUTDIR] [VM-OPTIONS...] -- run SCENARIO...\n"
	"\n"
	"One step of a bisection, for 'git bisect run': boot the kernel the\n"
	"VM-OPTIONS name (as for 'daxbench vm': --kernel-source DIR builds a\n"
	"tree at the commit checked out), run the scenarios, and compare the\n"
	"results with RESULTS (a result file or directory: the behaviour that\n"
	"was good). With --tree, --good and --bad, the whole bisection: 'git\n"
	"bisect start BAD GOOD' in DIR, then 'git bisect run' of the step with\n"
	"--kernel-source DIR, the log printed, and 'git bisect reset'.\n"
	"Without --tree, --good and --bad name two Debian builds of one\n"
	"flavour (linux-image-6.1.0-47-cloud-amd64-unsigned): the builds\n"
	"between them that Debian's archive still holds are bisected, a\n"
	"step each with --debian-kernel.\n"
	"\n"
	"  --baseline RESULTS  the good behaviour (required)\n"
	"  -o, --output DIR    where each step's results, vm.log and\n"
	"                      compare.txt go (default bisect-YYYYmmdd-HHMMSS;\n"
	"                      a step of a whole bisection in DIR/<commit>)\n"
	"  --tree DIR          a git kernel tree to bisect (it is checked out\n"
	"                      commit after commit, as git bisect does)\n"
	"  --good REV, --bad REV  the ends of the bisection: commits with\n"
	"                      --tree, else Debian packages\n"
	"\n"
	"Exit status: 0 good, no stall and no regression against RESULTS;\n"
	"1 bad, a stall or a regression; 125 this kernel cannot be tested\n"
	"(its build failed, it did not boot, no result came back); 128 stop\n"
	"the bisection (a usage error, tools or a source missing, results\n"
	"that cannot be compared): the contract of 'git bisect run'. The\n"
	"whole bisection of a tree exits as 'git bisect run' did; of Debian's\n"
	"builds, 0 when the first bad build was found, 125 when it is among\n"
	"builds that could not be tested. See daxbench-bisect(1).\n";

static int cmd_bisect(int argc, char **argv);

const struct cmd_entry cmd_bisect_entry = {
	.name = "bisect",
	.summary = "find the kernel commit that made a stall or regression",
	.usage = bisect_usage,
	.exec = cmd_bisect,
};

static int parse(int argc, char **argv, struct bisect_args *a)
{
	const struct cmd_entry *cmd = &cmd_bisect_entry;
	int i;

	a->vm = calloc((size_t)argc + 1, sizeof(*a->vm));
	if (!a->vm)
		return DB_EXIT_SYSTEM;
	for (i = 1; i < argc; i++) {
		const char **opt = NULL;

		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				a->vm[a->nvm++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--baseline"))
			opt = &a->baseline;
		else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output"))
			opt = &a->outdir;
		else if (!strcmp(argv[i], "--tree"))
			opt = &a->tree;
		else if (!strcmp(argv[i], "--good"))
			opt = &a->good;
		else if (!strcmp(argv[i], "--bad"))
			opt = &a->bad;
		if (!opt) {
			a->vm[a->nvm++] = argv[i];
			continue;
		}
		if (i + 1 == argc)
			return db_usage_error(cmd, "%s needs a value", argv[i]);
		*opt = argv[++i];
	}
	if (!a->baseline)
		return db_usage_error(cmd, "--baseline RESULTS is required: "
					   "the behaviour that was good");
	if (access(a->baseline, R_OK))
		return db_usage_error(cmd, "--baseline %s: %s", a->baseline,
				      strerror(errno));
	if (!a->good != !a->bad)
		return db_usage_error(cmd, "--good and --bad go together");
	for (i = 0; i < a->nvm && strcmp(a->vm[i], "--"); i++)
		;
	if (i + 1 >= a->nvm)
		return db_usage_error(cmd, "no '-- run SCENARIO...' after "
					   "the vm options");
	return -1;
}

/* This daxbench's own path, for the steps (and git bisect run). */
static int self_path(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	if (n <= 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* @argv with its output (stdout and stderr) to @log: its exit code. */
static int step(char **argv, const char *log, const char *what)
{
	struct child_io io = { .out_path = log, .err_to_out = true };
	int status = 0, rc = child_run(argv, &io, &status);

	free(io.out);
	if (rc) {
		fprintf(stderr, "daxbench bisect: %s: %s\n", what,
			strerror(-rc));
		return -1;
	}
	if (!WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Whether @dir holds a result file (r-*.json, as run names them). */
static bool has_result(const char *dir)
{
	char *pat = db_asprintf("%s/*.json", dir);
	glob_t g = { 0 };
	bool found;

	if (!pat)
		return false;
	found = !glob(pat, 0, NULL, &g) && g.gl_pathc;
	globfree(&g);
	free(pat);
	return found;
}

/* The last line of @log, for the verdict's reason. */
static void last_line(const char *log, char *out, size_t len)
{
	char line[512];
	FILE *f = fopen(log, "r");

	snprintf(out, len, "see %s", log);
	while (f && fgets(line, sizeof(line), f))
		if (strspn(line, " \t\n") != strlen(line)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, len, "%s", line);
		}
	if (f)
		fclose(f);
}

int bisect_verdict(int code, const char *why)
{
	static const char *const name[] = {
		[BISECT_GOOD] = "good", [BISECT_BAD] = "bad"
	};

	fprintf(stderr, "daxbench bisect: %s: %s\n",
		code == BISECT_SKIP ? "skip" :
		code == BISECT_STOP ? "stop" :
				      name[code],
		why);
	return code;
}

/*
 * daxbench vm with the step's options: with @fetch the kernel alone
 * (--fetch, to OUT/build.log), else the run (to OUT/vm.log). Its exit
 * code, and its last line in @why.
 */
static int vm_step(const char *self, const struct bisect_args *a,
		   const char *out, bool fetch, char *why, size_t wlen)
{
	char **argv = calloc((size_t)a->nvm + 6, sizeof(*argv));
	char *log = db_asprintf("%s/%s", out, fetch ? "build.log" : "vm.log");
	int i, n = 0, rc = -1;

	snprintf(why, wlen, "out of memory");
	if (argv && log) {
		argv[n++] = (char *)self;
		argv[n++] = "vm";
		if (!fetch) {
			argv[n++] = "-q";
			argv[n++] = "-o";
			argv[n++] = (char *)out;
		}
		/* --fetch boots nothing: the options only, not the command */
		for (i = 0; i < a->nvm && (!fetch || strcmp(a->vm[i], "--"));
		     i++)
			argv[n++] = a->vm[i];
		if (fetch)
			argv[n++] = "--fetch";
		rc = step(argv, log,
			  fetch ? "daxbench vm --fetch" : "daxbench vm");
		last_line(log, why, wlen);
	}
	free(argv);
	free(log);
	return rc;
}

/* The kernel built (-1 to go on), or why it cannot be. */
static int fetch(const char *self, const struct bisect_args *a, const char *out)
{
	char why[512];
	int rc = vm_step(self, a, out, true, why, sizeof(why));

	if (rc == 0)
		return -1;
	/*
	 * A build that failed is this commit's; the rest is everyone's,
	 * but for a Debian build the archive cannot give whole (a part of
	 * a split 7.x kernel missing from the mirror): that build's alone.
	 */
	if (rc == DB_EXIT_SYSTEM ||
	    (rc == DB_EXIT_NOKERNEL && a->missing_is_skip))
		return bisect_verdict(BISECT_SKIP, why);
	return bisect_verdict(BISECT_STOP, why);
}

/* The run: a result (-1 to go on), or skip, or stop. */
static int boot(const char *self, const struct bisect_args *a, const char *out)
{
	char why[512];
	int rc = vm_step(self, a, out, false, why, sizeof(why));

	if (rc == DB_EXIT_USAGE || rc == DB_EXIT_NOKERNEL || rc < 0)
		return bisect_verdict(BISECT_STOP, why);
	/* a run that hung still brings its result, and its stall */
	if (!has_result(out))
		return bisect_verdict(BISECT_SKIP, why);
	return -1;
}

/* daxbench compare BASELINE OUT: good, bad, or stop. */
static int judge(const char *self, const struct bisect_args *a, const char *out)
{
	char *argv[] = { (char *)self,	      "compare",   "--changes-only",
			 (char *)a->baseline, (char *)out, NULL };
	char *log = db_asprintf("%s/compare.txt", out), why[600];
	int rc;

	if (!log)
		return bisect_verdict(BISECT_STOP, "out of memory");
	rc = step(argv, log, "daxbench compare");
	snprintf(why, sizeof(why), "against %s: %s (%s)", a->baseline,
		 rc == 0 ? "no stall, no regression" :
		 rc == 1 ? "a stall or a regression" :
			   "the results cannot be compared",
		 log);
	free(log);
	if (rc == 0 || rc == 1)
		return bisect_verdict(rc ? BISECT_BAD : BISECT_GOOD, why);
	return bisect_verdict(BISECT_STOP, why);
}

/* "git -C TREE ARGS...": its exit code, its output to @log or kept. */
static int git(const char *tree, const char *const *args, const char *log,
	       char **out)
{
	char *argv[12] = { "git", "-C", (char *)tree };
	struct child_io io = { .out_path = log, .err_to_out = log != NULL };
	int i, status = 0, rc;

	for (i = 0; i < 8 && args[i]; i++)
		argv[3 + i] = (char *)args[i];
	rc = child_run(argv, &io, &status);
	if (out)
		*out = io.out;
	else
		free(io.out);
	if (rc)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* OUTDIR, or bisect-STAMP; with --tree, OUTDIR/<the commit checked out> */
const char *bisect_outdir(const struct bisect_args *a, char *stamp, size_t len)
{
	time_t t = time(NULL);

	if (a->outdir)
		return a->outdir;
	strftime(stamp, len, "bisect-%Y%m%d-%H%M%S", localtime(&t));
	return stamp;
}

static char *step_dir(const struct bisect_args *a)
{
	const char *const head[] = { "rev-parse", "--short=12", "HEAD", NULL };
	char stamp[64], *rev = NULL, *d;
	const char *top = bisect_outdir(a, stamp, sizeof(stamp));

	if (!a->tree)
		return strdup(top);
	if (git(a->tree, head, NULL, &rev) || !rev) {
		free(rev);
		return NULL;
	}
	rev[strcspn(rev, "\n")] = '\0';
	d = db_asprintf("%s/%s", top, rev);
	free(rev);
	return d;
}

int bisect_step(const char *self, const struct bisect_args *a, const char *out)
{
	int rc;

	if (fsutil_mkdir_p(out, 0755))
		return bisect_verdict(BISECT_STOP,
				      "cannot make the output directory");
	rc = fetch(self, a, out);
	if (rc < 0)
		rc = boot(self, a, out);
	if (rc < 0)
		rc = judge(self, a, out);
	return rc;
}

static int one_step(const char *self, const struct bisect_args *a)
{
	char *out = step_dir(a);
	int rc;

	if (!out)
		return bisect_verdict(BISECT_STOP, "out of memory, or git "
						   "rev-parse HEAD failed");
	rc = bisect_step(self, a, out);
	free(out);
	return rc;
}

/*
 * The step's command line for git bisect run, which runs it in the
 * tree: every path made absolute, the tree built with --kernel-source.
 */
static char **step_argv(const char *self, const struct bisect_args *a,
			const char *out)
{
	char **v = calloc((size_t)a->nvm + 12, sizeof(*v));
	int i, n = 0;

	if (!v)
		return NULL;
	v[n++] = strdup(self);
	v[n++] = strdup("bisect");
	v[n++] = strdup("--baseline");
	v[n++] = realpath(a->baseline, NULL);
	v[n++] = strdup("-o");
	v[n++] = strdup(out);
	v[n++] = strdup("--tree");
	v[n++] = realpath(a->tree, NULL);
	v[n++] = strdup("--kernel-source");
	v[n++] = realpath(a->tree, NULL);
	for (i = 0; i < a->nvm; i++) {
		const char *s = a->vm[i];

		v[n++] = s[0] != '/' && !access(s, F_OK) ? realpath(s, NULL) :
							   strdup(s);
	}
	for (i = 0; i < n; i++)
		if (!v[i])
			break;
	if (i == n)
		return v;
	for (i = 0; i < n; i++) /* out of memory: the caller stops */
		free(v[i]);
	free(v);
	return NULL;
}

/* "git -C TREE bisect run STEP...", its output to @log: its exit code. */
static int git_run(const char *tree, char **step, const char *log)
{
	struct child_io io = { .out_path = log, .err_to_out = true };
	char **argv;
	int n = 0, i, status = 0, rc;

	while (step[n])
		n++;
	argv = calloc((size_t)n + 6, sizeof(*argv));
	if (!argv)
		return -1;
	argv[0] = "git";
	argv[1] = "-C";
	argv[2] = (char *)tree;
	argv[3] = "bisect";
	argv[4] = "run";
	for (i = 0; i < n; i++)
		argv[5 + i] = step[i];
	rc = child_run(argv, &io, &status);
	free(io.out);
	free(argv);
	if (rc)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The lines of @log from "is the first bad commit" on (a few). */
static void print_found(const char *log)
{
	char line[512];
	FILE *f = fopen(log, "r");
	int left = 0;

	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, "is the first bad commit"))
			left = 6;
		if (left-- > 0)
			fputs(line, stdout);
	}
	if (f)
		fclose(f);
}

/* git bisect start BAD GOOD; git bisect run (a step); git bisect reset. */
static int whole(const char *self, const struct bisect_args *a)
{
	const char *const start[] = { "bisect", "start", a->bad, a->good,
				      NULL };
	const char *const reset[] = { "bisect", "reset", NULL };
	char stamp[64], *out, *log, **argv;
	const char *top = bisect_outdir(a, stamp, sizeof(stamp));
	int rc, i;

	if (fsutil_mkdir_p(top, 0755))
		return bisect_verdict(BISECT_STOP,
				      "cannot make the output directory");
	out = realpath(top, NULL);
	log = out ? db_asprintf("%s/bisect.log", out) : NULL;
	argv = log ? step_argv(self, a, out) : NULL;
	if (!argv) {
		free(out);
		free(log);
		return bisect_verdict(BISECT_STOP, "out of memory");
	}
	rc = git(a->tree, start, log, NULL);
	if (rc) {
		fprintf(stderr,
			"daxbench bisect: git bisect start %s %s in "
			"%s failed: see %s\n",
			a->bad, a->good, a->tree, log);
	} else {
		rc = git_run(a->tree, argv, log);
		print_found(log);
		git(a->tree, reset, NULL, NULL);
		fprintf(stderr,
			"daxbench bisect: git bisect run exited %d; "
			"every step in %s, git's log in %s\n",
			rc, out, log);
	}
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	free(out);
	free(log);
	return rc < 0 ? BISECT_STOP : rc;
}

static int cmd_bisect(int argc, char **argv)
{
	struct bisect_args a = { 0 };
	char self[PATH_MAX];
	int rc;

	if (db_wants_help(&cmd_bisect_entry, argc, argv))
		return DB_EXIT_OK;
	rc = parse(argc, argv, &a);
	if (rc >= 0) {
		free(a.vm);
		return rc == DB_EXIT_USAGE ? BISECT_STOP : rc;
	}
	if (self_path(self, sizeof(self))) {
		free(a.vm);
		return bisect_verdict(BISECT_STOP,
				      "/proc/self/exe cannot be read");
	}
	if (a.good && a.tree)
		rc = whole(self, &a);
	else if (a.good)
		rc = bisect_debian(self, &a);
	else
		rc = one_step(self, &a);
	free(a.vm);
	return rc;
}
