"""System V shared memory (tests/user/shm_*.c), at -smp 1 and -smp 4."""


def test_shm_basic(guest):
    status, output = guest.run("/tests/shm_basic", timeout=300)
    assert status == 0 and "not ok" not in output, output
