"""The foundation: SMP boot, memory detection, the kernel self-tests, panic
reporting and boot time. Each boots on a private copy of the disk image, since
the kernel mounts its root file system once the harts are up (and, like Linux,
panics without one)."""

import re
import time

import pytest

from kite import KernelPanic

SMP = [pytest.param(n, id=f"smp{n}", marks=[pytest.mark.slow] if n == 8 else [])
       for n in (1, 2, 4, 8)]

MIB = 1024 * 1024
MEMORY_LINE = re.compile(
    r"^fdt: memory 0x([0-9a-f]+)-0x([0-9a-f]+) \((\d+) MiB\)$", re.MULTILINE)
HART_LINE = re.compile(r"^cpu: hart (\d+) online$", re.MULTILINE)
SELFTEST_LINE = re.compile(r"^selftest: ([^:\n]+): (ok|FAILED)\b.*$", re.MULTILINE)
SELFTEST_SUMMARY = r"^selftest: (?:all (\d+) tests passed|(\d+) of (\d+) tests FAILED)$"
FREE_PAGES = r"^selftest: free pages before (\d+) after (\d+)$"
KERNEL_OBJECTS = r"^selftest: kernel objects before (\d+) after (\d+)$"
BACKTRACE_FRAME = re.compile(
    r"^\s+\[<[0-9a-f]+>\] \w+\+0x[0-9a-f]+/0x[0-9a-f]+$", re.MULTILINE)

# Selftests exercise every hart; eight vCPUs on two host cores are slow.
SELFTEST_TIMEOUT = 300
BOOT_TIME_BOUND = 10


@pytest.mark.parametrize("smp", SMP)
def test_every_hart_comes_online(machine, smp):
    m = machine(smp=smp, disk=True)
    boot_hart = int(m.wait_for(r"^Kite 0\.1 \(riscv64\) booting on hart (\d+)$").group(1))
    m.wait_booted()
    harts = [int(h) for h in HART_LINE.findall(m.log)]
    assert boot_hart in range(smp)
    assert sorted(harts) == list(range(smp))


@pytest.mark.parametrize("mem, mib", [("256M", 256), ("512M", 512), ("1G", 1024)])
def test_memory_detected_matches_qemu(machine, mem, mib):
    m = machine(smp=1, mem=mem, disk=True)
    m.wait_booted()
    ranges = MEMORY_LINE.findall(m.log)
    assert ranges, "no `fdt: memory` line"
    for start, end, size in ranges:
        assert int(end, 16) - int(start, 16) == int(size) * MIB
    assert sum(int(size) for _, _, size in ranges) == mib


@pytest.mark.parametrize("smp", SMP)
def test_selftests_pass(machine, smp):
    m = machine(smp=smp, disk=True, append="selftest")
    summary = m.wait_for(SELFTEST_SUMMARY, SELFTEST_TIMEOUT)
    results = SELFTEST_LINE.findall(m.log)
    failed = [name for name, verdict in results if verdict == "FAILED"]
    assert not failed, f"self-tests failed: {failed}"
    assert summary.group(1) is not None, summary.group(0)
    assert int(summary.group(1)) == len(results) > 0
    before, after = m.wait_for(FREE_PAGES).groups()
    assert before == after, "pages leaked by the self-tests"
    before, after = m.wait_for(KERNEL_OBJECTS).groups()
    assert before == after, "kernel objects leaked by the self-tests"
    assert m.wait_exit() == 0


def test_panic_is_reported_with_backtrace(machine):
    m = machine(smp=2, disk=True, append="crash=panic")
    with pytest.raises(KernelPanic) as panic:
        # Whatever the harness waits for, the panic must interrupt the wait.
        m.wait_shell()
    report = str(panic.value)
    assert report.startswith("panic: ")
    assert "backtrace:" in report
    assert BACKTRACE_FRAME.search(report), f"no symbolized frame in:\n{report}"
    assert m.wait_exit() != 0


def test_boot_time(machine, record_property):
    m = machine(smp=4, disk=True)
    m.wait_booted()
    seconds = time.monotonic() - m.started
    record_property("boot_seconds", round(seconds, 2))
    print(f"boot time: {seconds:.2f} s from QEMU start to `smp: 4 harts online`")
    assert seconds < BOOT_TIME_BOUND
