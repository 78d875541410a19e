// SPDX-License-Identifier: GPL-2.0-only
/*
 * A lab kernel built from source (--kernel-source, --patch,
 * --config-fragment), the way virtme-ng's 'vng --build' does it for a
 * VM, but for DAX and cached. The configuration is 'make allnoconfig'
 * with the lab's fragment (kconfig/daxbench.config) and the reviewer's
 * forced, then olddefconfig; every symbol a fragment asked for must
 * have survived (vm-kconfig.c). The build is out of tree, in
 * CACHE/kbuild/KEY, KEY a digest of the source, the patches, the
 * fragments and the compiler (vm-kbuild-key.c): a build that exists is
 * never built again. The source is a hard-linked copy (GNU patch
 * replaces a file it patches rather than writing into it, so the
 * original is never touched), laid out alike in every KEY so that
 * ccache, whose base is CACHE/kbuild, serves one build's objects to the
 * next: after a one-file patch only that file is compiled.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "sha256.h"
#include "vm-int.h"

/* A progress line this often while make runs. */
#define KBUILD_SAY_S 30

/* What one build is: the parts of its key, and where it lives. */
struct kbuild {
	struct vm_ksrc src;
	char *frag; /* the fragments' text, the lab's first */
	char frag_sha[SHA256_HEX_LEN];
	char patch_sha[VM_MAX_PATCHES][SHA256_HEX_LEN];
	char compiler[256];
	char key[VM_KBUILD_KEY_LEN + 1];
	char *dir, *srcdir, *obj, *log; /* CACHE/kbuild/KEY/... */
	bool ccache;
};

static bool in_path(const char *tool)
{
	const char *path = getenv("PATH");
	char buf[4096];
	size_t n;

	for (; path && *path; path += n + (path[n] == ':')) {
		n = strcspn(path, ":");
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, tool);
		if (!access(buf, X_OK))
			return true;
	}
	return false;
}

/* The tools a 6.x x86 build runs; objtool needs libelf's headers. */
static int check_tools(struct kbuild *b, struct db_err *err)
{
	static const struct {
		const char *tool, *pkg;
	} need[] = { { "make", "make" },   { "gcc", "gcc" },
		     { "flex", "flex" },   { "bison", "bison" },
		     { "bc", "bc" },	   { "perl", "perl" },
		     { "patch", "patch" }, { "tar", "tar" },
		     { "xz", "xz-utils" } };
	char missing[256] = "";
	size_t i, n = 0;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!in_path(need[i].tool))
			n += (size_t)snprintf(missing + n, sizeof(missing) - n,
					      " %s", need[i].pkg);
	if (!vm_exists("/usr/include/gelf.h") && n < sizeof(missing))
		n += (size_t)snprintf(missing + n, sizeof(missing) - n,
				      " libelf-dev");
	b->ccache = in_path("ccache");
	if (n)
		return db_err_set(err, -ENOPKG,
				  "building a kernel needs what is missing "
				  "here: apt-get install%s ccache",
				  missing);
	return 0;
}

/* "gcc (Debian 12.2.0-14+deb12u1) 12.2.0": what the build compiles with. */
static int compiler_version(struct kbuild *b, struct db_err *err)
{
	char *argv[] = { "gcc", "--version", NULL };
	struct child_io io = { 0 };
	int rc = vm_tool_run_ok(argv, &io, err);

	if (!rc)
		snprintf(b->compiler, sizeof(b->compiler), "%.*s",
			 (int)strcspn(io.out, "\n"), io.out);
	free(io.out);
	return rc;
}

