// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracefs measurements in a private instance (see trace.h). The text
 * buffer is read after each op and cleared; it prints "mono" timestamps
 * in microseconds, which bounds the scan-time resolution (reported with
 * every result as busy_scan_resolution_ns).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysinfo.h"
#include "trace.h"

static const char *const busy_syms[] = { "dax_layout_busy_page",
					 "dax_layout_busy_page_range" };
static const char *const busy_events[] = { "busy_page", "busy_range" };
#define NSYMS 2

struct trace {
	char root[PATH_MAX]; /* tracefs */
	char inst[PATH_MAX]; /* tracefs/instances/daxbench-PID */
	char group[64]; /* kprobe group: daxbench_PID */
	bool probed[NSYMS];
	bool busy;
	bool faults;
	bool inst_made;
	int depth; /* busy-page nesting seen so far */
	int pipe_fd; /* the instance's trace_pipe, non-blocking */
	uint64_t scan_start_ns;
};

/* the one live trace of this process, for the exit path */
static struct trace *live;

static int write_file(const char *dir, const char *name, const char *val,
		      bool append)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC));
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0)
		rc = -errno;
	else if ((size_t)n != strlen(val))
		rc = -EIO;
	close(fd);
	return rc;
}

static void remove_probes(struct trace *t)
{
	char cmd[160];
	int i;

	for (i = 0; i < NSYMS; i++) {
		if (!t->probed[i])
			continue;
		snprintf(cmd, sizeof(cmd), "-:%s/%s\n", t->group,
			 busy_events[i]);
		write_file(t->root, "kprobe_events", cmd, true);
		snprintf(cmd, sizeof(cmd), "-:%s/%s_ret\n", t->group,
			 busy_events[i]);
		write_file(t->root, "kprobe_events", cmd, true);
		t->probed[i] = false;
	}
}

static bool add_probes(struct trace *t, json_t *unavailable)
{
	char cmd[256], why[256] = "";
	int i, rc;

	if (access(t->root, F_OK) || faccessat(AT_FDCWD, t->root, W_OK, 0)) {
		json_object_set_new(unavailable, "busy_scan",
				    json_string("tracefs: not writable"));
		return false;
	}
	for (i = 0; i < NSYMS; i++) {
		snprintf(cmd, sizeof(cmd), "p:%s/%s %s\n", t->group,
			 busy_events[i], busy_syms[i]);
		rc = write_file(t->root, "kprobe_events", cmd, true);
		if (rc) {
			snprintf(why, sizeof(why), "kprobe on %s: %s%s",
				 busy_syms[i], strerror(-rc),
				 rc == -ENOENT ? " (no kprobe_events: "
						 "CONFIG_KPROBE_EVENTS off?)" :
						 "");
			continue;
		}
		snprintf(cmd, sizeof(cmd), "r:%s/%s_ret %s\n", t->group,
			 busy_events[i], busy_syms[i]);
		rc = write_file(t->root, "kprobe_events", cmd, true);
		if (rc) {
			snprintf(cmd, sizeof(cmd), "-:%s/%s\n", t->group,
				 busy_events[i]);
			write_file(t->root, "kprobe_events", cmd, true);
			snprintf(why, sizeof(why), "kretprobe on %s: %s",
				 busy_syms[i], strerror(-rc));
			continue;
		}
		t->probed[i] = true;
	}
	if (!t->probed[0] && !t->probed[1]) {
		json_object_set_new(unavailable, "busy_scan", json_string(why));
		return false;
	}
	return true;
}

static int enable_in_instance(struct trace *t, const char *event, bool on)
{
	char dir[PATH_MAX + 128];

	snprintf(dir, sizeof(dir), "%s/events/%s", t->inst, event);
	return write_file(dir, "enable", on ? "1" : "0", false);
}

/* @filter on every event of @system in the instance. */
static int filter_in_instance(struct trace *t, const char *system,
			      const char *filter)
{
	char dir[PATH_MAX + 128];

	snprintf(dir, sizeof(dir), "%s/events/%s", t->inst, system);
	return write_file(dir, "filter", filter, false);
}

int trace_open(bool busy_scan, bool fault_mode, pid_t tid, json_t *unavailable,
	       struct trace **out, struct db_err *err)
{
	const char *root = sysinfo_tracefs_path();
	char pid[48];
	struct trace *t;
	int rc;

