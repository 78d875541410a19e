// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probes besides the busy-page ones (see trace.h), in the same private
 * group and instance:
 * - the release path of a pinned page, any thread's (a bio completes in
 *   whichever context the device finishes it): each symbol the kernel
 *   has gets a kprobe that records its first argument, so that a call on
 *   the busy page can be told from the rest;
 * - unmap_mapping_pages() on the op thread, entry and return: the part
 *   of a busy scan that zaps the mappings, timed apart from the walk.
 * A symbol this kernel lacks is said (trace_release_caps), never counted
 * as zero calls.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "trace-int.h"

const char *const trace_release_syms[TRACE_NREL] = {
	"__bio_release_pages",
	"__put_devmap_managed_page_refs",
	"__put_devmap_managed_folio_refs",
	"free_zone_device_page",
	"free_zone_device_folio",
	"wake_up_var",
};

static const char *const rel_events[TRACE_NREL] = {
	"rel_bio",	 "rel_devmap_page", "rel_devmap_folio",
	"rel_zone_page", "rel_zone_folio",  "rel_wake",
};

static const char *const unmap_events[2] = { "scan_unmap", "scan_unmap_ret" };

#define UNMAP_SYM "unmap_mapping_pages"

static void open_unmap(struct trace *t, pid_t tid, json_t *unavailable)
{
	char why[256];
	int k, rc = 0;

	for (k = TRACE_ENTRY; !rc && k <= TRACE_RETURN; k++)
		rc = trace_make_probe(t, unmap_events[k], UNMAP_SYM, k, NULL,
				      &t->unmap_probe[k], why, sizeof(why));
	for (k = TRACE_ENTRY; !rc && k <= TRACE_RETURN; k++) {
		rc = trace_filter_pid(t, t->group, unmap_events[k], tid);
		if (rc)
			snprintf(why, sizeof(why), "%s filter: %s",
				 unmap_events[k], strerror(-rc));
	}
	if (!rc)
		return;
	json_object_set_new(unavailable, "busy_scan_unmap", json_string(why));
	for (k = TRACE_RETURN; k >= TRACE_ENTRY; k--)
		trace_drop_probe(&t->unmap_probe[k]);
}

/*
 * A refused probe on a symbol the kernel does not have is the usual
 * case (each kernel has its own release path), and kprobe_events says
 * ENOENT or EINVAL for it alike: kallsyms tells which it was.
 */
static void absent_symbols(struct trace *t, bool *refused)
{
	bool seen[TRACE_NREL] = { false };
	int k;

	if (sysinfo_kallsyms_find(trace_release_syms, TRACE_NREL, seen))
		return;
	for (k = 0; k < TRACE_NREL; k++)
		if (refused[k] && !seen[k])
			snprintf(t->rel_why[k], sizeof(t->rel_why[k]),
				 "not in this kernel (/proc/kallsyms)");
}

void trace_open_release(struct trace *t, bool release, pid_t tid,
			json_t *unavailable)
{
	bool refused[TRACE_NREL], any = false;
	int k;

	for (k = 0; !release && k < TRACE_NREL; k++)
		snprintf(t->rel_why[k], sizeof(t->rel_why[k]),
			 "not probed: the scenario has no pinners (each probe "
			 "would fire on every page the scan frees)");
	for (k = 0; release && k < TRACE_NREL; k++) {
		refused[k] = trace_make_probe(t, rel_events[k],
					      trace_release_syms[k],
					      TRACE_ENTRY, "arg=$arg1:x64",
					      &t->rel_probe[k], t->rel_why[k],
					      sizeof(t->rel_why[k]));
		any |= refused[k];
	}
	if (any)
		absent_symbols(t, refused);
	open_unmap(t, tid, unavailable);
}

void trace_release_ids(struct trace *t)
{
	struct tep_event *e;
	int k;

	for (k = 0; k < TRACE_NREL; k++) {
		t->rel_id[k] = t->rel_probe[k] ?
				       trace_event_id(t->tep, t->group,
						      rel_events[k]) :
				       -1;
		e = t->rel_id[k] >= 0 ? tep_find_event(t->tep, t->rel_id[k]) :
					NULL;
		t->rel_arg[k] = e ? tep_find_field(e, "arg") : NULL;
	}
	for (k = TRACE_ENTRY; k <= TRACE_RETURN; k++)
		t->unmap_id[k] = t->unmap_probe[k] ?
					 trace_event_id(t->tep, t->group,
							unmap_events[k]) :
					 -1;
}

