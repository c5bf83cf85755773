"""Crash safety of the root ext2: a QEMU killed in the middle of a workload
leaves an image that `e2fsck -fy` repairs (after which `e2fsck -fn` finds
nothing), and every file that was fsync'ed before the kill, with the
directory that names it, is there byte for byte.
"""

import shutil
import subprocess
import time

import pytest

import kite

SMP = 2
KEPT = 12


def seq(first, last):
    """What `seq first last` prints."""
    return "".join(f"{i}\n" for i in range(first, last + 1)).encode()


def sh(m, cmd, timeout=kite.RUN_TIMEOUT):
    status, output = m.run(cmd, timeout=timeout)
    assert status == 0, f"`{cmd}` exited with {status}: {output}"
    return output


def e2fsck(disk, *flags):
    return subprocess.run(["e2fsck", *flags, str(disk)], capture_output=True, text=True)


def dump(disk, path, tmp_path):
    out = tmp_path / "dumped"
    out.unlink(missing_ok=True)
    subprocess.run(["debugfs", "-R", f"dump {path} {out}", str(disk)],
                   check=True, capture_output=True)
    return out.read_bytes() if out.exists() else None


# Creates, appends, renames and deletes without pause until QEMU is killed.
CHURN = """
mkdir -p /churn; i=0
while true; do
  seq 1 $((i * 37 % 3000)) > /churn/new$i
  echo more >> /churn/new$i
  mv /churn/new$i /churn/f$((i % 50))
  mkdir -p /churn/d$((i % 7))/sub
  seq 1 200 > /churn/d$((i % 7))/sub/g$i
  if [ -d /churn/d$(((i + 3) % 7)) ]; then rm -r /churn/d$(((i + 3) % 7)); fi
  i=$((i+1))
done
"""


@pytest.fixture
def disk(tmp_path):
    path = tmp_path / "fs.img"
    shutil.copyfile(kite.FS_IMAGE, path)
    return path


def test_kill_mid_workload(machine, disk, tmp_path):
    m = machine(smp=SMP, disk_path=disk)
    m.wait_shell()
    sh(m, "mkdir /kept && sync /kept /")
    for n in range(KEPT):
        # Sizes from one block to past the 12 direct blocks.
        sh(m, f"seq {n} {n * 1500 + 10} > /kept/f{n} && sync /kept/f{n}", timeout=120)
    sh(m, "sync /kept")
    script = CHURN.strip().replace("\n", "; ").replace("do;", "do").replace("then;", "then")
    m.sendline(script + " &")
    time.sleep(8)
    # More fsync'ed files while the churn runs: these must survive too.
    for n in range(KEPT, KEPT + 4):
        sh(m, f"seq {n} {n * 700} > /kept/f{n} && sync /kept/f{n} /kept", timeout=120)
    time.sleep(2)
    m.kill()

    repair = e2fsck(disk, "-fy")
    assert repair.returncode in (0, 1), f"e2fsck -fy could not repair:\n{repair.stdout}{repair.stderr}"
    check = e2fsck(disk, "-fn")
    assert check.returncode == 0, (f"still broken after repair:\n{check.stdout}{check.stderr}"
                                   f"\nthe repair said:\n{repair.stdout}")
    for n in range(KEPT):
        assert dump(disk, f"/kept/f{n}", tmp_path) == seq(n, n * 1500 + 10), f"/kept/f{n}"
    for n in range(KEPT, KEPT + 4):
        assert dump(disk, f"/kept/f{n}", tmp_path) == seq(n, n * 700), f"/kept/f{n}"

    m = machine(smp=SMP, disk_path=disk)
    m.wait_shell()
    assert sh(m, "wc -l /kept/f3") == f"{3 * 1500 + 10 - 3 + 1} /kept/f3"
    sh(m, "rm -r /churn /kept")
    m.poweroff()
    assert e2fsck(disk, "-fn").returncode == 0
