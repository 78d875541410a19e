// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench vm: boot a chosen kernel in QEMU with emulated pmem, make a DAX
 * filesystem inside, run a daxbench command there and bring its results
 * back. This file parses options, reports progress and maps the runner's
 * errors to exit codes; the work is in src/vm*.c. With --kernels it runs
 * the same guest command on several kernels, one results directory each,
 * which is what scripts/compare-kernels wraps.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "datadir.h"
#include "daxbench.h"
#include "progress.h"
#include "result.h"
#include "units.h"
#include "vm.h"

static const char vm_usage[] =
	"usage: daxbench vm [options] -- run [run options] SCENARIO...\n"
	"       daxbench vm [options] -- info [--json]\n"
	"       daxbench vm [options] --ship PROG -- exec PROG [ARGS]\n"
	"\n"
	"Boot a Linux kernel in QEMU with an emulated pmem region, make an\n"
	"ext4 or xfs DAX filesystem on it, run the daxbench command after\n"
	"'--' inside, and copy what it wrote to OUTDIR. 'run' gets\n"
	"'--dir /mnt/dax -o /results' added; scenario files named on the\n"
	"command line are copied into the guest. 'exec' runs a program (or\n"
	"'sh SCRIPT') in /mnt/dax instead of daxbench; what it writes to\n"
	"/results comes back like run's results.\n"
	"\n"
	"Kernel (one of; default: the newest\n"
	"linux-image-6.1.0-*-cloud-amd64-unsigned apt knows):\n"
	"  --kernel PATH         bzImage/vmlinuz, or a built kernel tree\n"
	"  --modules DIR         its modules (lib/modules/REL or its root)\n"
	"  --deb FILE.deb        a Debian linux-image package file; a split\n"
	"                        kernel (7.x): --deb for each of its\n"
	"                        linux-image, -binary, -modules, -base\n"
	"  --debian-kernel PKG   a Debian package, fetched with apt-get, or\n"
	"                        a version: 7, 7.3, 6.12, 6.1 (the newest\n"
	"                        of that line in bookworm .. sid, through\n"
	"                        apt lists of its own in the cache)\n"
	"  --flavour F           with a version: cloud-amd64 (default) or\n"
	"                        amd64\n"
	"  --kernel-source SRC   build the kernel from source: a tree, or\n"
	"                        Debian's linux-source-6.1 (or 6.1, 6.12,\n"
	"                        7.3); a small configuration for the lab,\n"
	"                        cached: a build that exists is not redone\n"
	"  --patch FILE          with --kernel-source: apply FILE (-p1)\n"
	"                        first (repeatable, in order)\n"
	"  --config-fragment F   Kconfig lines applied after the lab's own\n"
	"                        (repeatable); each must survive\n"
	"  --kernels A,B,...     several of the above, one after another,\n"
	"                        results in OUTDIR/<kernel>/ each; a source\n"
	"                        build is src:SRC or src:SRC+PATCH[+PATCH]\n"
	"  --fetch               fetch and unpack the kernel(s) into the\n"
	"                        cache and boot nothing; prints 'ITEM\n"
	"                        PACKAGE DIR' per kernel (a version\n"
	"                        resolved; DIR: its OUTDIR/<kernel>)\n"
	"Guest:\n"
	"  --fs ext4|xfs         filesystem on the pmem (default ext4)\n"
	"  --pmem SIZE           emulated pmem, 2MiB aligned (default 2G)\n"
	"  --mem SIZE            RAM besides the pmem (default 4G)\n"
	"  --cpus N              vCPUs (default 2)\n"
	"  --numa N              emulate N NUMA nodes (default: none)\n"
	"  --ship PROG           put PROG and its shared libraries in the\n"
	"                        image as /usr/bin/NAME (repeatable)\n"
	"  --nullblk-latency DUR /dev/nullb0 completion time (default 10us;\n"
	"                        0 for no null_blk)\n"
	"  --accel auto|kvm|tcg  auto tries KVM, falls back to TCG when the\n"
	"                        guest is not ready within --kvm-deadline\n"
	"  --kvm-deadline DUR    (default 20s)\n"
	"  --timeout DUR         kill the guest after DUR (default 1h); the\n"
	"                        results written until then still come back.\n"
	"                        The guest ends a run itself 10% of DUR\n"
	"                        (20s..60s) before: stacks to console.log,\n"
	"                        SIGALRM to daxbench, exit 3 (HUNG)\n"
	"  --scenario-timeout DUR  the same, but for each scenario of 'run'\n"
	"                        from its start: one guest runs them in turn,\n"
	"                        and a wedged one costs DUR, not --timeout\n"
	"Host:\n"
	"  -o, --output OUTDIR   results, console.log, guest-stdout.txt\n"
	"                        (default: vm-YYYYmmdd-HHMMSS)\n"
	"  --cache DIR           kernels and initramfs images (default\n"
	"                        $DAXBENCH_CACHE, $XDG_CACHE_HOME/daxbench)\n"
	"  --keep                keep the work directory (transfer disk)\n"
	"  -q, --quiet           no live progress of the guest (stalls and a\n"
	"                        silent guest are still said)\n"
	"  --job FILE            a ledger shared by the daxbench vm runs of\n"
	"                        one job (scripts/main), for its overall ETA:\n"
	"                        \"plan guests=N work=W\", then a line per\n"
	"                        guest, appended\n"
	"\n"
	"DAXBENCH_INJECT, when set, reaches daxbench inside (test-only).\n"
	"\n"
	"Exit status: 0 the command in the guest succeeded (its code is\n"
	"passed on: daxbench's, or with exec the program's); 2 usage or\n"
	"input error (no such kernel, bad --pmem); 3 the guest could not be\n"
	"booted, failed its setup, daxbench hung (HUNG) or the guest was\n"
	"killed by --timeout; 4 the kernel could not be had (in no Debian\n"
	"suite that could be read, or apt-get failed: offline?). See\n"
	"daxbench-vm(1).\n";

