// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VM run itself (the runner's API is vm.h): boot QEMU (KVM where it
 * works, else TCG, remembered per host), watch the serial log for the
 * markers scripts/guest-init prints (and pass on the guest's progress
 * lines, vm-live.c), and read the results back into OUTDIR, each result
 * file told what VM it ran in. The steps before the boot have files of
 * their own: the kernel (vm-kernel.c, with Debian's packages in
 * vm-debian.c through the private apt of vm-apt.c, and its modules in
 * vm-modules.c), the initramfs (vm-initramfs.c, written by vm-cpio.c),
 * the QEMU command line (vm-qemu.c), the guest's arguments (vm-guest.c)
 * and the transfer disk (vm-xfer.c). vm-util.c runs the external tools (apt-get, dpkg-deb,
 * depmod, modprobe, ldd, xz/zstd, tar, qemu) from argv arrays, never
 * through a shell.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "nstime.h"
#include "vm-int.h"
#include "vm.h"

/* ---- booting --------------------------------------------------------- */

static double now_s(void)
{
	return (double)nstime_now() / 1e9;
}

static void progress(const struct vm_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void progress(const struct vm_opts *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!o->progress)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->progress(o->progress_arg, msg);
}

/* What the console said, read as it grows. */
struct watch {
	int fd;
	char line[1024];
	size_t n;
	bool ready, mounted, exited, failed, hung;
	int rc;
	double exited_at; /* since QEMU started */
	char fail[512];
	char hung_why[512];
};

static void watch_line(struct watch *w, char *line)
{
	char *m = strstr(line, VM_MARK);

	if (!m)
		return;
	m += strlen(VM_MARK);
	vm_trim(m);
	if (!strcmp(m, "READY")) {
		w->ready = true;
	} else if (!strncmp(m, "MOUNTED ", 8)) {
		w->mounted = true;
	} else if (!strncmp(m, "EXIT ", 5)) {
		w->exited = true;
		w->rc = atoi(m + 5);
	} else if (!strncmp(m, "FAIL ", 5) && !w->failed) {
		w->failed = true;
		snprintf(w->fail, sizeof(w->fail), "%s", m + 5);
	} else if (!strncmp(m, "HUNG ", 5) && !w->hung) {
		w->hung = true;
		snprintf(w->hung_why, sizeof(w->hung_why), "%s", m + 5);
	}
}

static void watch_read(struct watch *w)
{
	char buf[4096];
	ssize_t n, i;

	while ((n = read(w->fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n' || w->n == sizeof(w->line) - 1) {
				w->line[w->n] = '\0';
				watch_line(w, w->line);
				w->n = 0;
			} else if (buf[i] != '\r') {
				w->line[w->n++] = buf[i];
			}
		}
	}
}

