// SPDX-License-Identifier: GPL-2.0-only
/*
 * Is the host a VM (see hypervisor.h)? CPUID's hypervisor bit is what
 * every hypervisor sets, leaf 0x40000000 names it.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define HAVE_X86_CPUID 1
#endif

#include "hypervisor.h"

static const struct {
	const char *sig, *name;
} vendors[] = {
	{ "KVMKVMKVM", "KVM" },		  { "TCGTCGTCGTCG", "QEMU TCG" },
	{ "Microsoft Hv", "Hyper-V" },	  { "VMwareVMware", "VMware" },
	{ "XenVMMXenVMM", "Xen" },	  { "bhyve bhyve ", "bhyve" },
	{ "ACRNACRNACRN", "ACRN" },	  { " lrpepyh  vr", "Parallels" },
	{ "VBoxVBoxVBox", "VirtualBox" },
};

#ifdef HAVE_X86_CPUID
/* The hypervisor bit (CPUID.1:ECX[31]), and leaf 0x40000000's vendor. */
static bool cpuid_vendor(char sig[13])
{
	unsigned int a, b, c, d;

	sig[0] = '\0';
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1U << 31)))
		return false;
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	return true;
}
#endif

static json_t *vendor_name(const char *sig)
{
	size_t i;

	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (!strcmp(sig, vendors[i].sig))
			return json_string(vendors[i].name);
	return json_null();
}

json_t *hypervisor_probe(void)
{
#ifdef HAVE_X86_CPUID
	char sig[13];
	bool hv = cpuid_vendor(sig); /* the bit; a signature may be empty */

	return json_pack("{s:b, s:o, s:o}", "detected", hv, "cpuid_vendor",
			 *sig ? json_string(sig) : json_null(), "name",
			 *sig ? vendor_name(sig) : json_null());
#else
	return json_pack("{s:n, s:n, s:n}", "detected", "cpuid_vendor", "name");
#endif
}

const char *hypervisor_label(const json_t *hv)
{
	static char buf[160];
	json_t *det = json_object_get(hv, "detected");
	const char *name = json_string_value(json_object_get(hv, "name"));
	const char *sig =
		json_string_value(json_object_get(hv, "cpuid_vendor"));
	const char *prod =
		json_string_value(json_object_get(hv, "dmi_product"));

	if (!json_is_boolean(det))
		return NULL;
	if (!json_is_true(det))
		return "bare metal";
	snprintf(buf, sizeof(buf), "VM: %s%s%s%s",
		 name	     ? name :
		 sig && *sig ? sig :
			       "unknown hypervisor",
		 prod ? " (" : "", prod ? prod : "", prod ? ")" : "");
	return buf;
}
