"""The Kite test harness: one QEMU run of the kernel, driven over its serial console.

A Machine starts scripts/run-qemu.sh with its standard streams on pipes. A reader
thread appends everything QEMU prints (the kernel's console and QEMU's own
complaints on stderr) to one byte buffer, so nothing is ever lost; tests wait for
regular expressions in that text, type into the console, and run shell commands.

Every wait also watches for a kernel panic: as soon as a line starting with
`panic:` appears, whatever is being waited for, the wait raises KernelPanic with
the panic text and its backtrace. A wait that runs out of time raises Hang with the
tail of the console; one that outlives QEMU raises QemuExited.

Timeouts are in seconds of wall time, multiplied by $KITE_TIMEOUT_SCALE (default 1)
so that a slow host can stretch all of them at once.
"""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KERNEL = REPO / "build" / "kernel.elf"
FS_IMAGE = REPO / "build" / "fs.img"
RUN_QEMU = REPO / "scripts" / "run-qemu.sh"

TIMEOUT_SCALE = float(os.environ.get("KITE_TIMEOUT_SCALE", "1"))

# Defaults sized for TCG on a loaded two-core CI host, where -smp 8 means eight
# vCPU threads sharing two cores.
WAIT_TIMEOUT = 30
BOOT_TIMEOUT = 60
SHELL_TIMEOUT = 120
RUN_TIMEOUT = 60
EXIT_TIMEOUT = 60

PANIC_LINE = re.compile(rb"^panic:", re.MULTILINE)
# After the panic line, the rest of the report (registers, backtrace) is still
# being printed; it is complete when QEMU exits or the console falls quiet.
PANIC_QUIET = 2
PANIC_SETTLE = 15
PANIC_LINES = 100

# The interactive prompt is /etc/profile's PS1, e.g. "kite:/# ": it ends in
# "# " (root) or "$ " and is left without a newline.
PROMPT = re.compile(r"[#$] $", re.MULTILINE)
# The shell echoes `$?` literally as it is typed, so only the real output of the
# echo matches STATUS.
STATUS_ECHO = 'echo "@@RC=$?@@"'
STATUS = re.compile(r"@@RC=(\d+)@@\n")

TAIL_LINES = 40


class KiteError(Exception):
    """Something went wrong in the guest or with QEMU."""


class KernelPanic(KiteError):
    """The console showed a kernel panic; the message holds its report."""


class Hang(KiteError):
    """What was waited for did not appear in time."""


class QemuExited(KiteError):
    """QEMU ended while something was still expected of it."""


def scaled(seconds):
    return seconds * TIMEOUT_SCALE


def tail(text, lines=TAIL_LINES):
    return "\n".join(text.splitlines()[-lines:])


