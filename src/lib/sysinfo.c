// SPDX-License-Identifier: GPL-2.0-only
/*
 * What this machine and target can do (see sysinfo.h). A comparison is
 * only believable when both results say what they ran on, so every fact
 * here is read from the kernel rather than assumed, and every "no" comes
 * with the reason the probe found, stored as data in "unavailable". The
 * probes only read, except the DAX probe, which creates one file with
 * O_EXCL in the target directory and removes it at once.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <liburing.h>
#include <numa.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "hypervisor.h"
#include "nstime.h"
#include "sysinfo.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000 /* Linux 5.8, absent from old headers */
#endif

/* Read a small file whole, without its trailing newline; NULL + errno. */
static char *read_text(const char *path)
{
	size_t len;
	char *buf;
	int rc = fsutil_read_all(path, &buf, &len);

	if (rc) {
		errno = -rc;
		return NULL;
	}
	while (len && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return buf;
}

/* A string, or null when unknown: missing facts are never invented. */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *file_or_null(const char *path)
{
	char *s = read_text(path);
	json_t *j = str_or_null(s);

	free(s);
	return j;
}

/* The first "model name" (x86) or "cpu model"/"Processor" line. */
static json_t *cpu_model(void)
{
	static const char *const keys[] = { "model name", "cpu model",
					    "Processor", "cpu" };
	char line[512], *val = NULL;
	size_t k;
	FILE *f = fopen("/proc/cpuinfo", "re");

	if (!f)
		return json_null();
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && !val; k++) {
		rewind(f);
		while (fgets(line, sizeof(line), f)) {
			size_t kl = strlen(keys[k]);
			char *p = line + kl;

			if (strncmp(line, keys[k], kl))
				continue;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p != ':')
				continue;
			for (p++; *p == ' '; p++)
				;
			p[strcspn(p, "\n")] = '\0';
			val = p;
			break;
		}
	}
	fclose(f);
	return str_or_null(val);
}

/* The bracketed choice of a sysfs selector: "always [madvise] never". */
static json_t *sysfs_choice(const char *path)
{
	char *s = read_text(path), *b, *e;
	json_t *j;

	if (!s)
		return json_null();
	b = strchr(s, '[');
	e = b ? strchr(b, ']') : NULL;
	if (b && e) {
		*e = '\0';
		j = json_string(b + 1);
	} else {
		j = json_string(s);
	}
	free(s);
	return j;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

#define TIMER_TRIES 10001 /* odd, so the median is one sample */

/*
 * What one CLOCK_MONOTONIC read costs: the median of back-to-back pairs.
 * The median, because a pair interrupted by the scheduler or an SMI is
 * not what an op latency pays on average.
 */
static json_t *timer_overhead(void)
{
	int64_t *d = malloc(TIMER_TRIES * sizeof(*d)), med;
	struct timespec a, b;
	int i;

	if (!d)
		return json_null();
	for (i = 0; i < TIMER_TRIES; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		clock_gettime(CLOCK_MONOTONIC, &b);
		d[i] = (int64_t)(nstime_of(&b) - nstime_of(&a));
	}
	qsort(d, TIMER_TRIES, sizeof(*d), cmp_i64);
	med = d[TIMER_TRIES / 2];
	free(d);
	return json_integer(med);
}

static json_t *timer_resolution(void)
{
	struct timespec r;

	if (clock_getres(CLOCK_MONOTONIC, &r))
		return json_null();
	return json_integer((json_int_t)nstime_of(&r));
}

/* Kernel options that decide what a DAX measurement can show. */
static const char *const dax_config[] = {
	"CONFIG_FS_DAX",
	"CONFIG_FS_DAX_PMD",
	"CONFIG_ZONE_DEVICE",
	"CONFIG_TRANSPARENT_HUGEPAGE",
	"CONFIG_FUNCTION_GRAPH_TRACER",
	"CONFIG_KPROBE_EVENTS",
	"CONFIG_IO_URING",
	"CONFIG_BLK_DEV_PMEM",
};

/*
 * The DAX-relevant lines of /boot/config-RELEASE, or null when it is
 * not there (reading /proc/config.gz would need zlib for six lines).
 */
static json_t *kernel_config(const char *release)
{
	char path[PATH_MAX], line[256];
	json_t *cfg;
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "/boot/config-%s", release);
	f = fopen(path, "re");
	if (!f)
		return json_null();
	cfg = json_object();
	for (i = 0; cfg && i < sizeof(dax_config) / sizeof(dax_config[0]); i++)
		json_object_set_new(cfg, dax_config[i], json_string("n"));
	while (cfg && fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		if (strncmp(line, "CONFIG_", 7) || !eq)
			continue;
		*eq = '\0';
		eq[1 + strcspn(eq + 1, "\n")] = '\0';
		if (json_object_get(cfg, line))
			json_object_set_new(cfg, line, json_string(eq + 1));
	}
	fclose(f);
	return cfg ? cfg : json_null();
}

