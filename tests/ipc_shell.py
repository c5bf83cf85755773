"""Shell-level helpers shared by the System V IPC tests (test_sem, test_msg,
test_shm): running ipcs, ipcrm and the /tests/*_proc programs, and reading
/proc/sysvipc and /proc/sys/kernel."""

import re

from kite import scaled

# "Well under a minute" at -smp 4 under TCG; KITE_TIMEOUT_SCALE on a loaded host.
STRESS_LIMIT_S = 60

# ipcs -KIND's title line, as util-linux prints it.
TITLES = {
    "q": "------ Message Queues --------",
    "s": "------ Semaphore Arrays --------",
    "m": "------ Shared Memory Segments --------",
}


def run_ok(guest, cmd):
    """Run cmd, which must succeed; its output."""
    status, out = guest.run(cmd)
    assert status == 0, out
    return out


def run_fails(guest, cmd):
    status, out = guest.run(cmd)
    assert status != 0, out


def ipcs_rows(guest, kind):
    """The lines of `ipcs -KIND` (s, m or q), right-stripped."""
    return [line.rstrip() for line in run_ok(guest, f"ipcs -{kind}").splitlines()]


def created_id(guest, cmd):
    """Run a /tests/*_proc program that creates an object and prints its id."""
    return int(run_ok(guest, cmd).strip())


def ipcs_row(key, ident, columns, width=10):
    """A row of ipcs's table: key, id, owner root, perms 600, then the numbers
    in columns, each left-aligned in width characters."""
    cells = [f"0x{key:08x}", f"{ident:<10d}", f"{'root':<10}", f"{0o600:<10o}"]
    return " ".join(cells + [f"{column:<{width}d}" for column in columns]).rstrip()


def assert_ipcs_lists(guest, kind, header, row):
    """`ipcs -KIND` has util-linux's title and column header, and row."""
    rows = ipcs_rows(guest, kind)
    assert rows[1] == TITLES[kind], rows
    assert rows[2].split() == header.split(), rows
    assert row in rows, rows
    return rows


def listed(guest, kind, key):
    """Does `ipcs -KIND` show an object with this key?"""
    return any(line.startswith(f"0x{key:08x}") for line in ipcs_rows(guest, kind))


def assert_removed_by_key(guest, option, kind, key):
    """`ipcrm -OPTION KEY` removes the object; a second time it fails."""
    run_ok(guest, f"ipcrm -{option} {key:#x}")
    assert not listed(guest, kind, key)
    run_fails(guest, f"ipcrm -{option} {key:#x}")


def assert_proc_row(guest, kind, pattern):
    """/proc/sysvipc/KIND has a line matching the regular expression pattern."""
    out = run_ok(guest, f"cat /proc/sysvipc/{kind}")
    assert re.search(pattern, out, re.MULTILINE), out


def assert_proc_limits(guest, limits):
    """Each /proc/sys/kernel/NAME of limits holds its value."""
    for name, value in limits.items():
        status, out = guest.run(f"cat /proc/sys/kernel/{name}")
        assert status == 0 and out.strip() == str(value), (name, out)


def assert_stress_is_quick(guest, program, took_pattern):
    """program passes every check and reports (took_pattern's group 1) that it
    took less than STRESS_LIMIT_S."""
    status, out = guest.run(program, timeout=300)
    assert status == 0 and "not ok" not in out, out
    took = float(re.search(took_pattern, out).group(1))
    assert took < scaled(STRESS_LIMIT_S), out
