// SPDX-License-Identifier: GPL-2.0-only
/*
 * compare_print() (see compare.h): the layout asked for. Above the
 * layouts (compare-text.c, compare-email.c, compare-json.c), which share
 * compare-fmt.c below them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "compare-int.h"

int compare_print(const struct compare_report *rep, enum compare_format fmt,
		  FILE *f)
{
	int rc = 0;

	switch (fmt) {
	case COMPARE_TEXT:
		compare_print_tabular(rep, false, f);
		break;
	case COMPARE_MARKDOWN:
		compare_print_tabular(rep, true, f);
		break;
	case COMPARE_EMAIL:
		compare_print_email(rep, f);
		break;
	case COMPARE_JSON:
		rc = compare_print_json(rep, f);
		break;
	case COMPARE_SUMMARY:
		compare_summary_head(rep, f);
		rc = compare_print_summary(rep, "new/base", f);
		break;
	}
	if (!rc && ferror(f))
		rc = -EIO;
	return rc;
}