/* The lab's fragment, then the reviewer's, as one text and its digest. */
static int read_fragments(const struct vm_kernel_spec *spec, struct kbuild *b,
			  struct db_err *err)
{
	char *all = NULL, *t = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&all, &len);
	int rc = f ? 0 : -ENOMEM;

	for (i = 0; !rc && i <= spec->nfragments; i++) {
		const char *p = i ? spec->fragments[i - 1] :
				    spec->base_fragment;

		rc = vm_read_all(p, &t, NULL);
		if (rc)
			rc = db_err_set(err, rc, "%s%s: %s",
					i ? "--config-fragment " : "", p,
					strerror(-rc));
		else
			fprintf(f, "# daxbench: %s\n%s\n", p, t);
		free(t);
		t = NULL;
	}
	if (f && fclose(f) && !rc)
		rc = -ENOMEM;
	if (rc) {
		free(all);
		return rc;
	}
	b->frag = all;
	sha256_hex(all, len, b->frag_sha);
	return 0;
}

static int patch_digests(const struct vm_kernel_spec *spec, struct kbuild *b,
			 struct db_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < spec->npatches; i++) {
		rc = sha256_file(spec->patches[i], b->patch_sha[i]);
		if (rc)
			return db_err_set(err, rc == -ENOENT ? -ENOENT : rc,
					  "--patch %s: %s", spec->patches[i],
					  strerror(-rc));
	}
	return 0;
}

/* Everything the key is made of, then the key and the paths. */
static int kbuild_identify(const struct vm_kernel_spec *spec, const char *cache,
			   vm_progress_fn pr, void *parg, struct kbuild *b,
			   struct db_err *err)
{
	const char *sha[VM_MAX_PATCHES];
	struct vm_kbuild_id id = { 0 };
	size_t i;
	int rc = check_tools(b, err);

	if (!rc)
		rc = patch_digests(spec, b, err);
	if (!rc)
		rc = read_fragments(spec, b, err);
	if (!rc)
		rc = compiler_version(b, err);
	if (!rc)
		rc = vm_ksrc_resolve(spec->source, cache, pr, parg, &b->src,
				     err);
	if (rc)
		return rc;
	for (i = 0; i < spec->npatches; i++)
		sha[i] = b->patch_sha[i];
	id.source_digest = b->src.digest;
	id.patch_sha = sha;
	id.npatches = spec->npatches;
	id.config_sha = b->frag_sha;
	id.compiler = b->compiler;
	vm_kbuild_key(&id, b->key);
	b->dir = db_asprintf("%s/kbuild/%s", cache, b->key);
	b->srcdir = db_asprintf("%s/kbuild/%s/src", cache, b->key);
	b->obj = db_asprintf("%s/kbuild/%s/obj", cache, b->key);
	b->log = db_asprintf("%s/kbuild/%s/build.log", cache, b->key);
	return b->dir && b->srcdir && b->obj && b->log ? 0 : -ENOMEM;
}

static void kbuild_free(struct kbuild *b)
{
	vm_ksrc_free(&b->src);
	free(b->frag);
	free(b->dir);
	free(b->srcdir);
	free(b->obj);
	free(b->log);
}

/* ---- the build ------------------------------------------------------ */

/* The source as a hard-linked copy, the patches applied to it. */
static int prepare_source(const struct vm_kernel_spec *spec, struct kbuild *b,
			  struct db_err *err)
{
	char *from = db_asprintf("%s/.", b->src.dir);
	char *cp[] = { "cp", "-al", from, b->srcdir, NULL };
	struct child_io io = { 0 };
	size_t i;
	int rc;

	if (!from)
		return -ENOMEM;
	rc = fsutil_mkdir_p(b->srcdir, 0755);
	if (!rc)
		rc = vm_tool_run_ok(cp, &io, err);
	free(io.out);
	free(from);
	for (i = 0; !rc && i < spec->npatches; i++) {
		char *pa[] = { "patch",
			       "-p1",
			       "--batch",
			       "-d",
			       b->srcdir,
			       "-i",
			       (char *)spec->patches[i],
			       NULL };

		memset(&io, 0, sizeof(io));
		rc = vm_tool_run_ok(pa, &io, err);
		if (rc && io.out && *io.out)
			db_err_set(err, -EINVAL,
				   "--patch %s does not apply to %s: %.200s",
				   spec->patches[i], b->src.label, io.out);
		else if (rc)
			db_err_prefix(err, rc, "--patch %s", spec->patches[i]);
		if (rc)
			rc = -EINVAL;
		free(io.out);
	}
	return rc;
}