static void stop_qemu(pid_t pid)
{
	int i, st;

	kill(pid, SIGTERM);
	for (i = 0; i < 30; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

enum boot_end {
	BOOT_DONE, /* QEMU exited by itself */
	BOOT_NOT_READY, /* no READY before the deadline: killed */
	BOOT_TIMEOUT, /* --timeout: killed */
};

/* One vm_run(): its files, the machine, and what the guest said. */
struct run {
	char qver[256];
	char *initrd, *tmpl, *work, *xfer, *qlog, *tar, *console, *progress;
	struct vm_boot b;
	struct watch w;
	struct vm_live live;
	enum boot_end end;
};

/*
 * Until QEMU exits, or is killed: after EXIT (the guest's power-off may
 * hang), before READY (a stuck KVM), or at --timeout. The console and
 * the progress channel are read as they grow.
 */
static enum boot_end watch_qemu(const struct vm_opts *o, struct run *r,
				pid_t pid, double t0, double ready_deadline,
				double *boot_s)
{
	struct watch *w = &r->w;
	double limit = o->timeout_ns / 1e9;
	int st;

	for (;;) {
		double t;

		if (waitpid(pid, &st, WNOHANG) == pid)
			return BOOT_DONE;
		watch_read(w);
		t = now_s() - t0;
		vm_live_poll(&r->live, o, t);
		if (w->ready && !*boot_s)
			*boot_s = t;
		if (w->exited && !w->exited_at)
			w->exited_at = t;
		/*
		 * After EXIT the final snapshot is on the disk: a guest whose
		 * power-off hangs (a wedged device) loses nothing if killed.
		 */
		if (w->exited && t > w->exited_at + VM_EXIT_POWEROFF_S) {
			stop_qemu(pid);
			return BOOT_DONE;
		}
		if (!w->ready && ready_deadline > 0 && t > ready_deadline) {
			stop_qemu(pid);
			return BOOT_NOT_READY;
		}
		if (limit > 0 && t > limit) {
			stop_qemu(pid);
			return BOOT_TIMEOUT;
		}
		usleep(50000);
	}
}

static int boot(const struct vm_opts *o, struct run *r, double ready_deadline,
		double *boot_s, struct db_err *err)
{
	char **argv = vm_qemu_argv(&r->b);
	struct watch *w = &r->w;
	double t0 = now_s();
	int fd, rc;
	pid_t pid;

	if (!argv)
		return db_err_set(err, -ENOMEM, "qemu: out of memory");
	memset(w, 0, sizeof(*w));
	fd = open(r->console, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		vm_argv_free(argv);
		return db_err_set(err, -errno, "%s: %s", r->console,
				  strerror(errno));
	}
	close(fd);
	fd = vm_live_open(&r->live, r->progress);
	if (fd) {
		vm_argv_free(argv);
		return db_err_set(err, fd, "%s: %s", r->progress,
				  strerror(-fd));
	}
	w->fd = open(r->console, O_RDONLY | O_CLOEXEC);
	rc = child_start(argv, r->qlog, &pid);
	if (rc) {
		if (w->fd >= 0)
			close(w->fd);
		vm_argv_free(argv);
		vm_live_close(&r->live);
		return db_err_set(err, rc, "%s: %s", argv[0], strerror(-rc));
	}
	vm_argv_free(argv);
	r->end = watch_qemu(o, r, pid, t0, ready_deadline, boot_s);
	watch_read(w);
	vm_live_poll(&r->live, o, now_s() - t0);
	vm_live_close(&r->live);
	if (w->ready && !*boot_s)
		*boot_s = now_s() - t0;
	close(w->fd);
	return 0;
}

static bool kvm_usable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* The per-host KVM verdict: "hang" once a guest never got ready. */
static char *kvm_verdict_path(const char *cache)
{
	struct utsname u;

	if (uname(&u))
		return NULL;
	return db_asprintf(
		"%s/kvm-verdict-%08lx", cache,
		(unsigned long)crc32_z(
			crc32_z(0, (const Bytef *)u.release, strlen(u.release)),
			(const Bytef *)u.version, strlen(u.version)));
}

static bool kvm_hangs(const char *cache)
{
	char *p = kvm_verdict_path(cache), *txt = NULL;
	bool hang = false;

	if (p && !vm_read_all(p, &txt, NULL))
		hang = !strncmp(txt, "hang", 4);
	free(txt);
	free(p);
	return hang;
}

static void kvm_remember(const char *cache, const char *verdict)
{
	char *p = kvm_verdict_path(cache);
	FILE *f = p ? fopen(p, "w") : NULL;

	if (f) {
		fprintf(f, "%s\n", verdict);
		fclose(f);
	}
	free(p);
}

/*
 * KVM did not bring the guest up: it hung (no READY by the deadline) or
 * QEMU gave up at once (seen here: "failed to set MSR" on a nested host).
 * Either way this host's verdict is remembered, so later boots go
 * straight to TCG instead of probing KVM every time.
 */
static void kvm_failed(const struct vm_opts *o, enum boot_end end,
		       const char *qlog)
{
	char *ql = NULL;

	if (end == BOOT_NOT_READY) {
		progress(o,
			 "kvm: no READY from the guest within %.0fs: "
			 "retrying with tcg (remembered for this host)",
			 o->kvm_deadline_ns / 1e9);
	} else {
		vm_read_all(qlog, &ql, NULL);
		if (ql)
			ql[strcspn(ql, "\n")] = '\0';
		progress(o,
			 "kvm: qemu exited before the guest was ready%s%s: "
			 "retrying with tcg (remembered for this host)",
			 ql && *ql ? ": " : "", ql ? ql : "");
		free(ql);
	}
	kvm_remember(o->cache_dir, "hang");
}

static int qemu_version(const char *qemu, char *ver, size_t len,
			struct db_err *err)
{
	char *argv[] = { (char *)qemu, "--version", NULL };
	struct child_io io = { 0 };
	const char *p, *pre = "QEMU emulator version ";
	int status = 0, rc = child_run(argv, &io, &status);

	/* a wrapper that cannot exec QEMU exits 126 or 127 */
	if (rc == -ENOENT || rc == -EACCES ||
	    (WIFEXITED(status) && WEXITSTATUS(status) >= 126 &&
	     WEXITSTATUS(status) <= 127)) {
		free(io.out);
		return db_err_set(err, -ENOENT,
				  "%s: not found: apt-get install "
				  "qemu-system-x86",
				  qemu);
	}
	if (rc || status) {
		free(io.out);
		return db_err_set(err, -EIO, "%s --version: %s", qemu,
				  io.errtxt[0] ? io.errtxt : "failed");
	}
	p = strstr(io.out, pre);
	snprintf(ver, len, "%s", p ? p + strlen(pre) : io.out);
	ver[strcspn(ver, "\n")] = '\0';
	free(io.out);
	return 0;
}

/* ---- results --------------------------------------------------------- */

bool vm_log_line_bad(const char *line)
{
	static const char *const bad[] = {
		"WARNING:",
		"BUG:",
		"Call Trace:",
		"hung_task",
		"blocked for more than",
		"Oops:",
		"Kernel panic",
		"general protection fault",
		"soft lockup",
		"RCU stall",
		"rcu_sched self-detected",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(line, bad[i]))
			return true;
	return false;
}

static json_t *scan_console(const char *path)
{
	json_t *a = json_array();
	char line[1024];
	FILE *f = fopen(path, "r");
	bool dump = false;

	if (!f || !a)
		goto out;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		/* the stacks a hung guest dumped on purpose are no warning */
		if (strstr(line, VM_MARK "DUMP BEGIN"))
			dump = true;
		else if (strstr(line, VM_MARK "DUMP END"))
			dump = false;
		else if (!dump && vm_log_line_bad(line) &&
			 json_array_size(a) < 200)
			json_array_append_new(a, json_string(line));
	}
out:
	if (f)
		fclose(f);
	return a;
}

/* host.vm.kernel_packages: what the kernel was made of, and from where. */
static json_t *kernel_packages(const struct vm_kernel *k)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < k->npkgs; i++)
		json_array_append_new(
			a,
			json_pack("{s:s,s:s,s:s?}", "package",
				  k->pkgs[i].name ? k->pkgs[i].name : "",
				  "version",
				  k->pkgs[i].version ? k->pkgs[i].version : "",
				  "suite", k->pkgs[i].suite));
	return a;
}

