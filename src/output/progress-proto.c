// SPDX-License-Identifier: GPL-2.0-only
/*
 * The progress channel's protocol (see progress.h): lines written to the
 * fd of 'run --progress-fd', and read back by the host of a guest. A
 * line is PROGRESS_MARK, an event and " KEY=VALUE" fields whose values
 * hold no blank; daxbench(1) lists them. Both halves are here, so that
 * the format is one file's business.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progress-proto.h"

/* The channel's fd, -1 while none: one per process, as stderr is. */
static int chan_fd = -1;

int progress_channel_open(const char *arg)
{
	char *end;
	long fd;

	errno = 0;
	fd = strtol(arg, &end, 10);
	if (errno || end == arg || *end || fd < 0 || fd > INT_MAX)
		return -EINVAL;
	if (fcntl((int)fd, F_GETFD) < 0)
		return -EBADF;
	chan_fd = (int)fd;
	return 0;
}

bool progress_channel_on(void)
{
	return chan_fd >= 0;
}

void progress_emit(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	size_t n = strlen(PROGRESS_MARK);
	int k;

	if (chan_fd < 0)
		return;
	memcpy(line, PROGRESS_MARK, n);
	va_start(ap, fmt);
	k = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	n += (size_t)k < sizeof(line) - n - 1 ? (size_t)k :
						sizeof(line) - n - 2;
	line[n++] = '\n';
	/* a lost progress line must never stop a measurement */
	if (write(chan_fd, line, n) < 0)
		return;
}

int progress_field(const char *line, const char *key, char *val, size_t len)
{
	size_t k = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key))) {
		if (p > line && p[-1] == ' ' && p[k] == '=') {
			p += k + 1;
			snprintf(val, len, "%.*s", (int)strcspn(p, " \t\r\n"),
				 p);
			return 0;
		}
		p += k;
	}
	return -ENOENT;
}

static unsigned int field_uint(const char *line, const char *key)
{
	char v[32];

	return progress_field(line, key, v, sizeof(v)) ?
		       0 :
		       (unsigned int)strtoul(v, NULL, 10);
}

static uint64_t field_u64(const char *line, const char *key)
{
	char v[32];

	return progress_field(line, key, v, sizeof(v)) ? 0 :
							 strtoull(v, NULL, 10);
}

/* "A/B" into @a and @b; a lone "A" leaves @b alone. */
static void field_pair(const char *line, const char *key, unsigned int *a,
		       unsigned int *b)
{
	char v[48], *slash;

	if (progress_field(line, key, v, sizeof(v)))
		return;
	*a = (unsigned int)strtoul(v, &slash, 10);
	if (*slash == '/')
		*b = (unsigned int)strtoul(slash + 1, NULL, 10);
}

static void field_work(const char *line, struct progress_msg *m)
{
	char v[48], *slash;

	if (progress_field(line, "work", v, sizeof(v)))
		return;
	m->work = strtoull(v, &slash, 10);
	if (*slash == '/')
		m->work_total = strtoull(slash + 1, NULL, 10);
}

int progress_parse(const char *line, struct progress_msg *m)
{
	static const char *const kinds[] = {
		[PROGRESS_PLAN] = "plan",   [PROGRESS_START] = "start",
		[PROGRESS_POINT] = "point", [PROGRESS_OP] = "op",
		[PROGRESS_STALL] = "stall", [PROGRESS_END] = "end",
		[PROGRESS_WARN] = "warn",
	};
	const char *p = strstr(line, PROGRESS_MARK);
	char v[16];
	size_t i, n;

	if (!p)
		return -EINVAL;
	p += strlen(PROGRESS_MARK);
	n = strcspn(p, " \r\n");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i]) == n && !strncmp(p, kinds[i], n))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->kind = (enum progress_kind)i;
	p += n;
	progress_field(p, "scenario", m->scenario, sizeof(m->scenario));
	m->scenarios = field_uint(p, "scenarios");
	field_pair(p, "points", &m->point, &m->npoints);
	if (m->kind == PROGRESS_START || m->kind == PROGRESS_PLAN)
		m->npoints = m->point, m->point = 0; /* a count here */
	field_pair(p, "point", &m->point, &m->npoints);
	m->nops = field_uint(p, "ops");
	field_pair(p, "op", &m->op, &m->nops);
	field_work(p, m);
	m->timeout_ns = field_u64(p, "timeout_ms") * 1000000ULL;
	m->waited_ns = field_u64(p, "waited_ms") * 1000000ULL;
	progress_field(p, "during", m->during, sizeof(m->during));
	progress_field(p, "stack", m->stack, sizeof(m->stack));
	if (!progress_field(p, "complete", v, sizeof(v)))
		m->complete = !strcmp(v, "yes");
	/* a warning's text has spaces: it is the rest of the line */
	if (m->kind == PROGRESS_WARN && (p = strstr(p, " text=")))
		snprintf(m->text, sizeof(m->text), "%.*s",
			 (int)strcspn(p + 6, "\r\n"), p + 6);
	return 0;
}
