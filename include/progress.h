/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The progress of a run as the user sees it: on a terminal one line that
 * 'daxbench run' updates after every op ("point 1/4, op 6/42, ETA 7s").
 * Progress is output by nature, so this module prints, to stderr only.
 */
#ifndef DAXBENCH_PROGRESS_H
#define DAXBENCH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One scenario's run: where it is, and since when. */
struct progress {
	bool tty, quiet;
	const char *scenario;
	size_t point, npoints;
	uint64_t start, last;
};

/**
 * show_progress() - the engine's progress callback (engine_ctx.progress):
 * @done of @total ops of the current point. @arg is a struct progress.
 */
void show_progress(void *arg, unsigned int done, unsigned int total);

#endif
