"""System V shared memory seen from the shell: ipcs -m on a segment held by
a background /tests/shm_proc, deferred destruction (IPC_RMID while attached:
status "dest", key private, gone after the last detach), ipcrm -m/-M, and
/proc/sys/kernel/shm*.

The C programs themselves (shm_basic, shm_life, shm_proc) run through
test_userprogs.py, at every -smp the suite uses.
"""

import re
import time

from ipc_shell import ipcs_rows


def hold_segment(guest, key, size, seconds):
    """Start a background process attached to a new segment; its shmid."""
    # Braces: run() appends "; echo ...", and "cmd &;" is a syntax error.
    status, out = guest.run(f"{{ /tests/shm_proc {key:#x} {size} {seconds} > /tmp/shmid & }}")
    assert status == 0, out
    for _ in range(100):
        status, out = guest.run("cat /tmp/shmid")
        if out.strip():
            return int(out.strip())
        time.sleep(0.2)
    raise AssertionError("shm_proc printed no id")


def test_deferred_destruction_through_ipcs(guest):
    key = 0x6d1001
    shmid = hold_segment(guest, key, 8192, 4)
    rows = ipcs_rows(guest, "m")
    assert rows[1] == "------ Shared Memory Segments --------", rows
    assert rows[2].split() == ["key", "shmid", "owner", "perms", "bytes", "nattch", "status"], rows
    want = f"0x{key:08x} {shmid:<10d} {'root':<10} {0o600:<10o} {8192:<10d} {1:<10d}".rstrip()
    assert want in rows, rows
    status, out = guest.run("cat /proc/sysvipc/shm")
    assert re.search(rf"^\s*{key}\s+{shmid}\s+600\s+8192\s+\d+\s+\d+\s+1\s", out, re.MULTILINE), out
    status, out = guest.run(f"ipcrm -m {shmid}")
    assert status == 0, out
    rows = ipcs_rows(guest, "m")
    dest = [row for row in rows if re.match(rf"0x00000000 {shmid}\s", row)]
    assert len(dest) == 1 and dest[0].split()[-1] == "dest", rows
    status, out = guest.run("wait")     # the holder detaches by exiting
    assert status == 0, out
    assert not any(f" {shmid} " in row for row in ipcs_rows(guest, "m")), ipcs_rows(guest, "m")


def test_ipcrm_by_key(guest):
    key = 0x6d1002
    shmid = hold_segment(guest, key, 4096, 0)
    guest.run("wait")
    assert any(row.startswith(f"0x{key:08x} {shmid}") for row in ipcs_rows(guest, "m"))
    status, out = guest.run(f"ipcrm -M {key:#x}")
    assert status == 0, out
    assert not any(row.startswith(f"0x{key:08x}") for row in ipcs_rows(guest, "m"))
    status, out = guest.run(f"ipcrm -M {key:#x}")
    assert status != 0, out


def test_limits(guest):
    for name, value in (("shmmax", 18446744073692774399), ("shmall", 18446744073692774399),
                        ("shmmni", 4096)):
        status, out = guest.run(f"cat /proc/sys/kernel/{name}")
        assert status == 0 and out.strip() == str(value), (name, out)
    status, out = guest.run("ipcs -m -l")
    assert status == 0, out
    assert "max number of segments = 4096" in out, out