/* "vm" from the guest init's environment, null on bare metal. */
static json_t *vm_info(void)
{
	const char *accel = getenv("DAXBENCH_VM_ACCEL");
	const char *qemu = getenv("DAXBENCH_VM_QEMU");
	const char *pmem = getenv("DAXBENCH_VM_PMEM_BYTES");
	const char *kernel = getenv("DAXBENCH_VM_KERNEL");
	json_t *vm, *pb = json_null();
	char *end;

	if (!accel && !qemu && !pmem && !kernel)
		return json_null();
	if (pmem && *pmem) {
		unsigned long long v;

		errno = 0;
		v = strtoull(pmem, &end, 10);
		if (!errno && !*end && *pmem != '-') {
			json_decref(pb);
			pb = json_integer((json_int_t)v);
		}
	}
	vm = json_pack("{s:o, s:o, s:o, s:o}", "accel", str_or_null(accel),
		       "qemu", str_or_null(qemu), "pmem_bytes", pb, "kernel",
		       str_or_null(kernel));
	return vm ? vm : json_null();
}

/* host.hypervisor: CPUID's answer, and DMI's where there is DMI. */
static json_t *hypervisor(void)
{
	json_t *hv = hypervisor_probe();

	json_object_set_new(hv, "dmi_vendor",
			    file_or_null("/sys/class/dmi/id/sys_vendor"));
	json_object_set_new(hv, "dmi_product",
			    file_or_null("/sys/class/dmi/id/product_name"));
	return hv;
}

json_t *sysinfo_host(void)
{
	struct utsname u;
	long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nodes = numa_available() < 0 ? 1 : numa_max_node() + 1;
	bool have_uts = uname(&u) == 0;

	return json_pack("{s:{s:o, s:o, s:o, s:o}, s:o, s:I, s:I, s:i, s:o, "
			 "s:o, s:o, s:I, s:o, s:o, s:o}",
			 "kernel", "release",
			 str_or_null(have_uts ? u.release : NULL), "version",
			 str_or_null(have_uts ? u.version : NULL), "cmdline",
			 file_or_null("/proc/cmdline"), "config",
			 have_uts ? kernel_config(u.release) : json_null(),
			 "cpu", cpu_model(), "cpus", (json_int_t)cpus,
			 "memory_bytes", (json_int_t)pages * psz, "numa_nodes",
			 nodes, "timer_overhead_ns", timer_overhead(),
			 "timer_resolution_ns", timer_resolution(),
			 "clocksource",
			 file_or_null("/sys/devices/system/clocksource/"
				      "clocksource0/current_clocksource"),
			 "page_size", (json_int_t)psz, "thp",
			 sysfs_choice("/sys/kernel/mm/transparent_hugepage/"
				      "enabled"),
			 "vm", vm_info(), "hypervisor", hypervisor());
}

/* --- target ---------------------------------------------------------- */

