// SPDX-License-Identifier: GPL-2.0-only
/*
 * The peer of 'daxbench run' for measurement overhead: the same layout op
 * on the same kind of file, timed with CLOCK_MONOTONIC around the syscall
 * and nothing else: no watchdog, no pinners, no tracing, no JSON. The
 * restore steps after each op are those of layout_restore(), the
 * engine's FIEMAP check of a pmd file and layout_prefault()
 * (src/engine/layout-*.c, src/engine/engine.c), so both programs do
 * identical work and a difference in the median is daxbench's own
 * cost. Prints the median op latency and the timer overhead measured as
 * sysinfo.c does.
 *
 * usage: bareloop [-d DIR] [-s SIZE] [-o OP] [-O OFF] [-l LEN] [-n N]
 *                 [-w WARMUP] [-m pmd|pte] [-p]
 * Sizes are plain bytes or with a K/M/G suffix (powers of two).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* fallocate() flags; config.h sets it in the build */
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PMD_SIZE (2ULL << 20)
#define PAGE_4K 4096ULL
#define TIMER_TRIES 1001 /* as in src/lib/sysinfo.c */

enum op { OP_TRUNCATE, OP_PUNCH_HOLE, OP_ZERO_RANGE };

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);

	switch (*end) {
	case 'G':
		v <<= 10;
		/* fall through */
	case 'M':
		v <<= 10;
		/* fall through */
	case 'K':
		v <<= 10;
	}
	return v;
}

static uint64_t timer_overhead(void)
{
	static uint64_t d[TIMER_TRIES];
	int i;

	for (i = 0; i < TIMER_TRIES; i++) {
		uint64_t a = now_ns();

		d[i] = now_ns() - a;
	}
	qsort(d, TIMER_TRIES, sizeof(*d), cmp_u64);
	return d[TIMER_TRIES / 2];
}

static void die(const char *what)
{
	fprintf(stderr, "bareloop: %s: %s\n", what, strerror(errno));
	exit(3);
}

/* As layout_fiemap(): FIEMAP_FLAG_SYNC over the file, room for 512. */
#define FIEMAP_EXTENTS 512
static void fiemap_sync(int fd, uint64_t size)
{
	struct {
		struct fiemap fm;
		struct fiemap_extent e[FIEMAP_EXTENTS];
	} x;

	memset(&x, 0, sizeof(x));
	x.fm.fm_length = size;
	x.fm.fm_flags = FIEMAP_FLAG_SYNC;
	x.fm.fm_extent_count = FIEMAP_EXTENTS;
	if (ioctl(fd, FS_IOC_FIEMAP, &x.fm))
		die("FIEMAP");
}

static void prefault(volatile unsigned char *p, uint64_t size)
{
	uint64_t o;

	for (o = 0; o < size; o += PAGE_4K)
		p[o] = (unsigned char)o;
}

static int do_op(int fd, enum op op, uint64_t off, uint64_t len)
{
	switch (op) {
	case OP_TRUNCATE:
		return ftruncate(fd, (off_t)off);
	case OP_PUNCH_HOLE:
		return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				 (off_t)off, (off_t)len);
	case OP_ZERO_RANGE:
		return fallocate(fd, FALLOC_FL_ZERO_RANGE, (off_t)off,
				 (off_t)len);
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *dir = ".";
	uint64_t size = 4ULL << 20, off = 0, len = 2ULL << 20, *lat;
	unsigned int n = 100, warm = 2, i;
	bool pte = false, fault = false;
	enum op op = OP_PUNCH_HOLE;
	unsigned char *map = NULL;
	char path[4096];
	int c, fd;

	while ((c = getopt(argc, argv, "d:s:o:O:l:n:w:m:ph")) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 's':
			size = parse_size(optarg);
			break;
		case 'o':
			op = !strcmp(optarg, "truncate")   ? OP_TRUNCATE :
			     !strcmp(optarg, "zero_range") ? OP_ZERO_RANGE :
							     OP_PUNCH_HOLE;
			break;
		case 'O':
			off = parse_size(optarg);
			break;
		case 'l':
			len = parse_size(optarg);
			break;
		case 'n':
			n = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'w':
			warm = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'm':
			pte = !strcmp(optarg, "pte");
			break;
		case 'p':
			fault = true;
			break;
		default:
			fprintf(stderr,
				"usage: bareloop [-d DIR] [-s SIZE] [-o "
				"truncate|punch_hole|zero_range] [-O OFF] "
				"[-l LEN] [-n N] [-w WARMUP] [-m pmd|pte] "
				"[-p]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (!n || !size)
		return 2;
	lat = calloc(n, sizeof(*lat));
	if (!lat)
		die("calloc");
	snprintf(path, sizeof(path), "%s/bareloop-%d.dat", dir, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0)
		die(path);
	if (fallocate(fd, 0, 0, (off_t)size))
		die("fallocate");
	if (fault) {
		/* placed as in layout-testfile.c: PMD aligned or 4 KiB off */
		size_t rlen = size + 2 * PMD_SIZE;
		uintptr_t at;
		void *r = mmap(NULL, rlen, PROT_NONE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			       0);

		if (r == MAP_FAILED)
			die("mmap reserve");
		at = ((uintptr_t)r + PMD_SIZE - 1) & ~(uintptr_t)(PMD_SIZE - 1);
		if (pte)
			at += PAGE_4K;
		map = mmap((void *)at, size, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_FIXED, fd, 0);
		if (map == MAP_FAILED)
			die("mmap");
		if (pte)
			madvise(map, size, MADV_NOHUGEPAGE);
		prefault(map, size);
	}
	for (i = 0; i < warm + n; i++) {
		struct stat st;
		uint64_t t0, t1;

		t0 = now_ns();
		if (do_op(fd, op, off, len))
			die("layout op");
		t1 = now_ns();
		if (i >= warm)
			lat[i - warm] = t1 - t0;
		/* layout_restore(): size back, then every block allocated */
		if (fstat(fd, &st))
			die("fstat");
		if ((uint64_t)st.st_size != size && ftruncate(fd, (off_t)size))
			die("restore size");
		/* a pmd file's freed blocks back from ext4's journal first */
		if (!pte && fsync(fd))
			die("fsync");
		if (fallocate(fd, 0, 0, (off_t)size))
			die("re-allocate");
		/* the engine's FIEMAP check of a pmd file after the restore */
		if (!pte)
			fiemap_sync(fd, size);
		if (fault)
			prefault(map, size);
	}
	unlink(path);
	close(fd);
	qsort(lat, n, sizeof(*lat), cmp_u64);
	printf("n %u\nmedian_ns %llu\ntimer_overhead_ns %llu\n", n,
	       (unsigned long long)lat[n / 2],
	       (unsigned long long)timer_overhead());
	free(lat);
	return 0;
}