enum {
	OPT_KERNEL = 256,
	OPT_MODULES,
	OPT_DEB,
	OPT_DEBIAN_KERNEL,
	OPT_KERNELS,
	OPT_FS,
	OPT_PMEM,
	OPT_MEM,
	OPT_CPUS,
	OPT_NUMA,
	OPT_NULLBLK,
	OPT_ACCEL,
	OPT_KVM_DEADLINE,
	OPT_TIMEOUT,
	OPT_SCENARIO_TIMEOUT,
	OPT_CACHE,
	OPT_KEEP,
	OPT_SHIP,
	OPT_FLAVOUR,
	OPT_JOB,
	OPT_FETCH,
	OPT_KERNEL_SOURCE,
	OPT_PATCH,
	OPT_CONFIG_FRAGMENT,
};

static const struct option vm_options[] = {
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "modules", required_argument, NULL, OPT_MODULES },
	{ "deb", required_argument, NULL, OPT_DEB },
	{ "debian-kernel", required_argument, NULL, OPT_DEBIAN_KERNEL },
	{ "flavour", required_argument, NULL, OPT_FLAVOUR },
	{ "kernels", required_argument, NULL, OPT_KERNELS },
	{ "fs", required_argument, NULL, OPT_FS },
	{ "pmem", required_argument, NULL, OPT_PMEM },
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "numa", required_argument, NULL, OPT_NUMA },
	{ "nullblk-latency", required_argument, NULL, OPT_NULLBLK },
	{ "accel", required_argument, NULL, OPT_ACCEL },
	{ "kvm-deadline", required_argument, NULL, OPT_KVM_DEADLINE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "scenario-timeout", required_argument, NULL, OPT_SCENARIO_TIMEOUT },
	{ "output", required_argument, NULL, 'o' },
	{ "cache", required_argument, NULL, OPT_CACHE },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "ship", required_argument, NULL, OPT_SHIP },
	{ "quiet", no_argument, NULL, 'q' },
	{ "job", required_argument, NULL, OPT_JOB },
	{ "fetch", no_argument, NULL, OPT_FETCH },
	{ "kernel-source", required_argument, NULL, OPT_KERNEL_SOURCE },
	{ "patch", required_argument, NULL, OPT_PATCH },
	{ "config-fragment", required_argument, NULL, OPT_CONFIG_FRAGMENT },
	{ NULL, 0, NULL, 0 },
};

/*
 * The job the guest in flight belongs to: the kernels of --kernels, or
 * with --job every guest its ledger plans. What the guest in flight did
 * is counted from its progress lines.
 */
struct live {
	struct progress_view view;
	struct progress_job job;
	const char *job_path; /* --job, or NULL */
	unsigned int kernel, nkernels; /* 1-based */
	struct progress_guest cur;
	double plan_t; /* when its first point began; < 0: not yet */
	double stall_t; /* when a stall line came, until the next; < 0: none */
	unsigned int points_before; /* finished in its ended scenarios */
};

static void vm_progress(void *arg, const char *msg)
{
	if (arg)
		progress_view_clear(&((struct live *)arg)->view);
	fprintf(stderr, "daxbench vm: %s\n", msg);
}

/* Guests of the job after the one in flight. */
static unsigned int guests_left(const struct live *l)
{
	if (l->job.guests)
		return l->job.guests > l->job.done + 1 ?
			       l->job.guests - l->job.done - 1 :
			       0;
	return l->nkernels - l->kernel;
}

