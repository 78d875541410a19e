# SPDX-License-Identifier: GPL-2.0-only
# Fleets: results exported to KernelCI's KCIDB and to LAVA test shells,
# the LAVA test definition that runs daxbench on a lab's DUT, their man
# page and tests. The KCIDB schema the tests validate against is
# kcidb-io's, exported (tests/data/kcidb/README).
dist_man_MANS += man/daxbench-export.1

# the LAVA test definition, its README and its mkfs-and-mount helper
EXTRA_DIST += contrib/lava/daxbench.yaml contrib/lava/README \
	contrib/lava/dax-mount contrib/lava/job-qemu.yaml \
	contrib/lava/results-to-log contrib/lava/results-from-log
# the definition run by Debian's lava-dispatcher (tests/lava/lava-run.sh):
# some ten minutes, and it installs packages, so outside make check;
# run it before resolving a change to contrib/lava ('make check-lava')
EXTRA_DIST += tests/lava/lava-run.sh
check-lava:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS=tests/lava/lava-run.sh \
		DAXBENCH_LAVA_REAL=1
.PHONY: check-lava

# the exports of the reference results against kcidb-io's schema, the
# LAVA lines and definition (python3-jsonschema, python3-yaml)
TESTS += tests/cli/export.sh
# the shipped evidence, read back by compare and report
TESTS += tests/cli/evidence.sh
EXTRA_DIST += tests/cli/evidence.sh results/evidence \
	results/ab-6.1-bio-release-wake results/ab-7.3-dax-break-layout-refault
EXTRA_DIST += tests/cli/export.sh tests/kcidb-check.py \
	tests/data/kcidb/schema-v5.3.json \
	tests/data/kcidb/README
