/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM runner behind 'daxbench vm': finds or fetches a guest kernel,
 * builds (and caches) an initramfs holding busybox, this daxbench binary,
 * mkfs and the pmem/null_blk/filesystem modules, boots it in QEMU with an
 * emulated pmem region (memmap=P!4G), and brings back what daxbench wrote
 * inside through a transfer disk (layout: scripts/guest-init). Functions
 * return 0 or -errno with the text in a struct db_err; they never print,
 * but report progress through a callback the command supplies.
 *
 * This is the API of all of src/vm, so it keeps the folder's plain name;
 * no vm.c implements it alone: the run itself is vm-run.c, and each step
 * before the boot has a vm-*.c of its own (vm-run.c lists them).
 */
#ifndef DAXBENCH_VM_H
#define DAXBENCH_VM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Used when no kernel is named and apt knows no newer 6.1 cloud build. */
#define VM_DEFAULT_KERNEL_PKG "linux-image-6.1.0-57-cloud-amd64-unsigned"
/* Picked from apt when no kernel is named: the newest of these. */
#define VM_DEFAULT_KERNEL_PATTERN \
	"^linux-image-6\\.1\\.0-[0-9]+-cloud-amd64-unsigned$"

#define VM_PMEM_MIN (512ULL << 20) /* mkfs.xfs wants 300 MiB */
#define VM_PMEM_ALIGN (2ULL << 20)
#define VM_PMEM_BASE (4ULL << 30) /* memmap=P!4G: RAM above 4 GiB */
#define VM_LOWMEM_MAX (3ULL << 30) /* QEMU pc keeps at most 3G below 4G */

/* Transfer disk layout, shared with scripts/guest-init. */
#define VM_XFER_IN_HDR 0
#define VM_XFER_IN_OFF (1ULL << 20)
#define VM_XFER_IN_MAX (63ULL << 20)
#define VM_XFER_REC_OFF (64ULL << 10)
#define VM_XFER_REC_STRIDE (64ULL << 10)
#define VM_XFER_SLOT_OFF (64ULL << 20)
#define VM_XFER_SLOT_SIZE (512ULL << 20)

#define VM_MARK "DAXBENCH-VM: "

/*
 * The guest stops a run itself before the host's --timeout would kill it
 * (scripts/guest-init, "the deadline watcher"): it dumps the stacks,
 * sends daxbench SIGALRM, waits, snapshots and powers off. The margin it
 * leaves is 10% of --timeout, at least MIN and at most MAX seconds: what
 * it covers does not grow with the run (a dump and a snapshot take a few
 * seconds under TCG), but the guest's uptime lags the host's clock by
 * the firmware and the kernel load (about 1s under TCG), and a slow host
 * stretches every step. RESERVE of it is kept for the snapshot, the
 * power-off and that lag; the rest is how long daxbench gets to exit
 * after SIGALRM.
 */
#define VM_DEADLINE_MARGIN_MIN_S 20
#define VM_DEADLINE_MARGIN_MAX_S 60
#define VM_DEADLINE_RESERVE_S 8
/* After EXIT the guest powers off; a guest that does not is killed. */
#define VM_EXIT_POWEROFF_S 30
#define VM_SHIP_MAX 16 /* --ship programs per run */

enum vm_accel {
	VM_ACCEL_AUTO,
	VM_ACCEL_KVM,
	VM_ACCEL_TCG,
};

/* A guest kernel, resolved to files on this host. */
/* Where the kernel comes from: exactly one of the first four, or none. */
#define VM_MAX_DEBS 4

#define VM_MAX_PATCHES 16
#define VM_MAX_FRAGMENTS 8

/* A Debian package a kernel was made of, and where apt found it. */
struct vm_kernel_pkg {
	char *name;
	char *version;
	char *suite; /* "trixie-backports"; NULL for a --deb file */
};

struct vm_kernel {
	char *image; /* bzImage / vmlinuz */
	char *release; /* its uname -r */
	char *modroot; /* holds lib/modules/<release>, or NULL */
	char *config; /* its .config / boot/config-*, or NULL */
	char *label; /* "package version" or the path, for results */
	/* built from source (--kernel-source): host.vm.kernel_build */
	json_t *build;
	struct vm_kernel_pkg pkgs[VM_MAX_DEBS]; /* from .debs, in order */
	size_t npkgs;
};

