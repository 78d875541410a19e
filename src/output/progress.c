// SPDX-License-Identifier: GPL-2.0-only
/*
 * Progress on the user's terminal (see progress.h): the line 'daxbench
 * run' updates as it measures, and what 'daxbench vm' makes of the lines
 * a guest sends. The run's side also feeds the channel (progress-proto.c)
 * at the same moments, whether or not anything is shown here.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "nstime.h"
#include "progress.h"

#define MS 1000000ULL

/* The whole run's work units: planned, and done before the point in flight. */
static uint64_t run_total, run_done;

/* @s as one word of a channel line: blanks would end the value. */
static const char *word(const char *s, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", s && *s ? s : "-");
	for (i = 0; buf[i]; i++)
		if (isspace((unsigned char)buf[i]) || buf[i] == '=')
			buf[i] = '_';
	return buf;
}

void progress_plan(json_t *const *loaded, size_t n)
{
	struct progress_size s, all = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		progress_size(loaded[i], &s);
		all.points += s.points;
		all.ops += s.ops;
		all.work += s.work;
	}
	run_total = all.work;
	run_done = 0;
	progress_emit("plan scenarios=%zu points=%zu ops=%llu work=0/%llu", n,
		      all.points, (unsigned long long)all.ops,
		      (unsigned long long)all.work);
}

void progress_plan_print(FILE *f, json_t *const *loaded, size_t n)
{
	struct progress_size s, all = { 0 };
	size_t i;

	fprintf(f, "%-36s %7s %8s %10s\n", "scenario", "points", "ops", "work");
	for (i = 0; i < n; i++) {
		progress_size(loaded[i], &s);
		fprintf(f, "%-36s %7zu %8llu %10llu\n",
			json_string_value(json_object_get(loaded[i], "name")),
			s.points, (unsigned long long)s.ops,
			(unsigned long long)s.work);
		all.points += s.points;
		all.ops += s.ops;
		all.work += s.work;
	}
	fprintf(f, "%-36s %7zu %8llu %10llu\n", "total", all.points,
		(unsigned long long)all.ops, (unsigned long long)all.work);
}

void progress_start(struct progress *p, const char *name,
		    const json_t *resolved)
{
	struct progress_size s;
	char w[128];

	progress_size(resolved, &s);
	p->scenario = name;
	p->npoints = s.points;
	p->start = nstime_now();
	p->sent = 0;
	p->point_work = 0;
	progress_emit("start scenario=%s points=%zu ops=%llu timeout_ms=%llu "
		      "work=%llu/%llu",
		      word(name, w, sizeof(w)), s.points,
		      (unsigned long long)s.ops,
		      (unsigned long long)(s.timeout_ns / MS),
		      (unsigned long long)run_done,
		      (unsigned long long)run_total);
}

void progress_point(struct progress *p, size_t i, const struct scenario *sc,
		    const char *params)
{
	char w[128];

	run_done += p->point_work;
	p->point_work = progress_point_work(sc, &p->op_work);
	p->point = i;
	if (!p->quiet && !p->tty)
		fprintf(stderr, "%s: point %zu/%zu %s\n", p->scenario, i + 1,
			p->npoints, params ? params : "");
	progress_emit("point scenario=%s point=%zu/%zu ops=%u work=%llu/%llu",
		      word(p->scenario, w, sizeof(w)), i + 1, p->npoints,
		      sc->warmup + sc->repeat, (unsigned long long)run_done,
		      (unsigned long long)run_total);
}

/*
 * The op line on the channel: twice a second is enough for an ETA. The
 * point's setup is done once an op is.
 */
static void send_op(struct progress *p, unsigned int done, unsigned int total,
		    uint64_t now)
{
	uint64_t ops = (uint64_t)total * p->op_work;
	uint64_t w = (p->point_work > ops ? p->point_work - ops : 0) +
		     done * p->op_work;

	if (!progress_channel_on() ||
	    (done != total && now - p->sent < 500 * MS))
		return;
	p->sent = now;
	progress_emit(
		"op point=%zu/%zu op=%u/%u work=%llu/%llu", p->point + 1,
		p->npoints, done, total,
		(unsigned long long)(run_done +
				     (w < p->point_work ? w : p->point_work)),
		(unsigned long long)run_total);
}

void show_progress(void *arg, unsigned int done, unsigned int total)
{
	struct progress *p = arg;
	uint64_t now = nstime_now(), eta;
	double frac;

	send_op(p, done, total, now);
	if (p->quiet || !p->tty)
		return;
	if (done != total && now - p->last < 200000000ULL)
		return; /* 5 updates a second are plenty */
	p->last = now;
	frac = ((double)p->point + (double)done / total) / (double)p->npoints;
	eta = frac > 0 ?
		      (uint64_t)((double)(now - p->start) * (1 - frac) / frac) :
		      0;
	fprintf(stderr, "\r\033[K%s: point %zu/%zu, op %u/%u, ETA %llus",
		p->scenario, p->point + 1, p->npoints, done, total,
		(unsigned long long)(eta / 1000000000ULL));
}

/* "fn,fn,..." of a /proc stack ("[<0>] fn+0x8f/0x120" lines). */
static void stack_words(const char *st, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	while (st && *st && n + 2 < len) {
		const char *f = strchr(st, ']'), *nl = strchr(st, '\n');
		size_t k;

		f = f && (!nl || f < nl) ? f + 1 : st;
		f += strspn(f, " \t");
		k = strcspn(f, "+ \t\n");
		if (k && n + k + 2 < len) {
			n += (size_t)snprintf(buf + n, len - n, "%s%.*s",
					      n ? "," : "", (int)k, f);
		}
		st = nl ? nl + 1 : NULL;
	}
}

