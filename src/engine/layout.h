/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test file and its mapping, and the layout operations run on it:
 * the API of the layout module, whose files are layout-testfile.c (the
 * test file, its mapping, the pinners' scratch file), layout-op.c (the
 * ops and the restore), layout-fiemap.c (FIEMAP: aligning, checking)
 * and layout-own.c (the registry of the files we made, and their
 * removal).
 *
 * Safety rule: daxbench only ever truncates, punches or unlinks a file
 * that this module created itself with O_EXCL in this run, and unlinks it
 * only while its name in its directory still leads to that inode. struct
 * dax_file is the only handle layout operations accept, and it is only
 * made by layout_create().
 */
#ifndef DAXBENCH_LAYOUT_H
#define DAXBENCH_LAYOUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "scenario.h"

#define LAYOUT_PMD_SIZE (2ULL << 20)

struct dax_file {
	int fd;
	char *path;
	uint64_t size;
	enum map_mode mode;
	unsigned char *map; /* the mapping the pinners and faults use */
	void *reserve; /* the whole reservation, for munmap */
	size_t reserve_len;
	uint64_t realigned; /* bytes collapsed off the head to align it */
};

/**
 * layout_create() - make DIR/daxbench-PID-SEQ.dat with O_EXCL, allocate it
 * fully (fallocate), and map it shared: for MAP_PMD at a 2 MiB aligned
 * address, for MAP_PTE 4 KiB off alignment and MADV_NOHUGEPAGE, so that
 * no PMD can ever map it. The file is registered for removal at exit.
 */
int layout_create(const char *dir, uint64_t size, enum map_mode mode,
		  struct dax_file *f, struct db_err *err);

/**
 * layout_prefault() - write-touch every 4 KiB page of [off, off+len) so
 * that the mapping (and the DAX xarray) is populated; a write fault also
 * converts unwritten extents, so pins land on real blocks.
 */
void layout_prefault(struct dax_file *f, uint64_t off, uint64_t len);

/** layout_op() - the layout change itself (what is timed). 0 or -errno. */
int layout_op(struct dax_file *f, enum op_type op, uint64_t off, uint64_t len);

/**
 * layout_restore() - bring the file back to its full allocated size after
 * layout_op() so that every sample starts from the same layout.
 */
int layout_restore(struct dax_file *f, enum op_type op, uint64_t off,
		   uint64_t len, struct db_err *err);

/**
 * layout_fiemap() - check that every extent is 2 MiB aligned logically and
 * physically and at least 2 MiB long (what a PMD fault needs), all of
 * them, a FIEMAP batch at a time. Fills @report with {"checked",
 * "aligned", "extents", "misaligned", "why", "realigned_bytes"}; returns
 * 0, or -errno when FIEMAP failed before the last extent: then @report
 * is {"checked": false, "why"}, with no verdict.
 */
int layout_fiemap(struct dax_file *f, json_t **report);

/**
 * layout_drop_mapping() - drop every page of the mapping (MADV_DONTNEED),
 * which the pinners' buffers are part of; a later touch faults it back.
 * Safe from another thread while the op runs. 0 or -errno.
 */
int layout_drop_mapping(struct dax_file *f);

/**
 * layout_mapped_pages() - how many 4 KiB pages of the mapping this
 * process's page tables map right now (/proc/self/pagemap's present bit;
 * a PMD counts its 512), into @n. The busy scan unmaps the whole file
 * before it waits, so a page mapped while a layout break waits is one a
 * thread faulted back in. 0 or -errno.
 */
int layout_mapped_pages(const struct dax_file *f, uint64_t *n);

/**
 * layout_scratch_create() - a data file for O_DIRECT pinners to read from
 * when no device is given: DIR/daxbench-PID-pin.dat, O_EXCL, @size bytes
 * actually written (reads of unwritten extents copy zeroes without
 * pinning anything). Registered for removal like the test files.
 */
int layout_scratch_create(const char *dir, uint64_t size, char **path,
			  struct db_err *err);

/** layout_scratch_remove() - remove a file made by layout_scratch_create. */
void layout_scratch_remove(char *path);

/** layout_destroy() - unmap, close and unlink. Safe to call twice. */
void layout_destroy(struct dax_file *f);

/**
 * layout_cleanup_all() - unlink every file this process created and has
 * not destroyed yet; for the exit path after an error or a signal.
 */
void layout_cleanup_all(void);

#endif
