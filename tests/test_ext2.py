"""The root ext2 file system, read-write: what a boot writes is on the disk.

Each test boots on its own copy of fs.img (in pytest's tmp_path, so that a
second boot and the host's e2fsprogs see the same disk), writes through the
guest's shell and utilities, powers off, and then checks the image on the
host: `e2fsck -fn` must find nothing to fix, and `debugfs` must dump files
byte for byte as the guest wrote them.
"""

import shutil
import subprocess

import pytest

import kite

SMP = 2
# 12 direct blocks + 1024 single-indirect ones of 4 KiB (4,243,456 bytes):
# this file (4,438,895 bytes) needs a double indirect block.
BIG_LINES = 650000
LONG_TARGET = "/" + "/".join(["a-rather-long-directory-name"] * 4) + "/target"


def seq(n):
    """What `seq 1 n` prints."""
    return "".join(f"{i}\n" for i in range(1, n + 1)).encode()


@pytest.fixture
def disk(tmp_path):
    path = tmp_path / "fs.img"
    shutil.copyfile(kite.FS_IMAGE, path)
    return path


def boot(machine, disk):
    m = machine(smp=SMP, disk_path=disk)
    m.wait_shell()
    return m


def sh(m, cmd, timeout=kite.RUN_TIMEOUT):
    status, output = m.run(cmd, timeout=timeout)
    assert status == 0, f"`{cmd}` exited with {status}: {output}"
    return output


def e2fsck(disk):
    done = subprocess.run(["e2fsck", "-fn", str(disk)], capture_output=True, text=True)
    assert done.returncode == 0, f"e2fsck -fn found problems:\n{done.stdout}{done.stderr}"


def dump(disk, path, tmp_path):
    out = tmp_path / "dumped"
    subprocess.run(["debugfs", "-R", f"dump {path} {out}", str(disk)],
                   check=True, capture_output=True)
    return out.read_bytes()


def debugfs_stat(disk, path):
    done = subprocess.run(["debugfs", "-R", f"stat {path}", str(disk)],
                          check=True, capture_output=True, text=True)
    return done.stdout


def test_files_survive_poweroff(machine, disk, tmp_path):
    m = boot(machine, disk)
    sh(m, "mkdir -p /keep/sub/deeper && echo hello > /keep/small")
    sh(m, f"seq 1 {BIG_LINES} > /keep/big", timeout=300)
    sh(m, "echo appended >> /keep/small && mv /keep/small /keep/sub/small")
    sh(m, f"ln -s {LONG_TARGET} /keep/slow && ln -s small /keep/sub/fast")
    sh(m, "mkfifo /keep/fifo && chmod 640 /keep/big && ln /keep/big /keep/sub/hard")
    m.poweroff()

    e2fsck(disk)
    assert dump(disk, "/keep/big", tmp_path) == seq(BIG_LINES)
    assert dump(disk, "/keep/sub/small", tmp_path) == b"hello\nappended\n"
    assert "Links: 2" in debugfs_stat(disk, "/keep/big")
    assert "Mode:  0640" in debugfs_stat(disk, "/keep/big")
    assert "Type: FIFO" in debugfs_stat(disk, "/keep/fifo")

    m = boot(machine, disk)
    assert sh(m, "cat /keep/sub/small") == "hello\nappended"
    assert sh(m, "wc -c /keep/sub/hard") == f"{len(seq(BIG_LINES))} /keep/sub/hard"
    assert sh(m, "wc -l /keep/big") == f"{BIG_LINES} /keep/big"
    assert sh(m, "cat /keep/sub/fast") == "hello\nappended"
    assert sh(m, "stat -c %N /keep/slow").endswith(LONG_TARGET + "'")
    sh(m, "rm -r /keep")
    m.poweroff()
    e2fsck(disk)


WORKLOAD = """
i=0
while [ $i -lt {dirs} ]; do
  mkdir -p /w/d$i/a/b
  j=0
  while [ $j -lt {files} ]; do
    echo file $i $j > /w/d$i/f$j
    echo more >> /w/d$i/f$j
    j=$((j+1))
  done
  mv /w/d$i/f0 /w/d$i/a/b/moved
  mv /w/d$i/f1 /w/d$i/f2
  rm /w/d$i/f3
  if [ $((i % 10)) -eq 0 ]; then seq 1 {big} > /w/d$i/big; fi
  if [ $i -gt 0 ]; then mv /w/d$((i-1))/a /w/d$i/a/from_prev; fi
  if [ $((i % 4)) -eq 1 ]; then rm -r /w/d$((i-1)); fi
  i=$((i+1))
done
"""


@pytest.mark.slow
def test_workload_leaves_clean_image(machine, disk):
    m = boot(machine, disk)
    script = WORKLOAD.format(dirs=40, files=25, big=BIG_LINES).strip().replace("\n", "; ")
    script = script.replace("do;", "do").replace("then;", "then")
    sh(m, script, timeout=1800)
    sh(m, "ls -R /w > /dev/null && sync")
    m.poweroff()
    e2fsck(disk)


def test_full_disk_gives_enospc(machine, disk):
    m = boot(machine, disk)
    status, output = m.run("while cat /bin/sh >> /fill; do :; done; echo stopped", timeout=900)
    assert "No space left on device" in output, output
    assert sh(m, "df /").split()[-3] == "0"
    sh(m, "rm /fill && echo after > /after && cat /after")
    m.poweroff()
    e2fsck(disk)