	*out = NULL;
	if (!busy_scan && !fault_mode)
		return 0;
	if (!root) {
		if (busy_scan)
			json_object_set_new(
				unavailable, "busy_scan",
				json_string("tracefs: not mounted"));
		if (fault_mode)
			json_object_set_new(
				unavailable, "fault_mode",
				json_string("tracefs: not mounted"));
		return 0;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return db_err_set(err, -ENOMEM, "out of memory");
	t->pipe_fd = -1;
	snprintf(t->root, sizeof(t->root), "%s", root);
	snprintf(t->group, sizeof(t->group), "daxbench_%d", (int)getpid());
	snprintf(t->inst, sizeof(t->inst), "%s/instances/daxbench-%d", root,
		 (int)getpid());
	if (mkdir(t->inst, 0700)) {
		rc = errno;
		if (busy_scan)
			json_object_set_new(unavailable, "busy_scan",
					    json_sprintf("tracefs instance: %s",
							 strerror(rc)));
		if (fault_mode)
			json_object_set_new(unavailable, "fault_mode",
					    json_sprintf("tracefs instance: %s",
							 strerror(rc)));
		free(t);
		return 0;
	}
	t->inst_made = true;
	live = t;
	/* op latency is CLOCK_MONOTONIC: make the buffer speak the same */
	write_file(t->inst, "trace_clock", "mono", false);
	write_file(t->inst, "buffer_size_kb", "8192", false);
	/*
	 * Only the op thread's events, through a filter on each event
	 * system rather than set_event_pid: that one hooks the scheduler's
	 * tracepoints, and patching those hot call sites (text_poke_bp)
	 * has wedged TCG guests more than once.
	 */
	snprintf(pid, sizeof(pid), "common_pid == %d", (int)tid);
	if (busy_scan && add_probes(t, unavailable)) {
		rc = filter_in_instance(t, t->group, pid);
		if (!rc)
			rc = enable_in_instance(t, t->group, true);
		if (rc) {
			json_object_set_new(unavailable, "busy_scan",
					    json_sprintf("enable kprobes: %s",
							 strerror(-rc)));
			remove_probes(t);
		} else {
			t->busy = true;
		}
	}
	if (fault_mode) {
		char p[PATH_MAX + 64];

		snprintf(p, sizeof(p), "%s/events/fs_dax/dax_pmd_fault_done",
			 t->inst);
		if (access(p, F_OK))
			json_object_set_new(unavailable, "fault_mode",
					    json_string("no fs_dax events "
							"(kernel without "
							"FS_DAX tracepoints)"));
		else if ((rc = filter_in_instance(t, "fs_dax", pid)))
			json_object_set_new(unavailable, "fault_mode",
					    json_sprintf("fs_dax event filter: "
							 "%s",
							 strerror(-rc)));
		else
			t->faults = true;
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

	for (i = 0; t && a && i < NSYMS; i++)
		if (t->probed[i])
			json_array_append_new(a, json_string(busy_syms[i]));
	return a;
}

int trace_faults(struct trace *t, bool on)
{
	int rc;

	if (!trace_has_fault_mode(t))
		return -EOPNOTSUPP;
	rc = enable_in_instance(t, "fs_dax/dax_pmd_fault_done", on);
	if (!rc)
		rc = enable_in_instance(t, "fs_dax/dax_pte_fault_done", on);
	return rc;
}

uint64_t trace_resolution_ns(void)
{
	return 1000;
}

/*
 * One line of the text buffer:
 *   "  task-PID  [CPU] FLAGS  SECS.USECS: EVENT: details"
 * The task name may hold spaces and dashes, so parse from the "[".
 */
static void parse_line(struct trace *t, const char *line,
		       struct trace_counts *c)
{
	unsigned long long sec, usec, w;
	const char *p, *ev, *colon;
	char name[64];
	size_t n;
	uint64_t ts;
	int i;

	/* trace_pipe says "CPU:1 [LOST 42 EVENTS]" where it overflowed */
	p = strstr(line, "[LOST ");
	if (p && sscanf(p, "[LOST %llu EVENTS]", &w) == 1) {
		c->lost += w;
		return;
	}
	p = strchr(line, ']');
	if (!p)
		return;
	/* the timestamp is the first token that ends in ':' */
	for (ev = p + 1; *ev; ev++) {
		if (sscanf(ev, " %llu.%6llu:", &sec, &usec) == 2 &&
		    (colon = strchr(ev, ':')) && colon[1] == ' ') {
			ev = colon + 2;
			break;
		}
	}
	if (!*ev)
		return;
	ts = sec * 1000000000ULL + usec * 1000ULL;
	colon = strchr(ev, ':');
	if (!colon || (n = (size_t)(colon - ev)) >= sizeof(name))
		return;
	memcpy(name, ev, n);
	name[n] = '\0';
	if (!strcmp(name, "dax_pmd_fault_done")) {
		if (strstr(colon, "FALLBACK"))
			c->pmd_fallback++;
		else
			c->pmd_nopage++;
		return;
	}
	if (!strcmp(name, "dax_pte_fault_done")) {
		c->pte++;
		return;
	}
	for (i = 0; i < NSYMS; i++) {
		size_t l = strlen(busy_events[i]);

		if (strncmp(name, busy_events[i], l))
			continue;
		if (!name[l]) { /* entry */
			if (!t->depth++)
				t->scan_start_ns = ts;
		} else if (!strcmp(name + l, "_ret") && t->depth > 0) {
			if (!--t->depth) {
				c->scan_calls++;
				c->scan_ns += ts - t->scan_start_ns;
			}
		}
		return;
	}
}

/*
 * Consume what trace_pipe holds, without blocking. Clearing the "trace"
 * file instead would reset the ring buffers, which waits for an RCU grace
 * period: milliseconds per op, more than many ops take.
 */
int trace_collect(struct trace *t, struct trace_counts *c)
{
	char buf[16384], *start, *nl;
	size_t have = 0;
	ssize_t n;

	if (!t)
		return -EOPNOTSUPP;
	if (t->pipe_fd < 0) {
		char path[PATH_MAX + 16];

		snprintf(path, sizeof(path), "%s/trace_pipe", t->inst);
		t->pipe_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (t->pipe_fd < 0)
			return -errno;
	}
	for (;;) {
		n = read(t->pipe_fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		for (start = buf; (nl = strchr(start, '\n')); start = nl + 1) {
			*nl = '\0';
			parse_line(t, start, c);
		}
		/* keep a partial last line for the next read */
		have = strlen(start);
		memmove(buf, start, have);
		if (have == sizeof(buf) - 1)
			have = 0; /* a line longer than the buffer: drop */
	}
	if (n < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	if (t->pipe_fd >= 0)
		close(t->pipe_fd); /* an open file keeps the instance busy */
	if (t->inst_made) {
		if (t->busy)
			enable_in_instance(t, t->group, false);
		if (t->faults)
			trace_faults(t, false);
		/* removing the instance drops its buffers and enables */
		if (rmdir(t->inst) == 0)
			t->inst_made = false;
	}
	remove_probes(t);
	if (live == t)
		live = NULL;
	free(t);
}

void trace_cleanup_all(void)
{
	trace_close(live);
}

void trace_reset_nesting(struct trace *t)
{
	if (t)
		t->depth = 0;
}

/* "daxbench-PID" or "daxbench_PID": the PID, when it is dead; else 0. */
static pid_t dead_owner(const char *name, char sep)
{
	char *end;
	long pid;

	if (strncmp(name, "daxbench", 8) || name[8] != sep)
		return 0;
	pid = strtol(name + 9, &end, 10);
	if (pid <= 0 || pid > INT_MAX || (*end && *end != '/'))
		return 0;
	/*
	 * Only a pid that does not exist in our pid namespace: a run that
	 * is alive (here or still exiting) keeps what it made.
	 */
	if ((pid_t)pid == getpid() || !kill((pid_t)pid, 0) || errno != ESRCH)
		return 0;
	return (pid_t)pid;
}

static void remove_stale_probes(const char *root, json_t *removed)
{
	char path[PATH_MAX], line[512], ev[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kprobe_events", root);
	f = fopen(path, "re");
	if (!f)
		return;
	/* lines read "p:daxbench_PID/busy_page dax_layout_busy_page" */
	while (fgets(line, sizeof(line), f)) {
		char cmd[300];

		if (sscanf(line, "%*[pr]:%255s", ev) != 1 ||
		    !dead_owner(ev, '_'))
			continue;
		snprintf(cmd, sizeof(cmd), "-:%s\n", ev);
		if (!write_file(root, "kprobe_events", cmd, true))
			json_array_append_new(removed,
					      json_sprintf("kprobe %s", ev));
	}
	fclose(f);
}

int trace_remove_stale(json_t *removed)
{
	const char *root = sysinfo_tracefs_path();
	char path[PATH_MAX + 300];
	struct dirent *de;
	DIR *d;

	if (!root)
		return 0;
	snprintf(path, sizeof(path), "%s/instances", root);
	d = opendir(path);
	/* instances first: removing one disables the probes it enabled */
	while (d && (de = readdir(d))) {
		if (!dead_owner(de->d_name, '-'))
			continue;
		snprintf(path, sizeof(path), "%s/instances/%s", root,
			 de->d_name);
		if (!rmdir(path))
			json_array_append_new(removed,
					      json_sprintf("instance %s",
							   de->d_name));
	}
	if (d)
		closedir(d);
	remove_stale_probes(root, removed);
	return 0;
}
