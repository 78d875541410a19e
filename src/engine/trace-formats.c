// SPDX-License-Identifier: GPL-2.0-only
/*
 * The formats of the few events daxbench reads, parsed into a tep handle
 * of their own. tracefs_local_events_system() would also parse the whole
 * of /proc/kallsyms, printk_formats and saved_cmdlines into it, and stat
 * every event system: 1.7 of the 4 seconds a scenario's start took in a
 * TCG guest, for symbol and comm lookups the raw buffers are never asked
 * for (the busy-page probes carry addresses as numbers, and pids).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "trace-int.h"

/* Parse events/@sys/@ev/format of the tracing dir set for libtracefs. */
static int parse_format(struct tep_handle *tep, const char *sys, const char *ev)
{
	int len = 0, rc;
	char *buf;

	errno = 0;
	buf = tracefs_event_file_read(NULL, sys, ev, "format", &len);
	if (!buf)
		return errno ? -errno : -ENOENT;
	rc = tep_parse_event(tep, buf, (unsigned long)len, sys) ? -EINVAL : 0;
	free(buf);
	return rc;
}

/* The ring buffer's page header: what kbuffer needs to walk a page. */
static int parse_header(struct tep_handle *tep)
{
	int len = 0, rc;
	char *buf;

	errno = 0;
	buf = tracefs_instance_file_read(NULL, "events/header_page", &len);
	if (!buf)
		return errno ? -errno : -ENOENT;
	rc = tep_parse_header_page(tep, buf, (unsigned long)len,
				   (int)sizeof(long)) ?
		     -EINVAL :
		     0;
	free(buf);
	return rc;
}

/* Every event of kprobe group @group: the probes this run made. */
static int parse_group(struct tep_handle *tep, const char *root,
		       const char *group)
{
	char **evs = tracefs_system_events(root, group);
	int i, rc = 0;

	if (!evs)
		return -ENOENT;
	for (i = 0; evs[i] && !rc; i++)
		rc = parse_format(tep, group, evs[i]);
	tracefs_list_free(evs);
	return rc;
}

int trace_formats(const char *root, const char *group, bool faults,
		  struct tep_handle **out)
{
	struct tep_handle *tep = tep_alloc();
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	int rc = 0;

	*out = NULL;
	if (!tep)
		return -ENOMEM;
	rc = parse_header(tep);
	if (!rc && group)
		rc = parse_group(tep, root, group);
	if (!rc && faults)
		rc = parse_format(tep, "fs_dax", "dax_pmd_fault_done");
	if (!rc && faults)
		rc = parse_format(tep, "fs_dax", "dax_pte_fault_done");
	if (rc) {
		tep_free(tep);
		return rc;
	}
	tep_set_cpus(tep, cpus > 0 ? (int)cpus : 1);
	tep_set_long_size(tep, tep_get_header_page_size(tep));
	*out = tep;
	return 0;
}
