# SPDX-License-Identifier: GPL-2.0-only
# Fleets: results exported to KernelCI's KCIDB and to LAVA test shells,
# the LAVA test definition that runs daxbench on a lab's DUT, their man
# page and tests. The KCIDB schema the tests validate against is
# kcidb-io's, exported (tests/data/kcidb/README).
libdaxbench_a_SOURCES += src/output/export-util.c src/output/export-point.c \
	src/output/export-kernel.c src/output/export-test.c src/output/export-kcidb.c \
	src/output/export-issue.c src/output/export-lava.c
noinst_HEADERS += src/output/export.h src/output/export-int.h
daxbench_SOURCES += src/cmd/cmd-export.c
dist_man_MANS += man/daxbench-export.1

# the LAVA test definition, its README and its mkfs-and-mount helper
EXTRA_DIST += contrib/lava/daxbench.yaml contrib/lava/README \
	contrib/lava/dax-mount

# the exports of the reference results against kcidb-io's schema, the
# LAVA lines and definition (python3-jsonschema, python3-yaml)
TESTS += tests/export.sh
EXTRA_DIST += tests/export.sh tests/data/kcidb/schema-v5.3.json \
	tests/data/kcidb/README
