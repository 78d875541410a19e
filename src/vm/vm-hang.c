// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest run that does not end (see vm.h): when the guest stops it
 * before the host's --timeout, and how the host puts into one line where
 * the run stopped, read from the incomplete result that came back. A
 * stall is the finding daxbench exists for, so what a hung guest leaves
 * must say which op of which point waited, and in what.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vm.h"

void vm_guest_deadline(uint64_t timeout_ns, unsigned int *deadline_s,
		       unsigned int *grace_s)
{
	uint64_t t = timeout_ns / 1000000000ULL, margin = t / 10;

	if (margin < VM_DEADLINE_MARGIN_MIN_S)
		margin = VM_DEADLINE_MARGIN_MIN_S;
	if (margin > VM_DEADLINE_MARGIN_MAX_S)
		margin = VM_DEADLINE_MARGIN_MAX_S;
	/* a short --timeout: the run keeps half of it at least */
	if (margin > t / 2)
		margin = t / 2;
	*deadline_s = t - margin > UINT32_MAX ? UINT32_MAX :
						(unsigned int)(t - margin);
	*grace_s = margin > VM_DEADLINE_RESERVE_S ?
			   (unsigned int)(margin - VM_DEADLINE_RESERVE_S) :
			   1;
}

/* Frames that only say the task sleeps, not what for. */
static bool frame_generic(const char *fn, size_t n)
{
	static const char *const pre[] = {
		"__schedule",	  "schedule", "io_schedule", "preempt_schedule",
		"__wait",	  "___wait",  "wait_",	     "do_wait",
		"rwsem_down",	  "down_",    "__down",	     "percpu_down",
		"__mutex",	  "mutex_",   "__rt_mutex",  "rt_mutex",
		"__cond_resched",
	};
	size_t i;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (n >= strlen(pre[i]) && !strncmp(fn, pre[i], strlen(pre[i])))
			return true;
	return false;
}

int vm_stack_frame(const char *stack, char *fn, size_t len)
{
	const char *p = stack, *nl;

	while (p && *p) {
		const char *f = p;
		size_t n;

		nl = strchr(p, '\n');
		/* "[<0>] " or "[<ffffffffc0a1b2c3>] " before the symbol */
		if (*f == '[') {
			f = strchr(f, ']');
			f = f ? f + 1 : p;
		}
		while (*f == ' ' || *f == '\t')
			f++;
		n = strcspn(f, "+ \t\n");
		if (n && !frame_generic(f, n)) {
			snprintf(fn, len, "%.*s", (int)n, f);
			return 0;
		}
		p = nl ? nl + 1 : NULL;
	}
	return -ENOENT;
}

/* A stack string, or an object holding one as "stack". */
static const char *stack_of(json_t *v)
{
	json_t *s = json_is_object(v) ? json_object_get(v, "stack") : v;

	return json_string_value(s);
}

/* The op thread's stack, else the first in "stacks" (an array or map). */
static const char *stall_stack(json_t *stall)
{
	json_t *s = json_object_get(stall, "stacks"), *v;
	const char *st = stack_of(stall), *key;
	size_t i;

	json_array_foreach(s, i, v)
	{
		if (!st)
			st = stack_of(v);
	}
	json_object_foreach(s, key, v)
	{
		if (!st)
			st = stack_of(v);
	}
	return st;
}

/* "1/3": points[] holds the points begun, the sweep says how many. */
static void point_of(json_t *result, size_t i, char *buf, size_t len)
{
	json_t *sweep = json_object_get(json_object_get(result, "scenario"),
					"sweep"),
	       *v;
	const char *key;
	size_t n = 1;

	json_object_foreach(sweep, key, v)
	{
		if (!json_is_array(v))
			break;
		n *= json_array_size(v);
	}
	if (n >= i + 1)
		snprintf(buf, len, "%zu/%zu", i + 1, n);
	else
		snprintf(buf, len, "%zu", i + 1);
}

int vm_result_hang(json_t *result, char *buf, size_t len)
{
	json_t *points = json_object_get(result, "points"), *pt, *stall;
	size_t i, j, np = json_array_size(points);
	char where[48];

	if (json_is_true(json_object_get(result, "complete")) || !np)
		return -ENOENT;
	json_array_foreach(points, i, pt)
	{
		json_array_foreach(json_object_get(pt, "stalls"), j, stall)
		{
			const char *e = json_string_value(
				json_object_get(stall, "ended_by"));
			const char *stack = stall_stack(stall);
			char fn[128] = "";

			if (!e || strcmp(e, "hung"))
				continue;
			if (!stack || vm_stack_frame(stack, fn, sizeof(fn)))
				snprintf(fn, sizeof(fn), "no stack");
			point_of(result, i, where, sizeof(where));
			snprintf(buf, len, "op %lld of point %s (%s)",
				 json_integer_value(
					 json_object_get(stall, "op")),
				 where, fn);
			return 1;
		}
	}
	pt = json_array_get(points, np - 1);
	point_of(result, np - 1, where, sizeof(where));
	snprintf(buf, len, "point %s, after %lld op(s)", where,
		 json_integer_value(json_object_get(pt, "ops_attempted")));
	return 0;
}
