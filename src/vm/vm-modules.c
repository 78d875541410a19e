// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest kernel's modules on this host: the tree --modules names (read
 * as it is, or copied into the cache when it has no modules.dep), depmod
 * over a tree daxbench made, and the load order modprobe --show-depends
 * gives for what the guest needs (virtio, pmem, null_blk, the
 * filesystem), which the initramfs carries and guest-init loads.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "vm-int.h"

/*
 * --modules DIR is either the root that holds lib/modules/<rel> (an
 * INSTALL_MOD_PATH) or lib/modules/<rel> itself; either way it must be
 * for this kernel's release.
 */
static int modules_root(const char *dir, const char *rel, char **root,
			struct db_err *err)
{
	char *p = db_asprintf("%s/lib/modules/%s", dir, rel);
	const char *base;
	size_t n;

	if (!p)
		return db_err_set(err, -ENOMEM, "out of memory");
	if (vm_exists(p)) {
		free(p);
		*root = strdup(dir);
		return *root ? 0 : -ENOMEM;
	}
	free(p);
	if (!vm_exists(dir))
		return db_err_set(err, -ENOENT, "--modules %s: %s", dir,
				  strerror(ENOENT));
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	base = dir + n;
	while (base > dir && base[-1] != '/')
		base--;
	if ((size_t)(dir + n - base) != strlen(rel) ||
	    strncmp(base, rel, strlen(rel))) {
		p = db_asprintf("%.*s", (int)(dir + n - base), base);
		db_err_set(err, -EINVAL,
			   "--modules %s: modules for '%s' do not match the "
			   "kernel release '%s' (no lib/modules/%s inside)",
			   dir, p ? p : "?", rel, rel);
		free(p);
		return -EINVAL;
	}
	/* DIR is .../lib/modules/<rel>: the root is three levels up */
	p = db_asprintf("%s/../../..", dir);
	if (!p)
		return -ENOMEM;
	*root = realpath(p, NULL);
	free(p);
	return *root ? 0 :
		       db_err_set(err, -errno, "%s: %s", dir, strerror(errno));
}

int vm_depmod(const char *root, const char *rel, bool force, struct db_err *err)
{
	char *dep = db_asprintf("%s/lib/modules/%s/modules.dep", root, rel);
	char *argv[] = { "depmod", "-b", (char *)root, (char *)rel, NULL };
	struct child_io io = { 0 };
	int rc;

	if (!dep)
		return -ENOMEM;
	rc = !force && vm_exists(dep);
	free(dep);
	if (rc)
		return 0;
	rc = vm_tool_run_ok(argv, &io, err);
	free(io.out);
	if (rc == -ENOENT)
		db_err_set(err, rc, "depmod: not found: apt-get install kmod");
	return rc;
}

/*
 * --modules DIR is the user's: nothing is written there. With its own
 * modules.dep it is read as it is; without, it is copied into the cache
 * (keyed by its path) and depmod runs on the copy.
 */
int vm_user_modules(const char *dir, const char *rel, const char *cache,
		    char **modroot, struct db_err *err)
{
	char *root = NULL, *dep, *src = NULL, *dst = NULL, *mods = NULL;
	char *cp[] = { "cp", "-a", NULL, NULL, NULL };
	struct child_io io = { 0 };
	int rc;

	rc = modules_root(dir, rel, &root, err);
	if (rc || !root)
		return rc ? rc : -ENOMEM;
	dep = db_asprintf("%s/lib/modules/%s/modules.dep", root, rel);
	if (!dep) {
		rc = -ENOMEM;
		goto out;
	}
	if (vm_exists(dep)) {
		*modroot = root;
		free(dep);
		return 0;
	}
	free(dep);
	dst = db_asprintf("%s/modules-%s-%08lx", cache, rel,
			  (unsigned long)crc32_z(0, (const Bytef *)root,
						 strlen(root)));
	src = db_asprintf("%s/lib/modules/%s", root, rel);
	mods = dst ? db_asprintf("%s/lib/modules", dst) : NULL;
	if (!dst || !src || !mods) {
		rc = -ENOMEM;
		goto out;
	}
	vm_rm_rf(dst);
	rc = fsutil_mkdir_p(mods, 0755);
	cp[2] = src;
	cp[3] = mods;
	if (!rc)
		rc = vm_tool_run_ok(cp, &io, err);
	free(io.out);
	if (!rc)
		rc = vm_depmod(dst, rel, true, err);
	if (rc) {
		db_err_prefix(err, rc, "--modules %s: a copy to run depmod on",
			      dir);
		goto out;
	}
	*modroot = dst;
	dst = NULL;
out:
	free(root);
	free(src);
	free(dst);
	free(mods);
	return rc;
}

