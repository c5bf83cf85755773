"""Fixtures that boot Kite for the tests, and the bookkeeping around them.

`machine` starts machines on demand; `guest` shares one booted machine at a shell
prompt between the tests of a module, once per SMP setting. Every machine a test
touches is recorded on its pytest item, so that when the test fails its console
log can be saved to build/test-logs/, and so that a kernel panic the test itself
never waited for still fails it.
"""

import os
import re
import shutil

import pytest

import kite

LOG_DIR = kite.REPO / "build" / "test-logs"

# The SMP settings `guest` runs every test under, e.g. KITE_SMP="1,4,8".
GUEST_SMP = [int(n) for n in os.environ.get("KITE_SMP", "1,4").split(",")]


def pytest_sessionstart(session):
    # The logs of earlier runs would pass for failures of this one.
    shutil.rmtree(LOG_DIR, ignore_errors=True)


def use(item, machine):
    """Record that the test `item` uses `machine` from the current end of its log."""
    item.kite_machines = getattr(item, "kite_machines", [])
    item.kite_machines.append((machine, machine.console.mark()))


@pytest.fixture
def machine(request):
    """A factory: machine(smp=..., mem=..., append=..., disk=...) starts QEMU and
    returns the kite.Machine (call its wait_* methods to follow the boot). Every
    machine it made is closed when the test ends."""
    made = []

    def start(**options):
        started = kite.Machine(**options)
        made.append(started)
        use(request.node, started)
        return started

    yield start
    for started in made:
        started.close()


class SharedGuest:
    """One machine at a shell prompt, lent to test after test.

    It is replaced after any test that fails, so that whatever state a failure
    left behind (a panic, a hung command, a powered-off machine, leaked objects)
    never reaches the next test.
    """

    def __init__(self, smp):
        self.smp = smp
        self.machine = None

    def lend(self, item):
        if self.machine is not None and self.machine.alive:
            use(item, self.machine)
            return self.machine
        self.discard()
        self.machine = kite.Machine(smp=self.smp)
        use(item, self.machine)
        try:
            self.machine.wait_shell()
        except BaseException:
            self.discard()
            raise
        return self.machine

    def discard(self):
        if self.machine is not None:
            self.machine.close()
            self.machine = None


@pytest.fixture(scope="module", params=GUEST_SMP, ids=lambda smp: f"smp{smp}")
def shared_guest(request):
    shared = SharedGuest(request.param)
    yield shared
    shared.discard()


@pytest.fixture
def guest(shared_guest, request):
    """A booted kite.Machine at a shell prompt, with the disk (build/fs.img, copied)."""
    yield shared_guest.lend(request.node)
    if getattr(request.node, "kite_failed", False):
        shared_guest.discard()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.when == "call" and report.passed:
        unseen = unseen_panic(item)
        if unseen:
            report.outcome = "failed"
            report.longrepr = f"kernel panic during the test:\n{unseen}"
    if report.failed:
        item.kite_failed = True
        save_logs(item)


def unseen_panic(item):
    """The report of a panic on one of the test's machines that no wait raised."""
    for machine, _ in getattr(item, "kite_machines", []):
        if machine.console.panic_reported:
            continue
        try:
            machine.console.check_panic()
        except kite.KernelPanic as panic:
            return str(panic)
    return None


def save_logs(item):
    """Write the console of each machine the test used, from where the test began."""
    machines = getattr(item, "kite_machines", [])
    if not machines:
        return
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.\[\]=,-]+", "_", item.nodeid)
    with open(LOG_DIR / f"{name}.log", "w") as log:
        for machine, since in machines:
            log.write(f"===== {machine!r}, console from the start of the test =====\n")
            log.write(machine.console.text(since))
            log.write("\n")
