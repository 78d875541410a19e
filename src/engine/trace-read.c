// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a trace back (see trace.h): the instance's per-CPU raw ring
 * buffers through libtracefs, merged oldest first, each event decoded by
 * libtraceevent with its nanosecond "mono" timestamp. Reading consumes:
 * what one collect saw, the next does not see again.
 */
#include <errno.h>
#include <kbuffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nstime.h"
#include "trace-int.h"

struct replay {
	struct trace *t;
	struct trace_counts *c;
	uint64_t missed; /* as the pages say; where unknown, 1 */
};

/* A fetch-arg of @rec, or @dflt when the probe has no such field. */
static uint64_t field(struct tep_format_field *f, struct tep_record *rec,
		      uint64_t dflt)
{
	unsigned long long v;

	if (!f || tep_read_number_field(f, rec->data, &v))
		return dflt;
	return v;
}

/* What an outermost scan returned: a busy page, or NULL for none. */
static void scan_returned(struct trace *t, int i, struct tep_record *rec,
			  struct trace_counts *c)
{
	uint64_t page = field(t->ret[i], rec, 0);
	bool after = c->mark_ns && t->scan_start_ns >= c->mark_ns;

	c->scans_after_mark += after;
	if (!page)
		return;
	c->busy_found++;
	c->busy_after_mark += after;
	/* the page the op last waited on: a wait can end, and the next
	 * scan find another one; a scan after the signal waits no more */
	if (after && c->have_page)
		return;
	c->have_page = true;
	c->page = page;
	c->have_counts = t->ref[i] && t->map[i];
	c->page_ref = (int32_t)field(t->ref[i], rec, 0);
	c->page_map = (int32_t)field(t->map[i], rec, 0);
}

