/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error text carried out of modules. Modules return 0 or -errno and never
 * print; they describe what went wrong in a struct db_err, and the command
 * prints it once as "daxbench <cmd>: <err.msg>".
 */
#ifndef DAXBENCH_ERR_H
#define DAXBENCH_ERR_H

#include <stdarg.h>
#include <stddef.h>

struct db_err {
	char msg[1024];
};

/**
 * db_err_set() - format a message into @err (which may be NULL).
 * @rc: the negative errno to return, so callers can write
 *      'return db_err_set(err, -EINVAL, "...")'.
 */
int db_err_set(struct db_err *err, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * db_err_prefix() - prepend "PREFIX: " to the message already in @err.
 * Returns @rc unchanged.
 */
int db_err_prefix(struct db_err *err, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * db_asprintf() - a malloc'd formatted string, NULL when out of memory.
 * db_vasprintf() - the same from a va_list.
 */
char *db_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *db_vasprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

#endif
