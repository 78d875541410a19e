/*
 * The progress channel's protocol (progress-proto.c): the
 * machine-readable lines that 'daxbench run --progress-fd N' writes as
 * things happen, and their parser, which the host uses on a guest's
 * second serial port. See progress.h for the whole picture.
 */
/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The progress channel's protocol (progress-proto.c): machine-readable lines that
 * 'daxbench run --progress-fd N' writes as things happen, and their
 * parser, which the host uses on a guest's second serial port. See
 * progress.h for the whole picture.
 */
#ifndef DAXBENCH_PROGRESS_PROTO_H
#define DAXBENCH_PROGRESS_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROGRESS_MARK "daxbench-progress: "

/**
 * progress_channel_open() - send lines to the fd @arg names (as
 * --progress-fd gives it); 0, -EINVAL for no number, -EBADF for an fd
 * that is not open.
 */
int progress_channel_open(const char *arg);

/**
 * progress_emit() - one channel line, PROGRESS_MARK + the text + "\n",
 * in one write() (so that the op thread and the watchdog thread never
 * interleave); nothing when no channel is open.
 */
void progress_emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** progress_channel_on() - whether a channel is open. */
bool progress_channel_on(void);

enum progress_kind {
	PROGRESS_PLAN, /* the whole run: scenarios, points, ops, work */
	PROGRESS_START, /* a scenario: points, ops, timeout */
	PROGRESS_POINT, /* a point begins */
	PROGRESS_OP, /* ops of a point done */
	PROGRESS_STALL, /* the watchdog fired */
	PROGRESS_END, /* a scenario ended */
	PROGRESS_WARN, /* a point ended with a warning (text=, to the end) */
	PROGRESS_IDLE, /* host only: the channel is silent for too long */
};

/* One channel line, read back; fields a line has not are 0. */
struct progress_msg {
	enum progress_kind kind;
	char scenario[128];
	unsigned int scenarios, point, npoints, op, nops;
	uint64_t work, work_total; /* the whole run's: done / planned */
	uint64_t timeout_ns, waited_ns;
	char during[16]; /* a stall: "op" or "restore" */
	char stack[256]; /* a stall: "fn,fn,..." innermost first */
	char fn[64]; /* a stall: what it waits in (the reader fills it) */
	char text[256]; /* a warning */
	bool complete; /* end */
	double t; /* host: seconds since QEMU started, when it came */
	double idle_s; /* idle: how long the channel has been silent */
};

/**
 * progress_parse() - one channel line into @m. -EINVAL for a line that
 * is none (noise on the port) or has no event daxbench knows; unknown
 * keys are ignored, so that older hosts read newer guests.
 */
int progress_parse(const char *line, struct progress_msg *m);

/**
 * progress_field() - the value of " KEY=VALUE" in @line (up to the next
 * blank), into @val; -ENOENT when there is none.
 */
int progress_field(const char *line, const char *key, char *val, size_t len);

#endif
