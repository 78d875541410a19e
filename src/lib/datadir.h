/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the files daxbench ships are (the scenarios, the guest's /init):
 * in the source tree when this daxbench runs from its build tree, so
 * that a fresh build uses its own files and not an older installed copy,
 * else where 'make install' put them.
 */
#ifndef DAXBENCH_DATADIR_H
#define DAXBENCH_DATADIR_H

#include <stdbool.h>

/** datadir_in_build_tree() - whether this daxbench is the build tree's. */
bool datadir_in_build_tree(void);

/**
 * datadir_scenarios() - the directory of the shipped scenarios:
 * SRCDIR/scenarios from the build tree, else PKGDATADIR/scenarios.
 */
const char *datadir_scenarios(void);

/**
 * datadir_kconfig() - the lab kernel's configuration fragment,
 * kconfig/daxbench.config, in the source tree or installed.
 */
const char *datadir_kconfig(void);

#endif