void progress_stall(const struct progress *p, const json_t *stall)
{
	const char *during =
		json_string_value(json_object_get(stall, "during"));
	char frames[200];

	stack_words(json_string_value(json_object_get(stall, "stack")), frames,
		    sizeof(frames));
	progress_emit(
		"stall point=%zu/%zu op=%lld during=%s waited_ms=%lld stack=%s",
		p->point + 1, p->npoints,
		(long long)json_integer_value(json_object_get(stall, "op")),
		during ? during : "op",
		(long long)json_integer_value(
			json_object_get(stall, "waited_ns")) /
			(long long)MS,
		frames[0] ? frames : "-");
}

void progress_warn(const struct progress *p, const char *text)
{
	char t[256];
	size_t i;

	snprintf(t, sizeof(t), "%s", text);
	for (i = 0; t[i]; i++)
		if (t[i] == '\n' || t[i] == '\r')
			t[i] = ' ';
	progress_emit("warn point=%zu/%zu text=%s", p->point + 1, p->npoints,
		      t);
}

void progress_end(struct progress *p, size_t done, bool complete)
{
	char w[128];

	if (p->tty && !p->quiet)
		fputc('\n', stderr);
	run_done += p->point_work;
	p->point_work = 0;
	progress_emit("end scenario=%s points=%zu/%zu complete=%s "
		      "work=%llu/%llu",
		      word(p->scenario, w, sizeof(w)), done, p->npoints,
		      complete ? "yes" : "no", (unsigned long long)run_done,
		      (unsigned long long)run_total);
}

/* ---- a guest's progress on the host ----------------------------------- */

void progress_label(const char *rel, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", rel);
	buf[strcspn(buf, "+")] = '\0';
	/* the flavour: the first "-" that a letter follows */
	for (i = 0; buf[i]; i++)
		if (buf[i] == '-' && isalpha((unsigned char)buf[i + 1])) {
			buf[i] = '\0';
			break;
		}
}

/* The line as wide as the terminal, less one: a wrapped line cannot be
 * taken back with "\r". */
static int width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) || ws.ws_col < 20)
		return 79;
	return ws.ws_col - 1;
}

/* "[LABEL] NAME point 7/20, op 31/50, ETA 4m10s" */
static void view_line(const struct progress_view *v, bool ops, char *buf,
		      size_t len)
{
	char eta[48] = "";
	int n;

	if (v->eta_s >= 0)
		progress_fmt_eta(v->eta_s, v->rough, eta, sizeof(eta));
	n = snprintf(buf, len, "[%s] %s point %u/%u", v->label, v->scenario,
		     v->point, v->npoints);
	if (n > 0 && (size_t)n < len && ops && v->nops)
		n += snprintf(buf + n, len - (size_t)n, ", op %u/%u", v->op,
			      v->nops);
	if (n > 0 && (size_t)n < len && eta[0])
		snprintf(buf + n, len - (size_t)n, ", ETA %s", eta);
}

void progress_view_clear(struct progress_view *v)
{
	if (v->shown)
		fputs("\r\033[K", stderr);
	v->shown = false;
}

static void view_draw(struct progress_view *v)
{
	char line[512];

	view_line(v, true, line, sizeof(line));
	fprintf(stderr, "\r\033[K%.*s", width(), line);
	fflush(stderr);
	v->shown = true;
}

/* Stalls, warnings and silence: said at once, with -q too. */
static void view_alarm(struct progress_view *v, const struct progress_msg *m)
{
	char a[48];
	bool restore = !strcmp(m->during, "restore");

	progress_view_clear(v);
	if (m->kind == PROGRESS_WARN)
		fprintf(stderr, "daxbench vm: [%s] WARNING: point %u/%u: %s\n",
			v->label, m->point, m->npoints, m->text);
	else if (m->kind == PROGRESS_STALL)
		fprintf(stderr,
			"daxbench vm: [%s] stall: %sop %u of point %u waiting "
			"%s in %s\n",
			v->label, restore ? "the restore after " : "", m->op,
			m->point,
			progress_fmt_eta((double)m->waited_ns / 1e9, false, a,
					 sizeof(a)),
			m->fn[0] ? m->fn : "an unreadable stack");
	else
		fprintf(stderr,
			"daxbench vm: [%s] no progress from the guest for %s; "
			"last: point %u/%u op %u\n",
			v->label,
			progress_fmt_eta(m->idle_s, false, a, sizeof(a)),
			v->point, v->npoints, v->op);
}

void progress_view_msg(struct progress_view *v, const struct progress_msg *m)
{
	char line[512];

	switch (m->kind) {
	case PROGRESS_STALL:
	case PROGRESS_WARN:
	case PROGRESS_IDLE:
		view_alarm(v, m);
		break;
	case PROGRESS_START:
		snprintf(v->scenario, sizeof(v->scenario), "%s", m->scenario);
		v->npoints = m->npoints;
		v->point = v->op = v->nops = 0;
		break;
	case PROGRESS_POINT:
		snprintf(v->scenario, sizeof(v->scenario), "%s", m->scenario);
		v->point = m->point;
		v->npoints = m->npoints;
		v->nops = m->nops;
		v->op = 0;
		if (v->quiet || v->tty)
			break;
		view_line(v, false, line, sizeof(line));
		fprintf(stderr, "daxbench vm: %s\n", line);
		break;
	case PROGRESS_OP:
		v->point = m->point;
		v->op = m->op;
		v->nops = m->nops;
		break;
	default:
		return;
	}
	if (v->tty && !v->quiet && v->point)
		view_draw(v);
}