/*
 * Whether @arg is the busy page: the page itself (a folio is its head
 * page), or its _refcount, which 6.1 wakes the waiter on.
 */
static bool on_page(const struct trace *t, const struct trace_counts *c,
		    unsigned long long arg)
{
	return c->have_page &&
	       (arg == c->page ||
		(t->ref_off >= 0 && arg == c->page + (uint64_t)t->ref_off));
}

/* unmap_mapping_pages() on the op thread: counted inside a scan only. */
static void unmap_event(struct trace *t, bool entry, uint64_t ts,
			struct trace_counts *c)
{
	if (entry) {
		if (!t->unmap_depth++)
			t->unmap_start_ns = ts;
		return;
	}
	if (t->unmap_depth > 0 && !--t->unmap_depth && t->depth > 0)
		c->unmap_ns += ts - t->unmap_start_ns;
}

bool trace_release_event(struct trace *t, int id, struct tep_record *rec,
			 struct trace_counts *c)
{
	unsigned long long arg;
	int k;

	if (id < 0)
		return false;
	if (id == t->unmap_id[TRACE_ENTRY] || id == t->unmap_id[TRACE_RETURN]) {
		unmap_event(t, id == t->unmap_id[TRACE_ENTRY], rec->ts, c);
		return true;
	}
	for (k = 0; k < TRACE_NREL; k++) {
		if (id != t->rel_id[k])
			continue;
		c->rel_calls[k]++;
		if (t->rel_arg[k] &&
		    !tep_read_number_field(t->rel_arg[k], rec->data, &arg))
			c->rel_on_page[k] += on_page(t, c, arg);
		return true;
	}
	return false;
}

void trace_remove_release(struct trace *t)
{
	int k;

	for (k = TRACE_RETURN; k >= TRACE_ENTRY; k--)
		trace_drop_probe(&t->unmap_probe[k]);
	for (k = 0; k < TRACE_NREL; k++)
		trace_drop_probe(&t->rel_probe[k]);
}

int trace_release_enable(struct trace *t, bool on)
{
	int k, rc = 0;

	for (k = 0; !rc && k < TRACE_NREL; k++)
		if (t->rel_probe[k])
			rc = trace_event_enable(t, rel_events[k], on);
	return rc;
}

int trace_unmap_enable(struct trace *t, bool on)
{
	int k, rc = 0;

	for (k = TRACE_ENTRY; !rc && k <= TRACE_RETURN; k++)
		if (t->unmap_probe[k])
			rc = trace_event_enable(t, unmap_events[k], on);
	return rc;
}

int trace_release_probes(struct trace *t, bool on)
{
	int rc;

	if (trace_release_armed(t) < 0 || t->rel_off == !on)
		return 0;
	/* all disarmed: trace_op_probes() leaves them as asked when it arms */
	rc = t->disarmed ? 0 : trace_release_enable(t, on);
	if (rc) {
		trace_release_enable(t, !on); /* all as they were */
		return rc;
	}
	t->rel_off = !on;
	return !t->disarmed;
}

int trace_release_armed(const struct trace *t)
{
	int k;

	for (k = 0; k < TRACE_NREL; k++)
		if (trace_has_release(t, k))
			return !t->rel_off;
	return -1;
}

uint64_t trace_release_calls(const struct trace_counts *c)
{
	uint64_t n = 0;
	int k;

	for (k = 0; k < TRACE_NREL; k++)
		n += c->rel_calls[k];
	return n;
}

bool trace_has_unmap(const struct trace *t)
{
	return t && t->busy && t->unmap_probe[TRACE_RETURN];
}

bool trace_has_release(const struct trace *t, int k)
{
	return t && t->busy && t->rel_probe[k];
}

json_t *trace_release_caps(const struct trace *t)
{
	json_t *o = json_object();
	int k;

	for (k = 0; t && o && t->busy && k < TRACE_NREL; k++)
		json_object_set_new(o, trace_release_syms[k],
				    t->rel_probe[k] ?
					    json_true() :
					    json_string(t->rel_why[k]));
	return o;
}
