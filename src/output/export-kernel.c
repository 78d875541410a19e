// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel a result ran on, as KCIDB sees a kernel: a checkout (the
 * source: Debian's linux source version, or the release) and a build
 * (the binary: the packages daxbench vm booted, or the release and
 * uname version), from host.kernel and host.vm. A release built from a
 * git tree with CONFIG_LOCALVERSION_AUTO ends in -g<hash>; that hash is
 * the checkout's commit, spelt out in full by the tree itself when the
 * result names the tree (daxbench vm --kernel DIR) and it is here.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "child.h"
#include "export-int.h"

/* What a result says of its kernel; pointers into the result. */
struct kernel_facts {
	const char *release, *version; /* uname -r, uname -v */
	const char *vm_kernel; /* host.vm.kernel: "PKG VERSION" or a path */
	const json_t *pkgs; /* host.vm.kernel_packages */
	char debian[64]; /* Debian's linux source version, or "" */
};

static void kernel_facts(const json_t *result, struct kernel_facts *f)
{
	const json_t *host = json_object_get(result, "host");
	const json_t *k = json_object_get(host, "kernel");
	const json_t *vm = json_object_get(host, "vm");
	const char *d;

	memset(f, 0, sizeof(*f));
	f->release = json_string_value(json_object_get(k, "release"));
	f->version = json_string_value(json_object_get(k, "version"));
	f->vm_kernel = json_string_value(json_object_get(vm, "kernel"));
	f->pkgs = json_object_get(vm, "kernel_packages");
	if (!json_array_size(f->pkgs))
		f->pkgs = NULL;
	/* "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-26)" */
	d = f->version ? strstr(f->version, "Debian ") : NULL;
	if (d) {
		sscanf(d + 7, "%63[^ ()]", f->debian);
	} else if (f->pkgs) {
		d = json_string_value(
			json_object_get(json_array_get(f->pkgs, 0), "version"));
		snprintf(f->debian, sizeof(f->debian), "%s", d ? d : "");
	}
}

/* The hex of a release's "-g<hash>" (7 to 40 digits), or "". */
static void release_commit(const char *rel, char abbrev[41])
{
	const char *g;

	abbrev[0] = '\0';
	for (g = rel ? strstr(rel, "-g") : NULL; g; g = strstr(g + 2, "-g")) {
		size_t n = strspn(g + 2, "0123456789abcdef");

		if (n >= 7 && n <= 40 && !isalnum((unsigned char)g[2 + n])) {
			memcpy(abbrev, g + 2, n);
			abbrev[n] = '\0';
		}
	}
}

/* @abbrev spelt out by the git tree at @dir; "" when it cannot be. */
static void tree_commit(const char *dir, const char *abbrev, char full[41])
{
	char spec[64], *git;
	char *argv[] = { "git",	     "-C",	(char *)dir, "rev-parse",
			 "--verify", "--quiet", spec,	     NULL };
	struct child_io io = { 0 };
	struct stat st;
	int status;

	full[0] = '\0';
	git = db_asprintf("%s/.git", dir);
	if (!git || stat(git, &st)) {
		free(git);
		return;
	}
	free(git);
	snprintf(spec, sizeof(spec), "%s^{commit}", abbrev);
	if (!child_run(argv, &io, &status) && !status && io.out &&
	    strspn(io.out, "0123456789abcdef") == 40)
		snprintf(full, 41, "%.40s", io.out);
	free(io.out);
}

/* The source (checkout) and the binary (build) that make the kernel. */
static int kernel_keys(const struct kernel_facts *f, char **ckey, char **bkey)
{
	const json_t *p;
	size_t i;

	if (f->debian[0])
		*ckey = db_asprintf("debian-linux\n%s", f->debian);
	else
		*ckey = db_asprintf("release\n%s", f->release ?: "");
	if (f->pkgs) {
		*bkey = strdup("debian-packages");
		json_array_foreach(f->pkgs, i, p)
		{
			char *k = *bkey;
			const char *n, *v;

			n = json_string_value(json_object_get(p, "package"));
			v = json_string_value(json_object_get(p, "version"));
			*bkey = k ? db_asprintf("%s\n%s=%s", k, n ?: "",
						v ?: "") :
				    NULL;
			free(k);
		}
	} else {
		*bkey = db_asprintf("kernel\n%s\n%s\n%s", f->vm_kernel ?: "",
				    f->release ?: "", f->version ?: "");
	}
	return *ckey && *bkey ? 0 : -ENOMEM;
}

