/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files of the VM runner (src/vm/vm-*.c; vm-run.c says which
 * holds what) share and nobody else needs: argv arrays, running tools
 * and files (vm-util.c), the newc cpio writer, and the steps one file
 * calls in another. The API is vm.h.
 */
#ifndef DAXBENCH_VM_INT_H
#define DAXBENCH_VM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
/* crc32_z(): the cache's names, the transfer disk's records (as busybox) */
#include <zlib.h>

#include <jansson.h>

#include "child.h"
#include "vm.h"

/* ---- vm-util.c: argv arrays, running tools, files -------------------- */

/* A NULL-ended argv built string by string; oom once any push failed. */
struct argv_b {
	char **v;
	size_t n, cap;
	bool oom;
};

/* Append @s (malloc'd, taken over; NULL marks the array out of memory). */
void vm_argv_push(struct argv_b *b, char *s);
/* Append a copy of @s. */
void vm_argv_add(struct argv_b *b, const char *s);
/* The finished array, or NULL (all freed) when a push ran out of memory. */
char **vm_argv_done(struct argv_b *b);
/* Append copies of @x and @y to the parallel arrays @a and @b of @n. */
int vm_pair_push(char ***a, char ***b, size_t *n, const char *x, const char *y);

/* Drop trailing white space. */
void vm_trim(char *s);
/*
 * child_run() (child.h), with a tool that could not run or exited non-zero
 * as "TOOL: why" in @err: 0 or -errno (-ENOENT: not found, -EIO: failed).
 */
int vm_tool_run_ok(char *const argv[], struct child_io *io, struct db_err *err);

/* rm -rf, quietly. */
void vm_rm_rf(const char *path);
/* Whether @path exists. */
bool vm_exists(const char *path);
/* A whole file into a malloc'd, NUL-ended *@buf (*@len bytes, if asked). */
int vm_read_all(const char *path, char **buf, size_t *len);
/*
 * Move @src to @dir/@name, never over a file that is there: on a clash
 * to @dir/STEM.N.EXT, N from 1 (a result stays NAME.json). *@placed is
 * the path it got, malloc'd. 0, or -errno with @src where it was
 * (-EEXIST: VM_PLACE_TRIES names all taken).
 */
#define VM_PLACE_TRIES 1000
int vm_place(const char *src, const char *dir, const char *name, char **placed);

/* ---- vm-cpio.c: the newc cpio writer --------------------------------- */

/* A newc archive being written to @f: the names in it, the first error. */
struct cpio {
	FILE *f;
	unsigned int ino;
	char **names;
	size_t n, cap;
	int err;
};

/* Whether @name is in the archive already. */
bool cpio_has(const struct cpio *c, const char *name);
/* A directory and its parents. */
void cpio_dir(struct cpio *c, const char *name);
/* A regular file of @len bytes at @data, with its parents. */
void cpio_buf(struct cpio *c, const char *name, unsigned int mode,
	      const void *data, size_t len);
/* A symlink to @target, with its parents. */
void cpio_link(struct cpio *c, const char *name, const char *target);
/* A device node (@mode says which kind), with its parents. */
void cpio_node(struct cpio *c, const char *name, unsigned int mode,
	       unsigned int maj, unsigned int min);
/* A host file, followed through symlinks, keeping its exec bits. */
int cpio_file(struct cpio *c, const char *name, const char *src);
/* The trailer; frees the names; 0 or the first -errno of the archive. */
int cpio_end(struct cpio *c);

/* ---- vm-modules.c: a kernel's modules -------------------------------- */

/* The modules the guest loads, in order: host paths and guest paths. */
struct modlist {
	char *text; /* "group /lib/modules/..." lines for guest-init */
	size_t len;
	char **src, **dst;
	size_t n;
};

/* depmod -b @root @rel, unless (without @force) it has a modules.dep. */
int vm_depmod(const char *root, const char *rel, bool force,
	      struct db_err *err);
/* --modules @dir for release @rel, as a root modprobe -d can read. */
int vm_user_modules(const char *dir, const char *rel, const char *cache,
		    char **modroot, struct db_err *err);
/* What @k's guest loads for @fs (and null_blk), in load order. */
int vm_modules_resolve(const struct vm_kernel *k, const char *fs, bool nullblk,
		       struct modlist *m, struct db_err *err);
/* Free what vm_modules_resolve() filled in. */
void modlist_free(struct modlist *m);

/* ---- vm-apt.c: the private apt that reads bookworm .. sid ------------ */

/*
 * Run apt-get or apt-cache (@tool) on the private apt with @args: 0 and
 * its exit status in *@status, or -errno when it could not be run.
 */
int vm_apt_run(const char *cache, const char *tool, const char *const *args,
	       const char *cwd, struct child_io *io, int *status);
/*
 * Read the suites' lists unless read today; each suite that is not fine
 * is said through @pr. -ENOPKG when no suite could be read.
 */
int vm_apt_update(const char *cache, vm_progress_fn pr, void *parg,
		  struct db_err *err);
