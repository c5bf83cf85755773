#!/usr/bin/python3
"""Interactive tests for /bin/sh on a pseudo-terminal, under qemu-riscv64.

Checks what only a terminal shows: prompts, Ctrl-C reaching the
foreground job and not the shell, Ctrl-Z stopping it, jobs/fg/bg/kill %n,
background notifications, continuation prompts.  Prints "N passed, N failed".

    /usr/bin/python3 user/sh/tests/interactive.py [shell command...]
"""
import os
import pty
import re
import select
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
SHELL = sys.argv[1:] or ["qemu-riscv64", os.path.join(TOP, "build/user/bin/sh")]
PROMPT = "# " if os.geteuid() == 0 else "$ "
INTR, SUSP, EOF = b"\x03", b"\x1a", b"\x04"


class Session:
    def __init__(self):
        env = dict(os.environ, PATH="/usr/bin:/bin")
        env.pop("PS1", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(SHELL[0], SHELL, env)
        self.buf = ""

    def send(self, data):
        os.write(self.fd, data if isinstance(data, bytes) else data.encode())

    def expect(self, pattern, timeout=5.0):
        """Read until pattern matches the output so far; return the match."""
        end = time.time() + timeout
        while True:
            m = re.search(pattern, self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = end - time.time()
            if left <= 0:
                raise AssertionError("no %r in %r" % (pattern, self.buf))
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    self.buf += os.read(self.fd, 4096).decode(errors="replace")
                except OSError:
                    raise AssertionError("shell gone; output %r" % self.buf)

    def prompt(self):
        self.expect(re.escape(PROMPT) + "$")

    def run(self, line, pattern):
        self.send(line + "\n")
        m = self.expect(pattern)
        self.prompt()
        return m

    def start_then(self, line, key, pattern=r""):
        """Run line, give it a moment, type key (Ctrl-C, Ctrl-Z)."""
        self.send(line + "\n")
        time.sleep(0.4)
        self.send(key)
        self.expect(pattern)
        self.prompt()

    def close(self):
        self.send(EOF)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status


def t_prompt_and_echo(s):
    s.run("echo hi", r"\r\nhi\r\n")


def t_ctrl_c_kills_foreground_only(s):
    s.start_then("sleep 30", INTR)
    s.run("echo $?", r"\r\n130\r\n")
    s.run("echo alive", r"\r\nalive\r\n")


def t_background_job(s):
    m = s.run("sleep 30 &", r"\[1\] (\d+)\r\n")
    s.run("echo $!", r"\r\n%s\r\n" % m.group(1))
    s.run("jobs", r"\[1\]\+  Running +sleep 30\r\n")
    s.run("kill %1; sleep 0.5", r"\[1\]\+  Terminated +sleep 30\r\n")


def t_ctrl_z_stops_and_fg_resumes(s):
    s.start_then("sleep 30", SUSP, r"\[1\]\+  Stopped +sleep 30\r\n")
    s.run("echo $?", r"\r\n148\r\n")
    s.send("fg\n")
    s.expect(r"\r\nsleep 30\r\n")
    time.sleep(0.5)
    s.send(INTR)
    s.prompt()
    s.run("jobs; echo end", r"\r\nend\r\n")


def t_kill_stopped_job(s):
    s.start_then("sleep 30", SUSP, r"Stopped")
    s.run("kill %1; sleep 0.5", r"\[1\]\+  Terminated +sleep 30\r\n")


def t_bg_continues_stopped_job(s):
    s.start_then("sleep 1", SUSP, r"Stopped")
    s.run("bg", r"\[1\]\+ sleep 1 &\r\n")
    s.run("sleep 1.5", r"\[1\]\+  Done +sleep 1\r\n")


def t_pipeline_interrupted(s):
    s.start_then("yes | cat > /dev/null", INTR)
    s.run("echo ok", r"\r\nok\r\n")


def t_signal_report(s):
    s.run("sh -c 'kill -9 $$'", r"\r\nKilled\r\n")
    s.run("sh -c 'kill -SEGV $$'", r"\r\nSegmentation fault")


def t_continuation_prompt(s):
    s.send("if true\n")
    s.expect(r"\r\n> $")
    s.send("then echo inside\n")
    s.expect(r"\r\n> $")
    s.send("fi\n")
    s.expect(r"\r\ninside\r\n")
    s.prompt()


def t_ctrl_c_drops_typed_line(s):
    s.send("echo partial")
    time.sleep(0.3)
    s.send(INTR)
    s.prompt()
    s.run("echo $?", r"\r\n130\r\n")
    s.send("if true\n")
    s.expect(r"\r\n> $")
    s.send(INTR)
    s.prompt()
    s.run("echo $?", r"\r\n130\r\n")


def t_ps1_is_expanded(s):
    s.send("PS1='[$PWD] '; cd /\n")
    s.expect(r"\[/\] $")
    s.send("PS1='# '\n")
    s.expect(r"# $")


def t_syntax_error_keeps_shell(s):
    s.run("fi", r"Syntax error")
    s.run("echo still", r"\r\nstill\r\n")


def t_exit_status_on_eof(s):
    s.send("false\n")
    s.prompt()
    status = s.close()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1, status
    return True


def main():
    passed = failed = 0
    tests = [(k, v) for k, v in globals().items() if k.startswith("t_")]
    for name, fn in tests:
        s = Session()
        try:
            s.prompt()
            closed = fn(s)
            if not closed:
                s.close()
            passed += 1
        except AssertionError as e:
            failed += 1
            print("FAIL %s: %s" % (name, e))
            os.kill(s.pid, 9)
            os.waitpid(s.pid, 0)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