class Console:
    """Everything one QEMU process prints, gathered by a reader thread.

    The buffer holds raw bytes with carriage returns removed. Positions in it
    (cursors, marks) are byte offsets; text handed out is decoded with
    surrogateescape, so its length in bytes maps back to the buffer exactly.
    """

    def __init__(self, stream):
        self._stream = stream
        # _changed guards every field below; the reader notifies it on each chunk.
        self._changed = threading.Condition()
        self._buf = bytearray()
        self._closed = False
        self._last_output = time.monotonic()
        self._panic_at = None
        self._panic_scan = 0
        self.panic_reported = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        fd = self._stream.fileno()
        while True:
            data = os.read(fd, 65536)
            with self._changed:
                self._buf += data.replace(b"\r", b"")
                self._last_output = time.monotonic()
                self._closed = not data
                self._find_panic()
                self._changed.notify_all()
            if not data:
                return

    def _find_panic(self):
        """Scan the lines added since the last call for a panic line."""
        if self._panic_at is not None:
            return
        found = PANIC_LINE.search(self._buf, self._panic_scan)
        if found:
            self._panic_at = found.start()
        else:
            # Rescan the last, perhaps incomplete, line next time.
            self._panic_scan = self._buf.rfind(b"\n") + 1

    def _decode(self, start, end=None):
        return bytes(self._buf[start:end]).decode("utf-8", "surrogateescape")

    def text(self, since=0):
        with self._changed:
            data = bytes(self._buf[since:])
        return data.decode("utf-8", "replace")

    def mark(self):
        """The current end of the output, for text(since=...)."""
        with self._changed:
            return len(self._buf)

    @property
    def panicked(self):
        with self._changed:
            return self._panic_at is not None

    def join(self):
        self._thread.join()

    def search(self, pattern, cursor, timeout, partial=False):
        """Wait until `pattern` matches at or after byte offset `cursor`.

        Returns (match, end) where end is the byte offset just past the match.
        The match is made against the text from the start of the cursor's line,
        so `^` keeps its meaning with re.MULTILINE. Only complete lines are
        searched, unless `partial`: a line still being printed could match too
        early (a number at the end of a pattern would take "1" of "128864").
        """
        deadline = time.monotonic() + scaled(timeout)
        with self._changed:
            line_start = self._buf.rfind(b"\n", 0, cursor) + 1
            while True:
                self._raise_panic()
                text = self._decode(line_start, self._searchable_end(partial))
                pos = len(self._decode(line_start, cursor))
                found = pattern.search(text, pos)
                if found:
                    used = text[: found.end()].encode("utf-8", "surrogateescape")
                    return found, line_start + len(used)
                if self._closed:
                    raise QemuExited(
                        f"QEMU exited while waiting for {pattern.pattern!r}; console ends:\n"
                        + tail(self._decode(0)))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Hang(
                        f"no {pattern.pattern!r} after {scaled(timeout):.0f} s; console ends:\n"
                        + tail(self._decode(0)))
                self._changed.wait(left)

    def _searchable_end(self, partial):
        # Called with _changed held. Once QEMU has exited, no line grows any more.
        if partial or self._closed:
            return len(self._buf)
        return self._buf.rfind(b"\n") + 1

    def check_panic(self):
        """Raise KernelPanic if the console has shown a panic."""
        with self._changed:
            self._raise_panic()

    def _raise_panic(self):
        # Called with _changed held.
        if self._panic_at is None:
            return
        self._settle()
        self.panic_reported = True
        report = self._decode(self._panic_at).splitlines()[:PANIC_LINES]
        raise KernelPanic("\n".join(report))

    def _settle(self):
        """Let the panic report finish printing before it is quoted."""
        deadline = time.monotonic() + scaled(PANIC_SETTLE)
        while not self._closed:
            now = time.monotonic()
            quiet_until = self._last_output + PANIC_QUIET
            if now >= quiet_until or now >= deadline:
                return
            self._changed.wait(min(quiet_until, deadline) - now)