struct vm_kernel_spec {
	const char *kernel; /* bzImage, vmlinuz, or a kernel build tree */
	const char *modules; /* with kernel: lib/modules/<rel> or its root */
	/* one kernel's .deb files: a linux-image, or a split one's parts */
	const char *debs[VM_MAX_DEBS];
	size_t ndebs;
	/* a Debian package, or a version prefix ("7", "6.12"), via apt */
	const char *package;
	const char *flavour; /* with a prefix: default "cloud-amd64" */
	/* a source to build: a tree, linux-source-X or a version X.Y */
	const char *source;
	const char *patches[VM_MAX_PATCHES]; /* applied in order, -p1 */
	size_t npatches;
	/* applied after the lab's own (@base_fragment), in order */
	const char *fragments[VM_MAX_FRAGMENTS];
	size_t nfragments;
	const char *base_fragment; /* kconfig/daxbench.config */
};

/*
 * What runs inside: the daxbench arguments as the guest sees them, and
 * the host files they name, copied in under /scenarios.
 */
struct vm_guest {
	int argc;
	char **argv;
	size_t nfiles;
	char **host; /* host path of each copied file */
	char **inside; /* its path in the guest, without the leading '/' */
};

/* Where 'daxbench run' reads and writes inside the guest. */
#define VM_GUEST_DIR "/mnt/dax"
#define VM_GUEST_RESULTS "/results"
#define VM_GUEST_SCENARIOS "/scenarios"

/**
 * vm_guest_args() - rewrite the arguments after '--' for the guest. For
 * 'run', "--dir /mnt/dax -o /results" is inserted after "run" (giving
 * either yourself is an error: they are guest paths). Every argument, or
 * the value of a "--opt=value" argument, that names an existing host file
 * is copied to /scenarios/<n>-<name> and the argument rewritten; a
 * directory has its regular files copied. "exec PROG ARGS" runs PROG
 * (a guest path, e.g. one put there with --ship) instead of daxbench, with
 * the same results channel. -EINVAL for an empty list, an exec without a
 * program, or an argument holding a newline.
 */
int vm_guest_args(int argc, char **argv, struct vm_guest *g,
		  struct db_err *err);

/** vm_guest_free() - free what vm_guest_args() filled in. */
void vm_guest_free(struct vm_guest *g);

typedef void (*vm_progress_fn)(void *arg, const char *msg);

struct progress_msg;
/* A line of the guest's progress channel (progress.h), as it comes. */
typedef void (*vm_live_fn)(void *arg, const struct progress_msg *m);

struct vm_opts {
	const char *cache_dir;
	const char *fs; /* "ext4" or "xfs" */
	uint64_t pmem_bytes;
	uint64_t mem_bytes; /* guest RAM besides the pmem region */
	unsigned int cpus;
	unsigned int numa; /* 0 or 1: no NUMA topology */
	uint64_t nullblk_nsec; /* 0: no null_blk */
	enum vm_accel accel;
	uint64_t timeout_ns;
	/* each scenario of 'run' from its start; 0: the run as a whole */
	uint64_t scenario_timeout_ns;
	uint64_t kvm_deadline_ns; /* auto: READY within this, else TCG */
	const char *outdir;
	bool keep;
	const char *qemu; /* qemu-system-x86_64 to run */
	const char *guest_init; /* scripts/guest-init to put in the image */
	const struct vm_guest *guest; /* what daxbench runs inside */
	const char *const *ship; /* --ship: more programs for the image */
	size_t nship;
	const char *inject; /* DAXBENCH_INJECT for the guest's daxbench */
	/* the host's own command line: results get it as host.vm.invocation */
	const json_t *invocation;
	vm_progress_fn progress;
	void *progress_arg;
	/* NULL: the guest's progress lines are not read while it runs */
	vm_live_fn live;
	void *live_arg;
};

