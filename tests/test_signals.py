"""Signals at the console: Ctrl-C of a foreground job, Ctrl-Z of a busy loop,
then jobs, bg, fg and kill through the shell's job control.

The signal system calls themselves are tested by the tests/user/sig_*.c
programs (run by test_userprogs.py at every -smp the suite uses).
"""

import re
import time

from kite import PROMPT

BUSY = "sh -c 'while :; do :; done'"


def test_ctrl_c_ends_a_foreground_sleep_at_once(guest):
    guest.sendline("sleep 100")
    time.sleep(1)
    start = time.monotonic()
    guest.ctrl_c()
    guest.wait_for(PROMPT, timeout=10, partial=True)
    assert time.monotonic() - start < 10
    status, out = guest.run("echo $?")
    assert out.strip() == "130", out     # 128 + SIGINT


def test_ctrl_z_stops_a_busy_loop_and_fg_bg_resume_it(guest):
    guest.sendline(BUSY)
    time.sleep(1)
    guest.send("\x1a")
    guest.wait_for(r"Stopped", timeout=10)
    guest.wait_for(PROMPT, timeout=10, partial=True)

    status, out = guest.run("jobs")
    assert status == 0 and re.search(r"\[1\]\+\s+Stopped\s+sh -c", out), out
    status, out = guest.run("ps -o pid,stat,args")
    assert re.search(r"\bT\S*\s+sh -c", out), out

    status, out = guest.run("bg")
    assert status == 0, out
    status, out = guest.run("jobs")
    assert re.search(r"\[1\]\+\s+Running\s+sh -c", out), out

    # Back to the foreground: Ctrl-C ends it there and the prompt returns.
    guest.sendline("fg")
    time.sleep(1)
    guest.ctrl_c()
    guest.wait_for(PROMPT, timeout=10, partial=True)
    status, out = guest.run("jobs")
    assert "sh -c" not in out, out


def test_kill_of_a_stopped_job_reports_it(guest):
    guest.sendline(BUSY)
    time.sleep(1)
    guest.send("\x1a")
    guest.wait_for(r"Stopped", timeout=10)
    guest.wait_for(PROMPT, timeout=10, partial=True)
    status, out = guest.run("kill -KILL %1; sleep 1; jobs")
    assert re.search(r"Killed", out), out
    status, out = guest.run("jobs")
    assert "sh -c" not in out, out
