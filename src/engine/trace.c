// SPDX-License-Identifier: GPL-2.0-only
/*
 * Setting up and tearing down the private tracing instance (see trace.h)
 * with libtracefs: the instance, the busy-page kprobes and kretprobes,
 * the pid filters, and the event formats libtraceevent decodes the raw
 * buffers with (trace-read.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "btf.h"
#include "inject.h"
#include "trace-int.h"

static const char *const busy_events[SYSINFO_NBUSY_SYMS][2] = {
	{ "busy_page", "busy_page_ret" },
	{ "busy_range", "busy_range_ret" },
};

/* the one live trace of this process, for the exit path */
static struct trace *live;

/* "WHY: strerror(ERR)" (or WHY alone for ERR 0) for each part asked. */
static void set_unavailable(json_t *unavailable, bool busy, bool faults,
			    const char *why, int err)
{
	json_t *m = err ? json_sprintf("%s: %s", why, strerror(err)) :
			  json_string(why);

	if (busy)
		json_object_set(unavailable, "busy_scan", m);
	if (faults)
		json_object_set(unavailable, "fault_mode", m);
	json_decref(m);
}

void trace_drop_probe(struct tracefs_dynevent **d)
{
	if (!*d)
		return;
	tracefs_dynevent_destroy(*d, false);
	tracefs_dynevent_free(*d);
	*d = NULL;
}

static void remove_probes(struct trace *t)
{
	int i, k;

	trace_remove_release(t);
	for (i = 0; i < SYSINFO_NBUSY_SYMS; i++)
		for (k = TRACE_RETURN; k >= TRACE_ENTRY; k--)
			trace_drop_probe(&t->probe[i][k]);
}

int trace_make_probe(struct trace *t, const char *ev, const char *sym, int kind,
		     const char *fmt, struct tracefs_dynevent **out, char *why,
		     size_t len)
{
	struct tracefs_dynevent *d;
	int rc;

	d = kind == TRACE_ENTRY ?
		    tracefs_kprobe_alloc(t->group, ev, sym, fmt) :
		    tracefs_kretprobe_alloc(t->group, ev, sym, fmt, 0);
	if (!d)
		return -ENOMEM;
	errno = 0;
	if (tracefs_dynevent_create(d)) {
		rc = errno ? errno : EINVAL;
		snprintf(why, len, "%s on %s: %s%s",
			 kind == TRACE_ENTRY ? "kprobe" : "kretprobe", sym,
			 strerror(rc),
			 rc == ENOENT ? " (no kprobe_events: "
					"CONFIG_KPROBE_EVENTS off?)" :
					"");
		tracefs_dynevent_free(d);
		return -rc;
	}
	*out = d;
	return 0;
}

/* Busy-page symbol @i's kprobe or kretprobe (with the page's counts). */
static int add_probe(struct trace *t, int i, int kind, char *why, size_t len)
{
	char fmt[128] = "ret=$retval:x64";

	if (t->ref_off >= 0)
		snprintf(fmt, sizeof(fmt),
			 "ret=$retval:x64 ref=+%d($retval):s32 "
			 "map=+%d($retval):s32",
			 t->ref_off, t->map_off);
	return trace_make_probe(t, busy_events[i][kind], sysinfo_busy_syms[i],
				kind, kind == TRACE_ENTRY ? NULL : fmt,
				&t->probe[i][kind], why, len);
}

/* Both probes on each symbol that lets us; false when none did. */
static bool add_probes(struct trace *t, json_t *unavailable)
{
	char why[256] = "", path[4200];
	bool any = false;
	int i;

	/* libtracefs says EINVAL for a kernel that has no kprobe events */
	snprintf(path, sizeof(path), "%s/kprobe_events", t->root);
	if (access(path, W_OK)) {
		json_object_set_new(
			unavailable, "busy_scan",
			json_sprintf("kprobe_events: %s%s", strerror(errno),
				     errno == ENOENT ? " (CONFIG_KPROBE_"
						       "EVENTS off?)" :
						       ""));
		return false;
	}
	for (i = 0; i < SYSINFO_NBUSY_SYMS; i++) {
		if (add_probe(t, i, TRACE_ENTRY, why, sizeof(why)))
			continue;
		if (add_probe(t, i, TRACE_RETURN, why, sizeof(why))) {
			trace_drop_probe(&t->probe[i][TRACE_ENTRY]);
			continue;
		}
		any = true;
	}
	if (!any)
		json_object_set_new(unavailable, "busy_scan", json_string(why));
	return any;
}

