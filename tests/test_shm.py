"""System V shared memory seen from the shell: ipcs -m on a segment held by
a background /tests/shm_proc, deferred destruction (IPC_RMID while attached:
status "dest", key private, gone after the last detach), ipcrm -m/-M, and
/proc/sys/kernel/shm*.

The C programs themselves (shm_basic, shm_life, shm_proc) run through
test_userprogs.py, at every -smp the suite uses.
"""

import re
import time

from ipc_shell import (assert_ipcs_lists, assert_proc_limits, assert_proc_row,
                       assert_removed_by_key, ipcs_row, ipcs_rows, run_ok)


def hold_segment(guest, key, size, seconds):
    """Start a background process attached to a new segment; its shmid."""
    # Braces: run() appends "; echo ...", and "cmd &;" is a syntax error.
    run_ok(guest, f"{{ /tests/shm_proc {key:#x} {size} {seconds} > /tmp/shmid & }}")
    for _ in range(100):
        status, out = guest.run("cat /tmp/shmid")
        if out.strip():
            return int(out.strip())
        time.sleep(0.2)
    raise AssertionError("shm_proc printed no id")


def test_deferred_destruction_through_ipcs(guest):
    key = 0x6d1001
    shmid = hold_segment(guest, key, 8192, 4)
    assert_ipcs_lists(guest, "m", "key shmid owner perms bytes nattch status",
                      ipcs_row(key, shmid, [8192, 1]))
    assert_proc_row(guest, "shm", rf"^\s*{key}\s+{shmid}\s+600\s+8192\s+\d+\s+\d+\s+1\s")
    run_ok(guest, f"ipcrm -m {shmid}")
    rows = ipcs_rows(guest, "m")
    dest = [row for row in rows if re.match(rf"0x00000000 {shmid}\s", row)]
    assert len(dest) == 1 and dest[0].split()[-1] == "dest", rows
    run_ok(guest, "wait")     # the holder detaches by exiting
    assert not any(f" {shmid} " in row for row in ipcs_rows(guest, "m")), ipcs_rows(guest, "m")


def test_ipcrm_by_key(guest):
    key = 0x6d1002
    shmid = hold_segment(guest, key, 4096, 0)
    guest.run("wait")
    assert any(row.startswith(f"0x{key:08x} {shmid}") for row in ipcs_rows(guest, "m"))
    assert_removed_by_key(guest, "M", "m", key)


def test_limits(guest):
    assert_proc_limits(guest, {"shmmax": 18446744073692774399, "shmall": 18446744073692774399,
                               "shmmni": 4096})
    out = run_ok(guest, "ipcs -m -l")
    assert "max number of segments = 4096" in out, out