/* Undo mountinfo's octal escapes ("\040" is a space) in place. */
static void unescape_octal(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

struct mount_entry {
	char point[PATH_MAX];
	char fstype[64];
	char source[PATH_MAX];
	char options[2048]; /* per-mount then super options */
};

/* Is mount point @m a prefix of @path on a component boundary? */
static size_t mount_covers(const char *m, const char *path)
{
	size_t n = strlen(m);

	if (!strcmp(m, "/"))
		return 1;
	if (strncmp(m, path, n) || (path[n] != '/' && path[n] != '\0'))
		return 0;
	return n;
}

/* Append the tokens of comma list @add not already in @opts. */
static void merge_options(char *opts, size_t cap, const char *add)
{
	char tok[512];
	const char *p = add;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *hit;
		bool dup = false;

		snprintf(tok, sizeof(tok), "%.*s", (int)n, p);
		for (hit = strstr(opts, tok); hit && !dup;
		     hit = strstr(hit + 1, tok))
			dup = (hit == opts || hit[-1] == ',') &&
			      (hit[n] == ',' || hit[n] == '\0');
		if (!dup && n) {
			size_t len = strlen(opts);

			snprintf(opts + len, cap - len, "%s%s", len ? "," : "",
				 tok);
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

/*
 * The mount holding @path: the longest mount point that prefixes it, the
 * later line on a tie because a later mount hides an earlier one there.
 */
static int find_mount_in(const char *mountinfo, const char *path,
			 struct mount_entry *out)
{
	char *line = NULL;
	size_t cap = 0, best = 0;
	FILE *f = fopen(mountinfo, "re");

	/* never 0 here: the caller reads 0 as "found, @out filled" */
	if (!f)
		return errno ? -errno : -EIO;
	while (getline(&line, &cap, f) > 0) {
		/*
		 * NULL-filled: the loops below stop at the first missing
		 * field, and a short line must read as short, not as
		 * whatever the stack held.
		 */
		char *fld[6] = { NULL }, *sep, *save = NULL,
		     *tail[3] = { NULL };
		size_t n, i;

		line[strcspn(line, "\n")] = '\0';
		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = '\0';
		/* id parent maj:min root point options [optional...] */
		fld[0] = strtok_r(line, " ", &save);
		for (i = 1; i < 6 && fld[i - 1]; i++)
			fld[i] = strtok_r(NULL, " ", &save);
		save = NULL;
		tail[0] = strtok_r(sep + 3, " ", &save);
		for (i = 1; i < 3 && tail[i - 1]; i++)
			tail[i] = strtok_r(NULL, " ", &save);
		if (!fld[5] || !tail[0] || !tail[1])
			continue;
		unescape_octal(fld[4]);
		n = mount_covers(fld[4], path);
		if (!n || n < best)
			continue;
		best = n;
		snprintf(out->point, sizeof(out->point), "%s", fld[4]);
		snprintf(out->fstype, sizeof(out->fstype), "%s", tail[0]);
		unescape_octal(tail[1]);
		snprintf(out->source, sizeof(out->source), "%s", tail[1]);
		snprintf(out->options, sizeof(out->options), "%s", fld[5]);
		if (tail[2])
			merge_options(out->options, sizeof(out->options),
				      tail[2]);
	}
	free(line);
	fclose(f);
	return best ? 0 : -ENOENT;
}

static int find_mount(const char *path, struct mount_entry *out)
{
	return find_mount_in("/proc/self/mountinfo", path, out);
}

/* Names for statfs f_type; mountinfo is preferred when it is there. */
static const struct {
	unsigned long magic;
	const char *name;
} fs_magics[] = {
	{ 0xEF53, "ext4" },	     { 0x58465342, "xfs" },
	{ 0x01021994, "tmpfs" },     { 0x9123683E, "btrfs" },
	{ 0x794C7630, "overlayfs" }, { 0x6969, "nfs" },
	{ 0x2FC12FC1, "zfs" },	     { 0xF2F52010, "f2fs" },
	{ 0x858458F6, "ramfs" },     { 0x65735546, "fuse" },
	{ 0x74726163, "tracefs" },   { 0x62656572, "sysfs" },
	{ 0x9FA0, "proc" },	     { 0x4d44, "vfat" },
	{ 0x01161970, "gfs2" },	     { 0x5346544e, "ntfs" },
};

static const char *fs_magic_name(unsigned long magic)
{
	size_t i;

	for (i = 0; i < sizeof(fs_magics) / sizeof(fs_magics[0]); i++)
		if (fs_magics[i].magic == magic)
			return fs_magics[i].name;
	return NULL;
}

/* Does comma list @opts hold @opt as a whole token? */
static bool has_option(const char *opts, const char *opt)
{
	size_t n = strlen(opt);
	const char *p = opts;

	while (p && *p) {
		if (!strncmp(p, opt, n) && (p[n] == ',' || p[n] == '\0'))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

struct dax_probe {
	bool dax;
	const char *source; /* "statx" or "mount_options" */
	char why[256]; /* when !dax */
};

/* statx @fd (AT_EMPTY_PATH) for STATX_ATTR_DAX: 1 / 0, or -errno. */
static int statx_dax(int fd, bool *known)
{
	struct statx sx;

	if (statx(fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT,
		  STATX_BASIC_STATS, &sx))
		return -errno;
	/* before 5.8 the kernel cannot say: the bit is not in the mask */
	*known = sx.stx_attributes_mask & STATX_ATTR_DAX;
	return !!(sx.stx_attributes & STATX_ATTR_DAX);
}

/*
 * DAX is a property of a file, so ask the kernel about a new one made
 * here. A directory we may not write falls back to the directory itself
 * and then to the mount's dax option, and says so.
 */
static void probe_dax(const char *dir, const struct mount_entry *m,
		      bool have_mount, struct dax_probe *out)
{
	char name[PATH_MAX + 64];
	bool known = false;
	uint32_t r = 0;
	int fd, rc, probe_errno = 0;

	memset(out, 0, sizeof(*out));
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) < 0)
		r = (uint32_t)time(NULL);
	snprintf(name, sizeof(name), "%s/.daxbench-probe-%d-%08x", dir,
		 (int)getpid(), r);
	fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		/* gone at once: the fd still answers statx */
		unlink(name);
		rc = statx_dax(fd, &known);
		close(fd);
		if (rc >= 0 && known) {
			out->source = "statx";
			out->dax = rc;
			if (!rc)
				snprintf(out->why, sizeof(out->why),
					 "statx: STATX_ATTR_DAX not set on a "
					 "new file");
			return;
		}
		probe_errno = rc < 0 ? -rc : EOPNOTSUPP;
	} else {
		probe_errno = errno;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = statx_dax(fd, &known);
		close(fd);
		if (rc == 1 && known) {
			out->source = "statx";
			out->dax = true;
			return;
		}
	}
	out->source = "mount_options";
	out->dax = have_mount && (has_option(m->options, "dax") ||
				  has_option(m->options, "dax=always"));
	if (!out->dax)
		snprintf(out->why, sizeof(out->why),
			 "probe file: cannot create: %s; mount options: %s",
			 probe_errno == EOPNOTSUPP ?
				 "statx cannot report DAX on this kernel" :
				 strerror(probe_errno),
			 !have_mount ? "mount not found" :
			 has_option(m->options, "dax=inode") ?
				       "dax=inode (per file, not known here)" :
				       "no dax");
}

int sysinfo_target(const char *dir, json_t **target, struct db_err *err)
{
	char real[PATH_MAX], magic[32];
	struct mount_entry m;
	struct dax_probe dax;
	struct statfs sfs;
	struct statvfs svfs;
	struct stat st;
	const char *fs;
	bool have_mount;
	json_t *t, *un;

	*target = NULL;
	/* empty, not stack garbage, should anything read it without a mount */
	memset(&m, 0, sizeof(m));
	if (!realpath(dir, real))
		return db_err_set(err, -errno, "%s: cannot resolve path: %s",
				  dir, strerror(errno));
	if (stat(real, &st))
		return db_err_set(err, -errno, "%s: stat: %s", real,
				  strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return db_err_set(err, -ENOTDIR, "%s: not a directory", real);
	if (statfs(real, &sfs))
		return db_err_set(err, -errno, "%s: statfs: %s", real,
				  strerror(errno));
	if (statvfs(real, &svfs))
		return db_err_set(err, -errno, "%s: statvfs: %s", real,
				  strerror(errno));
	have_mount = find_mount(real, &m) == 0;
	probe_dax(real, &m, have_mount, &dax);
	snprintf(magic, sizeof(magic), "0x%lx", (unsigned long)sfs.f_type);
	fs = have_mount ? m.fstype : fs_magic_name((unsigned long)sfs.f_type);
	un = json_object();
	if (un && !dax.dax)
		json_object_set_new(un, "dax", json_string(dax.why));
	t = json_pack("{s:s, s:o, s:s, s:o, s:o, s:o, s:b, s:s, s:I, s:I, "
		      "s:o}",
		      "path", real, "fs", str_or_null(fs), "fs_magic", magic,
		      "mount_point", str_or_null(have_mount ? m.point : NULL),
		      "device", str_or_null(have_mount ? m.source : NULL),
		      "mount_options",
		      str_or_null(have_mount ? m.options : NULL), "dax",
		      dax.dax, "dax_source", dax.source, "free_bytes",
		      (json_int_t)svfs.f_bavail * (json_int_t)svfs.f_frsize,
		      "size_bytes",
		      (json_int_t)svfs.f_blocks * (json_int_t)svfs.f_frsize,
		      "unavailable", un);
	if (!t)
		return db_err_set(err, -ENOMEM, "%s: out of memory", real);
	*target = t;
	return 0;
}

const char *sysinfo_dax_hint(const json_t *target)
{
	const char *fs = json_string_value(json_object_get(target, "fs"));

	if (json_is_true(json_object_get(target, "dax")) || !fs)
		return NULL;
	/* the common first try: /tmp or /dev/shm, memory but never DAX */
	if (!strcmp(fs, "tmpfs"))
		return "tmpfs has no DAX: mount a pmem device with -o dax, "
		       "or use daxbench vm";
	return NULL;
}

/* --- capabilities ---------------------------------------------------- */

static char tracefs_dir[PATH_MAX];

const char *sysinfo_tracefs_path(void)
{
	char line[PATH_MAX + 128], point[PATH_MAX], type[64];
	static const char *const fallback[] = { "/sys/kernel/tracing",
						"/sys/kernel/debug/tracing" };
	char probe[PATH_MAX + 16];
	size_t i;
	FILE *f;

	f = fopen("/proc/self/mounts", "re");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %4095s %63s", point, type) != 2 ||
		    strcmp(type, "tracefs"))
			continue;
		unescape_octal(point);
		snprintf(tracefs_dir, sizeof(tracefs_dir), "%s", point);
		fclose(f);
		return tracefs_dir;
	}
	if (f)
		fclose(f);
	/* debugfs auto-mounts tracefs below it, without a mounts line */
	for (i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		snprintf(probe, sizeof(probe), "%s/trace", fallback[i]);
		if (!access(probe, F_OK)) {
			snprintf(tracefs_dir, sizeof(tracefs_dir), "%s",
				 fallback[i]);
			return tracefs_dir;
		}
	}
	return NULL;
}

struct caps {
	json_t *obj, *un;
	const char *tracefs;
};

/* Record capability @name as @yes, or as false with a formatted reason. */
static void cap(struct caps *c, const char *name, bool yes, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

static void cap(struct caps *c, const char *name, bool yes, const char *fmt,
		...)
{
	char why[512];
	va_list ap;

	json_object_set_new(c->obj, name, json_boolean(yes));
	if (yes)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	json_object_set_new(c->un, name, json_string(why));
}

static int trace_path(const struct caps *c, const char *file, char *buf,
		      size_t len)
{
	if (snprintf(buf, len, "%s/%s", c->tracefs, file) < (int)len)
		return 0;
	errno = ENAMETOOLONG;
	return -ENAMETOOLONG;
}

/* Is @word a whole whitespace-separated token of @text? */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(text, word); p; p = strstr(p + 1, word))
		if ((p == text || p[-1] == ' ' || p[-1] == '\n' ||
		     p[-1] == '\t') &&
		    (p[n] == ' ' || p[n] == '\n' || p[n] == '\t' ||
		     p[n] == '\0'))
			return true;
	return false;
}