/* Record the VM facts and the kernel log verdict in one result file. */
static int patch_result(const char *path, const struct vm_opts *o,
			const struct vm_kernel *k, const char *accel,
			const char *qemu_ver, const char *console,
			struct vm_outcome *out)
{
	char stall[sizeof(out->stall)];
	json_t *root, *host, *vm;
	json_error_t je;
	char *tmp;
	int rc = 0, h;

	root = json_load_file(path, 0, &je);
	if (!json_is_object(root)) {
		json_decref(root);
		return -EBADMSG;
	}
	host = json_object_get(root, "host");
	if (!json_is_object(host)) {
		host = json_object();
		json_object_set_new(root, "host", host);
	}
	vm = json_object_get(host, "vm");
	if (!json_is_object(vm)) {
		vm = json_object();
		json_object_set_new(host, "vm", vm);
	}
	if (!json_object_get(vm, "accel"))
		json_object_set_new(vm, "accel", json_string(accel));
	if (!json_object_get(vm, "qemu"))
		json_object_set_new(vm, "qemu", json_string(qemu_ver));
	if (!json_object_get(vm, "pmem_bytes"))
		json_object_set_new(vm, "pmem_bytes",
				    json_integer((json_int_t)o->pmem_bytes));
	if (!json_object_get(vm, "kernel"))
		json_object_set_new(vm, "kernel", json_string(k->label));
	if (k->npkgs && !json_object_get(vm, "kernel_packages"))
		json_object_set_new(vm, "kernel_packages", kernel_packages(k));
	if (k->build && !json_object_get(vm, "kernel_build"))
		json_object_set(vm, "kernel_build", k->build);
	json_object_set_new(vm, "fs", json_string(o->fs));
	if (o->invocation)
		json_object_set(vm, "invocation", (json_t *)o->invocation);
	json_object_set(vm, "kernel_log_warnings", out->warnings);
	h = vm_result_hang(root, stall, sizeof(stall));
	/* the first hung stall says more than any interrupted point */
	if ((h > 0 && !out->stall_hung) || (!h && !out->stall[0]))
		snprintf(out->stall, sizeof(out->stall), "%s", stall);
	if (h > 0)
		out->stall_hung = true;
	/*
	 * The run did not end by itself: a result daxbench could not finish
	 * says so (what the guest wrote, e.g. after its SIGALRM, stays).
	 */
	if ((out->hung[0] || out->timed_out) &&
	    json_is_false(json_object_get(root, "complete")) &&
	    !json_object_get(root, "interrupted_by"))
		json_object_set_new(root, "interrupted_by",
				    json_string("timeout"));
	if (out->hung[0])
		json_object_set_new(vm, "hung", json_string(out->hung));
	if (out->hung[0] || out->timed_out || h > 0)
		json_object_set_new(vm, "console", json_string(console));
	tmp = db_asprintf("%s.tmp.%d", path, (int)getpid());
	if (!tmp)
		rc = -ENOMEM;
	else if (json_dump_file(root, tmp, JSON_INDENT(2)))
		rc = -EIO;
	else if (rename(tmp, path))
		rc = -errno;
	if (rc && tmp)
		unlink(tmp);
	free(tmp);
	json_decref(root);
	return rc;
}

