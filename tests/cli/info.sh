#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# daxbench info: the JSON has the daxbench-result(5) keys, every false capability
# has a reason, the human output is one "key: value" line per fact, and a
# missing directory is a system error (3).
. "${top_srcdir}/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read JSON"

# jget PATH: print the JSON value at dotted PATH of $T_TMP/info.json
jget() {
	python3 - "$1" "$T_TMP/info.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[2]))
for k in sys.argv[1].split("."):
    v = v[k]
print(json.dumps(v))
PY
}

dir=$T_TMP/target
mkdir "$dir"
expect_rc 0 "$DAXBENCH" info --json "$dir"
printf '%s\n' "$T_OUT" >"$T_TMP/info.json"
if python3 -m json.tool "$T_TMP/info.json" >/dev/null; then ok "info --json is JSON"; else
	fail "info --json is not JSON: $T_OUT"; fi

for key in host.kernel.release host.cpus host.memory_bytes \
	host.numa_nodes host.timer_overhead_ns host.vm target.path \
	target.dax target.dax_source target.fs target.device \
	target.mount_options target.free_bytes capabilities.tracefs \
	capabilities.busy_page_symbols capabilities.fs_dax_events \
	capabilities.io_uring capabilities.numa capabilities.unavailable; do
	if v=$(jget "$key" 2>"$T_TMP/jerr"); then ok "info --json has $key"; else
		fail "info --json lacks $key: $(cat "$T_TMP/jerr")"; fi
done

expect_match "^\"$(uname -r)\"$" "$(jget host.kernel.release)" "kernel release"
expect_match "^\"$(cd "$dir" && pwd -P)\"$" "$(jget target.path)" "target path"
expect_match '^\[' "$(jget capabilities.busy_page_symbols)" "symbols are a list"
# the DAX probe removes its file again
if [ -z "$(ls -A "$dir")" ]; then ok "no probe file left"; else
	fail "probe file left in $dir: $(ls -A "$dir")"; fi

# every false capability and a false target.dax come with a reason
python3 - "$T_TMP/info.json" >"$T_TMP/why" 2>&1 <<'PY' && ok "a reason for every false capability" || fail "$(cat "$T_TMP/why")"
import json, sys
j = json.load(open(sys.argv[1]))
bad = []
for where in ("capabilities", "target"):
    o = j[where]
    un = o.get("unavailable", {})
    for k, v in o.items():
        if v is False and not un.get(k):
            bad.append(where + "." + k)
if bad:
    sys.exit("false without a reason: " + ", ".join(bad))
PY

# $T_TMP is tmpfs or a disk without DAX on every machine that runs make
# check outside a daxbench guest: it says no, with the reason
if [ "$(jget target.dax)" = false ]; then
	expect_match '"[a-z]' "$(jget target.unavailable.dax)" "dax reason"
else
	echo "note: $dir is DAX here; the no-DAX checks do not apply"
fi

# the human form: aligned "key: value" lines, every "no" with a reason
expect_rc 0 "$DAXBENCH" info "$dir"
expect_match '^kernel: +[^ ]' "$T_OUT" "kernel line"
expect_match '^dax: +(yes|no \(.+\))$' "$T_OUT" "dax line"
expect_match '^io_uring: +(yes|no \(.+\))$' "$T_OUT" "io_uring line"
expect_match '^busy-page symbols: ' "$T_OUT" "symbols line"
if printf '%s\n' "$T_OUT" | grep -E ': +no( |$)' | grep -vE ': +no \(.+\)$'; then
	fail "a 'no' without a reason"; else ok "every 'no' has a reason"; fi
if printf '%s\n' "$T_OUT" | grep -vE '^[a-z_ -]+: +[^ ]'; then
	fail "a line that is not 'key: value'"; else ok "every line 'key: value'"; fi

# tmpfs is where a first try lands (/tmp, /dev/shm): say what to do
if [ "$(jget target.fs)" = '"tmpfs"' ]; then
	expect_match '^hint: +tmpfs has no DAX: mount a pmem device with -o dax, or use daxbench vm$' \
		"$T_OUT" "tmpfs hint"
elif printf '%s\n' "$T_OUT" | grep -q '^hint:'; then
	fail "a hint for $(jget target.fs): $T_OUT"
else ok "no tmpfs hint for $(jget target.fs)"; fi
# /dev/shm is a tmpfs on most machines, but not on all: in a chroot whose
# /dev is a bind mount it is a directory of devtmpfs, whose statfs magic
# is tmpfs's. What the mount table says decides what daxbench must say.
shm_fs=
if command -v findmnt >/dev/null 2>&1; then
	shm_fs=$(findmnt -n -o FSTYPE -T /dev/shm 2>/dev/null | tail -n 1) || shm_fs=
fi
if [ -z "$shm_fs" ]; then
	echo "note: the filesystem of /dev/shm is unknown here (findmnt); not checked"
elif ! shm=$(mktemp -d /dev/shm/daxbench-test.XXXXXX 2>/dev/null); then
	echo "note: /dev/shm ($shm_fs) takes no directory here; not checked"
else
	expect_rc 0 "$DAXBENCH" info "$shm"
	rmdir "$shm"
	expect_match "^filesystem: +$shm_fs " "$T_OUT" "/dev/shm is $shm_fs"
	if [ "$shm_fs" = tmpfs ]; then
		expect_match '^dax: +no \(.+\)$' "$T_OUT" "tmpfs is not DAX"
		expect_match '^hint: +tmpfs has no DAX: mount a pmem device with -o dax, or use daxbench vm$' \
			"$T_OUT" "/dev/shm hint"
	elif printf '%s\n' "$T_OUT" | grep -q '^hint: +tmpfs'; then
		fail "the tmpfs hint for /dev/shm, which is $shm_fs: $T_OUT"
	else ok "no tmpfs hint for /dev/shm on $shm_fs"; fi
fi

# a VM host is not bare metal: the CPUID hypervisor bit, as the kernel
# shows it in /proc/cpuinfo's flags, is what host.hypervisor says
if grep -qw hypervisor /proc/cpuinfo; then hv=true; else hv=false; fi
[ "$(jget host.hypervisor.detected)" = "$hv" ] && ok "host.hypervisor.detected is /proc/cpuinfo's $hv" ||
	fail "host.hypervisor.detected $(jget host.hypervisor.detected), /proc/cpuinfo says $hv"
expect_rc 0 "$DAXBENCH" info "$dir"
if [ $hv = true ]; then
	expect_match '^machine: +VM: ' "$T_OUT" "a VM host is labelled so"
else
	expect_match '^machine: +bare metal$' "$T_OUT" "bare metal"
fi

# DAXBENCH_DIR is the default directory
expect_rc 0 env DAXBENCH_DIR="$dir" "$DAXBENCH" info --json
expect_match "\"path\": \"$(cd "$dir" && pwd -P)\"" "$T_OUT" "DAXBENCH_DIR"

# errors: a missing directory is 3, a bad option 2
expect_rc 3 "$DAXBENCH" info "$T_TMP/no-such-dir"
expect_match '^daxbench info: .*no-such-dir: .*No such file or directory' "$T_ERR" "missing dir message"
expect_rc 2 "$DAXBENCH" info --bogus
expect_match "unknown option '--bogus'" "$T_ERR" "bad option"
expect_rc 2 "$DAXBENCH" info "$dir" "$dir"
t_done
