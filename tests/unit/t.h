/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal test helpers for the C unit tests: count failures, print the
 * failing expression with its location, and end with automake's exit
 * codes (0 pass, 1 fail, 77 skip) and a "N passed, N failed" line.
 */
#ifndef DAXBENCH_T_H
#define DAXBENCH_T_H

#include <stdio.h>
#include <stdlib.h>

#define T_EXIT_PASS 0
#define T_EXIT_FAIL 1
#define T_EXIT_SKIP 77

static int t_passed, t_failed;

#define T_CHECK(cond, ...)                                             \
	do {                                                           \
		if (cond) {                                            \
			t_passed++;                                    \
		} else {                                               \
			t_failed++;                                    \
			fprintf(stderr, "%s:%d: FAIL: %s: ", __FILE__, \
				__LINE__, #cond);                      \
			fprintf(stderr, __VA_ARGS__);                  \
			fputc('\n', stderr);                           \
		}                                                      \
	} while (0)

static inline int t_done(void)
{
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed ? T_EXIT_FAIL : T_EXIT_PASS;
}

#endif