/* A busy-page entry or return: only the outermost call is counted. */
static void busy_event(struct trace *t, int i, bool entry,
		       struct tep_record *rec, struct trace_counts *c)
{
	if (entry) {
		if (!t->depth++)
			t->scan_start_ns = rec->ts;
		return;
	}
	if (t->depth > 0 && !--t->depth) {
		c->scan_calls++;
		c->scan_ns += rec->ts - t->scan_start_ns;
		scan_returned(t, i, rec, c);
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

static void one_event(struct tep_event *ev, struct tep_record *rec,
		      struct replay *r)
{
	struct trace *t = r->t;
	int i;
	if (ev->id == t->pmd_id) {
		if (pmd_fell_back(t, rec))
			r->c->pmd_fallback++;
		else
			r->c->pmd_nopage++;
		return;
	}
	if (ev->id == t->pte_id) {
		r->c->pte++;
		return;
	}
	if (trace_release_event(t, ev->id, rec, r->c))
		return;
	for (i = 0; i < SYSINFO_NBUSY_SYMS; i++) {
		if (ev->id == t->busy_id[i][TRACE_ENTRY])
			busy_event(t, i, true, rec, r->c);
		else if (ev->id == t->busy_id[i][TRACE_RETURN])
			busy_event(t, i, false, rec, r->c);
	}
}

/*
 * Events the buffers lost since they were made: per CPU, "overrun" (the
 * writer overwrote them unread) and "dropped events" (it had no room).
 */
static int trace_overruns(struct tracefs_instance *inst, uint64_t *sum)
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

/* Step @c to its next event, reading a page when one is used up. */
static bool cpu_next(struct trace_cpu *c, uint64_t *missed)
{
	int n;

	if (c->ev)
		c->ev = kbuffer_next_event(c->kbuf, &c->ts);
	while (!c->ev) {
		n = tracefs_cpu_read(c->tcpu, c->page, true);
		if (n <= 0)
			return false;
		kbuffer_load_subbuffer(c->kbuf, c->page);
		n = kbuffer_missed_events(c->kbuf);
		if (n)
			*missed += n > 0 ? (uint64_t)n : 1;
		c->ev = kbuffer_read_event(c->kbuf, &c->ts);
	}
	return true;
}

/* The CPU whose current event is the oldest, or -1 when all are read. */
static int oldest(const struct trace *t)
{
	int i, min = -1;

	for (i = 0; i < t->ncpu; i++)
		if (t->cpus[i].ev &&
		    (min < 0 || t->cpus[i].ts < t->cpus[min].ts))
			min = i;
	return min;
}

static void replay_one(struct replay *r, int cpu)
{
	struct trace_cpu *c = &r->t->cpus[cpu];
	struct tep_record rec = {
		.ts = c->ts,
		.cpu = cpu,
		.data = c->ev,
		.size = kbuffer_event_size(c->kbuf),
	};
	struct tep_event *ev =
		tep_find_event(r->t->tep, tep_data_type(r->t->tep, &rec));

	if (ev)
		one_event(ev, &rec, r);
}

/*
 * Consume what the buffers hold, without blocking, oldest event first
 * across CPUs (a scan that migrates returns on another CPU). Resetting
 * the buffers instead would wait for an RCU grace period: milliseconds
 * per op. A page says that events were lost before it, mostly not how
 * many: then the count comes from the buffers' statistics.
 */
int trace_collect(struct trace *t, struct trace_counts *c)
{
	struct replay r = { t, c, 0 };
	uint64_t over;
	int i;

	if (!t || !t->cpus)
		return -EOPNOTSUPP;
	for (i = 0; i < t->ncpu; i++)
		cpu_next(&t->cpus[i], &r.missed);
	while ((i = oldest(t)) >= 0) {
		replay_one(&r, i);
		cpu_next(&t->cpus[i], &r.missed);
	}
	c->open_scans = t->depth;
	/* no page said "missed": nothing was, and no stats need reading */
	if (r.missed && !t->overruns_unread &&
	    !trace_overruns(t->inst, &over)) {
		c->lost += over - t->overruns;
		t->overruns = over;
	} else if (r.missed) {
		t->overruns_unread = true;
		c->lost += r.missed;
	}
	return 0;
}

/*
 * The per-CPU raw buffers, kept open for the whole run: opening them
 * per op would cost more than some ops take.
 */
int trace_read_open(struct trace *t)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	struct trace_cpu *c;
	int i;

	t->cpus = calloc(n > 0 ? (size_t)n : 1, sizeof(*t->cpus));
	if (!t->cpus)
		return -ENOMEM;
	t->ncpu = (int)n;
	for (i = 0; i < t->ncpu; i++) {
		c = &t->cpus[i];
		errno = 0;
		c->tcpu = tracefs_cpu_open(t->inst, i, true);
		c->kbuf = c->tcpu ? tep_kbuffer(t->tep) : NULL;
		c->page = c->kbuf ? malloc(tracefs_cpu_read_size(c->tcpu)) :
				    NULL;
		if (!c->page) {
			int rc = errno ? -errno : -ENOMEM;

			trace_read_close(t);
			return rc;
		}
	}
	return 0;
}

void trace_read_close(struct trace *t)
{
	int i;

	for (i = 0; t->cpus && i < t->ncpu; i++) {
		if (t->cpus[i].tcpu)
			tracefs_cpu_close(t->cpus[i].tcpu);
		kbuffer_free(t->cpus[i].kbuf);
		free(t->cpus[i].page);
	}
	free(t->cpus);
	t->cpus = NULL;
	t->ncpu = 0;
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
static uint64_t clock_quantum(void)
{
	struct timespec a, b;
	uint64_t g = 0, d;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 256; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		d = nstime_of(&b) - nstime_of(&a);
		g = gcd(d, g);
		a = b;
	}
	return g;
}

/* Measured once: the clocksource does not change under a run. */
uint64_t trace_resolution_ns(void)
{
	static uint64_t q;

	if (!q)
		q = clock_quantum();
	return q;
}

void trace_reset_nesting(struct trace *t)
{
	if (t)
		t->depth = t->unmap_depth = 0;
}
