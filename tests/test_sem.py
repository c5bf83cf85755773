"""System V semaphores seen from the shell: ipcs and ipcrm on sets made by
/tests/sem_proc, /proc/sysvipc/sem, the limits, and the stress test's time.

The C programs themselves (sem_basic, sem_wait, sem_undo, sem_stress,
sem_proc) run through test_userprogs.py, at every -smp the suite uses.
"""

import re

from ipc_shell import (assert_ipcs_lists, assert_proc_row, assert_removed_by_key,
                       assert_stress_is_quick, created_id, ipcs_row, ipcs_rows, listed,
                       run_fails, run_ok)


def make_set(guest, key, nsems):
    return created_id(guest, f"/tests/sem_proc {key:#x} {nsems}")


def test_ipcs_lists_a_set_in_util_linux_format(guest):
    key = 0x5e0001
    semid = make_set(guest, key, 3)
    rows = assert_ipcs_lists(guest, "s", "key semid owner perms nsems", ipcs_row(key, semid, [3]))
    assert rows[0] == "", rows      # util-linux starts with an empty line
    assert rows[2] == "key        semid      owner      perms      nsems", rows
    assert_proc_row(guest, "sem", rf"^\s*{key}\s+{semid}\s+600\s+3\s+0\s+0\s+0\s+0\s+0\s+\d+$")
    out = run_ok(guest, f"ipcs -s -i {semid}")
    assert f"Semaphore Array semid={semid}" in out, out
    assert "nsems = 3" in out, out
    assert re.search(r"^0\s+0\s+0\s+0\s+0\s*$", out, re.MULTILINE), out
    run_ok(guest, f"ipcrm -s {semid}")
    assert not listed(guest, "s", key)


def test_ipcrm_by_key_and_errors(guest):
    key = 0x5e0002
    make_set(guest, key, 1)
    assert_removed_by_key(guest, "S", "s", key)
    run_fails(guest, "ipcrm -s 123456")


def test_ipcrm_all(guest):
    for n in range(3):
        make_set(guest, 0x5e0010 + n, 1)
    run_ok(guest, "ipcrm -a")
    assert len([row for row in ipcs_rows(guest, "s") if row.startswith("0x")]) == 0


def test_limits(guest):
    status, out = guest.run("cat /proc/sys/kernel/sem")
    assert status == 0 and out == "32000\t1024000000\t500\t32000", repr(out)
    out = run_ok(guest, "ipcs -s -l")
    for line in ("max number of arrays = 32000", "max semaphores per array = 32000",
                 "max semaphores system wide = 1024000000", "max ops per semop call = 500",
                 "semaphore max value = 32767"):
        assert line in out, out


def test_stress_is_quick(guest):
    assert_stress_is_quick(guest, "/tests/sem_stress", r"invariants held \(([\d.]+) s\)")
