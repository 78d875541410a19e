// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for the VM runner's pure parts: the bzImage version probe,
 * the transfer-disk record parser and its crc32, the kernel-log filter,
 * size checks, QEMU option escaping and the QEMU command line, the
 * rewriting of the guest's daxbench arguments, and the move of a guest's
 * file into OUTDIR that never replaces one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "t.h"
#include "vm-int.h"

static bool has(char **argv, const char *s)
{
	for (; *argv; argv++)
		if (!strcmp(*argv, s))
			return true;
	return false;
}

static void test_bzimage(void)
{
	static unsigned char img[0x400];
	char rel[64];

	T_CHECK(vm_bzimage_release(img, sizeof(img), rel, sizeof(rel)) ==
			-ENOEXEC,
		"zeros are no bzImage");
	memcpy(img + 0x202, "HdrS", 4);
	img[0x20e] = 0x00; /* version string at 0x200 + 0x100 */
	img[0x20f] = 0x01;
	strcpy((char *)img + 0x300, "6.1.0-56-cloud-amd64 (debian) #1 SMP");
	T_CHECK(!vm_bzimage_release(img, sizeof(img), rel, sizeof(rel)),
		"header parses");
	T_CHECK(!strcmp(rel, "6.1.0-56-cloud-amd64"), "release '%s'", rel);
	T_CHECK(vm_bzimage_release(img, 0x300, rel, sizeof(rel)) == -ENOEXEC,
		"pointer past the end");
}

static void test_record(void)
{
	uint64_t seq, len;
	uint32_t crc;
	const char *ok = "DAXBENCH-VM-OUT 3 5632 b3b9ee7f\n";

	const Bytef *hw = (const Bytef *)"hello world\n";

	/*
	 * The value busybox crc32 printed for "hello world\n": the guest's
	 * records and the cache's names (kvm-verdict-%08lx, ...) are made
	 * with it, and the CRC-32/ISO-HDLC check value.
	 */
	T_CHECK(crc32_z(0, hw, 12) == 0xaf083b2d, "crc32 %08lx",
		crc32_z(0, hw, 12));
	T_CHECK(crc32_z(crc32_z(0, hw, 5), hw + 5, 7) == 0xaf083b2d,
		"crc32 continued");
	T_CHECK(crc32_z(0, (const Bytef *)"123456789", 9) == 0xcbf43926,
		"crc32 check value");
	T_CHECK(!vm_parse_out_record(ok, strlen(ok), &seq, &len, &crc),
		"record parses");
	T_CHECK(seq == 3 && len == 5632 && crc == 0xb3b9ee7f, "fields");
	T_CHECK(vm_parse_out_record("DAXBENCH-VM-OUT 3 5632 b3b9", 27, &seq,
				    &len, &crc) == -EINVAL,
		"a torn record (no newline) is refused");
	T_CHECK(vm_parse_out_record("\0\0\0\0", 4, &seq, &len, &crc) == -EINVAL,
		"an empty slot is refused");
	T_CHECK(vm_parse_out_record("DAXBENCH-VM-OUT 0 1 0\n", 22, &seq, &len,
				    &crc) == -EINVAL,
		"sequence 0 is never written");
}

static void test_log(void)
{
	T_CHECK(vm_log_line_bad("[ 1.0] WARNING: CPU: 0 PID: 1 at fs/dax.c"),
		"WARNING");
	T_CHECK(vm_log_line_bad("[ 9.1] INFO: task x:12 blocked for more "
				"than 120 seconds."),
		"hung task");
	T_CHECK(vm_log_line_bad("[ 2.0] Call Trace:"), "Call Trace");
	T_CHECK(!vm_log_line_bad("[ 2.0] EXT4-fs (pmem0): DAX enabled"),
		"a normal line");
}

static void test_sizes(void)
{
	struct vm_opts o = { .pmem_bytes = 2ULL << 30,
			     .mem_bytes = 4ULL << 30,
			     .cpus = 2 };
	struct db_err err = { { 0 } };

	T_CHECK(!vm_check_sizes(&o, &err), "defaults: %s", err.msg);
	o.pmem_bytes = (2ULL << 30) + 4096;
	T_CHECK(vm_check_sizes(&o, &err) == -EINVAL && strstr(err.msg, "2MiB"),
		"unaligned pmem: %s", err.msg);
	o.pmem_bytes = 100ULL << 20;
	T_CHECK(vm_check_sizes(&o, &err) == -EINVAL &&
			strstr(err.msg, "too small"),
		"small pmem: %s", err.msg);
	o.pmem_bytes = 2ULL << 30;
	o.numa = 4;
	T_CHECK(vm_check_sizes(&o, &err) == -EINVAL, "numa > cpus");
}

