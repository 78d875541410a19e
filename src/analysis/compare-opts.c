// SPDX-License-Identifier: GPL-2.0-only
/*
 * The options compare and report share (--threshold, --alpha,
 * --run-noise, --force): their defaults and their parsing.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare-int.h"

static int parse_double(const char *s, double *v, bool percent)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (percent && *end == '%')
		end++;
	if (errno || end == s || *end || !isfinite(*v))
		return -EINVAL;
	return 0;
}

int compare_parse_threshold(const char *s, double *frac)
{
	double v;

	if (parse_double(s, &v, true) || v < 0 || v >= 1000)
		return -EINVAL;
	*frac = v / 100;
	return 0;
}

int compare_parse_alpha(const char *s, double *alpha)
{
	double v;

	if (parse_double(s, &v, false) || v <= 0 || v >= 1)
		return -EINVAL;
	*alpha = v;
	return 0;
}

void compare_opts_init(struct compare_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = COMPARE_THRESHOLD;
	o->alpha = COMPARE_ALPHA;
	o->run_noise = COMPARE_RUN_NOISE;
}

int compare_parse_opt(int c, const char *arg, struct compare_opts *o, char *why,
		      size_t len)
{
	switch (c) {
	case 't':
		if (!compare_parse_threshold(arg, &o->threshold))
			return 1;
		snprintf(why, len,
			 "--threshold: '%s' is not a percentage in [0, 1000)",
			 arg);
		return -EINVAL;
	case 'a':
		if (!compare_parse_alpha(arg, &o->alpha))
			return 1;
		snprintf(why, len, "--alpha: '%s' is not a level in (0, 1)",
			 arg);
		return -EINVAL;
	case 'N':
		/* a percentage like --threshold: the sd of log(run median) */
		if (!compare_parse_threshold(arg, &o->run_noise))
			return 1;
		snprintf(why, len,
			 "--run-noise: '%s' is not a percentage in [0, 1000)",
			 arg);
		return -EINVAL;
	case 'F':
		o->force = true;
		return 1;
	}
	return 0;
}
