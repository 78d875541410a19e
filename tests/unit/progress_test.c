// SPDX-License-Identifier: GPL-2.0-only
/*
 * The progress channel and the ETA: lines written as 'run --progress-fd'
 * writes them read back field by field, noise refused, the estimate of
 * a job of guests from what finished and a prior before that (and said
 * to be rough), the ledger, and the short forms the terminal shows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"
#include "t.h"

static void test_parse(void)
{
	struct progress_msg m;

	T_CHECK(progress_parse("daxbench-progress: plan scenarios=2 "
			       "points=5 ops=60 work=0/900",
			       &m) == 0 &&
			m.kind == PROGRESS_PLAN && m.scenarios == 2 &&
			m.npoints == 5 && m.nops == 60 && m.work_total == 900,
		"plan: %u %u %u", m.scenarios, m.npoints, m.nops);
	T_CHECK(progress_parse("daxbench-progress: start scenario=a-b "
			       "points=20 ops=50 timeout_ms=30000 "
			       "work=10/900",
			       &m) == 0 &&
			m.kind == PROGRESS_START &&
			!strcmp(m.scenario, "a-b") && m.npoints == 20 &&
			m.point == 0 && m.nops == 50 &&
			m.timeout_ns == 30000000000ULL && m.work == 10,
		"start: %s %u %u", m.scenario, m.point, m.npoints);
	T_CHECK(progress_parse("daxbench-progress: op point=7/20 op=31/50 "
			       "work=400/900\r",
			       &m) == 0 &&
			m.kind == PROGRESS_OP && m.point == 7 &&
			m.npoints == 20 && m.op == 31 && m.nops == 50 &&
			m.work == 400 && m.work_total == 900,
		"op: %u/%u %u/%u", m.point, m.npoints, m.op, m.nops);
	T_CHECK(progress_parse("daxbench-progress: stall point=2/3 op=3 "
			       "during=op waited_ms=30012 "
			       "stack=ext4_break_layouts,ext4_punch_hole",
			       &m) == 0 &&
			m.kind == PROGRESS_STALL && m.point == 2 && m.op == 3 &&
			m.waited_ns == 30012000000ULL &&
			!strcmp(m.during, "op") &&
			!strcmp(m.stack, "ext4_break_layouts,ext4_punch_hole"),
		"stall: %u %u %s", m.point, m.op, m.stack);
	T_CHECK(progress_parse("daxbench-progress: end scenario=x "
			       "points=4/5 complete=no newkey=1 work=1/2",
			       &m) == 0 &&
			m.kind == PROGRESS_END && m.point == 4 &&
			m.npoints == 5 && !m.complete,
		"end, with a key from the future: %u/%u", m.point, m.npoints);
	T_CHECK(progress_parse("daxbench-progress: warn point=2/4 text=pins "
			       "never met the ops: 0 of 25 ops started\r\n",
			       &m) == 0 &&
			m.kind == PROGRESS_WARN && m.point == 2 &&
			m.npoints == 4 &&
			!strcmp(m.text, "pins never met the ops: 0 of 25 ops "
					"started"),
		"warn: the text to the end of the line: '%s'", m.text);
	T_CHECK(progress_parse("[    1.2] daxbench-progress: frobnicate x=1",
			       &m) == -EINVAL,
		"an event nobody knows");
	T_CHECK(progress_parse("random noise on the port", &m) == -EINVAL,
		"noise");
}

static void test_eta(void)
{
	struct progress_job j = { 0 };
	struct progress_guest cur = { 0 }, g;
	bool rough;
	double eta;

	/* the first guest still boots: nothing to go on */
	cur.total_s = 3;
	T_CHECK(progress_eta(&j, &cur, 2, &rough) < 0, "no plan yet");
	/* its plan came, no op done: the prior, rough */
	cur.planned = 1000;
	cur.total_s = 10;
	cur.run_s = 0.1;
	eta = progress_eta(&j, &cur, 0, &rough);
	T_CHECK(rough && eta > 4.9 && eta < 5.1, "prior: %.2f", eta);
	/* half done in 10s, one point finished: 10s more */
	cur.work = 500;
	cur.points = 1;
	cur.total_s = 20;
	cur.run_s = 10;
	eta = progress_eta(&j, &cur, 0, &rough);
	T_CHECK(!rough && eta > 9.9 && eta < 10.1, "half: %.2f", eta);
	/* two more guests like it: each 10s outside the run, 20s in it */
	eta = progress_eta(&j, &cur, 2, &rough);
	T_CHECK(rough && eta > 69.9 && eta < 70.1, "three: %.2f", eta);
	/* the first finished: 5s outside, 20s in; the second just booted */
	g = (struct progress_guest){ .planned = 1000,
				     .work = 1000,
				     .points = 2,
				     .total_s = 25,
				     .run_s = 20 };
	progress_job_add(&j, &g);
	cur = (struct progress_guest){ .total_s = 3 };
	eta = progress_eta(&j, &cur, 1, &rough);
	/* this one: 2s of boot, 20s; the last: 25s */
	T_CHECK(!rough && eta > 46.9 && eta < 47.1, "ledger: %.2f", eta);
	/* a stall of 60s in the first guest is neither boot nor rate */
	j.sum.total_s += 60;
	j.sum.stall_s += 60;
	eta = progress_eta(&j, &cur, 1, &rough);
	T_CHECK(eta > 46.9 && eta < 47.1, "a stall: %.2f", eta);
	/* a plan of the whole job: the work after this guest is what it
	 * says is left (2000 units, 40s), not the guests' mean */
	j.guests = 3;
	j.work = 4000;
	eta = progress_eta(&j, &cur, 1, &rough);
	T_CHECK(eta > 66.9 && eta < 67.1, "planned work: %.2f", eta);
}

