/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal test helpers for the C unit tests. Each check is a TAP line on
 * stdout, which automake's tap-driver.sh counts and names in the log:
 * "ok N - file.c:LINE: cond", or "not ok N - ..." with the message as a
 * "# " line below it; t_done() ends with the plan "1..N" and a "# N
 * passed, N failed" comment. A test that cannot run here says why with
 * t_skip() ("1..0 # SKIP why"). A test that stops before its plan (an
 * early T_EXIT_FAIL, a crash, a sanitizer's report) is the driver's
 * ERROR.
 */
#ifndef DAXBENCH_T_H
#define DAXBENCH_T_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_EXIT_PASS 0
#define T_EXIT_FAIL 1

static int t_count, t_passed, t_failed;

/* a TAP description is one line, and '#' would start a directive */
static inline void t_put_desc(const char *s)
{
	for (; *s; s++) {
		if (*s == '#')
			putchar('\\');
		putchar(*s == '\n' ? ' ' : *s);
	}
}

static inline void t_line(const char *status, const char *file, int line,
			  const char *cond)
{
	const char *base = strrchr(file, '/');

	printf("%s %d - %s:%d: ", status, ++t_count, base ? base + 1 : file,
	       line);
	t_put_desc(cond);
	putchar('\n');
}

static inline void t_pass(const char *file, int line, const char *cond)
{
	t_passed++;
	t_line("ok", file, line, cond);
}

static inline void __attribute__((format(printf, 4, 5)))
t_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	char *s, *nl;

	t_failed++;
	t_line("not ok", file, line, cond);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (s = msg; s; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		printf("# %.*s\n", nl ? (int)(nl - s) : (int)strlen(s), s);
	}
	/* a crash after this line must not lose it */
	fflush(stdout);
}

#define T_CHECK(cond, ...)                                              \
	do {                                                            \
		if (cond)                                               \
			t_pass(__FILE__, __LINE__, #cond);              \
		else                                                    \
			t_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

static inline int t_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", t_count, t_passed, t_failed);
	return T_EXIT_PASS;
}

/*
 * The environment lacks what the test needs: before any check the whole
 * test is a skip; after some, the rest of it is one skipped check.
 */
static inline int __attribute__((format(printf, 1, 2)))
t_skip(const char *fmt, ...)
{
	va_list ap;

	if (t_count)
		printf("ok %d # SKIP ", ++t_count);
	else
		printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return t_count ? t_done() : T_EXIT_PASS;
}

#endif
