// SPDX-License-Identifier: GPL-2.0-only
/*
 * The transfer disk, a raw virtio disk laid out as vm.h's VM_XFER_* say
 * and as scripts/guest-init reads and writes it: the input archive (the
 * guest's config, arguments and scenario files) goes in before the boot;
 * the newest whole snapshot of what daxbench wrote comes out after.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "vm-int.h"

int vm_parse_out_record(const char *rec, size_t n, uint64_t *seq, uint64_t *len,
			uint32_t *crc)
{
	char line[128];
	unsigned long long s, l;
	unsigned int c;
	int used = 0;

	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, rec, n);
	line[n] = '\0';
	if (!strchr(line, '\n'))
		return -EINVAL;
	if (sscanf(line, "DAXBENCH-VM-OUT %llu %llu %8x\n%n", &s, &l, &c,
		   &used) != 3 ||
	    !used || !s)
		return -EINVAL;
	if (l > VM_XFER_SLOT_SIZE)
		return -EINVAL;
	*seq = s;
	*len = l;
	*crc = c;
	return 0;
}

static int pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* The input archive: config, args and the scenario files, then header. */
/* What sysinfo records as host.vm, and what guest-init does. */
static void write_config(FILE *cf, const struct vm_opts *o,
			 const struct vm_kernel *k, const char *accel,
			 const char *qemu_ver)
{
	unsigned int deadline, grace;

	fprintf(cf, "DAXBENCH_VM_ACCEL=%s\n", accel);
	fprintf(cf, "DAXBENCH_VM_QEMU=%s\n", qemu_ver);
	fprintf(cf, "DAXBENCH_VM_PMEM_BYTES=%llu\n",
		(unsigned long long)o->pmem_bytes);
	fprintf(cf, "DAXBENCH_VM_KERNEL=%s\n", k->label);
	fprintf(cf, "DAXBENCH_VM_FS=%s\n", o->fs);
	fprintf(cf, "DAXBENCH_VM_NULLBLK_NSEC=%llu\n",
		(unsigned long long)o->nullblk_nsec);
	/* the guest ends a run itself before --timeout kills it */
	vm_guest_deadline(o->timeout_ns, &deadline, &grace);
	fprintf(cf, "DAXBENCH_VM_TIMEOUT_S=%llu\n",
		(unsigned long long)(o->timeout_ns / 1000000000ULL));
	fprintf(cf, "DAXBENCH_VM_DEADLINE_S=%u\n", deadline);
	fprintf(cf, "DAXBENCH_VM_GRACE_S=%u\n", grace);
	/* and each scenario before its own budget is spent, as for a run */
	vm_guest_deadline(o->scenario_timeout_ns, &deadline, &grace);
	fprintf(cf, "DAXBENCH_VM_SCENARIO_TIMEOUT_S=%llu\n",
		(unsigned long long)(o->scenario_timeout_ns / 1000000000ULL));
	fprintf(cf, "DAXBENCH_VM_SCENARIO_DEADLINE_S=%u\n",
		o->scenario_timeout_ns ? deadline : 0);
	fprintf(cf, "DAXBENCH_VM_SCENARIO_GRACE_S=%u\n", grace);
	if (o->inject)
		fprintf(cf, "DAXBENCH_VM_INJECT=%s\n", o->inject);
}

/* etc/daxbench-vm/config and args: one NAME=value, one argument a line */
static int add_config(struct cpio *c, const struct vm_opts *o,
		      const struct vm_kernel *k, const char *accel,
		      const char *qemu_ver)
{
	char *cfg = NULL, *args = NULL;
	size_t cl = 0, al = 0, i;
	FILE *cf = open_memstream(&cfg, &cl);
	FILE *af = open_memstream(&args, &al);

	if (!cf || !af) {
		if (cf)
			fclose(cf);
		if (af)
			fclose(af);
		free(cfg);
		free(args);
		return -ENOMEM;
	}
	write_config(cf, o, k, accel, qemu_ver);
	for (i = 0; i < (size_t)o->guest->argc; i++)
		fprintf(af, "%s\n", o->guest->argv[i]);
	fclose(cf);
	fclose(af);
	cpio_buf(c, "etc/daxbench-vm/config", 0644, cfg, cl);
	cpio_buf(c, "etc/daxbench-vm/args", 0644, args, al);
	free(cfg);
	free(args);
	return 0;
}

