// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest kernel (see vm_kernel_resolve() in vm.h), resolved to files on
 * this host: a bzImage or vmlinuz with the config beside it, a built
 * kernel tree whose modules are copied into the cache for modprobe, or
 * Debian packages (vm-debian.c), or a source it builds (vm-kbuild.c).
 * Whichever it is, its config is then
 * checked for what a DAX guest cannot do without.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "vm-int.h"

int vm_bzimage_release(const unsigned char *buf, size_t len, char *rel,
		       size_t rlen)
{
	size_t off, i;

	/* boot protocol: "HdrS" at 0x202, kernel_version at 0x20e */
	if (len < 0x210 || memcmp(buf + 0x202, "HdrS", 4))
		return -ENOEXEC;
	off = 0x200 + (size_t)(buf[0x20e] | buf[0x20f] << 8);
	if (off >= len)
		return -ENOEXEC;
	for (i = 0; off + i < len && i + 1 < rlen; i++) {
		char c = (char)buf[off + i];

		if (!c || isspace((unsigned char)c))
			break;
		rel[i] = c;
	}
	rel[i] = '\0';
	return i ? 0 : -ENOEXEC;
}

/* "NAME=value" from a kernel .config: 'y', 'm' or 0 (not set / absent). */
static char config_value(const char *cfg, const char *name)
{
	size_t n = strlen(name);
	const char *p = cfg;

	while ((p = strstr(p, name))) {
		if ((p == cfg || p[-1] == '\n') && p[n] == '=')
			return p[n + 1];
		p += n;
	}
	return 0;
}

void vm_kernel_free(struct vm_kernel *k)
{
	size_t i;

	free(k->image);
	free(k->release);
	free(k->modroot);
	free(k->config);
	free(k->label);
	json_decref(k->build);
	for (i = 0; i < k->npkgs; i++) {
		free(k->pkgs[i].name);
		free(k->pkgs[i].version);
		free(k->pkgs[i].suite);
	}
	memset(k, 0, sizeof(*k));
}

static int image_release(const char *image, char *rel, size_t rlen,
			 struct db_err *err)
{
	unsigned char buf[65536];
	ssize_t n;
	int fd = open(image, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return db_err_set(err, -errno, "%s: %s", image,
				  strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0 || vm_bzimage_release(buf, (size_t)n, rel, rlen))
		return db_err_set(err, -EINVAL,
				  "%s: not an x86 bzImage (no boot header "
				  "with a kernel version)",
				  image);
	return 0;
}

/* Check the config for what a DAX guest cannot do without. */
static int check_config(const struct vm_kernel *k, struct db_err *err)
{
	static const struct {
		const char *name, *why;
	} need[] = {
		{ "CONFIG_FS_DAX", "no DAX filesystems" },
		{ "CONFIG_LIBNVDIMM", "no NVDIMM support" },
		{ "CONFIG_BLK_DEV_PMEM", "no pmem block device" },
		{ "CONFIG_X86_PMEM_LEGACY", "no memmap= (e820) pmem" },
		{ "CONFIG_VIRTIO_BLK", "no virtio-blk for the transfer disk" },
		{ "CONFIG_VIRTIO_PCI", "no virtio-pci for the transfer disk" },
		{ "CONFIG_BLK_DEV_INITRD", "no initramfs" },
	};
	char *cfg;
	size_t i;
	int rc;

	if (!k->config)
		return 0;
	rc = vm_read_all(k->config, &cfg, NULL);
	if (rc)
		return 0; /* unreadable config: the guest will tell */
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		char v = config_value(cfg, need[i].name);

		if (v != 'y' && v != 'm') {
			rc = db_err_set(err, -EINVAL,
					"%s: %s is not set: %s: this kernel "
					"cannot run daxbench vm",
					k->config, need[i].name, need[i].why);
			break;
		}
		if (v == 'm' && !k->modroot) {
			rc = db_err_set(err, -EINVAL,
					"%s: %s=m but no modules tree: give "
					"--modules DIR",
					k->config, need[i].name);
			break;
		}
	}
	free(cfg);
	return rc;
}