struct vm_outcome {
	int guest_rc; /* daxbench's exit code inside, -1: none */
	enum vm_accel accel; /* what was used in the end */
	bool timed_out;
	char fail[512]; /* guest-init's FAIL reason, or "" */
	char hung[512]; /* guest-init's HUNG reason, or "" */
	char stall[256]; /* where the hung run stopped, from its result */
	bool stall_hung; /* ... at a stall that "ended_by": "hung" */
	double boot_s; /* QEMU start to READY */
	double total_s;
	unsigned int results; /* result files returned */
	json_t *warnings; /* kernel log lines that look bad (array) */
	char *workdir; /* kept with --keep, else NULL */
	/* where daxbench's stdout and stderr went in OUTDIR, or NULL */
	char *guest_out[2];
};

/* Pure helpers, unit tested. */

/**
 * vm_kconfig_lost() - the lines of the fragment text @want ("CONFIG_X=y",
 * "=m", "=value", "# CONFIG_X is not set") that the .config text @have
 * does not hold as asked: how many, and in *@lost (malloc'd, NULL when
 * none) "CONFIG_X=y (not set), CONFIG_Y=m (y)". -ENOMEM.
 */
int vm_kconfig_lost(const char *want, const char *have, char **lost);

/* What a build from source is made of: its cache key is a digest of it. */
struct vm_kbuild_id {
	const char *source_digest;
	const char *const *patch_sha; /* each patch's content, in order */
	size_t npatches;
	const char *config_sha; /* the fragments' text, in order */
	const char *compiler; /* "gcc (Debian 12.2.0-14) 12.2.0" */
};

#define VM_KBUILD_KEY_LEN 16

/**
 * vm_kbuild_key() - the build's cache key: the first VM_KBUILD_KEY_LEN
 * hex digits of the SHA-256 of @id's fields, each on a line of its own
 * (so that no two lists of fields give one text). A NUL ends @key.
 */
void vm_kbuild_key(const struct vm_kbuild_id *id,
		   char key[VM_KBUILD_KEY_LEN + 1]);

/** vm_accel_parse() - "auto", "kvm", "tcg" to @accel; -EINVAL otherwise. */
int vm_accel_parse(const char *s, enum vm_accel *accel);

/** vm_accel_name() - "auto", "kvm" or "tcg". */
const char *vm_accel_name(enum vm_accel accel);

/**
 * vm_check_sizes() - refuse a pmem region QEMU and the guest cannot use:
 * smaller than VM_PMEM_MIN or not VM_PMEM_ALIGN aligned; guest RAM under
 * 256 MiB or not 2 MiB aligned; more NUMA nodes than CPUs.
 */
int vm_check_sizes(const struct vm_opts *o, struct db_err *err);

/**
 * vm_bzimage_release() - the release ("6.1.0-56-cloud-amd64") from the
 * first bytes of a bzImage: the setup header's kernel_version pointer.
 * -ENOEXEC when @buf is not a bzImage.
 */
int vm_bzimage_release(const unsigned char *buf, size_t len, char *rel,
		       size_t rlen);

/**
 * vm_parse_out_record() - "DAXBENCH-VM-OUT <seq> <len> <crc32 hex>\n" as
 * guest-init writes it; -EINVAL for anything else (an empty slot).
 */
int vm_parse_out_record(const char *rec, size_t n, uint64_t *seq, uint64_t *len,
			uint32_t *crc);

/**
 * vm_log_line_bad() - true when a console line reports a kernel problem:
 * "WARNING:", "BUG:", "Call Trace:", a hung task, "Oops", a panic.
 */
bool vm_log_line_bad(const char *line);

/**
 * vm_guest_deadline() - when the guest ends a run that would outlive the
 * host's @timeout_ns (0: never): *@deadline_s of guest uptime, then up to
 * *@grace_s for daxbench to exit after SIGALRM. The margin is
 * VM_DEADLINE_MARGIN_MIN_S..MAX_S, and at most half of a short timeout.
 */
void vm_guest_deadline(uint64_t timeout_ns, unsigned int *deadline_s,
		       unsigned int *grace_s);

/**
 * vm_stack_frame() - the function of the first frame of a kernel stack
 * (/proc/PID/stack text, "[<0>] ext4_break_layouts+0x..") that is not the
 * scheduler or a lock or wait primitive: the frame that says what the
 * task waits for. -ENOENT when there is none.
 */