/* A line from the guest: count it, estimate, show it. */
static void vm_live(void *arg, const struct progress_msg *m)
{
	struct live *l = arg;
	struct progress_guest *g = &l->cur;

	if (m->kind == PROGRESS_PLAN)
		g->planned = m->work_total;
	/* the run's own time starts at its first point: loading and
	 * tracing set-up are a guest's overhead, as its boot is */
	if (m->kind == PROGRESS_POINT && l->plan_t < 0)
		l->plan_t = m->t;
	if (m->work_total)
		g->work = m->work;
	if (m->kind == PROGRESS_POINT)
		g->points = l->points_before + m->point - 1;
	if (m->kind == PROGRESS_END) {
		l->points_before += m->point;
		g->points = l->points_before;
	}
	/*
	 * A stall lasts from its op's start to the guest's next line, or
	 * to the start of the op (a restore) that stalls next.
	 */
	if (l->stall_t >= 0 && m->kind != PROGRESS_IDLE) {
		double end = m->t - (m->kind == PROGRESS_STALL ?
					     (double)m->waited_ns / 1e9 :
					     0);

		g->stall_s += end > l->stall_t ? end - l->stall_t : 0;
		l->stall_t = -1;
	}
	if (m->kind == PROGRESS_STALL) {
		l->stall_t = m->t;
		g->stall_s += (double)m->waited_ns / 1e9;
	}
	g->total_s = m->t;
	g->run_s = l->plan_t >= 0 ? m->t - l->plan_t - g->stall_s : 0;
	l->view.eta_s =
		progress_eta(&l->job, g, guests_left(l), &l->view.rough);
	progress_view_msg(&l->view, m);
}

/* "6.12.117 2/3, guest 14/84" and the ETA, before a guest boots. */
static void live_begin(struct live *l, const struct vm_kernel *k)
{
	struct progress_view *v = &l->view;
	char rel[32], eta[48];
	int n;

	memset(&l->cur, 0, sizeof(l->cur));
	l->plan_t = l->stall_t = -1;
	l->points_before = 0;
	progress_label(k->release, rel, sizeof(rel));
	n = snprintf(v->label, sizeof(v->label), "%s", rel);
	if (l->nkernels > 1)
		n += snprintf(v->label + n, sizeof(v->label) - (size_t)n,
			      " %u/%u", l->kernel, l->nkernels);
	/* a fresh guest after a wedge is one the plan did not count */
	if (l->job.guests && l->job.done < l->job.guests &&
	    (size_t)n < sizeof(v->label))
		snprintf(v->label + n, sizeof(v->label) - (size_t)n,
			 ", guest %u/%u", l->job.done + 1, l->job.guests);
	else if (l->job.guests && (size_t)n < sizeof(v->label))
		snprintf(v->label + n, sizeof(v->label) - (size_t)n,
			 ", guest %u, %u planned", l->job.done + 1,
			 l->job.guests);
	v->scenario[0] = '\0';
	v->point = v->npoints = v->op = v->nops = 0;
	v->eta_s = progress_eta(&l->job, &l->cur, guests_left(l), &v->rough);
	if (v->eta_s >= 0 && !v->quiet)
		fprintf(stderr, "daxbench vm: [%s] ETA %s\n", v->label,
			progress_fmt_eta(v->eta_s, v->rough, eta, sizeof(eta)));
}

/* The guest ended after @total_s: count it, and keep it in the ledger. */
static void live_end(struct live *l, double total_s, const char *release)
{
	int rc;

	progress_view_clear(&l->view);
	l->cur.total_s = total_s;
	progress_job_add(&l->job, &l->cur);
	if (!l->job_path)
		return;
	rc = progress_job_append(l->job_path, &l->cur, release);
	if (rc)
		fprintf(stderr,
			"daxbench vm: warning: --job %s: %s (the job's ETA "
			"will not count this guest)\n",
			l->job_path, strerror(-rc));
}

static int parse_uint(const char *s, unsigned int max, unsigned int *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || n > max || s[0] == '-')
		return -EINVAL;
	*v = (unsigned int)n;
	return 0;
}

/* Where /init comes from: env, the build tree, the installed copy. */
static const char *guest_init_path(void)
{
	const char *env = getenv("DAXBENCH_GUEST_INIT");

	if (env && *env)
		return env;
	if (datadir_in_build_tree() &&
	    !access(DAXBENCH_SRCDIR "/scripts/guest-init", R_OK))
		return DAXBENCH_SRCDIR "/scripts/guest-init";
	if (!access(DAXBENCH_PKGLIBEXECDIR "/guest-init", R_OK))
		return DAXBENCH_PKGLIBEXECDIR "/guest-init";
	return DAXBENCH_SRCDIR "/scripts/guest-init";
}

