// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench info: what this machine and a target directory can do, before
 * anything is run. It prints the same host, target and capabilities
 * objects that every result stores (--json), or one aligned line per
 * fact for people, where every "no" carries the reason the probe found
 * so that the user knows what to fix rather than just that it is broken.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "daxbench.h"
#include "hypervisor.h"
#include "sysinfo.h"
#include "units.h"

static const char info_usage[] =
	"usage: daxbench info [--json] [DIR]\n"
	"\n"
	"Show what this machine and the target directory DIR can do: kernel,\n"
	"CPU, memory, NUMA, THP, timer cost; DIR's filesystem, device, mount\n"
	"options, DAX and free space; tracefs, the busy-page symbols,\n"
	"kprobes, function_graph, fs_dax events, io_uring and NUMA support.\n"
	"Every capability that is missing is printed with the reason.\n"
	"\n"
	"  --json     print {\"host\", \"target\", \"capabilities\"} as in a\n"
	"             result file (see daxbench-result(5))\n"
	"  DIR        the target directory (default: $DAXBENCH_DIR, else .)\n"
	"\n"
	"Exit status: 0 ok, 2 usage error, 3 DIR cannot be examined or the\n"
	"output could not be written. See daxbench(1).\n";

#define KEY_WIDTH 19

static void line(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void line(const char *key, const char *fmt, ...)
{
	va_list ap;
	int n = printf("%s:", key);

	printf("%*s", n < KEY_WIDTH ? KEY_WIDTH - n : 1, "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "unknown";
}

static const char *size_str(const json_t *obj, const char *key, char *buf,
			    size_t len)
{
	json_t *j = json_object_get(obj, key);

	if (!json_is_integer(j))
		return "unknown";
	return units_fmt_size((uint64_t)json_integer_value(j), buf, len);
}

/* "yes", or "no (reason)" from the object's "unavailable" map. */
static void yes_no(const json_t *obj, const char *key, const char *label,
		   const char *detail)
{
	const char *why = json_string_value(
		json_object_get(json_object_get(obj, "unavailable"), key));

	if (json_is_true(json_object_get(obj, key)))
		line(label, detail ? "yes (%s)" : "yes", detail);
	else
		line(label, "no (%s)", why ? why : "no reason recorded");
}

static void print_host(const json_t *h)
{
	const json_t *k = json_object_get(h, "kernel");
	const json_t *cfg = json_object_get(k, "config");
	const json_t *vm = json_object_get(h, "vm");
	const char *label;
	char buf[64], cfgline[512] = "";
	void *it;

	line("kernel", "%s", str(k, "release"));
	line("kernel version", "%s", str(k, "version"));
	line("cmdline", "%s", str(k, "cmdline"));
	/* plain loops: clang-format mangles the jansson foreach macros */
	for (it = json_object_iter((json_t *)cfg); it;
	     it = json_object_iter_next((json_t *)cfg, it)) {
		size_t len = strlen(cfgline);

		snprintf(cfgline + len, sizeof(cfgline) - len, "%s%s=%s",
			 len ? " " : "",
			 json_object_iter_key(it) + strlen("CONFIG_"),
			 json_string_value(json_object_iter_value(it)));
	}
	line("kernel config", "%s",
	     *cfgline ? cfgline : "unknown (no /boot/config-RELEASE)");
	line("cpu", "%s", str(h, "cpu"));
	line("cpus", "%" JSON_INTEGER_FORMAT,
	     json_integer_value(json_object_get(h, "cpus")));
	line("memory", "%s", size_str(h, "memory_bytes", buf, sizeof(buf)));
	line("numa nodes", "%" JSON_INTEGER_FORMAT,
	     json_integer_value(json_object_get(h, "numa_nodes")));
	line("page size", "%s", size_str(h, "page_size", buf, sizeof(buf)));
	line("thp", "%s", str(h, "thp"));
	line("timer overhead",
	     "%" JSON_INTEGER_FORMAT
	     "ns (median of back-to-back CLOCK_MONOTONIC reads)",
	     json_integer_value(json_object_get(h, "timer_overhead_ns")));
	line("timer resolution", "%" JSON_INTEGER_FORMAT "ns",
	     json_integer_value(json_object_get(h, "timer_resolution_ns")));
	label = hypervisor_label(json_object_get(h, "hypervisor"));
	line("machine", "%s", label ? label : "unknown (no CPUID here)");
	if (json_is_object(vm))
		line("vm", "yes (accel %s, qemu %s, pmem %s, kernel %s)",
		     str(vm, "accel"), str(vm, "qemu"),
		     size_str(vm, "pmem_bytes", buf, sizeof(buf)),
		     str(vm, "kernel"));
	else
		line("vm", "no (not a guest started by daxbench vm)");
}

static void print_target(const json_t *t)
{
	char free_b[64], size_b[64], how[64];

	line("target", "%s", str(t, "path"));
	line("filesystem", "%s (statfs magic %s)", str(t, "fs"),
	     str(t, "fs_magic"));
	line("mount point", "%s", str(t, "mount_point"));
	line("device", "%s", str(t, "device"));
	line("mount options", "%s", str(t, "mount_options"));
	snprintf(how, sizeof(how), "from %s", str(t, "dax_source"));
	yes_no(t, "dax", "dax", how);
	if (sysinfo_dax_hint(t))
		line("hint", "%s", sysinfo_dax_hint(t));
	line("free", "%s of %s",
	     size_str(t, "free_bytes", free_b, sizeof(free_b)),
	     size_str(t, "size_bytes", size_b, sizeof(size_b)));
}

static void print_caps(const json_t *c)
{
	const json_t *syms = json_object_get(c, "busy_page_symbols");
	const char *why = json_string_value(json_object_get(
		json_object_get(c, "unavailable"), "busy_page_symbols"));
	char list[256] = "";
	size_t i;

	yes_no(c, "tracefs", "tracefs",
	       json_string_value(json_object_get(c, "tracefs_path")));
	for (i = 0; i < json_array_size(syms); i++) {
		size_t len = strlen(list);

		snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
			 json_string_value(json_array_get(syms, i)));
	}
	if (*list)
		line("busy-page symbols", "%s (from %s)", list,
		     str(c, "busy_page_symbols_source"));
	else
		line("busy-page symbols", "no (%s)",
		     why ? why : "no reason recorded");
	yes_no(c, "busy_page_traceable", "busy-page tracing", NULL);
	yes_no(c, "kprobe_events", "kprobe events", NULL);
	yes_no(c, "function_graph", "function_graph", NULL);
	yes_no(c, "fs_dax_events", "fs_dax events", NULL);
	yes_no(c, "io_uring", "io_uring", NULL);
	yes_no(c, "numa", "numa", NULL);
}

static int cmd_info(int argc, char **argv)
{
	const char *dir = getenv("DAXBENCH_DIR");
	bool json = false, dir_given = false, opts_done = false;
	json_t *host, *target = NULL, *caps, *all;
	struct db_err err = { "" };
	int i, rc;

	if (!dir || !*dir)
		dir = ".";
	for (i = 1; i < argc; i++) {
		if (!opts_done && !strcmp(argv[i], "--json")) {
			json = true;
		} else if (!opts_done && !strcmp(argv[i], "--")) {
			opts_done = true;
		} else if (!opts_done && argv[i][0] == '-' && argv[i][1]) {
			return db_usage_error(&cmd_info_entry,
					      "unknown option '%s'", argv[i]);
		} else if (dir_given) {
			return db_usage_error(&cmd_info_entry,
					      "one DIR only, got '%s' too",
					      argv[i]);
		} else {
			dir = argv[i];
			dir_given = true;
		}
	}
	rc = sysinfo_target(dir, &target, &err);
	if (rc) {
		fprintf(stderr, "daxbench info: %s\n", err.msg);
		return DB_EXIT_SYSTEM;
	}
	host = sysinfo_host();
	caps = sysinfo_capabilities();
	all = json_pack("{s:o?, s:o, s:o?}", "host", host, "target", target,
			"capabilities", caps);
	if (!host || !caps || !all) {
		json_decref(all);
		fprintf(stderr, "daxbench info: %s: out of memory\n", dir);
		return DB_EXIT_SYSTEM;
	}
	if (json) {
		json_dumpf(all, stdout,
			   JSON_INDENT(2) | JSON_REAL_PRECISION(15));
		putchar('\n');
	} else {
		print_host(host);
		print_target(target);
		print_caps(caps);
	}
	json_decref(all);
	return db_finish_stdout("info", DB_EXIT_OK);
}

const struct cmd_entry cmd_info_entry = {
	.name = "info",
	.summary = "show what this machine and a target directory can do",
	.usage = info_usage,
	.exec = cmd_info,
};