static void test_argv(void)
{
	struct vm_boot b = { .qemu = "qemu-system-x86_64",
			     .image = "/k/vmlinuz",
			     .initrd = "/c/i.cpio",
			     .xfer = "/w/a,b.img",
			     .console = "/o/console.log",
			     .accel = VM_ACCEL_TCG,
			     .cpus = 2,
			     .numa = 2,
			     .mem_bytes = 4ULL << 30,
			     .pmem_bytes = 2ULL << 30 };
	char **argv = vm_qemu_argv(&b);
	char *e = vm_qemu_escape("a,b,,c");

	T_CHECK(e && !strcmp(e, "a,,b,,,,c"), "escape '%s'", e);
	free(e);
	T_CHECK(argv != NULL, "argv built");
	if (!argv)
		return;
	T_CHECK(has(argv, "6144M"), "-m is RAM + pmem");
	T_CHECK(has(argv, "pc,max-ram-below-4g=3072M"), "low RAM capped");
	T_CHECK(has(argv, "tcg") && has(argv, "max"), "tcg with -cpu max");
	T_CHECK(has(argv,
		    "console=ttyS0 memmap=2048M!4096M panic=-1 clocksource=hpet rdinit=/init"),
		"memmap= region at 4G");
	T_CHECK(has(argv, "file=/w/a,,b.img,format=raw,if=virtio,"
			  "cache=writeback"),
		"commas in paths doubled");
	T_CHECK(has(argv, "memory-backend-ram,id=m0,size=3072M") &&
			has(argv, "node,nodeid=1,cpus=1-1,memdev=m1"),
		"two NUMA nodes");
	T_CHECK(!has(argv, "chardev:prog"), "no progress port unless asked");
	vm_argv_free(argv);
	/* the progress lines: ttyS1, the second -serial, a file of its own */
	b.progress = "/o/progress.log";
	argv = vm_qemu_argv(&b);
	T_CHECK(argv && has(argv, "file,id=prog,path=/o/progress.log") &&
			has(argv, "chardev:con") && has(argv, "chardev:prog"),
		"progress port");
	vm_argv_free(argv);
}

static void test_guest_args(void)
{
	char path[] = "/tmp/vm_test.XXXXXX";
	char *run[] = { "run", "--repeat=3", NULL, NULL };
	char *bad[] = { "run", "-o", "/x", NULL };
	struct db_err err = { { 0 } };
	struct vm_guest g;
	int fd = mkstemp(path);

	T_CHECK(fd >= 0, "mkstemp");
	if (fd < 0)
		return;
	close(fd);
	run[2] = path;
	T_CHECK(!vm_guest_args(3, run, &g, &err), "run args: %s", err.msg);
	T_CHECK(g.argc == 7, "argc %d", g.argc);
	T_CHECK(!strcmp(g.argv[1], "--dir") &&
			!strcmp(g.argv[2], VM_GUEST_DIR) &&
			!strcmp(g.argv[4], VM_GUEST_RESULTS),
		"--dir and -o inserted");
	T_CHECK(!strcmp(g.argv[5], "--repeat=3"), "options kept");
	T_CHECK(!strncmp(g.argv[6], "/scenarios/2-vm_test.", 21),
		"scenario path rewritten: %s", g.argv[6]);
	T_CHECK(g.nfiles == 1 && !strcmp(g.host[0], path), "file copied in");
	vm_guest_free(&g);
	T_CHECK(vm_guest_args(3, bad, &g, &err) == -EINVAL &&
			strstr(err.msg, "vm -o OUTDIR"),
		"run -o refused: %s", err.msg);
	T_CHECK(vm_guest_args(0, bad, &g, &err) == -EINVAL, "nothing to run");
	unlink(path);
}

static void test_deadline(void)
{
	unsigned int d, g;

	vm_guest_deadline(60ULL * 1000000000ULL, &d, &g);
	T_CHECK(d == 40 && g == 12, "60s: deadline %u grace %u", d, g);
	vm_guest_deadline(600ULL * 1000000000ULL, &d, &g);
	T_CHECK(d == 540 && g == 52, "600s: 10%%: deadline %u grace %u", d, g);
	vm_guest_deadline(3600ULL * 1000000000ULL, &d, &g);
	T_CHECK(d == 3540, "1h: margin capped at 60s: deadline %u", d);
	vm_guest_deadline(10ULL * 1000000000ULL, &d, &g);
	T_CHECK(d == 5 && g == 1, "10s: half of it: deadline %u grace %u", d,
		g);
	vm_guest_deadline(0, &d, &g);
	T_CHECK(d == 0, "no timeout, no deadline: %u", d);
}