struct mod {
	const char *group, *name;
	bool required;
};

void modlist_free(struct modlist *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->src[i]);
		free(m->dst[i]);
	}
	free(m->src);
	free(m->dst);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

static int modlist_add(struct modlist *m, const char *src, const char *dst)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->dst[i], dst))
			return 0;
	return vm_pair_push(&m->src, &m->dst, &m->n, src, dst);
}

/*
 * Ask modprobe for each module's dependency chain in load order; "builtin"
 * lines need nothing. null_blk itself is listed as "nullblk-main" because
 * guest-init loads it with parameters.
 */
/*
 * The "insmod PATH" lines of modprobe --show-depends for @mod, each
 * into the list and into @f as "GROUP PATH" (the path inside the guest,
 * decompressed). @pre: the module root's prefix to drop.
 */
static int add_chain(struct modlist *m, FILE *f, const struct mod *mod,
		     char *out, size_t pre)
{
	char *line, *save = NULL, *next;
	int rc = 0;

	for (line = strtok_r(out, "\n", &save); line && !rc; line = next) {
		char *path, *sp, *z, *dst;
		const char *group = mod->group;

		next = strtok_r(NULL, "\n", &save);
		if (strncmp(line, "insmod ", 7))
			continue;
		path = line + 7;
		sp = strchr(path, ' ');
		if (sp)
			*sp = '\0';
		/* the chain's last line is the module asked for */
		if (!next && !strcmp(mod->name, "null_blk"))
			group = "nullblk-main";
		dst = strdup(path + pre);
		if (!dst)
			return -ENOMEM;
		/* the list names the decompressed file */
		z = strstr(dst, ".ko");
		if (z)
			z[3] = '\0';
		rc = modlist_add(m, path, dst);
		fprintf(f, "%s %s\n", group, dst);
		free(dst);
	}
	return rc;
}

/* One module and what it depends on; a missing optional one is fine. */
static int resolve_one(const struct vm_kernel *k, const struct mod *mod,
		       struct modlist *m, FILE *f, size_t pre,
		       struct db_err *err)
{
	char *argv[] = { "modprobe",	    "-d",
			 k->modroot,	    "-S",
			 k->release,	    "--show-depends",
			 (char *)mod->name, NULL };
	struct child_io io = { 0 };
	int status = 0, rc;

	rc = child_run(argv, &io, &status);
	if (rc == -ENOENT)
		rc = db_err_set(err, rc,
				"modprobe: not found: apt-get install kmod");
	else if ((rc || status) && mod->required)
		rc = db_err_set(err, -EINVAL,
				"%s: module %s: not in %s/lib/modules/%s and "
				"not built in",
				k->label, mod->name, k->modroot, k->release);
	else if (rc || status)
		rc = 0;
	else
		rc = add_chain(m, f, mod, io.out, pre);
	free(io.out);
	return rc;
}

int vm_modules_resolve(const struct vm_kernel *k, const char *fs, bool nullblk,
		       struct modlist *m, struct db_err *err)
{
	const struct mod mods[] = {
		{ "virtio", "virtio_blk", true },
		{ "virtio", "virtio_pci", true },
		{ "base", "configfs", false },
		{ "pmem", "nd_pmem", true },
		{ "pmem", "nd_e820", true },
		{ "nullblk", "null_blk", nullblk },
		{ "ext4", "crc32c_generic", false },
		{ "ext4", "ext4", !strcmp(fs, "ext4") },
		{ "xfs", "crc32c_generic", false },
		{ "xfs", "xfs", !strcmp(fs, "xfs") },
	};
	size_t i, pre;
	FILE *f;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (!k->modroot)
		return 0; /* no modules tree: everything must be built in */
	pre = strcmp(k->modroot, "/") ? strlen(k->modroot) : 0;
	f = open_memstream(&m->text, &m->len);
	if (!f)
		return -ENOMEM;
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]) && !rc; i++)
		rc = resolve_one(k, &mods[i], m, f, pre, err);
	if (fclose(f) && !rc)
		rc = -ENOMEM;
	if (rc)
		modlist_free(m); /* the caller frees the list only on success */
	return rc;
}
