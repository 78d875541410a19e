// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pin method table (pin-int.h) against the scenario format: every
 * method a scenario can name has its struct pin_ops, under that name,
 * and a method pin.c does not know is an error of pin_start(), not a
 * set that pins nothing.
 */
#include <errno.h>
#include <string.h>

#include "pin-int.h"
#include "scenario.h"
#include "t.h"

static void check_method(enum pin_method m)
{
	const char *name = scenario_method_name(m);
	const struct pin_ops *ops = pin_ops_find(m);

	T_CHECK(ops != NULL, "method %s: not in pin_table[]", name);
	if (!ops)
		return;
	T_CHECK(ops->method == m, "method %s: found as %d", name,
		(int)ops->method);
	T_CHECK(!strcmp(ops->name, name), "method %s: named %s", name,
		ops->name);
	/* only "none" has no threads, and so nothing for them to do */
	T_CHECK(!ops->loop == (m == PIN_NONE), "method %s: loop", name);
	T_CHECK(ops->loop || (!ops->setup && !ops->teardown),
		"method %s: setup or teardown without a loop", name);
}

/* pin_start() with no threads: a set that arms, pauses, goes at once. */
static void check_none(void)
{
	struct pin_config cfg = { .method = PIN_NONE,
				  .cpunodebind = -1,
				  .membind = -1 };
	struct pin_report rep;
	struct pin_set *ps;
	struct db_err err;

	T_CHECK(pin_start(&cfg, &ps, &err) == 0, "none: %s", err.msg);
	T_CHECK(pin_arm(ps, 0) == 0, "none: pin_arm");
	T_CHECK(pin_pause(ps, 0) == 0, "none: pin_pause");
	T_CHECK(pin_held(ps) == 0, "none: pin_held");
	pin_stop(ps, &rep);
	T_CHECK(rep.ios == 0 && rep.errors == 0, "none: a report of nothing");
}

int main(void)
{
	struct pin_config cfg = { .method = (enum pin_method)1000,
				  .threads = 1 };
	struct pin_set *ps = NULL;
	struct db_err err;
	unsigned int m;

	for (m = 0; strcmp(scenario_method_name((enum pin_method)m), "?"); m++)
		check_method((enum pin_method)m);
	T_CHECK(pin_start(&cfg, &ps, &err) == -EINVAL && !ps,
		"an unknown method starts no set");
	check_none();
	return t_done();
}