static void test_stack_frame(void)
{
	char fn[64];

	T_CHECK(!vm_stack_frame("[<0>] __schedule+0x1/0x2\n"
				"[<0>] schedule+0x3/0x4\n"
				"[<0>] ext4_break_layouts+0x8f/0x120\n"
				"[<0>] ext4_punch_hole+0x135/0x560\n",
				fn, sizeof(fn)) &&
			!strcmp(fn, "ext4_break_layouts"),
		"scheduler frames skipped: '%s'", fn);
	T_CHECK(!vm_stack_frame("[<ffffffffc0a1b2c3>] rwsem_down_write_slowpath"
				"+0x1/0x2\n[<0>] xfs_ilock+0x1/0x2 [xfs]\n",
				fn, sizeof(fn)) &&
			!strcmp(fn, "xfs_ilock"),
		"lock frames skipped: '%s'", fn);
	T_CHECK(vm_stack_frame("[<0>] schedule+0x3/0x4\n", fn, sizeof(fn)) ==
			-ENOENT,
		"only the scheduler");
	T_CHECK(vm_stack_frame("", fn, sizeof(fn)) == -ENOENT, "empty");
}

static void test_result_hang(void)
{
	json_t *r = json_pack(
		"{s:b,s:{s:{s:[i,i,i]}},s:[{s:I,s:[]},{s:I,s:[{s:i,s:s,s:s}]}]}",
		"complete", 0, "scenario", "sweep", "pinners.threads", 1, 2, 4,
		"points", "ops_attempted", (json_int_t)5, "stalls",
		"ops_attempted", (json_int_t)4, "stalls", "op", 3, "ended_by",
		"hung", "stack",
		"[<0>] schedule+0x1/0x2\n[<0>] ext4_break_layouts+0x8f/0x120\n");
	char buf[128];

	T_CHECK(vm_result_hang(r, buf, sizeof(buf)) == 1 &&
			!strcmp(buf, "op 3 of point 2/3 (ext4_break_layouts)"),
		"hung stall: '%s'", buf);
	json_object_set_new(
		json_array_get(
			json_object_get(
				json_array_get(json_object_get(r, "points"), 1),
				"stalls"),
			0),
		"ended_by", json_string("signal"));
	T_CHECK(vm_result_hang(r, buf, sizeof(buf)) == 0 &&
			!strcmp(buf, "point 2/3, after 4 op(s)"),
		"interrupted point: '%s'", buf);
	json_object_set_new(r, "complete", json_true());
	T_CHECK(vm_result_hang(r, buf, sizeof(buf)) == -ENOENT, "complete");
	json_decref(r);
}

/* A file @name in @dir holding @text. */
static void put(const char *dir, const char *name, const char *text)
{
	char *p = db_asprintf("%s/%s", dir, name);
	FILE *f = p ? fopen(p, "w") : NULL;

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(p);
}

/* Whether @dir/@name holds @text. */
static bool holds(const char *dir, const char *name, const char *text)
{
	char *p = db_asprintf("%s/%s", dir, name), *buf = NULL;
	bool same = p && !vm_read_all(p, &buf, NULL) && !strcmp(buf, text);

	free(buf);
	free(p);
	return same;
}

/*
 * @name moved from @dir into @out, where a file of that name is: it goes
 * to @want, and both files are kept.
 */
static void place_taken(const char *dir, const char *out, const char *name,
			const char *want)
{
	char *src = db_asprintf("%s/%s", dir, name), *p = NULL;

	put(dir, name, "new");
	put(out, name, "old");
	T_CHECK(src && !vm_place(src, out, name, &p), "%s: a name taken", name);
	T_CHECK(p && !strcmp(p + strlen(out) + 1, want), "%s: placed at %s",
		name, p);
	T_CHECK(holds(out, name, "old") && holds(out, want, "new") &&
			!vm_exists(src),
		"%s: both kept, each once", name);
	free(p);
	free(src);
}

