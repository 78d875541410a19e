// SPDX-License-Identifier: GPL-2.0-only
/*
 * The initramfs a guest boots with, built once and cached: busybox, this
 * daxbench binary and its libraries, mke2fs and mkfs.xfs, the --ship
 * programs, guest-init as /init, and the modules vm-modules.c listed,
 * decompressed for busybox insmod. Its name is a hash of what goes in, so
 * a rebuilt daxbench or a changed guest-init gets an image of its own.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "vm-int.h"

static int find_tool(const char *name, char *out, size_t len)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin",
					    "/bin" };
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(out, len, "%s/%s", dirs[i], name);
		if (!access(out, X_OK))
			return 0;
	}
	return -ENOENT;
}

/* Add @elf and the shared libraries ldd names, ELF interpreter included. */
static int add_elf(struct cpio *c, const char *name, const char *src,
		   struct db_err *err)
{
	char *argv[] = { "ldd", (char *)src, NULL };
	struct child_io io = { 0 };
	char *tok, *save = NULL;
	int rc = cpio_file(c, name, src), status;

	if (rc)
		return db_err_set(err, rc, "%s: %s", src, strerror(-rc));
	rc = child_run(argv, &io, &status);
	if (rc == -ENOENT)
		return db_err_set(err, rc, "ldd: not found (libc-bin)");
	if (rc)
		return db_err_set(err, rc, "ldd: %s", strerror(-rc));
	/* a static binary makes ldd exit 1: nothing to add then */
	for (tok = strtok_r(io.out, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (tok[0] != '/' || cpio_has(c, tok + 1))
			continue;
		rc = cpio_file(c, tok + 1, tok);
		if (rc) {
			db_err_set(err, rc, "%s: library %s: %s", src, tok,
				   strerror(-rc));
			break;
		}
	}
	free(io.out);
	return rc;
}

/* Decompress a .ko.xz/.ko.zst/.ko.gz (busybox insmod wants plain .ko). */
static int add_module(struct cpio *c, const char *name, const char *src,
		      const char *tmpdir, struct db_err *err)
{
	static const char *const tools[][2] = { { ".xz", "xz" },
						{ ".zst", "zstd" },
						{ ".gz", "gzip" } };
	size_t n = strlen(src), i;
	char *tmp, *argv[4] = { NULL, "-dc", (char *)src, NULL };
	struct child_io io = { 0 };
	int rc;

	for (i = 0; i < 3; i++) {
		size_t l = strlen(tools[i][0]);

		if (n > l && !strcmp(src + n - l, tools[i][0]))
			break;
	}
	if (i == 3)
		return cpio_file(c, name, src);
	tmp = db_asprintf("%s/module.ko", tmpdir);
	if (!tmp)
		return -ENOMEM;
	argv[0] = (char *)tools[i][1];
	io.out_path = tmp;
	rc = vm_tool_run_ok(argv, &io, err);
	if (rc == -ENOENT)
		db_err_set(err, rc, "%s: not found: apt-get install %s-utils",
			   tools[i][1], tools[i][1]);
	if (!rc)
		rc = cpio_file(c, name, tmp);
	unlink(tmp);
	free(tmp);
	return rc;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

/* Fold a file's identity (path, size, mtime) into the cache key. */
static uint64_t fnv_file(uint64_t h, const char *path)
{
	struct stat st;
	long long v[2] = { -1, -1 };

	if (path && !stat(path, &st)) {
		v[0] = (long long)st.st_size;
		v[1] = (long long)st.st_mtim.tv_sec * 1000000000LL +
		       st.st_mtim.tv_nsec;
	}
	h = fnv(h, path ? path : "", path ? strlen(path) : 0);
	return fnv(h, v, sizeof(v));
}

static const char *const elf_tools[] = { "busybox", "mke2fs", "mkfs.xfs" };

/*
 * The cached initramfs for @k and this daxbench binary: busybox, daxbench
 * and its libraries, mke2fs and mkfs.xfs (both, so that one image serves
 * either --fs), guest-init as /init, and the modules decompressed, with
 * etc/daxbench-vm/modules listing them in load order. Keyed by the files
 * that go in (path, size, mtime; guest-init by its content).
 */
/*
 * The cache key: everything that goes into the image (init, daxbench,
 * the kernel, its modules, the mkfs tools, shipped programs).
 */
static uint64_t image_hash(const struct vm_opts *o, const struct vm_kernel *k,
			   const struct modlist *m, const char *init,
			   size_t ilen, const char *exe)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char tool[PATH_MAX];
	size_t i;

	h = fnv(h, "daxbench-vm-initramfs-1", 23);
	h = fnv(h, init, ilen);
	h = fnv_file(h, exe);
	h = fnv_file(h, k->image);
	h = fnv(h, m->text ? m->text : "", m->len);
	for (i = 0; i < m->n; i++)
		h = fnv_file(h, m->src[i]);
	for (i = 0; i < 3; i++)
		h = fnv_file(h, find_tool(elf_tools[i], tool, sizeof(tool)) ?
					NULL :
					tool);
	for (i = 0; i < o->nship; i++) {
		h = fnv(h, o->ship[i], strlen(o->ship[i]) + 1);
		h = fnv_file(h, o->ship[i]);
	}
	return h;
}

/* busybox, mke2fs and mkfs.xfs, with their libraries */
static int add_tools(struct cpio *c, struct db_err *err)
{
	char tool[PATH_MAX];
	int rc = 0, i;

	if (find_tool("busybox", tool, sizeof(tool)))
		return db_err_set(err, -ENOENT,
				  "busybox: not found: apt-get install "
				  "busybox-static");
	rc = add_elf(c, "bin/busybox", tool, err);
	for (i = 1; i < 3 && !rc; i++)
		if (!find_tool(elf_tools[i], tool, sizeof(tool)))
			rc = add_elf(c,
				     i == 1 ? "usr/sbin/mke2fs" :
					      "usr/sbin/mkfs.xfs",
				     tool, err);
	cpio_link(c, "usr/sbin/mkfs.ext4", "mke2fs");
	return rc;
}

/* Everything the guest gets, into the open archive @c. */
static int add_contents(struct cpio *c, const struct vm_opts *o,
			const struct modlist *m, const char *init, size_t ilen,
			const char *exe, const char *tmpdir, struct db_err *err)
{
	size_t i;
	int rc;

	cpio_node(c, "dev/console", S_IFCHR | 0600, 5, 1);
	cpio_dir(c, "proc");
	cpio_dir(c, "sys");
	cpio_dir(c, "usr/sbin");
	cpio_dir(c, "sbin");
	cpio_buf(c, "init", 0755, init, ilen);
	cpio_link(c, "bin/sh", "busybox");
	rc = add_elf(c, "usr/bin/daxbench", exe, err);
	if (!rc)
		rc = add_tools(c, err);
	/* shipped programs land in /usr/bin under their own name */
	for (i = 0; i < o->nship && !rc; i++) {
		const char *b = strrchr(o->ship[i], '/');
		char *dst = db_asprintf("usr/bin/%s", b ? b + 1 : o->ship[i]);

		rc = dst ? add_elf(c, dst, o->ship[i], err) : -ENOMEM;
		free(dst);
	}
	if (!rc && vm_exists("/etc/mke2fs.conf"))
		rc = cpio_file(c, "etc/mke2fs.conf", "/etc/mke2fs.conf");
	for (i = 0; i < m->n && !rc; i++)
		rc = add_module(c, m->dst[i] + 1, m->src[i], tmpdir, err);
	if (!rc)
		cpio_buf(c, "etc/daxbench-vm/modules", 0644,
			 m->text ? m->text : "", m->len);
	return rc;
}

/* Write the archive to @tmp and move it to @path: whole, or not at all. */
static int write_image(const struct vm_opts *o, const struct modlist *m,
		       const char *init, size_t ilen, const char *exe,
		       const char *path, const char *tmp, const char *tmpdir,
		       struct db_err *err)
{
	struct cpio c = { 0 };
	int rc, end;