char *export_build_id(const json_t *result, const char *origin)
{
	struct kernel_facts f;
	char *ckey = NULL, *bkey = NULL, *id = NULL;

	kernel_facts(result, &f);
	if (!kernel_keys(&f, &ckey, &bkey))
		id = export_id(origin, "build", "%s", bkey);
	free(ckey);
	free(bkey);
	return id;
}

static json_t *checkout_json(const struct kernel_facts *f, const char *id,
			     const char *origin)
{
	json_t *c = json_pack("{s:s,s:s,s:b,s:{}}", "id", id, "origin", origin,
			      "valid", 1, "misc");
	json_t *misc = json_object_get(c, "misc");
	char abbrev[41], full[41] = "", *comment;
	int rc = c ? 0 : -ENOMEM;

	release_commit(f->release, abbrev);
	if (strlen(abbrev) == 40)
		memcpy(full, abbrev, sizeof(full));
	else if (abbrev[0] && f->vm_kernel && f->vm_kernel[0] == '/')
		tree_commit(f->vm_kernel, abbrev, full);
	if (f->debian[0])
		comment = db_asprintf("Debian's linux %s", f->debian);
	else
		comment = db_asprintf("linux %s", f->release ?: "(unknown)");
	if (!comment)
		rc = -ENOMEM;
	export_put_str(c, "comment", comment, &rc);
	export_put_str(c, "git_commit_hash", full[0] ? full : NULL, &rc);
	export_put_str(misc, "kernel_release", f->release, &rc);
	export_put_str(misc, "debian_source_version",
		       f->debian[0] ? f->debian : NULL, &rc);
	export_put_str(misc, "git_commit_abbrev",
		       abbrev[0] && !full[0] ? abbrev : NULL, &rc);
	free(comment);
	if (rc) {
		json_decref(c);
		return NULL;
	}
	return c;
}

static json_t *build_json(const json_t *result, const struct kernel_facts *f,
			  const char *id, const char *checkout_id,
			  const char *origin)
{
	static const char *const vm_keys[] = { "kernel", "kernel_packages",
					       NULL };
	static const char *const config_key[] = { "config", NULL };
	const json_t *host = json_object_get(result, "host");
	/* the kernel booted and ran the tests: it was built */
	json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:{}}", "id", id, "checkout_id",
			      checkout_id, "origin", origin, "status", "PASS",
			      "misc");
	json_t *misc = json_object_get(b, "misc");
	int rc = b ? 0 : -ENOMEM;

	export_put_str(b, "comment", f->vm_kernel ? f->vm_kernel : f->release,
		       &rc);
	export_put_str(misc, "kernel_release", f->release, &rc);
	export_put_str(misc, "kernel_version", f->version, &rc);
	export_put_keys(misc, json_object_get(host, "vm"), vm_keys, &rc);
	export_put_keys(misc, json_object_get(host, "kernel"), config_key, &rc);
	if (rc) {
		json_decref(b);
		return NULL;
	}
	return b;
}

int export_kernel(const json_t *result, const char *origin, json_t **checkout,
		  json_t **build)
{
	struct kernel_facts f;
	char *ckey = NULL, *bkey = NULL, *cid = NULL, *bid = NULL;
	int rc;

	*checkout = *build = NULL;
	kernel_facts(result, &f);
	rc = kernel_keys(&f, &ckey, &bkey);
	if (!rc) {
		cid = export_id(origin, "checkout", "%s", ckey);
		bid = export_id(origin, "build", "%s", bkey);
	}
	if (cid && bid) {
		*checkout = checkout_json(&f, cid, origin);
		*build = build_json(result, &f, bid, cid, origin);
	}
	if (!*checkout || !*build) {
		json_decref(*checkout);
		json_decref(*build);
		*checkout = *build = NULL;
		rc = -ENOMEM;
	}
	free(ckey);
	free(bkey);
	free(cid);
	free(bid);
	return rc;
}