/* Only the op thread's events of @system (or of its @event alone). */
int trace_filter_pid(struct trace *t, const char *system, const char *event,
		     pid_t tid)
{
	char file[256], filter[48];

	snprintf(file, sizeof(file), "events/%s%s%s/filter", system,
		 event ? "/" : "", event ? event : "");
	snprintf(filter, sizeof(filter), "common_pid == %d", (int)tid);
	errno = 0;
	if (tracefs_instance_file_write(t->inst, file, filter) < 0)
		return errno ? -errno : -EIO;
	return 0;
}

/* The busy-page probes made: the op thread's, as the group is not. */
static int filter_busy(struct trace *t, pid_t tid)
{
	int i, k, rc = 0;

	for (i = 0; !rc && i < SYSINFO_NBUSY_SYMS; i++)
		for (k = TRACE_ENTRY; !rc && k <= TRACE_RETURN; k++)
			if (t->probe[i][k])
				rc = trace_filter_pid(t, t->group,
						      busy_events[i][k], tid);
	return rc;
}

/*
 * Where struct page keeps _refcount and _mapcount on this kernel, from
 * its BTF, so that the kretprobe can read the busy page's counts. Read
 * at every run (the kernel may differ from the last), and checked: both
 * are 4-byte atomics inside the page, else they are not used.
 */
static void page_offsets(struct trace *t, json_t *unavailable)
{
	static const char *const members[] = { "_refcount", "_mapcount" };
	uint32_t off[2], size[2];
	int rc = btf_offsets(BTF_VMLINUX, "page", members, 2, off, size);

	if (!rc &&
	    (size[0] != 4 || size[1] != 4 || off[0] > 252 || off[1] > 252))
		rc = -EPROTO;
	if (rc) {
		json_object_set_new(unavailable, "busy_page_counts",
				    json_sprintf("%s: struct page: %s",
						 BTF_VMLINUX, strerror(-rc)));
		return;
	}
	t->ref_off = (int)off[0];
	t->map_off = (int)off[1];
}

static void open_busy(struct trace *t, bool release, pid_t tid,
		      json_t *unavailable)
{
	int rc;

	page_offsets(t, unavailable);
	if (!add_probes(t, unavailable))
		return;
	trace_open_release(t, release, tid, unavailable);
	rc = filter_busy(t, tid);
	errno = 0;
	if (!rc && tracefs_event_enable(t->inst, t->group, NULL))
		rc = errno ? -errno : -EIO;
	if (rc) {
		set_unavailable(unavailable, true, false, "enable kprobes",
				-rc);
		remove_probes(t);
		return;
	}
	t->busy = true;
}

static void open_faults(struct trace *t, pid_t tid, json_t *unavailable)
{
	int rc;

	if (!tracefs_event_file_exists(t->inst, "fs_dax", "dax_pmd_fault_done",
				       "enable")) {
		json_object_set_new(unavailable, "fault_mode",
				    json_string("no fs_dax events (kernel "
						"without FS_DAX tracepoints)"));
		return;
	}
	rc = trace_filter_pid(t, "fs_dax", NULL, tid);
	if (rc) {
		set_unavailable(unavailable, false, true, "fs_dax event filter",
				-rc);
		return;
	}
	t->faults = true;
}

int trace_event_id(struct tep_handle *tep, const char *sys, const char *ev)
{
	struct tep_event *e = tep_find_event_by_name(tep, sys, ev);

	return e ? e->id : -1;
}

/* The fetch-args of busy-page symbol @i's kretprobe, where it has them. */
static void ret_fields(struct trace *t, int i)
{
	struct tep_event *e;

	if (t->busy_id[i][TRACE_RETURN] < 0)
		return;
	e = tep_find_event(t->tep, t->busy_id[i][TRACE_RETURN]);
	t->ret[i] = e ? tep_find_field(e, "ret") : NULL;
	t->ref[i] = e ? tep_find_field(e, "ref") : NULL;
	t->map[i] = e ? tep_find_field(e, "map") : NULL;
}

/* The formats of the events made, read back from tracefs. */
static int load_formats(struct trace *t)
{
	int i, k, rc;

	rc = trace_formats(t->root, t->busy ? t->group : NULL, t->faults,
			   &t->tep);
	if (rc)
		return rc;
	for (i = 0; i < SYSINFO_NBUSY_SYMS; i++) {
		for (k = TRACE_ENTRY; k <= TRACE_RETURN; k++)
			t->busy_id[i][k] =
				t->probe[i][k] ?
					trace_event_id(t->tep, t->group,
						       busy_events[i][k]) :
					-1;
		ret_fields(t, i);
	}
	trace_release_ids(t);
	t->pmd_id = trace_event_id(t->tep, "fs_dax", "dax_pmd_fault_done");
	t->pte_id = trace_event_id(t->tep, "fs_dax", "dax_pte_fault_done");
	return 0;
}