const char *const sysinfo_busy_syms[SYSINFO_NBUSY_SYMS] = {
	"dax_layout_busy_page", "dax_layout_busy_page_range"
};

/*
 * The name field of a /proc/kallsyms line, "addr type name [module]":
 * after the second space, or NULL on a line with fewer fields. Tested
 * apart: stepping past a missing space must not do arithmetic on NULL.
 */
static char *kallsyms_name(char *line)
{
	char *p = strchr(line, ' ');

	p = p ? strchr(p + 1, ' ') : NULL;
	return p ? p + 1 : NULL;
}

/*
 * Mark in @found which of @names a symbol list @f names: kallsyms lines
 * ("addr type name [module]") or available_filter_functions lines
 * ("name [module]").
 */
static void scan_names(FILE *f, bool kallsyms, const char *const *names,
		       size_t n, bool *found)
{
	char line[512], *name;
	size_t i;

	while (fgets(line, sizeof(line), f)) {
		name = kallsyms ? kallsyms_name(line) : line;
		if (!name)
			continue;
		name[strcspn(name, " \t\n")] = '\0';
		for (i = 0; i < n; i++)
			found[i] |= !strcmp(name, names[i]);
	}
	fclose(f);
}

int sysinfo_kallsyms_find(const char *const *names, size_t n, bool *found)
{
	FILE *f = fopen("/proc/kallsyms", "re");

	if (!f)
		return -errno;
	scan_names(f, true, names, n, found);
	return 0;
}

