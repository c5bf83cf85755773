"""System V semaphores seen from the shell: ipcs and ipcrm on sets made by
/tests/sem_proc, /proc/sysvipc/sem, the limits, and the stress test's time.

The C programs themselves (sem_basic, sem_wait, sem_undo, sem_stress,
sem_proc) run through test_userprogs.py, at every -smp the suite uses.
"""

import re

from ipc_shell import created_id, ipcs_rows
from kite import scaled

STRESS_LIMIT_S = 60     # "well under a minute" at -smp 4 under TCG; KITE_TIMEOUT_SCALE on a loaded host


def make_set(guest, key, nsems):
    return created_id(guest, f"/tests/sem_proc {key:#x} {nsems}")


def test_ipcs_lists_a_set_in_util_linux_format(guest):
    key = 0x5e0001
    semid = make_set(guest, key, 3)
    rows = ipcs_rows(guest, "s")
    assert rows[0] == "", rows      # util-linux starts with an empty line
    assert rows[1] == "------ Semaphore Arrays --------", rows
    assert rows[2] == "key        semid      owner      perms      nsems", rows
    want = f"0x{key:08x} {semid:<10d} {'root':<10} {0o600:<10o} {3:<10d}".rstrip()
    assert want in rows, rows
    status, out = guest.run("cat /proc/sysvipc/sem")
    assert status == 0
    assert re.search(rf"^\s*{key}\s+{semid}\s+600\s+3\s+0\s+0\s+0\s+0\s+0\s+\d+$",
                     out, re.MULTILINE), out
    status, out = guest.run(f"ipcs -s -i {semid}")
    assert status == 0, out
    assert f"Semaphore Array semid={semid}" in out, out
    assert "nsems = 3" in out, out
    assert re.search(r"^0\s+0\s+0\s+0\s+0\s*$", out, re.MULTILINE), out
    status, out = guest.run(f"ipcrm -s {semid}")
    assert status == 0, out
    assert not any(line.startswith(f"0x{key:08x}") for line in ipcs_rows(guest, "s"))


def test_ipcrm_by_key_and_errors(guest):
    key = 0x5e0002
    make_set(guest, key, 1)
    status, out = guest.run(f"ipcrm -S {key:#x}")
    assert status == 0, out
    assert not any(line.startswith(f"0x{key:08x}") for line in ipcs_rows(guest, "s"))
    status, out = guest.run(f"ipcrm -S {key:#x}")
    assert status != 0, out
    status, out = guest.run("ipcrm -s 123456")
    assert status != 0, out


def test_ipcrm_all(guest):
    for n in range(3):
        make_set(guest, 0x5e0010 + n, 1)
    status, out = guest.run("ipcrm -a")
    assert status == 0, out
    assert len([row for row in ipcs_rows(guest, "s") if row.startswith("0x")]) == 0


def test_limits(guest):
    status, out = guest.run("cat /proc/sys/kernel/sem")
    assert status == 0 and out == "32000\t1024000000\t500\t32000", repr(out)
    status, out = guest.run("ipcs -s -l")
    assert status == 0, out
    for line in ("max number of arrays = 32000", "max semaphores per array = 32000",
                 "max semaphores system wide = 1024000000", "max ops per semop call = 500",
                 "semaphore max value = 32767"):
        assert line in out, out


def test_stress_is_quick(guest):
    status, out = guest.run("/tests/sem_stress", timeout=300)
    assert status == 0, out
    took = float(re.search(r"invariants held \(([\d.]+) s\)", out).group(1))
    assert took < scaled(STRESS_LIMIT_S), out
