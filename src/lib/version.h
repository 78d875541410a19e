/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which build of daxbench this is: the release version and, when it was
 * built from a git checkout, the revision (git describe) at build time.
 */
#ifndef DAXBENCH_VERSION_H
#define DAXBENCH_VERSION_H

/**
 * db_git_revision() - "37c8259" or "v0.1-3-g37c8259-dirty" as
 * git describe --always --dirty gave it when this binary was built, or
 * NULL when it was not built from a git checkout (a release tarball).
 */
const char *db_git_revision(void);

#endif