/* make -C SRC O=OBJ ARGS..., its output to @log; 0 or -errno. */
static int make_run(const struct kbuild *b, const char *log,
		    const char *const *args, int *status)
{
	struct argv_b v = { 0 };
	struct child_io io = { .out_path = log, .err_to_out = true };
	char **argv;
	int rc;

	vm_argv_add(&v, "make");
	vm_argv_add(&v, "-C");
	vm_argv_add(&v, b->srcdir);
	vm_argv_push(&v, db_asprintf("O=%s", b->obj));
	for (; *args; args++)
		vm_argv_add(&v, *args);
	argv = vm_argv_done(&v);
	if (!argv)
		return -ENOMEM;
	rc = child_run(argv, &io, status);
	vm_argv_free(argv);
	free(io.out);
	return rc;
}

/* allnoconfig with the fragments forced, olddefconfig, then the check. */
static int configure(struct kbuild *b, struct db_err *err)
{
	char *frag = db_asprintf("%s/fragment.config", b->dir);
	char *allc = frag ? db_asprintf("KCONFIG_ALLCONFIG=%s", frag) : NULL;
	char *log = db_asprintf("%s/config.log", b->dir);
	char *cfg = db_asprintf("%s/.config", b->obj), *have = NULL, *lost;
	const char *a1[] = { allc, "allnoconfig", NULL };
	const char *a2[] = { "olddefconfig", NULL };
	int rc = allc && log && cfg ? 0 : -ENOMEM, status = 0;
	FILE *f = rc ? NULL : fopen(frag, "w");

	if (!rc && (!f || fputs(b->frag, f) < 0 || fclose(f)))
		rc = db_err_set(err, -EIO, "%s: %s", frag, strerror(errno));
	if (!rc)
		rc = fsutil_mkdir_p(b->obj, 0755);
	if (!rc)
		rc = make_run(b, log, a1, &status);
	if (!rc && !status)
		rc = make_run(b, log, a2, &status);
	if (!rc && status)
		rc = db_err_set(err, -EIO,
				"the kernel's configuration failed (make "
				"exit %d): see %s",
				WEXITSTATUS(status), log);
	if (!rc && vm_read_all(cfg, &have, NULL))
		rc = db_err_set(err, -EIO, "%s: %s", cfg, strerror(errno));
	if (!rc) {
		rc = vm_kconfig_lost(b->frag, have, &lost);
		if (rc > 0)
			db_err_set(err, -EINVAL,
				   "olddefconfig dropped what the lab kernel "
				   "needs (a dependency missing, or renamed "
				   "in this kernel): %s; the fragments: %s",
				   lost, frag);
		rc = rc > 0 ? -EINVAL : rc;
		free(lost);
	}
	free(have);
	free(cfg);
	free(log);
	free(allc);
	free(frag);
	return rc;
}

/* Kbuild's quiet lines ("  CC      mm/filemap.o") in @log from *@off. */
static unsigned long count_steps(const char *log, long *off)
{
	char line[512];
	unsigned long n = 0;
	FILE *f = fopen(log, "r");

	if (!f)
		return 0;
	if (fseek(f, *off, SEEK_SET))
		rewind(f);
	while (fgets(line, sizeof(line), f)) {
		size_t l = strlen(line);

		if (!l || line[l - 1] != '\n')
			break; /* a line still being written: next time */
		*off = ftell(f);
		if (line[0] == ' ' && line[1] == ' ' && line[2] >= 'A' &&
		    line[2] <= 'Z')
			n++;
	}
	fclose(f);
	return n;
}

