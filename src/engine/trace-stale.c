// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a killed daxbench left in tracefs (see trace_remove_stale() in
 * trace.h): its instance and its kprobes, found by the pid in their
 * names and removed only when that pid is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysinfo.h"
#include "trace.h"

/*
 * "daxbench-PID", "daxbench-PID-peek" or "daxbench_PID": the PID, when it
 * is dead; else 0.
 */
static pid_t dead_owner(const char *name, char sep)
{
	char *end;
	long pid;

	if (strncmp(name, "daxbench", 8) || name[8] != sep)
		return 0;
	pid = strtol(name + 9, &end, 10);
	if (pid <= 0 || pid > INT_MAX ||
	    (*end && *end != '/' && strcmp(end, "-peek")))
		return 0;
	/*
	 * Only a pid that does not exist in our pid namespace: a run that
	 * is alive (here or still exiting) keeps what it made.
	 */
	if ((pid_t)pid == getpid() || !kill((pid_t)pid, 0) || errno != ESRCH)
		return 0;
	return (pid_t)pid;
}

/* kprobe_events takes one command per write, appended */
static int append_line(const char *path, const char *line)
{
	size_t len = strlen(line);
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, line, len) != (ssize_t)len)
		rc = -EIO;
	close(fd);
	return rc;
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
		if (!append_line(path, cmd))
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