/*
 * Create instance directory @dir without "record-cmd": with it, enabling any event
 * registers the comm recorder on sched_switch and sched_wakeup, which
 * patches __schedule() and try_to_wake_up() while other CPUs run them.
 * Under multi-threaded TCG that text_poke_bp() has wedged whole guests
 * (one vCPU spinning in __schedule on the int3, the other waiting for
 * its IPI). The option is the top instance's alone and a new instance
 * copies it: off for the moment of the mkdir, then back as found. The
 * comms are not wanted: the raw buffers carry pids.
 */
static int mkdir_quiet(const char *dir)
{
	static const char opt[] = "options/record-cmd";
	char *was = tracefs_instance_file_read(NULL, opt, NULL);
	bool off = was && was[0] == '1' &&
		   tracefs_instance_file_write(NULL, opt, "0") > 0;
	int rc = mkdir(dir, 0755) ? -errno : 0;

	if (off)
		tracefs_instance_file_write(NULL, opt, "1");
	free(was);
	return rc;
}

/*
 * The mkdir is ours, not tracefs_instance_create()'s: libtracefs 1.6
 * leaks the path when its mkdir fails (any run without root), and
 * EEXIST says plainly that the instance is someone else's, not ours to
 * change nor to remove on the way out.
 */
int trace_instance_new(const char *root, const char *name,
		       struct tracefs_instance **out)
{
	char dir[PATH_MAX + 64];
	int rc;

	snprintf(dir, sizeof(dir), "%s/instances/%s", root, name);
	rc = mkdir_quiet(dir);
	if (rc)
		return rc;
	*out = tracefs_instance_alloc(root, name);
	if (!*out) {
		rmdir(dir);
		return -ENOMEM;
	}
	return 0;
}

/* A new instance of our own; NULL with the reason in @unavailable. */
static struct tracefs_instance *make_instance(const char *root, bool busy,
					      bool faults, json_t *unavailable)
{
	struct tracefs_instance *inst;
	char name[48];
	int unused, rc;

	snprintf(name, sizeof(name), "daxbench-%d", (int)getpid());
	rc = trace_instance_new(root, name, &inst);
	if (rc) {
		set_unavailable(unavailable, busy, faults, "tracefs instance",
				-rc);
		return NULL;
	}
	/* op latency is CLOCK_MONOTONIC: make the buffers speak the same */
	tracefs_instance_file_write(inst, "trace_clock", "mono");
	tracefs_instance_set_buffer_size(
		inst, inject_hit(INJECT_TRACE_TINY, &unused) ? 4 : 8192, -1);
	return inst;
}

static struct trace *trace_new(const char *root)
{
	struct trace *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	snprintf(t->root, sizeof(t->root), "%s", root);
	snprintf(t->group, sizeof(t->group), "daxbench_%d", (int)getpid());
	t->pmd_id = t->pte_id = -1;
	t->ref_off = t->map_off = -1;
	memset(t->rel_id, 0xff, sizeof(t->rel_id));
	memset(t->unmap_id, 0xff, sizeof(t->unmap_id));
	trace_seq_init(&t->seq);
	return t;
}

int trace_open(bool busy_scan, bool fault_mode, bool release, pid_t tid,
	       json_t *unavailable, struct trace **out, struct db_err *err)
{
	const char *root = sysinfo_tracefs_path();
	struct trace *t;
	int rc;

	*out = NULL;
	if (!busy_scan && !fault_mode)
		return 0;
	if (!root) {
		set_unavailable(unavailable, busy_scan, fault_mode,
				"tracefs: not mounted", 0);
		return 0;
	}
	t = trace_new(root);
	/* where libtracefs looks: never a tracefs it would mount itself */
	if (t && tracefs_set_tracing_dir(t->root)) {
		trace_seq_destroy(&t->seq);
		free(t);
		t = NULL;
	}
	if (!t)
		return db_err_set(err, -ENOMEM, "out of memory");
	t->inst = make_instance(t->root, busy_scan, fault_mode, unavailable);
	if (!t->inst) {
		trace_seq_destroy(&t->seq);
		free(t);
		return 0;
	}
	live = t;
	if (busy_scan)
		open_busy(t, release, tid, unavailable);
	if (fault_mode)
		open_faults(t, tid, unavailable);
	rc = load_formats(t);
	if (!rc && (t->busy || t->faults))
		rc = trace_read_open(t);
	if (rc) {
		set_unavailable(unavailable, t->busy, t->faults,
				"libtracefs: event formats and buffers", -rc);
		t->busy = t->faults = false;
	}
	*out = t;
	return 0;
}

bool trace_has_busy_scan(const struct trace *t)
{
	return t && t->busy;
}

bool trace_has_fault_mode(const struct trace *t)
{
	return t && t->faults;
}

