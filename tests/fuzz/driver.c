// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in for libFuzzer's main(), so that the fuzz targets also build
 * with gcc as plain programs: each argument is a file, or a directory
 * whose regular files are read in name order, and every file is fed
 * once to LLVMFuzzerTestOneInput(). make check uses it to replay the
 * seed corpus and every crash a fuzzer has found (tests/fuzz/regressions)
 * under whatever sanitizers the build has, without needing clang. A
 * target that finds a bug aborts (assert or sanitizer), so reaching the
 * end means every input passed; the count printed lets the caller check
 * that the inputs were really there.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feed one file; -1 if it cannot be read. */
static int replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	/* exactly the file's size, so that ASan sees any read past its end */
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		fclose(f);
		return -1;
	}
	if (st.st_size)
		got = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	if (got != (size_t)st.st_size) {
		fprintf(stderr, "%s: short read\n", path);
		free(buf);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	unsigned long n = 0;
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		struct dirent **ents;
		struct stat st;
		int k, m;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay_file(argv[i]) < 0;
			n++;
			continue;
		}
		m = scandir(argv[i], &ents, NULL, by_name);
		if (m < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			bad = 1;
			continue;
		}
		for (k = 0; k < m; k++) {
			char *p;

			if (ents[k]->d_name[0] != '.' &&
			    asprintf(&p, "%s/%s", argv[i], ents[k]->d_name) >=
				    0) {
				if (!stat(p, &st) && S_ISREG(st.st_mode)) {
					bad |= replay_file(p) < 0;
					n++;
				}
				free(p);
			}
			free(ents[k]);
		}
		free(ents);
	}
	printf("replayed %lu inputs\n", n);
	return bad;
}