/*
 * "src:SRC+PATCH+PATCH": a source build of --kernels, cut up in place
 * (@item is the job's own copy); -EINVAL for too many patches.
 */
static int source_item(char *item, struct vm_kernel_spec *s)
{
	char *p = item + 4, *plus;

	s->source = p;
	while ((plus = strchr(p, '+'))) {
		*plus = '\0';
		p = plus + 1;
		if (s->npatches == VM_MAX_PATCHES)
			return -EINVAL;
		s->patches[s->npatches++] = p;
	}
	return 0;
}

/*
 * A --kernels item: a source build, a .deb, an existing path, or a
 * package name. Every source build gets the job's fragments (@all).
 */
static int spec_from_item(char *item, const struct vm_kernel_spec *all,
			  struct vm_kernel_spec *s)
{
	size_t n = strlen(item);

	memset(s, 0, sizeof(*s));
	s->flavour = all->flavour;
	if (!strncmp(item, "src:", 4)) {
		memcpy(s->fragments, all->fragments, sizeof(s->fragments));
		s->nfragments = all->nfragments;
		s->base_fragment = all->base_fragment;
		return source_item(item, s);
	}
	if (n > 4 && !strcmp(item + n - 4, ".deb"))
		s->debs[s->ndebs++] = item;
	else if (strchr(item, '/') || !access(item, F_OK))
		s->kernel = item;
	else
		s->package = item;
	return 0;
}

/* OUTDIR/<name> for --kernels: the item with odd characters made '_'. */
static char *kernel_outdir(const char *outdir, const char *item)
{
	const char *base = strrchr(item, '/');
	size_t n = strlen(outdir), i;
	char *p;

	base = base && base[1] ? base + 1 : item;
	p = malloc(n + strlen(base) + 2);
	if (!p)
		return NULL;
	sprintf(p, "%s/%s", outdir, base);
	for (i = n + 1; p[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._+-",
			    p[i]))
			p[i] = '_';
	return p;
}

/* -ENOPKG: Debian's archive could not give the kernel (offline, apt) */
static int rc_of(int err)
{
	if (err == -ENOPKG)
		return DB_EXIT_NOKERNEL;
	return err == -EINVAL || err == -ENOENT ? DB_EXIT_USAGE :
						  DB_EXIT_SYSTEM;
}

/* Each package of a Debian kernel, its version and the suite it is from. */
static void print_packages(const struct vm_kernel *k)
{
	size_t i;

	if (k->npkgs == 1 && !k->pkgs[0].suite)
		return; /* one --deb file: the kernel line said it all */
	for (i = 0; i < k->npkgs; i++)
		fprintf(stderr, "daxbench vm:   %s %s%s%s\n", k->pkgs[i].name,
			k->pkgs[i].version, k->pkgs[i].suite ? " from " : "",
			k->pkgs[i].suite ? k->pkgs[i].suite : "");
}

/* "linux-source-6.1+fix" for src:6.1+dir/fix.patch. */
static char *source_name(const struct vm_kernel_spec *spec)
{
	const char *b = strrchr(spec->source, '/');
	char *s, *t;
	size_t i, n;

	/* a version (6.1) stands for Debian's linux-source-6.1 */
	if (!b && spec->source[0] >= '0' && spec->source[0] <= '9')
		s = db_asprintf("linux-source-%s", spec->source);
	else
		s = strdup(b && b[1] ? b + 1 : spec->source);

	for (i = 0; s && i < spec->npatches; i++) {
		b = strrchr(spec->patches[i], '/');
		b = b ? b + 1 : spec->patches[i];
		n = strlen(b);
		if (n > 6 && !strcmp(b + n - 6, ".patch"))
			n -= 6;
		else if (n > 5 && !strcmp(b + n - 5, ".diff"))
			n -= 5;
		t = db_asprintf("%s+%.*s", s, (int)n, b);
		free(s);
		s = t;
	}
	return s;
}

/*
 * --kernels: the results of @item go to TOP/<name>, named after the
 * package a Debian kernel resolved to ("7" -> linux-image-7.3.4+...),
 * so that the directory says which kernel it holds.
 */
static char *item_outdir(const char *top, const char *item,
			 const struct vm_kernel_spec *spec,
			 const struct vm_kernel *k)
{
	const char *name = item;
	char *src = NULL, *dir;

	if (spec->package && k->npkgs && k->pkgs[0].name)
		name = k->pkgs[0].name;
	if (spec->source)
		name = src = source_name(spec);
	dir = name ? kernel_outdir(top, name) : NULL;
	free(src);
	return dir;
}

