"""The C test programs of tests/user/, each run in the guest as /tests/NAME.

Every program prints `ok - ...` / `not ok - ...` per check and ends with a
summary, `# NAME: N checks passed` or `# NAME: K of N checks FAILED`; the same
programs pass on Linux under qemu-riscv64 (`make test-linux`).
"""

import re
from pathlib import Path

import pytest

PROGRAMS = sorted(path.stem for path in (Path(__file__).parent / "user").glob("*.c"))

# Generous: fork runs 200 children and oom fills the guest's memory, under TCG
# on a loaded host, at -smp 4 with four vCPUs sharing two cores.
TIMEOUT = 300


def run_program(guest, name, timeout):
    status, output = guest.run(f"/tests/{name}", timeout=timeout)
    failed = [line for line in output.splitlines() if line.startswith("not ok")]
    summary = re.search(rf"^# {re.escape(name)}: (\d+) checks passed\b", output, re.MULTILINE)
    assert status == 0 and not failed and summary, (
        f"/tests/{name} exited with status {status}; its output:\n{output}")


@pytest.mark.parametrize("name", PROGRAMS)
def test_program(guest, name):
    run_program(guest, name, TIMEOUT)
