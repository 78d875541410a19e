/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Whether the machine daxbench runs on is itself a virtual machine, and
 * which: a cloud or Firecracker host is not bare metal, and its timings
 * are not a bare-metal machine's.
 */
#ifndef DAXBENCH_HYPERVISOR_H
#define DAXBENCH_HYPERVISOR_H

#include <jansson.h>

/**
 * hypervisor_probe() - the CPUID part of a result's host.hypervisor (see
 * daxbench-result(5)): "detected" from the hypervisor bit (null where
 * there is no CPUID), the vendor signature CPUID leaf 0x40000000 gives
 * and the name it stands for. sysinfo adds DMI's vendor and product.
 */
json_t *hypervisor_probe(void);

/**
 * hypervisor_label() - "bare metal", "VM: KVM" (with DMI's product when
 * there is one) or NULL when @hv (a result's host.hypervisor, possibly
 * NULL) does not say. Points into a static buffer.
 */
const char *hypervisor_label(const json_t *hv);

#endif
