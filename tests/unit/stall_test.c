// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stall verdicts (diagnose.c) for each way a stall can end, and the
 * BTF reader (btf.c) on a made-up struct with an anonymous union, on
 * broken files, and on this machine's own kernel where it has BTF.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf.h"
#include "diagnose.h"
#include "t.h"

static const char *verdict(enum stall_end end, bool released, int rc, int after,
			   int busy)
{
	struct stall_facts f = { .end = end,
				 .pins_released = released,
				 .rc = rc,
				 .scans_after_signal = after,
				 .busy_after_signal = busy };
	struct diagnosis d;

	diagnose(&f, &d);
	T_CHECK(d.why && *d.why, "a verdict says why");
	return d.verdict;
}

static void test_diagnose(void)
{
	struct stall_facts prov = { .end = STALL_HUNG, .provisional = true };
	struct diagnosis d;

	T_CHECK(!strcmp(verdict(STALL_SIGNAL, true, 0, -1, 0), "wake missing"),
		"signal, condition held");
	T_CHECK(!strcmp(verdict(STALL_SIGNAL, true, 0, 1, 0), "wake missing"),
		"signal, rescan found nothing");
	T_CHECK(!strcmp(verdict(STALL_SIGNAL, true, -EINTR, -1, 0), "unknown"),
		"signal, EINTR: the condition did not hold");
	T_CHECK(!strcmp(verdict(STALL_SIGNAL, false, 0, -1, 0), "still pinned"),
		"signalled with pins in place");
	T_CHECK(!strcmp(verdict(STALL_UNMAP, true, 0, -1, 0), "never idle"),
		"the unmap ended it");
	T_CHECK(!strcmp(verdict(STALL_PIN_RELEASE, true, 0, -1, 0),
			"still pinned"),
		"the release ended it");
	T_CHECK(!strcmp(verdict(STALL_ITSELF, false, 0, -1, 0), "still pinned"),
		"ended on its own");
	T_CHECK(!strcmp(verdict(STALL_HUNG, true, 0, -1, 0), "unknown"),
		"hung, pins gone");
	T_CHECK(!strcmp(verdict(STALL_HUNG, false, 0, -1, 0), "still pinned"),
		"hung, pins held");
	diagnose(&prov, &d);
	T_CHECK(!strcmp(d.verdict, "unknown") && strstr(d.why, "provisional"),
		"a checkpoint's guess is not a verdict");
	T_CHECK(!strcmp(stall_end_name(STALL_UNMAP), "unmap") &&
			!strcmp(stall_end_name(STALL_PIN_RELEASE),
				"pin_release"),
		"ended_by names");
}

/* a BTF blob: int, struct atomic { int counter; }, typedef atomic_t,
 * an anonymous union { atomic_t _mapcount; int page_type; } and struct
 * page { int flags; union at 48; atomic_t _refcount at 52; } */
static const char strs[] = "\0int\0atomic\0counter\0atomic_t\0_mapcount\0"
			   "page_type\0page\0flags\0_refcount";

static uint32_t str(const char *s)
{
	const char *p = strs;

	while (strcmp(p, s))
		p += strlen(p) + 1;
	return (uint32_t)(p - strs);
}

#define INFO(kind, vlen) ((uint32_t)(kind) << 24 | (vlen))

static size_t make_blob(uint32_t *w)
{
	size_t n = 6; /* the header, filled last */

	/* 1: int */
	w[n++] = str("int"), w[n++] = INFO(1, 0), w[n++] = 4, w[n++] = 32;
	/* 2: struct atomic */
	w[n++] = str("atomic"), w[n++] = INFO(4, 1), w[n++] = 4;
	w[n++] = str("counter"), w[n++] = 1, w[n++] = 0;
	/* 3: typedef atomic_t */
	w[n++] = str("atomic_t"), w[n++] = INFO(8, 0), w[n++] = 2;
	/* 4: the anonymous union */
	w[n++] = 0, w[n++] = INFO(5, 2), w[n++] = 4;
	w[n++] = str("_mapcount"), w[n++] = 3, w[n++] = 0;
	w[n++] = str("page_type"), w[n++] = 1, w[n++] = 0;
	/* 5: struct page */
	w[n++] = str("page"), w[n++] = INFO(4, 3), w[n++] = 64;
	w[n++] = str("flags"), w[n++] = 1, w[n++] = 0;
	w[n++] = 0, w[n++] = 4, w[n++] = 48 * 8;
	w[n++] = str("_refcount"), w[n++] = 3, w[n++] = 52 * 8;
	w[0] = 0xeB9F | 1 << 16; /* magic, version 1, flags 0 */
	w[1] = 24; /* hdr_len */
	w[2] = 0; /* type_off */
	w[3] = (uint32_t)((n - 6) * 4); /* type_len */
	w[4] = w[3]; /* str_off */
	w[5] = sizeof(strs);
	memcpy(&w[n], strs, sizeof(strs));
	return n * 4 + sizeof(strs);
}

static char *write_blob(const void *b, size_t len)
{
	static char path[32];
	int fd;

	snprintf(path, sizeof(path), "/tmp/daxbench-btf-XXXXXX");
	fd = mkstemp(path);

	if (fd < 0 || write(fd, b, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

static void test_btf(void)
{
	static const char *const m[] = { "_refcount", "_mapcount" };
	static const char *const bad[] = { "_refcount", "nope" };
	uint32_t w[128], off[2] = { 0, 0 }, size[2] = { 0, 0 };
	size_t len = make_blob(w);
	char *path = write_blob(w, len);

	T_CHECK(!btf_offsets(path, "page", m, 2, off, size), "blob parses");
	T_CHECK(off[0] == 52 && size[0] == 4, "_refcount at %u, %u bytes",
		off[0], size[0]);
	T_CHECK(off[1] == 48 && size[1] == 4,
		"_mapcount through the anonymous union at %u, %u bytes", off[1],
		size[1]);
	T_CHECK(btf_offsets(path, "page", bad, 2, off, NULL) == -ENOENT,
		"a member that is not there");
	T_CHECK(btf_offsets(path, "folio", m, 2, off, NULL) == -ENOENT,
		"a struct that is not there");
	unlink(path);
	path = write_blob(w, len - sizeof(strs) - 8);
	T_CHECK(btf_offsets(path, "page", m, 2, off, NULL) == -EINVAL,
		"a file cut short");
	unlink(path);
	w[0] = 0x1234;
	path = write_blob(w, len);
	T_CHECK(btf_offsets(path, "page", m, 2, off, NULL) == -EINVAL,
		"not BTF");
	unlink(path);
	T_CHECK(btf_offsets("/nonexistent/btf", "page", m, 2, off, NULL) ==
			-ENOENT,
		"no such file");
	if (access(BTF_VMLINUX, R_OK)) {
		printf("# %s unreadable: the running kernel's struct page "
		       "is not checked\n",
		       BTF_VMLINUX);
		return;
	}
	/* the running kernel's: atomics inside the page, where BTF says */
	T_CHECK(!btf_offsets(BTF_VMLINUX, "page", m, 2, off, size), "%s parses",
		BTF_VMLINUX);
	T_CHECK(size[0] == 4 && size[1] == 4 && off[0] < 64 && off[1] < 64 &&
			off[0] != off[1],
		"struct page: _refcount %u (%u bytes), _mapcount %u (%u)",
		off[0], size[0], off[1], size[1]);
}

int main(void)
{
	test_diagnose();
	test_btf();
	return t_done();
}