/*
 * A kernel build tree: arch/x86/boot/bzImage, .config, and the modules
 * it built (modules.order), copied into a cache tree that depmod and
 * modprobe -d understand, unless --modules names an installed tree.
 */
/* "cp SRC DST", DST's directory made first */
/*
 * cp -p: the copy keeps the tree's mtime, which the initramfs cache key
 * reads (vm-initramfs.c), so that an unchanged tree's image is reused
 * instead of being built again, 9 MB a guest, at every boot.
 */
static int copy_into(const char *src, char *dst, struct db_err *err)
{
	char *slash = strrchr(dst, '/'),
	     *cp[] = { "cp", "-p", (char *)src, dst, NULL };
	struct child_io io = { 0 };
	int rc;

	*slash = '\0';
	rc = fsutil_mkdir_p(dst, 0755);
	*slash = '/';
	if (!rc)
		rc = vm_tool_run_ok(cp, &io, err);
	free(io.out);
	return rc;
}

/* One modules.order line: its .ko into ROOT/lib/modules/REL/kernel. */
static int copy_module(const char *tree, const char *root, const char *rel,
		       char *line, struct db_err *err)
{
	size_t l = strlen(line);
	char *src, *dst;
	int rc = 0;

	/* since 6.2 modules.order lists .o files */
	if (l > 2 && !strcmp(line + l - 2, ".o"))
		line[l - 2] = '\0';
	else if (l > 3 && !strcmp(line + l - 3, ".ko"))
		line[l - 3] = '\0';
	src = db_asprintf("%s/%s.ko", tree, line);
	dst = db_asprintf("%s/lib/modules/%s/kernel/%s.ko", root, rel, line);
	if (!src || !dst)
		rc = -ENOMEM;
	else if (vm_exists(src))
		rc = copy_into(src, dst, err);
	free(src);
	free(dst);
	return rc;
}

/* What depmod needs beside the modules themselves. */
static int copy_meta(const char *tree, const char *root, const char *rel,
		     struct db_err *err)
{
	static const char *const meta[] = { "modules.order", "modules.builtin",
					    "modules.builtin.modinfo" };
	size_t i;
	int rc = 0;

	for (i = 0; i < 3 && !rc; i++) {
		char *s = db_asprintf("%s/%s", tree, meta[i]);
		char *d =
			db_asprintf("%s/lib/modules/%s/%s", root, rel, meta[i]);

		if (!s || !d)
			rc = -ENOMEM;
		else if (vm_exists(s))
			rc = copy_into(s, d, err);
		free(s);
		free(d);
	}
	return rc;
}

/*
 * A built tree's modules, as modules.order lists them, into a module
 * root of the cache named after the tree; none when nothing is modular.
 */
static int tree_modules(const char *tree, const char *rel, const char *cache,
			struct vm_kernel *k, struct db_err *err)
{
	char *order, *buf = NULL, *line, *save = NULL, *root;
	int rc = 0;

	order = db_asprintf("%s/modules.order", tree);
	if (!order || vm_read_all(order, &buf, NULL) || !*buf) {
		free(order);
		free(buf);
		return 0; /* nothing modular: all built in */
	}
	root = db_asprintf("%s/tree-%s-%lx", cache, rel,
			   (unsigned long)crc32_z(0, (const Bytef *)k->label,
						  strlen(k->label)));
	if (!root)
		rc = -ENOMEM;
	else
		vm_rm_rf(root);
	for (line = strtok_r(buf, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save))
		rc = copy_module(tree, root, rel, line, err);
	free(buf);
	free(order);
	if (!rc)
		rc = copy_meta(tree, root, rel, err);
	if (!rc)
		rc = vm_depmod(root, rel, true, err);
	if (rc) {
		free(root);
		return db_err_prefix(err, rc, "%s: modules", tree);
	}
	k->modroot = root;
	return 0;
}