/*
 * @name in @dir (of the unpacked snapshot) into OUTDIR as @as, never over
 * a file there (an OUTDIR used before): a clash takes the next free name,
 * and says so. *@placed: where it went, NULL when @dir has no @name.
 */
static int take_one(const char *dir, const char *name, const char *as,
		    const struct vm_opts *o, char **placed, struct db_err *err)
{
	char *s = db_asprintf("%s/%s", dir, name);
	int rc = 0;

	*placed = NULL;
	if (!s)
		return db_err_set(err, -ENOMEM, "out of memory");
	if (vm_exists(s))
		rc = vm_place(s, o->outdir, as, placed);
	if (rc)
		db_err_set(err, rc,
			   "%s: cannot be moved to %s/%s: %s; left there", s,
			   o->outdir, as, strerror(-rc));
	else if (*placed && strcmp(*placed + strlen(o->outdir) + 1, as))
		progress(o, "%s/%s exists: this guest's is %s", o->outdir, as,
			 *placed);
	free(s);
	return rc;
}

/*
 * What the guest said besides its results: daxbench's stdout and
 * stderr to OUTDIR/guest-stdout.txt and guest-stderr.txt (or the names
 * they got, in @out), the hang's stacks, the status and the HUNG reason.
 */
static int take_guest_files(const char *x, const struct vm_opts *o,
			    struct vm_outcome *out, struct db_err *err)
{
	static const char *const side[][2] = {
		{ "daxbench-vm/stdout", "guest-stdout.txt" },
		{ "daxbench-vm/stderr", "guest-stderr.txt" },
		/* the stacks and blocked tasks a hung guest dumped */
		{ "daxbench-vm/hung.txt", "guest-hung.txt" },
	};
	char *st = db_asprintf("%s/daxbench-vm/status", x), *txt = NULL;
	char *hw = db_asprintf("%s/daxbench-vm/hung", x), *p;
	size_t i;
	int rc = 0, r;