/*
 * Which busy-page functions ftrace can hook: available_filter_functions
 * lines are "name" or "name [module]". When it cannot be read (it is
 * root-only, and lockdown makes it EPERM even for root) kallsyms at least
 * says the kernel has them; the source is recorded so nobody mistakes
 * "exists" for "traceable".
 */
static void busy_symbols(struct caps *c)
{
	json_t *list = json_array();
	char path[PATH_MAX], why[600] = "";
	const char *source = NULL;
	bool found[SYSINFO_NBUSY_SYMS] = { false, false };
	size_t i;
	FILE *f = NULL;

	if (!c->tracefs)
		snprintf(why, sizeof(why), "tracefs: not mounted");
	else if (trace_path(c, "available_filter_functions", path,
			    sizeof(path)) ||
		 !(f = fopen(path, "re")))
		snprintf(why, sizeof(why), "available_filter_functions: %s",
			 strerror(errno));
	if (f) {
		source = "available_filter_functions";
		scan_names(f, false, sysinfo_busy_syms, SYSINFO_NBUSY_SYMS,
			   found);
	} else if (!sysinfo_kallsyms_find(sysinfo_busy_syms, SYSINFO_NBUSY_SYMS,
					  found)) {
		source = "kallsyms";
	}
	/* a fixed order, so two results list the same kernel the same way */
	for (i = 0; i < SYSINFO_NBUSY_SYMS; i++)
		if (found[i])
			json_array_append_new(
				list, json_string(sysinfo_busy_syms[i]));
	json_object_set_new(c->obj, "busy_page_symbols", list);
	json_object_set_new(c->obj, "busy_page_symbols_source",
			    str_or_null(source));
	if (!json_array_size(list))
		json_object_set_new(
			c->un, "busy_page_symbols",
			json_string(source ? "neither dax_layout_busy_page nor "
					     "dax_layout_busy_page_range "
					     "found" :
					     why));
	cap(c, "busy_page_traceable",
	    source && !strcmp(source, "available_filter_functions") &&
		    json_array_size(list),
	    "%s", *why ? why : "not in available_filter_functions");
}

