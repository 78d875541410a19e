// SPDX-License-Identifier: GPL-2.0-only
/*
 * How long a job still takes (see progress.h): the work units a point
 * is expected to cost, the ledger a job of several guests keeps of the
 * guests that finished, and the estimate made of both. The units only
 * weigh points against each other (a 1 GiB PTE file against a 2 MiB PMD
 * one, under TCG): the seconds per unit are measured as the job goes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progress-eta.h"
#include "progress-proto.h"
#include "watchdog.h"

#define UNIT_NS ((uint64_t)(PROGRESS_UNIT_S * 1e9))
#define SETUP_UNITS 10

uint64_t progress_point_work(const struct scenario *sc, uint64_t *op_work)
{
	uint64_t entries = sc->file.size /
			   (sc->file.mapping == MAP_PMD ? (2ULL << 20) : 4096);
	uint64_t op = 1 + entries / 512 + sc->op.interval_ns / UNIT_NS;

	/* a hold past the timeout is a stall: the watchdog ends it */
	if (sc->pinners.method == PIN_VMSPLICE && sc->pinners.threads)
		op += (sc->pinners.hold_ns < sc->timeout_ns ?
			       sc->pinners.hold_ns :
			       sc->timeout_ns) /
		      UNIT_NS;
	*op_work = op;
	return SETUP_UNITS + sc->pinners.solo_ns / UNIT_NS +
	       op * (sc->warmup + sc->repeat);
}

void progress_size(const json_t *resolved, struct progress_size *s)
{
	struct scenario sc;
	uint64_t op;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->points = scenario_npoints(resolved);
	for (i = 0; i < s->points; i++) {
		if (scenario_point(resolved, i, &sc, NULL, NULL, NULL))
			continue;
		s->work += progress_point_work(&sc, &op);
		s->ops += sc.warmup + sc.repeat;
		if (sc.timeout_ns > s->timeout_ns)
			s->timeout_ns = sc.timeout_ns;
	}
}

uint64_t progress_idle_ns(uint64_t timeout_ns)
{
	/* as the watchdog counts: fire, kick, then the grace to hang */
	return 2 * timeout_ns + watchdog_grace(timeout_ns) + 30000000000ULL;
}

double progress_eta(const struct progress_job *j,
		    const struct progress_guest *cur, unsigned int left,
		    bool *rough)
{
	const struct progress_guest *s = &j->sum;
	double run = s->run_s + cur->run_s, rate, outside, spent, eta;
	uint64_t work = s->work + cur->work, per_guest, after;

	*rough = !work || !run || !(s->points + cur->points) ||
		 (left && !j->done);
	rate = work && run > 0 ? run / (double)work : PROGRESS_UNIT_S;
	/* a guest yet to send its plan is taken to be like the last ones */
	per_guest = cur->planned ? cur->planned :
		    j->done	 ? s->planned / j->done :
				   0;
	if (!per_guest)
		return -1;
	/*
	 * The time a guest spends outside its run (boot, mkfs, results),
	 * as the finished guests took it, else as far as this one got.
	 */
	spent = cur->total_s - cur->run_s - cur->stall_s;
	outside = j->done ? (s->total_s - s->run_s - s->stall_s) / j->done :
			    spent;
	eta = (double)(per_guest -
		       (cur->work < per_guest ? cur->work : per_guest)) *
	      rate;
	if (outside > spent)
		eta += outside - spent;
	if (j->work)
		after = j->work > s->planned + per_guest ?
				j->work - s->planned - per_guest :
				0;
	else
		after = left * per_guest;
	return eta + left * outside + (double)after * rate;
}

void progress_job_add(struct progress_job *j, const struct progress_guest *g)
{
	j->done++;
	j->sum.planned += g->planned;
	j->sum.work += g->work;
	j->sum.points += g->points;
	j->sum.total_s += g->total_s;
	j->sum.run_s += g->run_s;
	j->sum.stall_s += g->stall_s;
}

static double field_double(const char *line, const char *key)
{
	char v[32];

	return progress_field(line, key, v, sizeof(v)) ? 0 : strtod(v, NULL);
}

int progress_job_load(const char *path, struct progress_job *j)
{
	char line[512];
	FILE *f = fopen(path, "r");

	memset(j, 0, sizeof(*j));
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		struct progress_guest g;

		if (!strncmp(line, "plan ", 5)) {
			j->guests = (unsigned int)field_double(line, "guests");
			j->work = (uint64_t)field_double(line, "work");
		} else if (!strncmp(line, "guest ", 6)) {
			g.planned = (uint64_t)field_double(line, "planned");
			g.work = (uint64_t)field_double(line, "work");
			g.points = (unsigned int)field_double(line, "points");
			g.total_s = field_double(line, "total_s");
			g.run_s = field_double(line, "run_s");
			g.stall_s = field_double(line, "stall_s");
			progress_job_add(j, &g);
		}
	}
	fclose(f);
	return 0;
}

int progress_job_append(const char *path, const struct progress_guest *g,
			const char *label)
{
	char line[512];
	int fd, n, rc = 0;

	n = snprintf(line, sizeof(line),
		     "guest planned=%llu work=%llu points=%u total_s=%.1f "
		     "run_s=%.1f stall_s=%.1f kernel=%s\n",
		     (unsigned long long)g->planned,
		     (unsigned long long)g->work, g->points, g->total_s,
		     g->run_s, g->stall_s, label);
	if (n < 0 || (size_t)n >= sizeof(line))
		return -EINVAL;
	/* one write with O_APPEND: guests of one job never tear a line */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, line, (size_t)n) != n)
		rc = -EIO;
	if (close(fd) && !rc)
		rc = -errno;
	return rc;
}

char *progress_fmt_eta(double s, bool rough, char *buf, size_t len)
{
	unsigned long t = s > 0 ? (unsigned long)(s + 0.5) : 0;
	const char *tail = rough ? " (rough)" : "";

	if (t < 60)
		snprintf(buf, len, "%s%lus%s", rough ? "~" : "", t, tail);
	else if (t < 3600 && rough)
		snprintf(buf, len, "~%lum%s", (t + 30) / 60, tail);
	else if (t < 3600 && t % 60)
		snprintf(buf, len, "%lum%02lus", t / 60, t % 60);
	else if (t < 3600)
		snprintf(buf, len, "%lum", t / 60);
	else
		snprintf(buf, len, "%s%luh%02lum%s", rough ? "~" : "", t / 3600,
			 t % 3600 / 60, tail);
	return buf;
}