	c.f = fopen(tmp, "wb");
	if (!c.f)
		return db_err_set(err, -errno, "%s: %s", tmp, strerror(errno));
	rc = add_contents(&c, o, m, init, ilen, exe, tmpdir, err);
	end = cpio_end(&c);
	if (!rc)
		rc = end;
	if (fflush(c.f) || fsync(fileno(c.f)))
		rc = rc ? rc : -errno;
	fclose(c.f);
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc) {
		unlink(tmp);
		if (!err->msg[0] || rc == -EIO || rc == -ENOMEM)
			db_err_set(err, rc, "%s: %s", path, strerror(-rc));
		db_err_prefix(err, rc, "initramfs");
	}
	return rc;
}

int vm_initramfs(const struct vm_opts *o, const struct vm_kernel *k,
		 const struct modlist *m, char **path, struct db_err *err)
{
	char exe[PATH_MAX], *init = NULL, *tmp = NULL, *tmpdir = NULL;
	size_t ilen;
	ssize_t n;
	int rc;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return db_err_set(err, -errno, "/proc/self/exe: %s",
				  strerror(errno));
	exe[n] = '\0';
	rc = vm_read_all(o->guest_init, &init, &ilen);
	if (rc)
		return db_err_set(err, rc, "%s: %s", o->guest_init,
				  strerror(-rc));
	*path = db_asprintf(
		"%s/initramfs/%s-%016llx.cpio", o->cache_dir, k->release,
		(unsigned long long)image_hash(o, k, m, init, ilen, exe));
	if (!*path) {
		rc = -ENOMEM;
		goto out;
	}
	if (vm_exists(*path))
		goto out;
	if (o->progress)
		o->progress(o->progress_arg, "building the initramfs");
	tmp = db_asprintf("%s.tmp.%d", *path, (int)getpid());
	tmpdir = db_asprintf("%s/initramfs/.mod.%d", o->cache_dir,
			     (int)getpid());
	if (!tmp || !tmpdir || fsutil_mkdir_p(tmpdir, 0755))
		rc = db_err_set(err, -EIO, "%s/initramfs: cannot create",
				o->cache_dir);
	else
		rc = write_image(o, m, init, ilen, exe, *path, tmp, tmpdir,
				 err);
out:
	if (tmpdir)
		vm_rm_rf(tmpdir);
	free(tmpdir);
	free(tmp);
	free(init);
	if (rc) {
		free(*path);
		*path = NULL;
	}
	return rc;
}