/* A name taken in OUTDIR is never replaced: the next free one is taken. */
static void test_place(void)
{
	char dir[] = "/tmp/vm_test.XXXXXX", *out, *src, *p = NULL;

	if (!mkdtemp(dir)) {
		T_CHECK(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	out = db_asprintf("%s/out", dir);
	src = db_asprintf("%s/r.json", dir);
	T_CHECK(out && src && !mkdir(out, 0755), "OUTDIR");
	put(dir, "r.json", "one");
	T_CHECK(!vm_place(src, out, "r.json", &p), "a free name");
	T_CHECK(p && !strcmp(p + strlen(out), "/r.json"), "placed at %s", p);
	free(p);
	place_taken(dir, out, "r.json", "r.1.json");
	place_taken(dir, out, "r.json", "r.2.json");
	T_CHECK(holds(out, "r.1.json", "new"), "r.1.json: kept");
	/* no extension, or a leading dot only: the number goes at the end */
	place_taken(dir, out, "stdout", "stdout.1");
	place_taken(dir, out, ".x", ".x.1");
	/* a move that cannot be made leaves the file where it was */
	put(dir, "r.json", "four");
	p = NULL;
	T_CHECK(vm_place(src, "/nonexistent/out", "r.json", &p) == -ENOENT &&
			!p,
		"no OUTDIR");
	T_CHECK(holds(dir, "r.json", "four"), "the file stays when not moved");
	free(src);
	free(out);
	vm_rm_rf(dir);
}

/* What olddefconfig kept of a fragment: every lost line named, no other. */
static void test_kconfig_lost(void)
{
	const char *want = "# the lab\n"
			   "CONFIG_FS_DAX=y\n"
			   "CONFIG_BLK_DEV_NULL_BLK=m\n"
			   "CONFIG_NR_CPUS=8\n"
			   "# CONFIG_MODULE_SIG is not set\n"
			   "CONFIG_XFS_FS=y";
	const char *have = "CONFIG_FS_DAX=y\n"
			   "CONFIG_BLK_DEV_NULL_BLK=y\n"
			   "CONFIG_NR_CPUS=8\n"
			   "CONFIG_MODULE_SIG=y\n"
			   "# CONFIG_XFS_FS is not set\n";
	char *lost = NULL;
	int n;

	n = vm_kconfig_lost(want, have, &lost);
	T_CHECK(n == 3, "n %d", n);
	T_CHECK(lost && !strcmp(lost, "CONFIG_BLK_DEV_NULL_BLK=m (y), "
				      "CONFIG_MODULE_SIG=n (y), "
				      "CONFIG_XFS_FS=y (not set)"),
		"lost: %s", lost ? lost : "(none)");
	free(lost);
	/* a symbol absent from .config is not set; asked unset, it holds */
	n = vm_kconfig_lost("CONFIG_KPROBES=y\n# CONFIG_BPF is not set\n",
			    "CONFIG_KPROBES_ON_FTRACE=y\n", &lost);
	T_CHECK(n == 1, "n %d", n);
	T_CHECK(lost && !strcmp(lost, "CONFIG_KPROBES=y (not set)"), "%s", "");
	free(lost);
	n = vm_kconfig_lost(have, have, &lost);
	T_CHECK(n == 0 && lost == NULL, "n %d", n);
	/* comments and blank lines ask for nothing */
	n = vm_kconfig_lost("#\n\n# CONFIG_ is a prefix\n", "", &lost);
	T_CHECK(n == 0 && lost == NULL, "n %d", n);
}

/* The build's key: the same inputs the same key, any change another. */
static void test_kbuild_key(void)
{
	const char *p2[] = { "aa", "bb" }, *p2r[] = { "bb", "aa" };
	const char *p1[] = { "aabb" };
	struct vm_kbuild_id a = { "debian linux-source-6.1 6.1.192-3 x", p2, 2,
				  "cfg", "gcc 12.2.0" };
	struct vm_kbuild_id b = a;
	char ka[VM_KBUILD_KEY_LEN + 1], kb[VM_KBUILD_KEY_LEN + 1];

	vm_kbuild_key(&a, ka);
	T_CHECK(strlen(ka) == VM_KBUILD_KEY_LEN &&
			strspn(ka, "0123456789abcdef") == VM_KBUILD_KEY_LEN,
		"%s", "");
	vm_kbuild_key(&b, kb);
	T_CHECK(!strcmp(ka, kb), "%s vs %s", ka, kb);
	b.patch_sha = p2r; /* the order of patches matters */
	vm_kbuild_key(&b, kb);
	T_CHECK(strcmp(ka, kb), "key %s", kb);
	b.patch_sha = p1; /* two patches are not one of their text */
	b.npatches = 1;
	vm_kbuild_key(&b, kb);
	T_CHECK(strcmp(ka, kb), "key %s", kb);
	b = a;
	b.npatches = 0; /* the unpatched base */
	vm_kbuild_key(&b, kb);
	T_CHECK(strcmp(ka, kb), "key %s", kb);
	b = a;
	b.config_sha = "cfg2";
	vm_kbuild_key(&b, kb);
	T_CHECK(strcmp(ka, kb), "key %s", kb);
	b = a;
	b.compiler = "gcc 14.2.0";
	vm_kbuild_key(&b, kb);
	T_CHECK(strcmp(ka, kb), "key %s", kb);
	b = a;
	b.source_digest = "debian linux-source-6.1 6.1.193-1 y";
	vm_kbuild_key(&b, kb);
	T_CHECK(strcmp(ka, kb), "key %s", kb);
}

int main(void)
{
	test_kconfig_lost();
	test_kbuild_key();
	test_bzimage();
	test_record();
	test_log();
	test_sizes();
	test_argv();
	test_guest_args();
	test_deadline();
	test_stack_frame();
	test_result_hang();
	test_place();
	return t_done();
}