	/* the HUNG reason, also when the console lost the marker */
	if (hw && !out->hung[0] && !vm_read_all(hw, &txt, NULL)) {
		vm_trim(txt);
		snprintf(out->hung, sizeof(out->hung), "%s", txt);
	}
	free(txt);
	txt = NULL;
	free(hw);
	for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		r = take_one(x, side[i][0], side[i][1], o, &p, rc ? NULL : err);
		rc = rc ? rc : r;
		if (i < sizeof(out->guest_out) / sizeof(out->guest_out[0]))
			out->guest_out[i] = p;
		else
			free(p);
	}
	if (st && !vm_read_all(st, &txt, NULL) && out->guest_rc < 0)
		out->guest_rc = atoi(txt);
	free(txt);
	free(st);
	return rc;
}

/* The guest's results into OUTDIR, each told how it was run. */
static int take_results(const char *x, const struct vm_opts *o,
			const struct vm_kernel *k, const char *accel,
			const char *qemu_ver, const char *console,
			struct vm_outcome *out, struct db_err *err)
{
	char *res = db_asprintf("%s/results", x), *dst;
	DIR *d = res ? opendir(res) : NULL;
	struct dirent *de;
	int rc = 0, r;

	while (d && (de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		r = take_one(res, de->d_name, de->d_name, o, &dst,
			     rc ? NULL : err);
		rc = rc ? rc : r;
		if (dst && l > 5 && !strcmp(de->d_name + l - 5, ".json")) {
			if (patch_result(dst, o, k, accel, qemu_ver, console,
					 out))
				progress(o,
					 "%s: not valid JSON; left as it "
					 "came",
					 dst);
			else
				out->results++;
		}
		free(dst);
	}
	if (d)
		closedir(d);
	free(res);
	return rc;
}

/*
 * Unpack the snapshot into OUTDIR/.vm-unpack.PID and take its files out
 * of there; what could not be taken stays there, named in @err.
 */
static int unpack(const struct vm_opts *o, const char *tar,
		  const struct vm_kernel *k, const char *accel,
		  const char *qemu_ver, const char *console,
		  struct vm_outcome *out, struct db_err *err)
{
	char *x = db_asprintf("%s/.vm-unpack.%d", o->outdir, (int)getpid());
	char *argv[] = { "tar", "-x",	     "--no-same-owner",
			 "-f",	(char *)tar, "-C",
			 x,	NULL };
	struct child_io io = { 0 };
	int rc, r;

	if (!x)
		return -ENOMEM;
	vm_rm_rf(x);
	rc = fsutil_mkdir_p(x, 0755);
	if (!rc)
		rc = vm_tool_run_ok(argv, &io, err);
	free(io.out);
	if (rc) {
		vm_rm_rf(x);
		free(x);
		return rc;
	}
	rc = take_guest_files(x, o, out, err);
	r = take_results(x, o, k, accel, qemu_ver, console, out,
			 rc ? NULL : err);
	rc = rc ? rc : r;
	if (!rc) /* else what could not be moved stays, named in @err */
		vm_rm_rf(x);
	free(x);
	return rc;
}

void vm_outcome_free(struct vm_outcome *out)
{
	json_decref(out->warnings);
	free(out->guest_out[0]);
	free(out->guest_out[1]);
	free(out->workdir);
	memset(out, 0, sizeof(*out));
}

/*
 * Everything a boot needs before QEMU starts: QEMU's version, OUTDIR,
 * the initramfs, a work directory and the names of the files in it.
 */
static int run_prepare(const struct vm_opts *o, const struct vm_kernel *k,
		       struct run *r, struct db_err *err)
{
	const char *tmp = getenv("TMPDIR");
	struct modlist m = { 0 };
	int rc;