/* Probes that need tracefs: each says "tracefs: ..." when it is absent. */
static void tracefs_caps(struct caps *c)
{
	char path[PATH_MAX], *tracers;
	bool yes;
	int e;

	if (!c->tracefs) {
		cap(c, "tracefs", false,
		    "not mounted (mount -t tracefs "
		    "nodev /sys/kernel/tracing)");
		cap(c, "kprobe_events", false, "tracefs: not mounted");
		cap(c, "function_graph", false, "tracefs: not mounted");
		cap(c, "fs_dax_events", false, "tracefs: not mounted");
		busy_symbols(c);
		return;
	}
	json_object_set_new(c->obj, "tracefs_path", json_string(c->tracefs));
	/* either file will do: kprobe_events is absent without KPROBES */
	trace_path(c, "current_tracer", path, sizeof(path));
	yes = !access(path, W_OK);
	e = errno;
	trace_path(c, "kprobe_events", path, sizeof(path));
	yes = yes || !access(path, W_OK);
	cap(c, "tracefs", yes, "%s/current_tracer: not writable: %s",
	    c->tracefs, strerror(e));

	trace_path(c, "kprobe_events", path, sizeof(path));
	yes = !access(path, W_OK);
	cap(c, "kprobe_events", yes, "%s: %s", path,
	    errno == ENOENT ? "absent: a kernel without CONFIG_KPROBE_EVENTS" :
			      strerror(errno));

	trace_path(c, "available_tracers", path, sizeof(path));
	tracers = read_text(path);
	cap(c, "function_graph", tracers && has_word(tracers, "function_graph"),
	    "available_tracers: %s",
	    tracers ? "not listed: a kernel without "
		      "CONFIG_FUNCTION_GRAPH_TRACER" :
		      strerror(errno));
	free(tracers);

	trace_path(c, "events/fs_dax/dax_pmd_fault_done", path, sizeof(path));
	yes = !access(path, F_OK);
	cap(c, "fs_dax_events", yes, "events/fs_dax/dax_pmd_fault_done: %s",
	    strerror(errno));
	busy_symbols(c);
}

json_t *sysinfo_capabilities(void)
{
	/*
	 * Found once a process: they do not change while it runs, and the
	 * symbol lists behind them took a third of a second to read in a
	 * TCG guest, for each scenario of a run.
	 */
	static json_t *found;
	struct caps c = { NULL, NULL, sysinfo_tracefs_path() };
	struct io_uring ring;
	int rc;

	if (found)
		return json_deep_copy(found);
	c.obj = json_object();
	c.un = json_object();
	if (!c.obj || !c.un) {
		json_decref(c.obj);
		json_decref(c.un);
		return NULL;
	}
	json_object_set_new(c.obj, "tracefs_path", json_null());
	tracefs_caps(&c);

	rc = io_uring_queue_init(2, &ring, 0);
	cap(&c, "io_uring", rc == 0, "io_uring_queue_init: %s", strerror(-rc));
	if (!rc)
		io_uring_queue_exit(&ring);

	cap(&c, "numa", numa_available() >= 0,
	    "libnuma: numa_available() failed (no NUMA support in the "
	    "kernel)");
	json_object_set_new(c.obj, "unavailable", c.un);
	found = json_deep_copy(c.obj);
	return c.obj;
}