/*
 * What daxbench printed inside: the answer to '-- info', for one. The
 * files this guest's output went to, not whatever OUTDIR holds by those
 * names (an earlier run's, when the guest sent none).
 */
static void print_guest_output(const struct vm_outcome *out)
{
	FILE *f;
	int c, i;

	for (i = 0; i < 2; i++) {
		f = out->guest_out[i] ? fopen(out->guest_out[i], "r") : NULL;
		while (f && (c = getc(f)) != EOF)
			putc(c, i ? stderr : stdout);
		if (f)
			fclose(f);
	}
}

/* Boot one kernel; with @top (--kernels), into its own directory. */
static int run_one(struct vm_opts *o, const struct vm_kernel_spec *spec,
		   const char *top, const char *item)
{
	struct vm_outcome out;
	struct vm_kernel k;
	struct db_err err = { { 0 } };
	char *dir = NULL;
	size_t i;
	int rc;

	rc = vm_kernel_resolve(spec, o->cache_dir, vm_progress, o->progress_arg,
			       &k, &err);
	if (rc) {
		fprintf(stderr, "daxbench vm: %s\n", err.msg);
		return rc_of(rc);
	}
	if (top) {
		dir = item_outdir(top, item, spec, &k);
		if (!dir) {
			vm_kernel_free(&k);
			return DB_EXIT_SYSTEM;
		}
		o->outdir = dir;
		fprintf(stderr, "daxbench vm: === %s -> %s\n", item, dir);
	}
	fprintf(stderr, "daxbench vm: kernel: %s (%s)\n", k.label, k.release);
	print_packages(&k);
	live_begin(o->live_arg, &k);
	rc = vm_run(o, &k, &out, &err);
	live_end(o->live_arg, out.total_s, k.release);
	vm_kernel_free(&k);
	if (out.accel)
		fprintf(stderr,
			"daxbench vm: guest: %s, ready after %.1fs, %.1fs in "
			"all, %u result file(s) in %s\n",
			vm_accel_name(out.accel), out.boot_s, out.total_s,
			out.results, o->outdir);
	for (i = 0; i < json_array_size(out.warnings); i++)
		fprintf(stderr, "daxbench vm: warning: guest kernel log: %s\n",
			json_string_value(json_array_get(out.warnings, i)));
	if (json_array_size(out.warnings))
		fprintf(stderr,
			"daxbench vm: warning: the guest kernel reported %zu "
			"problem line(s): these numbers are not clean\n",
			json_array_size(out.warnings));
	if (out.workdir)
		fprintf(stderr, "daxbench vm: work directory kept: %s\n",
			out.workdir);
	if (rc) {
		fprintf(stderr, "daxbench vm: %s\n", err.msg);
		/* a missing qemu or a failed guest is the system's fault */
		rc = rc == -EINVAL ? DB_EXIT_USAGE : DB_EXIT_SYSTEM;
	} else {
		rc = out.guest_rc;
	}
	print_guest_output(&out);
	vm_outcome_free(&out);
	if (dir) {
		o->outdir = top;
		free(dir);
	}
	return rc;
}

/* How one kernel is dealt with: booted (run_one), or fetched. */
typedef int (*kernel_fn)(struct vm_opts *o, const struct vm_kernel_spec *spec,
			 const char *top, const char *item);

/* What names @spec on the command line, for --fetch's output. */
static const char *spec_item(const struct vm_kernel_spec *spec)
{
	if (spec->package)
		return spec->package;
	if (spec->kernel)
		return spec->kernel;
	if (spec->source)
		return spec->source;
	return spec->ndebs ? spec->debs[0] : "default";
}

/*
 * --fetch: the kernel into the cache, nothing booted; "ITEM PACKAGE DIR"
 * on stdout, PACKAGE the one a version resolved to ("7" ->
 * linux-image-7.3.4 ...), so that a job can boot the same kernel in every
 * guest, and DIR the name of its results' directory under --kernels.
 */
static int fetch_one(struct vm_opts *o, const struct vm_kernel_spec *spec,
		     const char *top, const char *item)
{
	struct db_err err = { { 0 } };
	struct vm_kernel k;
	char *dir;
	int rc;

	(void)top;
	rc = vm_kernel_resolve(spec, o->cache_dir, vm_progress, o->progress_arg,
			       &k, &err);
	if (rc) {
		fprintf(stderr, "daxbench vm: %s\n", err.msg);
		return rc_of(rc);
	}
	item = item ? item : spec_item(spec);
	dir = item_outdir(".", item, spec, &k);
	fprintf(stderr, "daxbench vm: kernel: %s (%s)\n", k.label, k.release);
	print_packages(&k);
	if (dir)
		printf("%s\t%s\t%s\n", item,
		       spec->package && k.npkgs ? k.pkgs[0].name : item,
		       dir + 2);
	vm_kernel_free(&k);
	free(dir);
	return dir ? DB_EXIT_OK : DB_EXIT_SYSTEM;
}