	rc = qemu_version(o->qemu, r->qver, sizeof(r->qver), err);
	if (rc)
		return rc;
	rc = fsutil_mkdir_p(o->outdir, 0755);
	if (rc)
		return db_err_set(err, rc, "%s: %s", o->outdir, strerror(-rc));
	rc = vm_modules_resolve(k, o->fs, o->nullblk_nsec > 0, &m, err);
	if (rc)
		return rc;
	rc = vm_initramfs(o, k, &m, &r->initrd, err);
	modlist_free(&m);
	if (rc)
		return rc;
	r->tmpl = db_asprintf("%s/daxbench-vm.XXXXXX",
			      tmp && *tmp ? tmp : "/tmp");
	r->work = r->tmpl ? mkdtemp(r->tmpl) : NULL;
	if (!r->work)
		return db_err_set(err, -errno, "work directory: %s",
				  strerror(errno));
	r->xfer = db_asprintf("%s/xfer.img", r->work);
	r->qlog = db_asprintf("%s/qemu.log", r->work);
	r->tar = db_asprintf("%s/out.tar", r->work);
	r->console = db_asprintf("%s/console.log", o->outdir);
	r->progress = db_asprintf("%s/progress.log", o->outdir);
	if (!r->xfer || !r->qlog || !r->tar || !r->console || !r->progress)
		return db_err_set(err, -ENOMEM, "out of memory");
	r->b = (struct vm_boot){
		.qemu = o->qemu,
		.image = k->image,
		.initrd = r->initrd,
		.xfer = r->xfer,
		.console = r->console,
		.progress = r->progress,
		.cpus = o->cpus,
		.numa = o->numa,
		.mem_bytes = o->mem_bytes,
		.pmem_bytes = o->pmem_bytes,
	};
	return 0;
}

/*
 * Whether a guest whose kernel died before daxbench ran is booted once
 * more. Under TCG a kernel can panic in its own boot (7.3.4 once in 108
 * guests, "Oops: int3" before /init) or while nd_pmem's probe patches a
 * static key (6.12.118 once in 108, "Oops: int3" in put_page between
 * READY and MOUNTED): either says nothing of daxbench, and a second
 * boot of the same image tells a fluke from a kernel that cannot boot
 * here. Once the DAX filesystem is mounted daxbench may have started,
 * and a crash is then its result. The first console is kept.
 */
static bool boot_again(const struct vm_opts *o, struct run *r)
{
	const struct watch *w = &r->w;
	char *placed = NULL;

	if (r->end == BOOT_TIMEOUT || w->mounted || w->failed || w->exited ||
	    w->hung)
		return false;
	if (vm_place(r->console, o->outdir, "console-first-boot.log", &placed))
		return false; /* its evidence would be lost: no second boot */
	progress(o, "the guest %s (console: %s); booting it once more",
		 w->ready ? "kernel died while setting up the DAX "
			    "filesystem, before daxbench ran" :
			    "never reached /init",
		 placed);
	free(placed);
	return true;
}

/*
 * Boot under KVM or TCG as asked; with auto, KVM first unless this host
 * is known to hang under it, and TCG when KVM did not bring the guest up.
 */
static int run_boots(const struct vm_opts *o, const struct vm_kernel *k,
		     struct run *r, struct vm_outcome *out, struct db_err *err)
{
	enum vm_accel tries[2];
	int ntries = 0, i, rc;
	bool retried = false;

	if (o->accel == VM_ACCEL_TCG) {
		tries[ntries++] = VM_ACCEL_TCG;
	} else if (o->accel == VM_ACCEL_KVM) {
		tries[ntries++] = VM_ACCEL_KVM;
	} else {
		if (kvm_usable() && !kvm_hangs(o->cache_dir))
			tries[ntries++] = VM_ACCEL_KVM;
		tries[ntries++] = VM_ACCEL_TCG;
	}
	for (i = 0; i < ntries; i++) {
		bool probing = o->accel == VM_ACCEL_AUTO && i + 1 < ntries;

		r->b.accel = tries[i];
		rc = xfer_create(o, k, vm_accel_name(r->b.accel), r->qver,
				 r->xfer, err);
		if (rc)
			return rc;
		progress(o, "booting %s under %s", k->release,
			 vm_accel_name(r->b.accel));
		out->boot_s = 0;
		/* TCG gets 5 minutes to reach /init; a stuck KVM far less */
		rc = boot(o, r, probing ? o->kvm_deadline_ns / 1e9 : 300.0,
			  &out->boot_s, err);
		if (rc)
			return rc;
		out->accel = r->b.accel;
		if (probing && !r->w.ready) {
			kvm_failed(o, r->end, r->qlog);
			continue;
		}
		if (r->b.accel == VM_ACCEL_KVM && r->w.ready)
			kvm_remember(o->cache_dir, "ok");
		if (!retried && boot_again(o, r)) {
			retried = true;
			i--;
			continue;
		}
		break;
	}
	return 0;
}

/* What the console said, and the results from the transfer disk. */
static int run_collect(const struct vm_opts *o, const struct vm_kernel *k,
		       struct run *r, struct vm_outcome *out,
		       struct db_err *err)
{
	int rc;