static void test_ledger(void)
{
	char path[] = "/tmp/progress_test.XXXXXX";
	struct progress_guest g = { .planned = 100,
				    .work = 80,
				    .points = 3,
				    .total_s = 12.5,
				    .run_s = 4,
				    .stall_s = 2 };
	struct progress_job j;
	FILE *f;
	int fd = mkstemp(path);

	T_CHECK(fd >= 0, "mkstemp");
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	fputs("plan guests=6 work=600\n", f);
	fclose(f);
	T_CHECK(progress_job_append(path, &g, "6.1.0-57") == 0, "append");
	T_CHECK(progress_job_append(path, &g, "6.12.117") == 0, "append 2");
	T_CHECK(progress_job_load(path, &j) == 0 && j.guests == 6 &&
			j.work == 600 && j.done == 2 && j.sum.planned == 200 &&
			j.sum.work == 160 && j.sum.points == 6 &&
			j.sum.total_s == 25 && j.sum.run_s == 8 &&
			j.sum.stall_s == 4,
		"load: %u guests, %u done, %.1fs", j.guests, j.done,
		j.sum.total_s);
	unlink(path);
	T_CHECK(progress_job_load(path, &j) == 0 && !j.done && !j.guests,
		"a missing ledger is an empty job");
}

static void test_fmt(void)
{
	char b[48], l[32];

	T_CHECK(!strcmp(progress_fmt_eta(37.4, false, b, sizeof(b)), "37s"),
		"%s", b);
	T_CHECK(!strcmp(progress_fmt_eta(250, false, b, sizeof(b)), "4m10s"),
		"%s", b);
	T_CHECK(!strcmp(progress_fmt_eta(300, false, b, sizeof(b)), "5m"), "%s",
		b);
	T_CHECK(!strcmp(progress_fmt_eta(3900, false, b, sizeof(b)), "1h05m"),
		"%s", b);
	T_CHECK(!strcmp(progress_fmt_eta(710, true, b, sizeof(b)),
			"~12m (rough)"),
		"%s", b);
	progress_label("6.12.117+deb13-cloud-amd64", l, sizeof(l));
	T_CHECK(!strcmp(l, "6.12.117"), "%s", l);
	progress_label("6.1.0-57-cloud-amd64", l, sizeof(l));
	T_CHECK(!strcmp(l, "6.1.0-57"), "%s", l);
	progress_label("7.3.4+deb13-cloud-amd64", l, sizeof(l));
	T_CHECK(!strcmp(l, "7.3.4"), "%s", l);
	progress_label("6.13.0-rc1", l, sizeof(l));
	T_CHECK(!strcmp(l, "6.13.0"), "%s", l);
}

int main(void)
{
	test_parse();
	test_eta();
	test_ledger();
	test_fmt();
	return t_done();
}
