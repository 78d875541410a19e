// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the guest runs (see vm_guest_args() in vm.h): the daxbench
 * arguments after '--' as the guest sees them, with 'run' given the
 * guest's --dir and -o, and the host files they name, listed to be
 * copied in under /scenarios by the transfer disk (vm-xfer.c).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scenario.h"
#include "vm-int.h"

void vm_guest_free(struct vm_guest *g)
{
	size_t i;

	vm_argv_free(g->argv);
	for (i = 0; i < g->nfiles; i++) {
		free(g->host[i]);
		free(g->inside[i]);
	}
	free(g->host);
	free(g->inside);
	memset(g, 0, sizeof(*g));
}

static int guest_file(struct vm_guest *g, const char *host, const char *inside)
{
	return vm_pair_push(&g->host, &g->inside, &g->nfiles, host, inside);
}

/* Copy @path (a file, or a directory's regular files) in as scenarios/N-. */
static char *guest_copy(struct vm_guest *g, const char *path, unsigned int n)
{
	const char *base = strrchr(path, '/');
	char *in, *name = NULL;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (stat(path, &st) || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return NULL;
	base = base && base[1] ? base + 1 : path;
	in = db_asprintf("scenarios/%u-%s", n, base);
	if (!in)
		return NULL;
	if (S_ISREG(st.st_mode)) {
		if (guest_file(g, path, in))
			goto fail;
		name = db_asprintf("/%s", in);
		free(in);
		return name;
	}
	d = opendir(path);
	if (!d)
		goto fail;
	while ((de = readdir(d))) {
		char *h = db_asprintf("%s/%s", path, de->d_name);
		char *i = db_asprintf("%s/%s", in, de->d_name);
		int rc = -ENOMEM;

		if (h && i && de->d_name[0] != '.' && !stat(h, &st) &&
		    S_ISREG(st.st_mode))
			rc = guest_file(g, h, i);
		else if (h && i)
			rc = 0;
		free(h);
		free(i);
		if (rc) {
			closedir(d);
			goto fail;
		}
	}
	closedir(d);
	name = db_asprintf("/%s", in);
fail:
	free(in);
	return name;
}

/*
 * A shipped scenario named rather than given by path ("pinners-odirect"):
 * found on the host, where it is installed, and copied in like a path.
 */
static char *guest_named(struct vm_guest *g, const char *arg, unsigned int n)
{
	struct db_err err;
	char *path, *in;

	if (scenario_find(arg, &path, &err))
		return NULL;
	in = guest_copy(g, path, n);
	free(path);
	return in;
}

int vm_guest_args(int argc, char **argv, struct vm_guest *g, struct db_err *err)
{
	struct argv_b v = { 0 };
	int i;

	memset(g, 0, sizeof(*g));
	if (argc < 1)
		return db_err_set(err, -EINVAL,
				  "nothing to run in the guest: give "
				  "'-- run SCENARIO...' or '-- info'");
	for (i = 0; i < argc; i++)
		if (strchr(argv[i], '\n'))
			return db_err_set(err, -EINVAL,
					  "guest argument %d holds a newline",
					  i + 1);
	if (!strcmp(argv[0], "exec") && argc < 2)
		return db_err_set(err, -EINVAL, "exec: no program to run");
	/* refuse before building anything, so there is nothing to free */
	if (!strcmp(argv[0], "run")) {
		for (i = 1; i < argc; i++) {
			const char *a = argv[i];

			if (!strcmp(a, "--"))
				break;
			if (!strcmp(a, "-o") || !strncmp(a, "--output", 8) ||
			    !strncmp(a, "--dir", 5) ||
			    (!strncmp(a, "-o", 2) && a[2]))
				return db_err_set(
					err, -EINVAL,
					"run %s: the VM sets --dir " VM_GUEST_DIR
					" and -o " VM_GUEST_RESULTS
					" itself; use daxbench "
					"vm -o OUTDIR",
					a);
		}
	}
	vm_argv_add(&v, argv[0]);
	if (!strcmp(argv[0], "run")) {
		vm_argv_add(&v, "--dir");
		vm_argv_add(&v, VM_GUEST_DIR);
		vm_argv_add(&v, "-o");
		vm_argv_add(&v, VM_GUEST_RESULTS);
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = NULL;
		char *in;

		if (a[0] == '-' && a[1] == '-' && (eq = strchr(a, '=')))
			a = eq + 1;
		in = *a ? guest_copy(g, a, (unsigned int)i) : NULL;
		if (!in && !eq && a[0] != '-' && !strcmp(argv[0], "run"))
			in = guest_named(g, a, (unsigned int)i);
		if (!in)
			vm_argv_add(&v, argv[i]);
		else if (eq)
			vm_argv_push(&v, db_asprintf("%.*s%s",
						     (int)(eq + 1 - argv[i]),
						     argv[i], in));
		else
			vm_argv_push(&v, in);
		if (in && eq)
			free(in);
	}
	g->argv = vm_argv_done(&v);
	if (!g->argv) {
		vm_guest_free(g);
		return db_err_set(err, -ENOMEM, "out of memory");
	}
	for (g->argc = 0; g->argv[g->argc];)
		g->argc++;
	return 0;
}