/* --kernels A,B,...: one after another, each into OUTDIR/<kernel>/. */
static int run_kernels(struct vm_opts *o, const char *kernels,
		       const struct vm_kernel_spec *all, kernel_fn one)
{
	struct live *l = o->live_arg;
	char *list = strdup(kernels), *item, *save = NULL;
	const char *top = o->outdir, *p;
	int rc = list ? DB_EXIT_OK : DB_EXIT_SYSTEM;

	/* as strtok_r() counts them: empty items are none */
	l->nkernels = 0;
	for (p = kernels; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		l->nkernels += *p && *p != ',';
	l->kernel = 0;
	for (item = list ? strtok_r(list, ",", &save) : NULL; item;
	     item = strtok_r(NULL, ",", &save)) {
		struct vm_kernel_spec s;
		char *whole = strdup(item); /* spec_from_item() cuts it */
		int r = whole ? 0 : -ENOMEM;

		l->kernel++;
		if (!r)
			r = spec_from_item(item, all, &s);
		if (r == -EINVAL)
			r = db_usage_error(&cmd_vm_entry,
					   "--kernels %s: at most %d patches",
					   whole, VM_MAX_PATCHES);
		else if (r)
			r = DB_EXIT_SYSTEM;
		else
			r = one(o, &s, top, whole);
		free(whole);
		if (r > rc)
			rc = r;
		/* a job that lacks one kernel stops at it (scripts/main) */
		if (r && one == fetch_one)
			break;
	}
	free(list);
	return rc;
}

/* What the options give besides struct vm_opts itself. */
struct vm_args {
	struct vm_opts *o;
	struct vm_kernel_spec *spec;
	struct live *live;
	const char *kernels, *cache;
	int nk; /* kernel choices given: at most one */
	bool fetch; /* --fetch: the kernels into the cache, no guest */
};

/* --ship: caught here, as a bad path would only fail at boot */
static int add_ship(struct vm_opts *o, const char *a)
{
	/* fixed room: nothing to free on the many early usage returns */
	static const char *ship[VM_SHIP_MAX];
	const struct cmd_entry *cmd = &cmd_vm_entry;
	struct stat st;

	if (stat(a, &st) || !S_ISREG(st.st_mode) || access(a, X_OK))
		return db_usage_error(cmd, "--ship %s: not an executable file",
				      a);
	if (o->nship == VM_SHIP_MAX)
		return db_usage_error(cmd, "--ship: at most %d", VM_SHIP_MAX);
	ship[o->nship++] = a;
	o->ship = ship;
	return -1;
}

/* The kernel's options; -1 to go on, 0 when @c is not one of them. */
static int kernel_opt(int c, const char *a, struct vm_args *v)
{
	struct vm_kernel_spec *spec = v->spec;

	switch (c) {
	case OPT_KERNEL:
		spec->kernel = a;
		v->nk++;
		return -1;
	case OPT_MODULES:
		spec->modules = a;
		return -1;
	case OPT_DEB:
		/* a split kernel is several .debs: one --deb each */
		if (spec->ndebs == VM_MAX_DEBS)
			return db_usage_error(&cmd_vm_entry,
					      "more than %d --deb",
					      VM_MAX_DEBS);
		v->nk += !spec->ndebs;
		spec->debs[spec->ndebs++] = a;
		return -1;
	case OPT_FLAVOUR:
		spec->flavour = a;
		return -1;
	case OPT_DEBIAN_KERNEL:
		spec->package = a;
		v->nk++;
		return -1;
	case OPT_KERNELS:
		v->kernels = a;
		v->nk++;
		return -1;
	case OPT_FETCH:
		v->fetch = true;
		return -1;
	case OPT_KERNEL_SOURCE:
		spec->source = a;
		v->nk++;
		return -1;
	case OPT_PATCH:
		if (spec->npatches == VM_MAX_PATCHES)
			return db_usage_error(&cmd_vm_entry,
					      "more than %d --patch",
					      VM_MAX_PATCHES);
		spec->patches[spec->npatches++] = a;
		return -1;
	case OPT_CONFIG_FRAGMENT:
		if (spec->nfragments == VM_MAX_FRAGMENTS)
			return db_usage_error(&cmd_vm_entry,
					      "more than %d --config-fragment",
					      VM_MAX_FRAGMENTS);
		spec->fragments[spec->nfragments++] = a;
		return -1;
	}
	return 0;
}

/* The machine's options; -1 to go on, 0 when @c is not one of them. */
static int machine_opt(int c, const char *a, struct vm_opts *o)
{
	const struct cmd_entry *cmd = &cmd_vm_entry;

	switch (c) {
	case OPT_FS:
		if (strcmp(a, "ext4") && strcmp(a, "xfs"))
			return db_usage_error(cmd, "--fs %s: ext4 or xfs", a);
		o->fs = a;
		return -1;
	case OPT_PMEM:
	case OPT_MEM:
		if (units_parse_size(a, c == OPT_PMEM ? &o->pmem_bytes :
							&o->mem_bytes))
			return db_usage_error(cmd,
					      "--%s %s: not a size (\"2G\")",
					      c == OPT_PMEM ? "pmem" : "mem",
					      a);
		return -1;
	case OPT_CPUS:
		if (parse_uint(a, 64, &o->cpus))
			return db_usage_error(cmd, "--cpus %s: 1..64", a);
		return -1;
	case OPT_NUMA:
		if (parse_uint(a, 8, &o->numa))
			return db_usage_error(cmd, "--numa %s: 1..8", a);
		return -1;
	case OPT_NULLBLK:
		if (!strcmp(a, "0"))
			o->nullblk_nsec = 0;
		else if (units_parse_duration(a, &o->nullblk_nsec))
			return db_usage_error(cmd,
					      "--nullblk-latency %s: not a "
					      "duration (\"10us\")",
					      a);
		return -1;
	case OPT_ACCEL:
		if (vm_accel_parse(a, &o->accel))
			return db_usage_error(
				cmd, "--accel %s: auto, kvm or tcg", a);
		return -1;
	}
	return 0;
}

/* The run's options; -1 to go on, else an exit code. */
static int run_opt(int c, const char *a, char *const *argv, struct vm_args *v)
{
	const struct cmd_entry *cmd = &cmd_vm_entry;
	struct vm_opts *o = v->o;

	switch (c) {
	case OPT_KVM_DEADLINE:
	case OPT_TIMEOUT:
		if (units_parse_duration(a, c == OPT_TIMEOUT ?
						    &o->timeout_ns :
						    &o->kvm_deadline_ns))
			return db_usage_error(cmd,
					      "%s %s: not a duration (\"30s\")",
					      c == OPT_TIMEOUT ?
						      "--timeout" :
						      "--kvm-deadline",
					      a);
		return -1;
	case OPT_SCENARIO_TIMEOUT:
		if (units_parse_duration(a, &o->scenario_timeout_ns) ||
		    !o->scenario_timeout_ns)
			return db_usage_error(
				cmd,
				"--scenario-timeout %s: not a duration "
				"above 0 (\"5m\")",
				a);
		return -1;
	case 'o':
		o->outdir = a;
		return -1;
	case OPT_CACHE:
		v->cache = a;
		return -1;
	case OPT_KEEP:
		o->keep = true;
		return -1;
	case 'q':
		v->live->view.quiet = true;
		return -1;
	case OPT_JOB:
		v->live->job_path = a;
		return -1;
	case OPT_SHIP:
		return add_ship(o, a);
	}
	return db_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

/* Options up to the guest's command; -1 to go on, else an exit code. */
static int parse_vm_args(int argc, char **argv, struct vm_args *v)
{
	const struct cmd_entry *cmd = &cmd_vm_entry;
	int c, ex;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:q", vm_options, NULL)) != -1) {
		ex = kernel_opt(c, optarg, v);
		if (!ex)
			ex = machine_opt(c, optarg, v->o);
		if (!ex)
			ex = run_opt(c, optarg, argv, v);
		if (ex >= 0)
			return ex;
	}
	if (v->nk > 1)
		return db_usage_error(cmd, "give one of --kernel, --deb, "
					   "--debian-kernel, --kernel-source, "
					   "--kernels");
	if (v->spec->npatches && !v->spec->source)
		return db_usage_error(
			cmd, v->kernels ? "--patch goes with --kernel-source; "
					  "in --kernels, name each build's "
					  "patches: src:SRC+PATCH" :
					  "--patch goes with --kernel-source");
	if (v->spec->nfragments && !v->spec->source && !v->kernels)
		return db_usage_error(cmd, "--config-fragment goes with "
					   "--kernel-source or --kernels");
	v->spec->base_fragment = datadir_kconfig();
	if (v->spec->modules && !v->spec->kernel)
		return db_usage_error(cmd, "--modules goes with --kernel");
	if (v->spec->flavour && !v->spec->package && !v->kernels)
		return db_usage_error(cmd,
				      "--flavour goes with --debian-kernel "
				      "VERSION");
	/* the guest's whole budget holds each scenario's */
	if (v->o->scenario_timeout_ns > v->o->timeout_ns)
		return db_usage_error(cmd, "--scenario-timeout is longer than "
					   "--timeout, the guest's in all");
	return -1;
}

/*
 * What the environment and the machine give: QEMU, test injection, the
 * guest's init, the cache. -1 to go on, else an exit code.
 */
static int vm_setup(struct vm_opts *o, const char *cache, char **cdir)
{
	struct db_err err = { { 0 } };
	const char *q = getenv("DAXBENCH_QEMU");

	o->qemu = q && *q ? q : QEMU_PATH;
	/* test-only fault injection reaches the daxbench inside too */
	q = getenv("DAXBENCH_INJECT");
	if (q && *q) {
		if (strchr(q, '\n'))
			return db_usage_error(
				&cmd_vm_entry,
				"DAXBENCH_INJECT: holds a newline");
		o->inject = q;
	}
	o->guest_init = guest_init_path();
	if (access(o->guest_init, R_OK)) {
		fprintf(stderr,
			"daxbench vm: %s: guest init script missing: set "
			"DAXBENCH_GUEST_INIT or reinstall\n",
			o->guest_init);
		return DB_EXIT_SYSTEM;
	}
	if (vm_cache_dir(cache, cdir, &err)) {
		fprintf(stderr, "daxbench vm: %s\n", err.msg);
		return DB_EXIT_SYSTEM;
	}
	o->cache_dir = *cdir;
	return -1;
}

/* Boot the kernel, or each of --kernels, under the job's ETA. */
static int vm_go(struct vm_opts *o, const struct vm_kernel_spec *spec,
		 struct live *live, const char *kernels, bool fetch)
{
	kernel_fn one = fetch ? fetch_one : run_one;
	int rc;

	live->view.tty = isatty(STDERR_FILENO);
	rc = live->job_path ? progress_job_load(live->job_path, &live->job) : 0;
	if (rc) {
		fprintf(stderr, "daxbench vm: --job %s: %s\n", live->job_path,
			strerror(-rc));
		return DB_EXIT_SYSTEM;
	}
	if (!kernels)
		return one(o, spec, NULL, NULL);
	return run_kernels(o, kernels, spec, one);
}

static int vm_exec(int argc, char **argv)
{
	struct vm_kernel_spec spec = { 0 };
	struct vm_guest guest = { 0 };
	struct live live = { .view.eta_s = -1, .kernel = 1, .nkernels = 1 };
	struct vm_opts o = {
		.fs = "ext4",
		.pmem_bytes = 2ULL << 30,
		.mem_bytes = 4ULL << 30,
		.cpus = 2,
		.nullblk_nsec = 10000,
		.accel = VM_ACCEL_AUTO,
		.timeout_ns = 3600ULL * 1000000000ULL,
		.kvm_deadline_ns = 20ULL * 1000000000ULL,
		.progress = vm_progress,
		.progress_arg = &live,
		.live = vm_live,
		.live_arg = &live,
	};
	struct vm_args v = { .o = &o, .spec = &spec, .live = &live };
	json_t *invocation = NULL;
	struct db_err err = { { 0 } };
	char *cdir = NULL, stamp[64];
	int rc;

	rc = parse_vm_args(argc, argv, &v);
	if (rc >= 0)
		return rc;
	if (v.fetch && argc > optind)
		return db_usage_error(&cmd_vm_entry,
				      "--fetch boots nothing: no command "
				      "after it");
	if (vm_check_sizes(&o, &err) ||
	    (!v.fetch &&
	     vm_guest_args(argc - optind, argv + optind, &guest, &err)))
		return db_usage_error(&cmd_vm_entry, "%s", err.msg);
	o.guest = &guest;
	/* the command line the results get (getopt with '+' kept argv) */
	invocation = result_invocation(program_invocation_name, argc, argv);
	o.invocation = invocation;
	rc = vm_setup(&o, v.cache, &cdir);
	if (rc < 0) {
		if (!o.outdir) {
			time_t t = time(NULL);

			strftime(stamp, sizeof(stamp), "vm-%Y%m%d-%H%M%S",
				 localtime(&t));
			o.outdir = stamp;
		}
		rc = vm_go(&o, &spec, &live, v.kernels, v.fetch);
	}
	vm_guest_free(&guest);
	json_decref(invocation);
	free(cdir);
	return db_finish_stdout("vm", rc);
}

const struct cmd_entry cmd_vm_entry = {
	.name = "vm",
	.summary = "run daxbench inside a QEMU guest with emulated pmem",
	.usage = vm_usage,
	.exec = vm_exec,
};