/* What each suite was at the last update, for a message (malloc'd). */
char *vm_apt_suites(const char *cache);

/* ---- vm-debian.c: a kernel from Debian's packages -------------------- */

/* A kernel from its @n .deb files, unpacked once into the cache. */
int vm_resolve_debs(char *const *debs, size_t n, const char *cache,
		    vm_progress_fn pr, void *parg, struct vm_kernel *k,
		    struct db_err *err);
/* A kernel from package @pkg (and a split one's parts), via apt. */
int vm_resolve_package(const char *pkg, const char *cache, vm_progress_fn pr,
		       void *parg, struct vm_kernel *k, struct db_err *err);
/*
 * The names of every linux-image package apt knows, a line each (apt-cache
 * search's lines), the lists read first; an update error is prefixed
 * with @what.
 */
int vm_image_names(const char *cache, const char *what, vm_progress_fn pr,
		   void *parg, char **names, struct db_err *err);
/*
 * @what is in no suite the private apt could read: -ENOPKG (the archive
 * could not give the kernel, exit 4), with apt's words @why and what
 * each suite was, since a suite left out may be the one that has it.
 */
int vm_not_found(const char *cache, const char *what, const char *why,
		 struct db_err *err);
/* The newest linux-image of line @prefix and @flavour apt knows. */
int vm_resolve_version(const char *prefix, const char *flavour,
		       const char *cache, vm_progress_fn pr, void *parg,
		       char **pkg, struct db_err *err);
/* Whether @s is a version prefix ("7", "6.12") rather than a package. */
bool vm_version_prefix(const char *s);
/* The package used when no kernel is named (malloc'd). */
char *vm_default_package(void);
/* A field of a .deb's control data ("Version") into @out. */
int vm_deb_field(const char *deb, const char *field, char *out, size_t len,
		 struct db_err *err);
/* apt-get download @pkg into @dir, unless a .deb of it is there: *@deb. */
int vm_deb_download(const char *pkg, const char *cache, const char *dir,
		    vm_progress_fn pr, void *parg, char **deb,
		    struct db_err *err);
/* The suite apt found @pkg @ver in, kept beside @deb; NULL: unknown. */
char *vm_deb_suite(const char *cache, const char *deb, const char *pkg,
		   const char *ver);

/* ---- vm-kernel.c: a kernel's files ----------------------------------- */

/* A built tree (bzImage, .config, modules.order) as @k, @label set. */
int vm_resolve_tree(const char *tree, const char *modules, const char *cache,
		    struct vm_kernel *k, struct db_err *err);

/* ---- vm-ksrc.c: a kernel source to build ------------------------------ */

/* A kernel source: a tree of the user's, or Debian's linux-source-X. */
struct vm_ksrc {
	char *dir; /* the top of the source tree */
	char *label; /* "linux-source-6.1 6.1.192-3", or the tree's path */
	char *digest; /* what the build's cache key takes of the source */
	json_t *json; /* host.vm.kernel_build.source */
};

/* @src (a tree, a linux-source-X package or an X.Y version) as @s. */
int vm_ksrc_resolve(const char *src, const char *cache, vm_progress_fn pr,
		    void *parg, struct vm_ksrc *s, struct db_err *err);
void vm_ksrc_free(struct vm_ksrc *s);

/* ---- vm-kbuild.c: a lab kernel built from source ---------------------- */

/* Build (or find built) the kernel @spec->source names, as @k. */
int vm_kbuild(const struct vm_kernel_spec *spec, const char *cache,
	      vm_progress_fn pr, void *parg, struct vm_kernel *k,
	      struct db_err *err);

/* ---- vm-initramfs.c: the initramfs ----------------------------------- */

/* The cached initramfs for @k with the modules @m: its path in *@path. */
int vm_initramfs(const struct vm_opts *o, const struct vm_kernel *k,
		 const struct modlist *m, char **path, struct db_err *err);

/* ---- vm-xfer.c: the transfer disk ------------------------------------ */

/* A new transfer disk at @path holding the input archive for @o and @k. */
int xfer_create(const struct vm_opts *o, const struct vm_kernel *k,
		const char *accel, const char *qemu_ver, const char *path,
		struct db_err *err);
/* The newest whole snapshot on @img into @tar; -ENODATA when none. */
int xfer_fetch(const char *img, const char *tar, struct db_err *err);

/* ---- vm-live.c: the guest's progress channel ------------------------- */

/* The channel's file as QEMU writes it, read as it grows. */
struct vm_live {
	int fd; /* -1: not open */
	char line[512];
	size_t n;
	double last; /* when the last line came, s since QEMU started */
	uint64_t idle_ns; /* the silence allowed now; 0: not watched */
	bool idle_said;
};

/* An empty @path for QEMU to write, opened to be read; 0 or -errno. */
int vm_live_open(struct vm_live *l, const char *path);
/* Pass what came since the last call to o->live; @t: now, as above. */
void vm_live_poll(struct vm_live *l, const struct vm_opts *o, double t);
/* Close it (nothing when not open). */
void vm_live_close(struct vm_live *l);

#endif
