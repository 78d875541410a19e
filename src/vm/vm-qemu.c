// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine QEMU is asked for (see vm.h): the accelerators by name, the
 * sizes a guest with an emulated pmem region (memmap=P!4G) can have, and
 * the QEMU command line that builds it. Pure, and unit tested by
 * tests/unit/vm_test.c; running QEMU and watching it is vm-run.c's.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "vm-int.h"

int vm_accel_parse(const char *s, enum vm_accel *accel)
{
	static const char *const names[] = { "auto", "kvm", "tcg" };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!strcmp(s, names[i])) {
			*accel = (enum vm_accel)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *vm_accel_name(enum vm_accel accel)
{
	return accel == VM_ACCEL_KVM ? "kvm" :
	       accel == VM_ACCEL_TCG ? "tcg" :
				       "auto";
}

int vm_check_sizes(const struct vm_opts *o, struct db_err *err)
{
	char a[32], b[32];

	if (o->pmem_bytes < VM_PMEM_MIN)
		return db_err_set(err, -EINVAL,
				  "--pmem %s: too small: at least %s (mkfs.xfs "
				  "needs 300MiB)",
				  units_fmt_size(o->pmem_bytes, a, sizeof(a)),
				  units_fmt_size(VM_PMEM_MIN, b, sizeof(b)));
	if (o->pmem_bytes % VM_PMEM_ALIGN)
		return db_err_set(err, -EINVAL,
				  "--pmem %s: not a multiple of 2MiB: the "
				  "memmap= region must be 2MiB aligned",
				  units_fmt_size(o->pmem_bytes, a, sizeof(a)));
	if (o->mem_bytes < (256ULL << 20) || o->mem_bytes % VM_PMEM_ALIGN)
		return db_err_set(err, -EINVAL,
				  "--mem %s: need a multiple of 2MiB, at least "
				  "256MiB",
				  units_fmt_size(o->mem_bytes, a, sizeof(a)));
	if (o->cpus < 1 || o->cpus > 64)
		return db_err_set(err, -EINVAL, "--cpus %u: need 1..64",
				  o->cpus);
	if (o->numa > o->cpus)
		return db_err_set(err, -EINVAL,
				  "--numa %u: more nodes than --cpus %u: every "
				  "node needs a CPU for cpunodebind",
				  o->numa, o->cpus);
	return 0;
}

char *vm_qemu_escape(const char *s)
{
	size_t n = strlen(s), commas = 0, i, j;
	char *r;

	for (i = 0; i < n; i++)
		commas += s[i] == ',';
	r = malloc(n + commas + 1);
	if (!r)
		return NULL;
	for (i = j = 0; i < n; i++) {
		r[j++] = s[i];
		if (s[i] == ',')
			r[j++] = ',';
	}
	r[j] = '\0';
	return r;
}

/* One memory backend and node per NUMA node, the CPUs split evenly. */
static void add_numa(struct argv_b *v, const struct vm_boot *b, uint64_t total)
{
	uint64_t mib = 1ULL << 20;
	uint64_t per = total / b->numa / (2 * mib) * (2 * mib);
	unsigned int i;

	for (i = 0; i < b->numa; i++) {
		uint64_t sz = i + 1 < b->numa ? per :
						total - per * (b->numa - 1);
		unsigned int c0 = i * b->cpus / b->numa;
		unsigned int c1 = (i + 1) * b->cpus / b->numa - 1;

		vm_argv_add(v, "-object");
		vm_argv_push(v, db_asprintf("memory-backend-ram,id=m%u,"
					    "size=%lluM",
					    i, (unsigned long long)(sz / mib)));
		vm_argv_add(v, "-numa");
		vm_argv_push(v, db_asprintf("node,nodeid=%u,cpus=%u-%u,"
					    "memdev=m%u",
					    i, c0, c1, i));
	}
}

/* The machine: accelerator, CPUs, RAM (pmem included) and NUMA. */
static void add_machine(struct argv_b *v, const struct vm_boot *b)
{
	uint64_t mib = 1ULL << 20;
	uint64_t total = b->mem_bytes + b->pmem_bytes;
	uint64_t low = b->mem_bytes < VM_LOWMEM_MAX ? b->mem_bytes :
						      VM_LOWMEM_MAX;

	/*
	 * The pmem region sits at 4 GiB, so RAM above 4 GiB must cover it:
	 * cap what QEMU puts below 4 GiB at the normal RAM size.
	 */
	vm_argv_add(v, "-machine");
	vm_argv_push(v, db_asprintf("pc,max-ram-below-4g=%lluM",
				    (unsigned long long)(low / mib)));
	vm_argv_add(v, "-accel");
	vm_argv_add(v, b->accel == VM_ACCEL_KVM ? "kvm" : "tcg");
	vm_argv_add(v, "-cpu");
	vm_argv_add(v, b->accel == VM_ACCEL_KVM ? "host" : "max");
	vm_argv_add(v, "-smp");
	vm_argv_push(v, db_asprintf("%u", b->cpus));
	vm_argv_add(v, "-m");
	vm_argv_push(v,
		     db_asprintf("%lluM", (unsigned long long)(total / mib)));
	if (b->numa > 1)
		add_numa(v, b, total);
}

/* A serial port writing to file @path, as chardev @id. */
static void add_serial(struct argv_b *v, const char *id, const char *path)
{
	char *e = vm_qemu_escape(path);

	vm_argv_add(v, "-chardev");
	vm_argv_push(v, e ? db_asprintf("file,id=%s,path=%s", id, e) : NULL);
	free(e);
	vm_argv_add(v, "-serial");
	vm_argv_push(v, db_asprintf("chardev:%s", id));
}

char **vm_qemu_argv(const struct vm_boot *b)
{
	uint64_t mib = 1ULL << 20;
	struct argv_b v = { 0 };
	char *e;

	vm_argv_add(&v, b->qemu);
	vm_argv_add(&v, "-nodefaults");
	vm_argv_add(&v, "-display");
	vm_argv_add(&v, "none");
	vm_argv_add(&v, "-no-reboot");
	add_machine(&v, b);
	vm_argv_add(&v, "-kernel");
	vm_argv_add(&v, b->image);
	vm_argv_add(&v, "-initrd");
	vm_argv_add(&v, b->initrd);
	/*
	 * clocksource=hpet: every guest kernel times with the same clock.
	 * Under TCG 6.1 distrusts the TSC and takes the HPET while 6.12 and
	 * 7.x keep the TSC, and on a loaded host a TSC calibrated against
	 * the PIT can be far off (7.3.4 once found 56.9 MHz instead of
	 * 2441: its clock ran 43 times fast and its deadline fired at once).
	 */
	vm_argv_add(&v, "-append");
	vm_argv_push(&v,
		     db_asprintf("console=ttyS0 memmap=%lluM!%lluM panic=-1 "
				 "clocksource=hpet rdinit=/init",
				 (unsigned long long)(b->pmem_bytes / mib),
				 (unsigned long long)(VM_PMEM_BASE / mib)));
	e = vm_qemu_escape(b->xfer);
	vm_argv_add(&v, "-drive");
	vm_argv_push(
		&v,
		e ? db_asprintf("file=%s,format=raw,if=virtio,cache=writeback",
				e) :
		    NULL);
	free(e);
	add_serial(&v, "con", b->console);
	/* ttyS1: the progress lines, kept out of the kernel's log */
	if (b->progress)
		add_serial(&v, "prog", b->progress);
	return vm_argv_done(&v);
}
