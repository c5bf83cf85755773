"""Shell-level helpers shared by the System V IPC tests (test_sem, test_msg,
test_shm)."""


def ipcs_rows(guest, kind):
    """The lines of `ipcs -KIND` (s, m or q), right-stripped."""
    status, out = guest.run(f"ipcs -{kind}")
    assert status == 0, out
    return [line.rstrip() for line in out.splitlines()]


def created_id(guest, cmd):
    """Run a /tests/*_proc program that creates an object and prints its id."""
    status, out = guest.run(cmd)
    assert status == 0, out
    return int(out.strip())