	out->timed_out = r->end == BOOT_TIMEOUT;
	out->warnings = scan_console(r->console);
	if (r->w.exited)
		out->guest_rc = r->w.rc;
	snprintf(out->fail, sizeof(out->fail), "%s", r->w.fail);
	snprintf(out->hung, sizeof(out->hung), "%s", r->w.hung_why);
	rc = xfer_fetch(r->xfer, r->tar, err);
	if (!rc) {
		char abs[PATH_MAX];

		rc = unpack(o, r->tar, k, vm_accel_name(out->accel), r->qver,
			    realpath(r->console, abs) ? abs : r->console, out,
			    err);
	}
	return rc == -ENODATA ? 0 : rc; /* nothing came back: see below */
}

/* Why the guest did not run daxbench to its end, if it did not. */
static int run_verdict(const struct vm_opts *o, const struct run *r,
		       const struct vm_outcome *out, struct db_err *err)
{
	const char *console = r->console;
	char *ql = NULL;
	int rc;

	if (out->stall_hung)
		return db_err_set(err, -ETIMEDOUT,
				  "guest: daxbench hung in %s; the incomplete "
				  "result came back with its stall%s; stacks "
				  "in %s",
				  out->stall,
				  out->timed_out && !out->hung[0] ?
					  " (the host killed the guest at "
					  "--timeout)" :
					  "",
				  console);
	if (out->hung[0] && out->stall[0])
		return db_err_set(err, -ETIMEDOUT,
				  "guest: daxbench did not end (%s); it "
				  "stopped in %s and the incomplete result "
				  "came back; stacks in %s",
				  out->hung, out->stall, console);
	if (out->hung[0])
		return db_err_set(err, -ETIMEDOUT,
				  "guest: daxbench hung (%s); no result of "
				  "the run in flight came back, %u result "
				  "file(s) did; stacks in %s",
				  out->hung, out->results, console);
	if (out->timed_out)
		return db_err_set(err, -ETIMEDOUT,
				  "guest: killed after --timeout %.0fs; %u "
				  "result file(s) came back; see %s",
				  o->timeout_ns / 1e9, out->results, console);
	if (r->w.failed)
		return db_err_set(err, -EIO, "guest: %s (see %s)", r->w.fail,
				  console);
	if (!r->w.ready) {
		vm_read_all(r->qlog, &ql, NULL);
		if (ql)
			vm_trim(ql);
		rc = db_err_set(err, -EIO,
				"guest: never reached /init%s%s (see %s)",
				ql && *ql ? ": qemu: " : "", ql ? ql : "",
				console);
		free(ql);
		return rc;
	}
	if (out->guest_rc < 0)
		return db_err_set(err, -EIO,
				  "guest: stopped before daxbench finished "
				  "(kernel panic?); see %s",
				  console);
	return 0;
}

int vm_run(const struct vm_opts *o, const struct vm_kernel *k,
	   struct vm_outcome *out, struct db_err *err)
{
	struct run r = { .live = { .fd = -1 } };
	double t0 = now_s();
	int rc;

	memset(out, 0, sizeof(*out));
	out->guest_rc = -1;
	rc = run_prepare(o, k, &r, err);
	if (!rc)
		rc = run_boots(o, k, &r, out, err);
	if (!rc)
		rc = run_collect(o, k, &r, out, err);
	if (!rc)
		rc = run_verdict(o, &r, out, err);
	out->total_s = now_s() - t0;
	if (r.work && o->keep)
		out->workdir = strdup(r.work);
	else if (r.work)
		vm_rm_rf(r.work);
	free(r.tmpl);
	free(r.xfer);
	free(r.qlog);
	free(r.tar);
	free(r.console);
	free(r.progress);
	free(r.initrd);
	return rc;
}