/*
 * The steps of an earlier build with the same configuration, for the
 * ETA (a patch changes few of them); 0 when there is none.
 */
static unsigned long steps_before(const char *cache, const struct kbuild *b)
{
	char *pat = db_asprintf("%s/kbuild/*/build.json", cache);
	unsigned long steps = 0;
	json_error_t je;
	glob_t g;
	size_t i;

	if (!pat || glob(pat, 0, NULL, &g)) {
		free(pat);
		return 0;
	}
	for (i = 0; i < g.gl_pathc && !steps; i++) {
		json_t *j = json_load_file(g.gl_pathv[i], 0, &je);
		const char *c = json_string_value(json_object_get(
			json_object_get(j, "config"), "fragments_sha256"));

		if (c && !strcmp(c, b->frag_sha))
			steps = (unsigned long)json_integer_value(
				json_object_get(j, "steps"));
		json_decref(j);
	}
	globfree(&g);
	free(pat);
	return steps;
}

/* The line that says why make failed: its last error, else its last. */
static void last_error(const char *log, char *out, size_t len)
{
	char line[512];
	FILE *f = fopen(log, "r");

	snprintf(out, len, "no output");
	while (f && fgets(line, sizeof(line), f)) {
		vm_trim(line);
		if (strstr(line, "error:") || strstr(line, "Error ") ||
		    strstr(line, "*** ") || !strncmp(out, "no output", 9))
			snprintf(out, len, "%s", line);
	}
	if (f)
		fclose(f);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* "... 812 of ~1900 steps, 4m10s, ETA 3m" through @pr. */
static void say_progress(vm_progress_fn pr, void *parg, const struct kbuild *b,
			 unsigned long steps, unsigned long expect, double el)
{
	long t = (long)el;
	char msg[600], of[32] = "";
	char eta[64] = "no ETA: a first build of this configuration";

	if (expect > steps && steps) {
		double left = (double)(expect - steps) * el / (double)steps;

		if (left < 90)
			snprintf(eta, sizeof(eta), "ETA %.0fs", left);
		else
			snprintf(eta, sizeof(eta), "ETA %.0fm", left / 60 + 0.5);
	}
	else if (expect)
		snprintf(eta, sizeof(eta), "ETA: linking");
	if (expect)
		snprintf(of, sizeof(of), " of ~%lu", expect);
	snprintf(msg, sizeof(msg),
		 "building %s: %lu steps%s, %ldm%02lds, %s "
		 "(log: %s)",
		 b->key, steps, of, t / 60, t % 60, eta, b->log);
	pr(parg, msg);
}

/* make bzImage modules on every core, a progress line now and then. */
static int compile(const char *cache, struct kbuild *b, vm_progress_fn pr,
		   void *parg, unsigned long *steps, double *secs,
		   struct db_err *err)
{
	char jobs[32], why[512];
	struct argv_b v = { 0 };
	unsigned long expect = steps_before(cache, b);
	double t0 = now_s(), said = t0;
	long off = 0;
	int status = 0, rc;
	char **argv;
	pid_t pid;

	snprintf(jobs, sizeof(jobs), "-j%ld", sysconf(_SC_NPROCESSORS_ONLN));
	vm_argv_add(&v, "make");
	vm_argv_add(&v, "-C");
	vm_argv_add(&v, b->srcdir);
	vm_argv_push(&v, db_asprintf("O=%s", b->obj));
	vm_argv_add(&v, jobs);
	if (b->ccache)
		vm_argv_add(&v, "CC=ccache gcc");
	vm_argv_add(&v, "bzImage");
	vm_argv_add(&v, "modules");
	argv = vm_argv_done(&v);
	if (!argv)
		return -ENOMEM;
	rc = child_start(argv, b->log, &pid);
	vm_argv_free(argv);
	if (rc)
		return db_err_set(err, rc, "make: %s", strerror(-rc));
	*steps = 0;
	while ((rc = (int)waitpid(pid, &status, WNOHANG)) == 0 ||
	       (rc < 0 && errno == EINTR)) {
		usleep(200000);
		*steps += count_steps(b->log, &off);
		if (pr && now_s() - said >= KBUILD_SAY_S) {
			said = now_s();
			say_progress(pr, parg, b, *steps, expect, said - t0);
		}
	}
	*steps += count_steps(b->log, &off);
	*secs = now_s() - t0;
	if (rc < 0)
		return db_err_set(err, -errno, "make: %s", strerror(errno));
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	last_error(b->log, why, sizeof(why));
	return db_err_set(err, -ENOEXEC,
			  "the kernel build failed (make %s %d): %s; the "
			  "whole log: %s",
			  WIFEXITED(status) ? "exit" : "signal",
			  WIFEXITED(status) ? WEXITSTATUS(status) :
					      WTERMSIG(status),
			  why, b->log);
}

/* ccache's place and base, and a build that says the same every time. */
static void build_env(const char *cache)
{
	char *d = db_asprintf("%s/ccache", cache);
	char *base = db_asprintf("%s/kbuild", cache);

	if (d && !getenv("CCACHE_DIR"))
		setenv("CCACHE_DIR", d, 1);
	if (base)
		setenv("CCACHE_BASEDIR", base, 1);
	if (!getenv("CCACHE_MAXSIZE"))
		setenv("CCACHE_MAXSIZE", "5G", 1);
	setenv("KBUILD_BUILD_USER", "daxbench", 1);
	setenv("KBUILD_BUILD_HOST", "daxbench-lab", 1);
	free(d);
	free(base);
}

/* What the build was made of, for host.vm.kernel_build. */
static json_t *build_record(const struct vm_kernel_spec *spec,
			    const struct kbuild *b, unsigned long steps,
			    double secs)
{
	json_t *patches = json_array(), *frags = json_array(), *j;
	char cfg_sha[SHA256_HEX_LEN] = "", *cfg;
	size_t i;

	for (i = 0; i < spec->npatches; i++) {
		char *p = realpath(spec->patches[i], NULL);

		json_array_append_new(patches,
				      json_pack("{s:s,s:s}", "file",
						p ? p : spec->patches[i],
						"sha256", b->patch_sha[i]));
		free(p);
	}
	for (i = 0; i <= spec->nfragments; i++) {
		const char *f = i ? spec->fragments[i - 1] :
				    spec->base_fragment;
		char sha[SHA256_HEX_LEN] = "";

		sha256_file(f, sha);
		json_array_append_new(frags, json_pack("{s:s,s:s}", "file", f,
						       "sha256", sha));
	}
	cfg = db_asprintf("%s/.config", b->obj);
	if (cfg)
		sha256_file(cfg, cfg_sha);
	free(cfg);
	j = json_pack("{s:s,s:O,s:o,s:{s:o,s:s,s:s},s:s,s:b,s:I,s:f,s:I}",
		      "key", b->key, "source", b->src.json, "patches", patches,
		      "config", "fragments", frags, "fragments_sha256",
		      b->frag_sha, "config_sha256", cfg_sha, "compiler",
		      b->compiler, "ccache", b->ccache, "steps",
		      (json_int_t)steps, "build_s", secs, "built_at",
		      (json_int_t)time(NULL));
	return j;
}

static int build_new(const struct vm_kernel_spec *spec, const char *cache,
		     struct kbuild *b, vm_progress_fn pr, void *parg,
		     json_t **rec, struct db_err *err)
{
	char *path = db_asprintf("%s/build.json", b->dir), *tmp = NULL;
	unsigned long steps = 0;
	double secs = 0;
	int rc = path ? 0 : -ENOMEM;

	vm_rm_rf(b->dir);
	if (pr)
		pr(parg, b->ccache ? "building the kernel (ccache on)" :
				     "building the kernel (no ccache here: "
				     "every build is a whole one)");
	if (!rc)
		rc = prepare_source(spec, b, err);
	if (!rc)
		rc = configure(b, err);
	build_env(cache);
	if (!rc)
		rc = compile(cache, b, pr, parg, &steps, &secs, err);
	if (!rc) {
		*rec = build_record(spec, b, steps, secs);
		tmp = db_asprintf("%s.tmp", path);
		if (!*rec || !tmp ||
		    json_dump_file(*rec, tmp, JSON_INDENT(2)) ||
		    rename(tmp, path))
			rc = db_err_set(err, -EIO, "%s: cannot be written",
					path);
	}
	free(tmp);
	free(path);
	return rc;
}

/* The build in @b->dir, when it is whole: its record, else NULL. */
static json_t *build_found(const struct kbuild *b)
{
	char *path = db_asprintf("%s/build.json", b->dir);
	char *img = db_asprintf("%s/arch/x86/boot/bzImage", b->obj);
	json_t *j = NULL;
	json_error_t je;

	if (path && img && vm_exists(img))
		j = json_load_file(path, 0, &je);
	free(path);
	free(img);
	return j;
}

/* "linux-source-6.1 6.1.192-3 + fix.patch": the kernel's name. */
static char *build_label(const struct vm_kernel_spec *spec,
			 const struct kbuild *b)
{
	char *s = strdup(b->src.label), *t;
	size_t i;

	for (i = 0; s && i < spec->npatches; i++) {
		const char *base = strrchr(spec->patches[i], '/');

		t = db_asprintf("%s + %s", s,
				base ? base + 1 : spec->patches[i]);
		free(s);
		s = t;
	}
	return s;
}

/* Only one daxbench builds a KEY at a time; the others wait, then use it. */
static int lock_key(const char *cache, const struct kbuild *b,
		    vm_progress_fn pr, void *parg, struct db_err *err)
{
	char *p = db_asprintf("%s/kbuild/%s.lock", cache, b->key);
	char *d = db_asprintf("%s/kbuild", cache);
	int fd = -1;

	if (p && d && !fsutil_mkdir_p(d, 0755))
		fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		db_err_set(err, -errno, "%s: %s", p ? p : "lock",
			   strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB)) {
		if (pr)
			pr(parg, "another daxbench is building this kernel: "
				 "waiting for it");
		flock(fd, LOCK_EX);
	}
	free(p);
	free(d);
	return fd;
}