json_t *trace_symbols(const struct trace *t)
{
	json_t *a = json_array();
	int i;

	for (i = 0; t && a && i < SYSINFO_NBUSY_SYMS; i++)
		if (t->probe[i][TRACE_ENTRY])
			json_array_append_new(
				a, json_string(sysinfo_busy_syms[i]));
	return a;
}

json_t *trace_page_fields(const struct trace *t)
{
	if (!t || !t->busy || t->ref_off < 0)
		return json_null();
	return json_pack("{s:s,s:i,s:i}", "source", BTF_VMLINUX,
			 "refcount_offset", t->ref_off, "mapcount_offset",
			 t->map_off);
}

/*
 * kprobe_profile lists every probe as "NAME HITS MISSES" by its event
 * name alone, without the group: ours are the busy-page names, and a
 * name listed twice is another run's too, which no line tells apart.
 */
int trace_probe_missed(const struct trace *t, uint64_t *missed)
{
	unsigned long long hits, miss;
	char path[4200], name[128], line[512];
	int i, k, n = 0, ours = 0;
	FILE *f;

	if (!trace_has_busy_scan(t))
		return -EOPNOTSUPP;
	snprintf(path, sizeof(path), "%s/kprobe_profile", t->root);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	*missed = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s %llu %llu", name, &hits, &miss) != 3)
			continue;
		for (i = 0; i < SYSINFO_NBUSY_SYMS; i++)
			for (k = TRACE_ENTRY; k <= TRACE_RETURN; k++) {
				if (strcmp(name, busy_events[i][k]))
					continue;
				n++;
				ours += !!t->probe[i][k];
				*missed += miss;
			}
	}
	fclose(f);
	if (n > ours)
		return -EEXIST;
	return ours ? 0 : -ENOENT;
}

/* events/GROUP/EV/enable in our instance: arms or disarms its probe */
int trace_event_enable(struct trace *t, const char *ev, bool on)
{
	char file[160];
	int e;

	if (inject_hit(INJECT_PROBE_ENABLE, &e))
		return -e;
	snprintf(file, sizeof(file), "events/%s/%s/enable", t->group, ev);
	errno = 0;
	if (tracefs_instance_file_write(t->inst, file, on ? "1" : "0") < 0)
		return errno ? -errno : -EIO;
	return 0;
}

/*
 * Probe by probe, not the group's one enable: arming it would patch the
 * release path too where trace_release_probes() keeps it off, for
 * nothing, and every patch is a risk to code running there meanwhile
 * (engine.c: preset_op_probes()).
 */
static int op_events(struct trace *t, bool on)
{
	int i, k, rc = 0;

	for (i = 0; !rc && i < SYSINFO_NBUSY_SYMS; i++)
		for (k = TRACE_ENTRY; !rc && k <= TRACE_RETURN; k++)
			if (t->probe[i][k])
				rc = trace_event_enable(t, busy_events[i][k],
							on);
	if (!rc)
		rc = trace_unmap_enable(t, on);
	if (!rc && !t->rel_off)
		rc = trace_release_enable(t, on);
	return rc;
}

int trace_op_probes(struct trace *t, bool on)
{
	int rc;

	if (!trace_has_busy_scan(t))
		return -EOPNOTSUPP;
	if (t->disarmed == !on)
		return 0;
	rc = op_events(t, on);
	if (rc) {
		/* all as they were, as the caller goes on (best effort) */
		op_events(t, !on);
		return rc;
	}
	t->disarmed = !on;
	return 1;
}

bool trace_op_probes_on(const struct trace *t)
{
	return trace_has_busy_scan(t) && !t->disarmed;
}

int trace_faults(struct trace *t, bool on)
{
	int (*set)(struct tracefs_instance *, const char *, const char *) =
		on ? tracefs_event_enable : tracefs_event_disable;

	if (!trace_has_fault_mode(t))
		return -EOPNOTSUPP;
	errno = 0;
	if (set(t->inst, "fs_dax", "dax_pmd_fault_done") ||
	    set(t->inst, "fs_dax", "dax_pte_fault_done"))
		return errno ? -errno : -EIO;
	return 0;
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	trace_read_close(t); /* an open buffer keeps the instance busy */
	if (t->inst) {
		if (t->busy)
			tracefs_event_disable(t->inst, t->group, NULL);
		if (t->faults)
			trace_faults(t, false);
		/* removing the instance drops its buffers and enables */
		tracefs_instance_destroy(t->inst);
		tracefs_instance_free(t->inst);
	}
	remove_probes(t);
	if (t->tep)
		tep_free(t->tep);
	trace_seq_destroy(&t->seq);
	if (live == t)
		live = NULL;
	free(t);
}

void trace_cleanup_all(void)
{
	trace_close(live);
}