/* The input archive, in memory: config, args and the guest's files. */
static int input_archive(const struct vm_opts *o, const struct vm_kernel *k,
			 const char *accel, const char *qemu_ver, char **buf,
			 size_t *len, struct db_err *err)
{
	struct cpio c = { 0 };
	size_t i;
	int rc, end;

	c.f = open_memstream(buf, len);
	if (!c.f)
		return -ENOMEM;
	rc = add_config(&c, o, k, accel, qemu_ver);
	for (i = 0; i < o->guest->nfiles && !rc; i++) {
		rc = cpio_file(&c, o->guest->inside[i], o->guest->host[i]);
		if (rc)
			db_err_set(err, rc, "%s: %s", o->guest->host[i],
				   strerror(-rc));
	}
	end = cpio_end(&c);
	fclose(c.f);
	if (!rc && end)
		rc = db_err_set(err, -ENOMEM, "input archive: out of memory");
	if (!rc && *len > VM_XFER_IN_MAX)
		rc = db_err_set(err, -EFBIG,
				"scenario files: %zu bytes, more than the "
				"transfer disk takes",
				*len);
	return rc;
}

int xfer_create(const struct vm_opts *o, const struct vm_kernel *k,
		const char *accel, const char *qemu_ver, const char *path,
		struct db_err *err)
{
	char *buf = NULL, hdr[64];
	size_t len = 0;
	int fd, rc;

	/* config is one NAME=value a line */
	if (o->inject && strchr(o->inject, '\n'))
		return db_err_set(err, -EINVAL,
				  "DAXBENCH_INJECT: holds a newline");
	rc = input_archive(o, k, accel, qemu_ver, &buf, &len, err);
	if (rc) {
		free(buf);
		return rc;
	}
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(buf);
		return db_err_set(err, -errno, "%s: %s", path, strerror(errno));
	}
	snprintf(hdr, sizeof(hdr), "DAXBENCH-VM-IN %zu\n", len);
	/* sparse: only what is written takes space */
	if (ftruncate(fd, (off_t)(VM_XFER_SLOT_OFF + 2 * VM_XFER_SLOT_SIZE)))
		rc = -errno;
	if (!rc)
		rc = pwrite_all(fd, buf, len, (off_t)VM_XFER_IN_OFF);
	if (!rc)
		rc = pwrite_all(fd, hdr, strlen(hdr), VM_XFER_IN_HDR);
	close(fd);
	free(buf);
	return rc ? db_err_set(err, rc, "%s: %s", path, strerror(-rc)) : 0;
}

/*
 * The newest whole snapshot on the transfer disk (the record's crc32
 * matches the slot) is written to @tar. -ENODATA when there is none.
 */
int xfer_fetch(const char *img, const char *tar, struct db_err *err)
{
	uint64_t best_seq = 0, best_len = 0, best_off = 0;
	int fd = open(img, O_RDONLY | O_CLOEXEC), out, s, rc = -ENODATA;
	char *buf;

	if (fd < 0)
		return db_err_set(err, -errno, "%s: %s", img, strerror(errno));
	for (s = 0; s < 2; s++) {
		char rec[128];
		uint64_t seq, len,
			off = VM_XFER_SLOT_OFF + s * VM_XFER_SLOT_SIZE;
		uint32_t crc;
		ssize_t n = pread(
			fd, rec, sizeof(rec),
			(off_t)(VM_XFER_REC_OFF + s * VM_XFER_REC_STRIDE));

		if (n <= 0 ||
		    vm_parse_out_record(rec, (size_t)n, &seq, &len, &crc) ||
		    seq <= best_seq)
			continue;
		buf = malloc(len ? len : 1);
		if (!buf)
			continue;
		if (pread(fd, buf, len, (off_t)off) == (ssize_t)len &&
		    crc32_z(0, (const Bytef *)buf, len) == crc) {
			best_seq = seq;
			best_len = len;
			best_off = off;
		}
		free(buf);
	}
	if (best_seq) {
		buf = malloc(best_len ? best_len : 1);
		out = open(tar, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		rc = !buf || out < 0 ? -EIO : 0;
		if (!rc && pread(fd, buf, best_len, (off_t)best_off) !=
				   (ssize_t)best_len)
			rc = -EIO;
		if (!rc)
			rc = pwrite_all(out, buf, best_len, 0);
		if (out >= 0)
			close(out);
		free(buf);
		if (rc)
			db_err_set(err, rc, "%s: %s", tar, strerror(-rc));
	}
	close(fd);
	return rc;
}
