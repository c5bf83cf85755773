"""System V message queues seen from the shell: ipcs -q and ipcrm -q/-Q on
queues made by /tests/msg_proc, /proc/sysvipc/msg, and the stress test's time.

The C programs themselves (msg_basic, msg_wait, msg_stress, msg_proc) run
through test_userprogs.py, at every -smp the suite uses.
"""

import re

from ipc_shell import created_id, ipcs_rows
from kite import scaled

STRESS_LIMIT_S = 60     # "well under a minute" at -smp 4 under TCG


def make_queue(guest, key, messages):
    return created_id(guest, f"/tests/msg_proc {key:#x} {messages}")


def test_ipcs_lists_a_queue_in_util_linux_format(guest):
    key = 0x6d0001
    msqid = make_queue(guest, key, 3)
    rows = ipcs_rows(guest, "q")
    assert rows[1] == "------ Message Queues --------", rows
    assert rows[2].split() == ["key", "msqid", "owner", "perms", "used-bytes", "messages"], rows
    want = f"0x{key:08x} {msqid:<10d} {'root':<10} {0o600:<10o} {3:<12d} {3:<12d}".rstrip()
    assert want in rows, rows
    status, out = guest.run("cat /proc/sysvipc/msg")
    assert status == 0
    assert re.search(rf"^\s*{key}\s+{msqid}\s+600\s+3\s+3\s+\d+\s+0\s+0\s+0\s+0\s+0\s+\d+\s+0\s+\d+$",
                     out, re.MULTILINE), out
    status, out = guest.run(f"ipcs -q -i {msqid}")
    assert status == 0, out
    assert f"Message Queue msqid={msqid}" in out, out
    status, out = guest.run(f"ipcrm -q {msqid}")
    assert status == 0, out
    assert not any(line.startswith(f"0x{key:08x}") for line in ipcs_rows(guest, "q"))
    status, out = guest.run(f"ipcrm -q {msqid}")
    assert status != 0, out


def test_ipcrm_by_key(guest):
    key = 0x6d0002
    make_queue(guest, key, 0)
    status, out = guest.run(f"ipcrm -Q {key:#x}")
    assert status == 0, out
    assert not any(line.startswith(f"0x{key:08x}") for line in ipcs_rows(guest, "q"))
    status, out = guest.run(f"ipcrm -Q {key:#x}")
    assert status != 0, out


def test_limits(guest):
    for name, value in (("msgmax", 8192), ("msgmnb", 16384), ("msgmni", 32000)):
        status, out = guest.run(f"cat /proc/sys/kernel/{name}")
        assert status == 0 and out.strip() == str(value), (name, out)
    status, out = guest.run("ipcs -q -l")
    assert status == 0, out
    assert "max queues system wide = 32000" in out, out
    assert re.search(r"^max size of message.* = 8192$", out, re.MULTILINE), out
    assert re.search(r"^default max size of queue.* = 16384$", out, re.MULTILINE), out


def test_stress_is_quick(guest):
    status, out = guest.run("/tests/msg_stress", timeout=300)
    assert status == 0 and "not ok" not in out, out
    took = float(re.search(r"# msg_stress: \d+ messages in ([\d.]+) s", out).group(1))
    assert took < scaled(STRESS_LIMIT_S), out
