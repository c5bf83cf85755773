"""/proc as the utilities read it: ps (plain, -ef, -o) with the right pid,
ppid, state (S, Z, T), terminal and command line; /proc/meminfo, mount, df, the
load average under load, and /dev/random and /dev/urandom.

The C checks of /proc (tests/user/procfs.c) run in test_userprogs.py.
"""

import re
import time


def sh(guest, cmd, timeout=60):
    status, output = guest.run(cmd, timeout=timeout)
    assert status == 0, f"`{cmd}` exited with {status}: {output}"
    return output


def bg_pids(guest, cmd):
    """Run cmd, which starts jobs with `&` and echoes `$!` after each; their pids."""
    # The shell also announces each job as "[N] PID": keep the echoed lines.
    return [line.strip() for line in sh(guest, cmd).splitlines() if line.strip().isdigit()]


def ps_rows(guest, cmd):
    """The rows of a ps listing as dicts keyed by its header."""
    lines = sh(guest, cmd).strip().splitlines()
    header = lines[0].split()
    rows = []
    for line in lines[1:]:
        fields = line.split(None, len(header) - 1)
        rows.append(dict(zip(header, fields)))
    return rows


def test_plain_ps_lists_this_terminal(guest):
    shell = sh(guest, "echo $$").strip()
    rows = ps_rows(guest, "ps")
    by_pid = {row["PID"]: row for row in rows}
    assert shell in by_pid, rows
    assert by_pid[shell]["TTY"] == "console" and by_pid[shell]["CMD"] == "sh", rows
    assert any(row["CMD"] == "ps" and row["TTY"] == "console" for row in rows), rows


def test_ps_ef_pid_ppid_command_line(guest):
    shell = sh(guest, "echo $$").strip()
    [pid] = bg_pids(guest, "sleep 30 & echo $!")
    try:
        rows = ps_rows(guest, "ps -ef")
        by_pid = {row["PID"]: row for row in rows}
        assert by_pid["1"]["PPID"] == "0" and by_pid["1"]["UID"] == "root", rows
        assert by_pid[pid]["PPID"] == shell, rows
        assert by_pid[pid]["CMD"] == "sleep 30", rows
        stat = ps_rows(guest, f"ps -o pid,ppid,stat,args -p {pid}")
        assert stat == [{"PID": pid, "PPID": shell, "STAT": "S", "COMMAND": "sleep 30"}]
    finally:
        guest.run(f"kill {pid}; wait {pid}")


def test_ps_shows_zombie_and_stopped(guest):
    # The child `sleep 0` exits, and its parent (exec'ed into `sleep 5`) never reaps it.
    [parent] = bg_pids(guest, "sh -c '/bin/sleep 0 & exec /bin/sleep 5' & echo $!")
    try:
        deadline = time.monotonic() + 4
        while True:
            rows = ps_rows(guest, "ps -e -o pid,ppid,stat,comm")
            zombies = [row for row in rows if row["PPID"] == parent]
            if zombies and zombies[0]["STAT"].startswith("Z") or time.monotonic() > deadline:
                break
        assert zombies and zombies[0]["STAT"].startswith("Z"), rows
        sh(guest, f"kill -STOP {parent}")
        deadline = time.monotonic() + 4
        while True:
            rows = ps_rows(guest, f"ps -o pid,stat -p {parent}")
            if rows[0]["STAT"].startswith("T") or time.monotonic() > deadline:
                break
        assert rows[0]["STAT"].startswith("T"), rows
    finally:
        guest.run(f"kill -KILL {parent}; wait {parent}")


def meminfo(guest):
    out = sh(guest, "cat /proc/meminfo")
    return out, {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB$", out, re.MULTILINE)}


def test_meminfo(guest):
    out, fields = meminfo(guest)
    total, free = int(fields["MemTotal"]), int(fields["MemFree"])
    # The guest has 512 MiB, less the firmware and the kernel image.
    assert 400 * 1024 < total <= 512 * 1024, out
    assert 0 < free < total and int(fields["MemAvailable"]) <= total, out
    assert {"Cached", "Shmem", "SwapTotal"} <= fields.keys(), out
    sh(guest, "head -c 4194304 /dev/zero > /dev/shm/meminfo-probe")
    try:
        _, grown = meminfo(guest)
    finally:
        sh(guest, "rm /dev/shm/meminfo-probe")
    _, shrunk = meminfo(guest)
    # A 4 MiB tmpfs file is 4 MiB more Shmem (and Cached); removing it gives it back.
    assert grown["Shmem"] >= fields["Shmem"] + 4096 and grown["Cached"] >= grown["Shmem"]
    assert shrunk["Shmem"] <= grown["Shmem"] - 4096


def test_mount_and_df(guest):
    out = sh(guest, "mount")
    for want in (r"^proc on /proc type proc \(rw,nosuid,nodev,noexec",
                 r"^tmpfs on /tmp type tmpfs \(rw,nosuid,nodev",
                 r"^tmpfs on /dev/shm type tmpfs \(rw,nosuid,nodev",
                 r"^devtmpfs on /dev type devtmpfs",
                 r" on / type ext2 \(rw"):
        assert re.search(want, out, re.MULTILINE), f"{want!r} not in:\n{out}"
    sh(guest, "head -c 1048576 /dev/zero > /dev/shm/df-probe")
    try:
        df = sh(guest, "df /dev/shm /")
    finally:
        sh(guest, "rm /dev/shm/df-probe")
    rows = [line.split() for line in df.strip().splitlines()[1:]]
    assert [row[-1] for row in rows] == ["/dev/shm", "/"], df
    for _fs, size, used, avail, _pct, _mnt in rows:
        assert int(used) + int(avail) <= int(size), df
    assert int(rows[0][2]) >= 1024, f"the 1 MiB file in /dev/shm is not counted:\n{df}"


def test_loadavg_follows_load(guest):
    before = float(sh(guest, "cat /proc/loadavg").split()[0])
    pids = bg_pids(guest, "cat /dev/urandom > /dev/null & echo $!; "
                          "cat /dev/urandom > /dev/null & echo $!")
    try:
        time.sleep(16)  # three 5-second samples of two busy readers
        out = sh(guest, "cat /proc/loadavg")
    finally:
        guest.run(f"kill {' '.join(pids)}; wait")
    load1, load5, load15, threads, last = out.split()
    running, total = map(int, threads.split("/"))
    # 2 * (1 - e^(-15/60)) = 0.44 with two readers always runnable; TCG may starve a sample.
    assert float(load1) >= before + 0.2, out
    assert float(load1) > float(load5) > 0 and float(load15) > 0, out
    assert 1 <= running <= total and int(last) >= max(map(int, pids)), out


def test_random_devices(guest):
    out = sh(guest, "stat -c '%t,%T %a' /dev/random /dev/urandom")
    assert out.split() == ["1,8", "666", "1,9", "666"], out
    one = sh(guest, "head -c 32 /dev/urandom | od -An -tx1")
    two = sh(guest, "head -c 32 /dev/random | od -An -tx1")
    assert one != two and len(one.split()) == 32 and len(two.split()) == 32, (one, two)
    # Writing mixes into the generator and is accepted in full.
    sh(guest, "echo some entropy > /dev/urandom")
    big = sh(guest, "head -c 1000000 /dev/urandom | wc -c")
    assert big.strip() == "1000000", big