int vm_stack_frame(const char *stack, char *fn, size_t len);

/**
 * vm_result_hang() - where an incomplete result stopped, in words for
 * the one line 'daxbench vm' prints when the guest hung: "op 3 of point
 * 1/2 (ext4_break_layouts)" for the first stall that "ended_by": "hung"
 * (its op as in the result, the point counted from 1) and returns 1, or
 * "point 2/3, after 5 op(s)" for a result with no such stall and returns
 * 0. -ENOENT for a complete result or one without points.
 */
int vm_result_hang(json_t *result, char *buf, size_t len);

/** vm_qemu_escape() - @s with every ',' doubled (QEMU option syntax). */
char *vm_qemu_escape(const char *s);

/** struct vm_boot - what one QEMU invocation needs. */
struct vm_boot {
	const char *qemu, *image, *initrd, *xfer, *console;
	const char *progress; /* the guest's ttyS1 goes here; NULL: none */
	enum vm_accel accel; /* KVM or TCG, not AUTO */
	unsigned int cpus, numa;
	uint64_t mem_bytes, pmem_bytes;
};

/**
 * vm_qemu_argv() - the QEMU command line for @b, NULL-terminated, every
 * string malloc'd (free with vm_argv_free()). NULL on allocation failure.
 */
char **vm_qemu_argv(const struct vm_boot *b);

/** vm_argv_free() - free an array from vm_qemu_argv(). */
void vm_argv_free(char **argv);

/* The runner. */

/**
 * vm_cache_dir() - --cache, else $DAXBENCH_CACHE, else
 * $XDG_CACHE_HOME/daxbench, else ~/.cache/daxbench (malloc'd, created).
 */
int vm_cache_dir(const char *opt, char **dir, struct db_err *err);

/**
 * vm_kernel_resolve() - turn @spec into files: extract a .deb (fetching
 * it with apt-get download first for a package) into the cache and run
 * depmod on it; find bzImage and modules in a build tree; check that
 * --modules matches the kernel release and that the kernel config (when
 * there is one) has FS_DAX, pmem and virtio-blk. -ENOENT for a missing
 * file or package, -EINVAL for a mismatch or an unusable config.
 */
int vm_kernel_resolve(const struct vm_kernel_spec *spec, const char *cache,
		      vm_progress_fn progress, void *parg, struct vm_kernel *k,
		      struct db_err *err);

/** vm_kernel_free() - free what vm_kernel_resolve() filled in. */
void vm_kernel_free(struct vm_kernel *k);

/**
 * vm_debian_builds() - Debian's builds from @good to @bad, two
 * linux-image packages of one flavour: every package of that flavour
 * whose version lies between theirs (both included) in the suites apt
 * can read, one per version (-unsigned where both are), oldest first,
 * into @pkgs (free with vm_builds_free()). -EINVAL for ends that are not
 * such packages, of two flavours or in the wrong order; -ENOPKG when apt
 * knows an end in no suite.
 */
int vm_debian_builds(const char *good, const char *bad, const char *cache,
		     vm_progress_fn pr, void *parg, char ***pkgs, size_t *n,
		     struct db_err *err);
void vm_builds_free(char **pkgs, size_t n);

/**
 * vm_run() - build the initramfs (or reuse the cached one), boot @k with
 * @o, wait for the guest, and copy its results into o->outdir along with
 * console.log. Returns 0 when the guest ran daxbench to the end (its own
 * exit code is in @out->guest_rc) and -errno when it did not boot, failed
 * its setup (@out->fail) or was killed by the timeout; -ETIMEDOUT too when
 * daxbench hung (@out->hung: the guest's HUNG reason; @out->stall: where,
 * from the result), with the one line to print in @err. @out is filled in
 * either way, and whatever results came back are in o->outdir.
 */
int vm_run(const struct vm_opts *o, const struct vm_kernel *k,
	   struct vm_outcome *out, struct db_err *err);

/** vm_outcome_free() - free what vm_run() put in @out. */
void vm_outcome_free(struct vm_outcome *out);

#endif