class Machine:
    """One run of the kernel in QEMU.

    smp, mem, append and icount are passed to scripts/run-qemu.sh. With disk=True
    the guest boots on a private copy of build/fs.img, removed by close(); pass
    disk_path to boot on an existing image instead (for instance the copy of a
    machine that has powered off). `command` replaces the whole QEMU command
    line, to check the harness itself against a fake console.
    """

    def __init__(self, smp=4, mem="512M", append="", disk=True, icount=False,
                 disk_path=None, command=None):
        if command is None and not KERNEL.exists():
            raise FileNotFoundError(f"{KERNEL} does not exist: run `make` first")
        self.smp = smp
        self._private_dir = None
        self.disk_path = disk_path
        if disk and disk_path is None:
            self.disk_path = self._private_disk()
        self.argv = command or self._qemu_argv(mem, append, icount)
        self.started = time.monotonic()
        self._proc = subprocess.Popen(
            self.argv, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, bufsize=0, start_new_session=True)
        self.console = Console(self._proc.stdout)
        self._cursor = 0
        # A script that forgets close() must not leave QEMU spinning after it.
        self._discard = weakref.finalize(self, discard, self._proc, self._private_dir)

    def _private_disk(self):
        if not FS_IMAGE.exists():
            raise FileNotFoundError(f"{FS_IMAGE} does not exist: run `make` first")
        self._private_dir = tempfile.mkdtemp(prefix="kite-")
        path = Path(self._private_dir) / "fs.img"
        shutil.copyfile(FS_IMAGE, path)
        return path

    def _qemu_argv(self, mem, append, icount):
        argv = [str(RUN_QEMU), "--smp", str(self.smp), "--mem", mem, "--append", append]
        if self.disk_path is not None:
            argv += ["--disk", str(self.disk_path)]
        if icount:
            argv.append("--icount")
        return argv

    def __repr__(self):
        return f"Machine({' '.join(self.argv)})"

    @property
    def log(self):
        """The whole console text so far."""
        return self.console.text()

    @property
    def alive(self):
        """QEMU is running and the kernel has not panicked."""
        return self._proc.poll() is None and not self.console.panicked

    def wait_for(self, regex, timeout=WAIT_TIMEOUT, partial=False):
        """Wait for `regex` (re.MULTILINE) after the previous match; return the match.

        The regex is matched against complete lines only; pass partial=True for
        text the guest leaves at the end of an unfinished line, like a prompt.
        """
        pattern = re.compile(regex, re.MULTILINE) if isinstance(regex, str) else regex
        found, self._cursor = self.console.search(pattern, self._cursor, timeout, partial)
        return found

    def send(self, text):
        """Type `text` on the console. Avoid Ctrl-A: QEMU takes it as its escape key."""
        try:
            self._proc.stdin.write(text.encode())
        except BrokenPipeError:
            raise QemuExited(f"QEMU exited before input {text!r}; console ends:\n"
                             + tail(self.log)) from None

    def sendline(self, text):
        self.send(text + "\n")

    def ctrl_c(self):
        self.send("\x03")

    def run(self, cmd, timeout=RUN_TIMEOUT):
        """Run `cmd` in the guest's shell; return (exit status, output).

        The output is what the command printed, without the echoed command line,
        the status sentinel or the prompt, and without its final newline. The
        shell is at its prompt again when run() returns.
        """
        line = f"{cmd}; {STATUS_ECHO}"
        self.sendline(line)
        found = self.wait_for(STATUS, timeout)
        before = found.string[: found.start()]
        echoed = before.find(line + "\n")
        if echoed >= 0:
            before = before[echoed + len(line) + 1:]
        self.wait_for(PROMPT, timeout, partial=True)
        return int(found.group(1)), before.removesuffix("\n")

    def wait_booted(self, timeout=BOOT_TIMEOUT):
        """Wait until the kernel reports all harts online."""
        return self.wait_for(rf"^smp: {self.smp} harts online$", timeout)

    def wait_shell(self, timeout=SHELL_TIMEOUT):
        """Wait for init and the shell prompt, then check the shell answers."""
        self.wait_for(r"^init: started at ", timeout)
        self.wait_for(PROMPT, timeout, partial=True)
        status, output = self.run("true")
        if status != 0:
            raise KiteError(f"`true` returned status {status} in the shell: {output!r}")

    def wait_exit(self, timeout=EXIT_TIMEOUT):
        """Wait for QEMU to exit; return its status and leave the log complete."""
        try:
            status = self._proc.wait(scaled(timeout))
        except subprocess.TimeoutExpired:
            raise Hang(f"QEMU still running after {scaled(timeout):.0f} s; console ends:\n"
                       + tail(self.log)) from None
        self.console.join()
        return status

    def poweroff(self, timeout=EXIT_TIMEOUT):
        """Run /bin/poweroff and check that QEMU exits with status 0."""
        self.sendline("/bin/poweroff")
        status = self.wait_exit(timeout)
        self.console.check_panic()
        if status != 0:
            raise QemuExited(f"QEMU exited with status {status} after poweroff; console ends:\n"
                             + tail(self.log))

    def kill(self):
        """Stop QEMU at once (the disk image stays, see close())."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._proc.stdin.close()
        self.console.join()

    def close(self):
        """Stop QEMU and remove the private disk copy, if this machine made one."""
        self.kill()
        self._discard()


def discard(proc, private_dir):
    """Kill QEMU if it still runs and remove the machine's private directory."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    if private_dir is not None:
        shutil.rmtree(private_dir, ignore_errors=True)
