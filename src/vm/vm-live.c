// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's progress, read while QEMU runs (see vm_opts.live): the
 * guest's daxbench writes progress lines (progress.h) to its second
 * serial port, which QEMU writes to a file of its own, apart from the
 * kernel's console log; the boot loop in vm-run.c polls it here. A guest
 * whose channel stays silent longer than the running scenario's timeout
 * allows is reported once (PROGRESS_IDLE) and left to --timeout.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"
#include "vm-int.h"

int vm_live_open(struct vm_live *l, const char *path)
{
	int fd;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	/* QEMU appends to what is here: start from an empty file */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	close(fd);
	l->fd = open(path, O_RDONLY | O_CLOEXEC);
	return l->fd < 0 ? -errno : 0;
}

void vm_live_close(struct vm_live *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

/* What a stall waits in: the first frame that says more than "sleeps". */
static void stall_fn(struct progress_msg *m)
{
	char st[sizeof(m->stack)];
	size_t i;

	snprintf(st, sizeof(st), "%s", m->stack);
	for (i = 0; st[i]; i++)
		if (st[i] == ',')
			st[i] = '\n';
	if (vm_stack_frame(st, m->fn, sizeof(m->fn)))
		m->fn[0] = '\0';
}

static void live_line(struct vm_live *l, const struct vm_opts *o, double t)
{
	struct progress_msg m;

	if (progress_parse(l->line, &m))
		return;
	m.t = t;
	l->last = t;
	l->idle_said = false;
	if (m.kind == PROGRESS_START)
		l->idle_ns = progress_idle_ns(m.timeout_ns);
	else if (m.kind == PROGRESS_END)
		l->idle_ns = 0; /* between scenarios: not watched */
	else if (m.kind == PROGRESS_STALL)
		stall_fn(&m);
	o->live(o->live_arg, &m);
}

void vm_live_poll(struct vm_live *l, const struct vm_opts *o, double t)
{
	char buf[4096];
	ssize_t n, i;

	if (l->fd < 0 || !o->live)
		return;
	while ((n = read(l->fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n' || l->n == sizeof(l->line) - 1) {
				l->line[l->n] = '\0';
				live_line(l, o, t);
				l->n = 0;
			} else if (buf[i] != '\r') {
				l->line[l->n++] = buf[i];
			}
		}
	}
	if (l->idle_ns && !l->idle_said && t - l->last > l->idle_ns / 1e9) {
		struct progress_msg m = { .kind = PROGRESS_IDLE,
					  .t = t,
					  .idle_s = t - l->last };

		l->idle_said = true;
		o->live(o->live_arg, &m);
	}
}