int vm_kbuild(const struct vm_kernel_spec *spec, const char *cache,
	      vm_progress_fn pr, void *parg, struct vm_kernel *k,
	      struct db_err *err)
{
	struct kbuild b = { 0 };
	json_t *rec = NULL;
	char msg[300];
	int rc, fd = -1;

	rc = kbuild_identify(spec, cache, pr, parg, &b, err);
	if (!rc) {
		fd = lock_key(cache, &b, pr, parg, err);
		rc = fd < 0 ? -EIO : 0;
	}
	if (!rc && !(rec = build_found(&b)))
		rc = build_new(spec, cache, &b, pr, parg, &rec, err);
	else if (!rc && pr) {
		snprintf(msg, sizeof(msg),
			 "kernel build %s: cached (built in "
			 "%.0fs; not built again)",
			 b.key,
			 json_real_value(json_object_get(rec, "build_s")));
		pr(parg, msg);
	}
	if (fd >= 0)
		close(fd);
	if (!rc)
		rc = vm_resolve_tree(b.obj, NULL, cache, k, err);
	if (!rc) {
		free(k->label);
		k->label = build_label(spec, &b);
		k->build = rec;
		rec = NULL;
		rc = k->label ? 0 : -ENOMEM;
	}
	json_decref(rec);
	kbuild_free(&b);
	return rc;
}
