// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a trace back (see trace.h): the instance's per-CPU raw ring
 * buffers through libtracefs, merged oldest first, each event decoded by
 * libtraceevent with its nanosecond "mono" timestamp. Reading consumes:
 * what one collect saw, the next does not see again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "trace-int.h"

struct replay {
	struct trace *t;
	struct trace_counts *c;
	uint64_t missed; /* as the pages say: where unknown, 1 */
};

/* A busy-page entry or return: only the outermost call is counted. */
static void busy_event(struct trace *t, bool entry, uint64_t ts,
		       struct trace_counts *c)
{
	if (entry) {
		if (!t->depth++)
			t->scan_start_ns = ts;
		return;
	}
	if (t->depth > 0 && !--t->depth) {
		c->scan_calls++;
		c->scan_ns += ts - t->scan_start_ns;
	}
}

/*
 * NOPAGE or FALLBACK: read off the event's own print format, which names
 * the VM_FAULT_* flags of the kernel that wrote it.
 */
static bool pmd_fell_back(struct trace *t, struct tep_record *rec)
{
	bool fb;

	trace_seq_reset(&t->seq);
	tep_print_event(t->tep, &t->seq, rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&t->seq);
	fb = t->seq.buffer && strstr(t->seq.buffer, "FALLBACK");
	return fb;
}

static int one_event(struct tep_event *ev, struct tep_record *rec, int cpu,
		     void *arg)
{
	struct replay *r = arg;
	struct trace *t = r->t;
	int i;

	(void)cpu;
	/* the count since the last page read; -1: some, number unknown */
	if (rec->missed_events)
		r->missed += rec->missed_events > 0 ?
				     (uint64_t)rec->missed_events :
				     1;
	if (ev->id == t->pmd_id) {
		if (pmd_fell_back(t, rec))
			r->c->pmd_fallback++;
		else
			r->c->pmd_nopage++;
		return 0;
	}
	if (ev->id == t->pte_id) {
		r->c->pte++;
		return 0;
	}
	for (i = 0; i < SYSINFO_NBUSY_SYMS; i++) {
		if (ev->id == t->busy_id[i][TRACE_ENTRY])
			busy_event(t, true, rec->ts, r->c);
		else if (ev->id == t->busy_id[i][TRACE_RETURN])
			busy_event(t, false, rec->ts, r->c);
	}
	return 0;
}

/*
 * Events the buffers lost since they were made: per CPU, "overrun" (the
 * writer overwrote them unread) and "dropped events" (it had no room).
 */
int trace_overruns(struct tracefs_instance *inst, uint64_t *sum)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	unsigned long long v;
	char file[64], *text, *p;
	long cpu;

	*sum = 0;
	for (cpu = 0; cpu < ncpu; cpu++) {
		snprintf(file, sizeof(file), "per_cpu/cpu%ld/stats", cpu);
		errno = 0;
		text = tracefs_instance_file_read(inst, file, NULL);
		if (!text)
			return errno ? -errno : -EIO;
		p = strstr(text, "overrun: ");
		if (p && sscanf(p, "overrun: %llu", &v) == 1)
			*sum += v;
		p = strstr(text, "dropped events: ");
		if (p && sscanf(p, "dropped events: %llu", &v) == 1)
			*sum += v;
		free(text);
	}
	return 0;
}

/*
 * Consume what the buffers hold, without blocking. Resetting them
 * instead would wait for an RCU grace period: milliseconds per op.
 * The pages only say that events were lost, mostly not how many: the
 * count comes from the buffers' statistics.
 */
int trace_collect(struct trace *t, struct trace_counts *c)
{
	struct replay r = { t, c, 0 };
	uint64_t over;

	if (!t || !t->tep)
		return -EOPNOTSUPP;
	errno = 0;
	if (tracefs_iterate_raw_events(t->tep, t->inst, NULL, 0, one_event, &r))
		return errno ? -errno : -EIO;
	if (!t->overruns_unread && !trace_overruns(t->inst, &over)) {
		c->lost += over - t->overruns;
		t->overruns = over;
	} else {
		t->overruns_unread = true;
		c->lost += r.missed;
	}
	return 0;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t r = a % b;

		a = b;
		b = r;
	}
	return a;
}

/*
 * The buffers' "mono" timestamps come from the clocksource that
 * CLOCK_MONOTONIC reads, converted to ns the same way: their quantum is
 * the greatest common divisor of successive clock steps. clock_getres()
 * would say 1 ns whatever the clocksource; QEMU's 100 MHz HPET, which a
 * TCG guest runs on, steps by 10 ns.
 */
uint64_t trace_resolution_ns(void)
{
	struct timespec a, b;
	uint64_t g = 0, d;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 256; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		d = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000ULL +
		    (uint64_t)b.tv_nsec - (uint64_t)a.tv_nsec;
		g = gcd(d, g);
		a = b;
	}
	return g;
}

void trace_reset_nesting(struct trace *t)
{
	if (t)
		t->depth = 0;
}
