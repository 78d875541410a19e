// SPDX-License-Identifier: GPL-2.0-only
/*
 * A look at one struct page's counts at a moment of our choosing (see
 * trace_peek_page() in trace.h). Nothing in the kernel touches a page
 * whose pins are gone while its waiter sleeps, so no probe fires on it
 * by itself: a kprobe on getppid() reads the two counts at their
 * addresses (@ADDR fetch-args) and this thread calls getppid() once.
 * The event goes to an instance of its own (daxbench-PID-peek), so the
 * busy-page buffers that the op's collect has not read yet stay as they
 * are, and its one line is read back as text.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "trace-int.h"

/* the getppid() entry point of x86_64, arm64 and older kernels */
static const char *const peek_syms[] = { "__x64_sys_getppid",
					 "__arm64_sys_getppid", "sys_getppid" };

static int make_peek(struct trace *t, uint64_t page,
		     struct tracefs_dynevent **d, char *why, size_t len)
{
	char fmt[128];
	size_t i;
	int rc = -ENOENT;

	snprintf(fmt, sizeof(fmt),
		 "ref=@0x%" PRIx64 ":s32 map=@0x%" PRIx64 ":s32",
		 page + (uint64_t)t->ref_off, page + (uint64_t)t->map_off);
	for (i = 0; i < sizeof(peek_syms) / sizeof(peek_syms[0]); i++) {
		rc = trace_make_probe(t, "peek", peek_syms[i], TRACE_ENTRY, fmt,
				      d, why, len);
		if (!rc)
			return 0;
	}
	return rc;
}

/* The counts in the last "peek:" line of @inst's trace. */
static int read_peek(struct tracefs_instance *inst, int32_t *ref, int32_t *map)
{
	char *text = tracefs_instance_file_read(inst, "trace", NULL);
	char *line = NULL, *p;
	int r, m, rc = -ENODATA;

	for (p = text; p && (p = strstr(p, " peek: ")); p++)
		line = p;
	if (line && (p = strstr(line, " ref=")) &&
	    sscanf(p, " ref=%d map=%d", &r, &m) == 2) {
		*ref = r;
		*map = m;
		rc = 0;
	}
	free(text);
	return rc;
}

/* Fire the probe in @inst on this thread alone, and read its line. */
static int fire_peek(struct trace *t, struct tracefs_instance *inst,
		     int32_t *ref, int32_t *map)
{
	char filter[48];

	snprintf(filter, sizeof(filter), "common_pid == %ld",
		 (long)syscall(SYS_gettid));
	errno = 0;
	if (tracefs_event_file_write(inst, t->group, "peek", "filter", filter) <
		    0 ||
	    tracefs_event_enable(inst, t->group, "peek"))
		return errno ? -errno : -EIO;
	syscall(SYS_getppid);
	tracefs_event_disable(inst, t->group, "peek");
	return read_peek(inst, ref, map);
}

int trace_peek_page(struct trace *t, uint64_t page, int32_t *ref, int32_t *map,
		    char *why, size_t len)
{
	struct tracefs_dynevent *d = NULL;
	struct tracefs_instance *inst;
	char name[48];
	int rc;

	if (!t || !t->busy || t->ref_off < 0) {
		snprintf(why, len,
			 "struct page offsets unknown (see "
			 "capabilities.unavailable)");
		return -EOPNOTSUPP;
	}
	if (!page) {
		snprintf(why, len, "no busy scan had returned a page");
		return -ENOENT;
	}
	rc = make_peek(t, page, &d, why, len);
	if (rc)
		return rc;
	snprintf(name, sizeof(name), "daxbench-%d-peek", (int)getpid());
	rc = trace_instance_new(t->root, name, &inst);
	if (!rc) {
		rc = fire_peek(t, inst, ref, map);
		tracefs_instance_destroy(inst);
		tracefs_instance_free(inst);
	}
	trace_drop_probe(&d);
	if (rc)
		snprintf(why, len, "%s: %s",
			 rc == -ENODATA ? "the getppid() probe did not fire" :
					  "tracefs instance for the peek",
			 strerror(-rc));
	return rc;
}
