"""System V message queues seen from the shell: ipcs -q and ipcrm -q/-Q on
queues made by /tests/msg_proc, /proc/sysvipc/msg, and the stress test's time.

The C programs themselves (msg_basic, msg_wait, msg_stress, msg_proc) run
through test_userprogs.py, at every -smp the suite uses.
"""

import re

from ipc_shell import (assert_ipcs_lists, assert_proc_limits, assert_proc_row,
                       assert_removed_by_key, assert_stress_is_quick, created_id, ipcs_row,
                       listed, run_fails, run_ok)


def make_queue(guest, key, messages):
    return created_id(guest, f"/tests/msg_proc {key:#x} {messages}")


def test_ipcs_lists_a_queue_in_util_linux_format(guest):
    key = 0x6d0001
    msqid = make_queue(guest, key, 3)
    assert_ipcs_lists(guest, "q", "key msqid owner perms used-bytes messages",
                      ipcs_row(key, msqid, [3, 3], width=12))
    assert_proc_row(guest, "msg", rf"^\s*{key}\s+{msqid}\s+600\s+3\s+3\s+\d+\s+0"
                    r"\s+0\s+0\s+0\s+0\s+\d+\s+0\s+\d+$")
    assert f"Message Queue msqid={msqid}" in run_ok(guest, f"ipcs -q -i {msqid}")
    run_ok(guest, f"ipcrm -q {msqid}")
    assert not listed(guest, "q", key)
    run_fails(guest, f"ipcrm -q {msqid}")


def test_ipcrm_by_key(guest):
    key = 0x6d0002
    make_queue(guest, key, 0)
    assert_removed_by_key(guest, "Q", "q", key)


def test_limits(guest):
    assert_proc_limits(guest, {"msgmax": 8192, "msgmnb": 16384, "msgmni": 32000})
    out = run_ok(guest, "ipcs -q -l")
    assert "max queues system wide = 32000" in out, out
    assert re.search(r"^max size of message.* = 8192$", out, re.MULTILINE), out
    assert re.search(r"^default max size of queue.* = 16384$", out, re.MULTILINE), out


def test_stress_is_quick(guest):
    assert_stress_is_quick(guest, "/tests/msg_stress", r"# msg_stress: \d+ messages in ([\d.]+) s")