int vm_resolve_tree(const char *tree, const char *modules, const char *cache,
		    struct vm_kernel *k, struct db_err *err)
{
	char rel[256];
	int rc;

	k->image = db_asprintf("%s/arch/x86/boot/bzImage", tree);
	k->config = db_asprintf("%s/.config", tree);
	k->label = realpath(tree, NULL);
	if (!k->image || !k->config || !k->label)
		return -ENOMEM;
	if (!vm_exists(k->image))
		return db_err_set(err, -ENOENT,
				  "%s: not a built kernel tree: no "
				  "arch/x86/boot/bzImage",
				  tree);
	rc = image_release(k->image, rel, sizeof(rel), err);
	if (rc)
		return rc;
	k->release = strdup(rel);
	if (!k->release)
		return -ENOMEM;
	if (!vm_exists(k->config)) {
		free(k->config);
		k->config = NULL;
	}
	if (modules)
		return vm_user_modules(modules, rel, cache, &k->modroot, err);
	return tree_modules(tree, rel, cache, k, err);
}

static int resolve_image(const char *image, const char *modules,
			 const char *cache, struct vm_kernel *k,
			 struct db_err *err)
{
	char rel[256], *dir, *host;
	int rc;

	rc = image_release(image, rel, sizeof(rel), err);
	if (rc)
		return rc;
	k->image = realpath(image, NULL);
	k->release = strdup(rel);
	k->label = strdup(k->image ? k->image : image);
	if (!k->image || !k->release || !k->label)
		return -ENOMEM;
	/* /boot/vmlinuz-R has /boot/config-R beside it */
	dir = strdup(k->image);
	if (!dir)
		return -ENOMEM;
	*strrchr(dir, '/') = '\0';
	k->config = db_asprintf("%s/config-%s", dir, rel);
	free(dir);
	if (k->config && !vm_exists(k->config)) {
		free(k->config);
		k->config = NULL;
	}
	if (modules)
		return vm_user_modules(modules, rel, cache, &k->modroot, err);
	/* the host's own tree, for --kernel /boot/vmlinuz-$(uname -r) */
	host = db_asprintf("/lib/modules/%s/modules.dep", rel);
	if (host && vm_exists(host))
		k->modroot = strdup("/");
	free(host);
	return 0;
}

int vm_kernel_resolve(const struct vm_kernel_spec *spec, const char *cache,
		      vm_progress_fn progress, void *parg, struct vm_kernel *k,
		      struct db_err *err)
{
	struct stat st;
	char *pkg = NULL;
	int rc;

	memset(k, 0, sizeof(*k));
	if (spec->source) {
		rc = vm_kbuild(spec, cache, progress, parg, k, err);
	} else if (spec->ndebs) {
		rc = vm_resolve_debs((char *const *)spec->debs, spec->ndebs,
				     cache, progress, parg, k, err);
	} else if (spec->package && vm_version_prefix(spec->package)) {
		rc = vm_resolve_version(spec->package, spec->flavour, cache,
					progress, parg, &pkg, err);
		if (!rc && pkg)
			rc = vm_resolve_package(pkg, cache, progress, parg, k,
						err);
		free(pkg);
	} else if (spec->package) {
		rc = vm_resolve_package(spec->package, cache, progress, parg, k,
					err);
	} else if (spec->kernel) {
		if (stat(spec->kernel, &st))
			return db_err_set(err, -ENOENT, "--kernel %s: %s",
					  spec->kernel, strerror(errno));
		rc = S_ISDIR(st.st_mode) ?
			     vm_resolve_tree(spec->kernel, spec->modules, cache,
					     k, err) :
			     resolve_image(spec->kernel, spec->modules, cache,
					   k, err);
	} else {
		pkg = vm_default_package();
		if (!pkg)
			return -ENOMEM;
		rc = vm_resolve_package(pkg, cache, progress, parg, k, err);
		free(pkg);
	}
	if (!rc)
		rc = check_config(k, err);
	if (rc)
		vm_kernel_free(k);
	return rc;
}
