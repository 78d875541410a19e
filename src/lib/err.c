// SPDX-License-Identifier: GPL-2.0-only
/*
 * The error-text carrier for modules (see err.h): modules fill it, the
 * command prints it once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int db_err_set(struct db_err *err, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return rc;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return rc;
}

int db_err_prefix(struct db_err *err, int rc, const char *fmt, ...)
{
	size_t plen, mlen, cap = sizeof(err->msg) - 1;
	char prefix[512];
	va_list ap;
	int n;

	if (!err)
		return rc;
	va_start(ap, fmt);
	n = vsnprintf(prefix, sizeof(prefix) - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return rc;
	strcat(prefix, ": ");
	plen = strlen(prefix);
	/* shift the old text right, losing its tail if it no longer fits */
	mlen = strnlen(err->msg, cap);
	if (plen + mlen > cap)
		mlen = cap - plen;
	memmove(err->msg + plen, err->msg, mlen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + mlen] = '\0';
	return rc;
}

char *db_vasprintf(const char *fmt, va_list ap)
{
	char *s;

	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

char *db_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = db_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}
