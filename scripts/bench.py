#!/usr/bin/python3
"""`make bench`: Kite's micro-benchmarks beside Linux's, metric by metric.

The figures that count come from one hart under `-icount shift=0`, where a
guest nanosecond is one retired instruction: they repeat exactly and compare
with shared/linux-reference.md, measured the same way. The ratio is ours/Linux
for latencies and Linux/ours for bandwidth, so below 1 is better than Linux;
the goal is 0.5. A second run, plain TCG at -smp 4, shows SMP behaviour in
wall-clock time that varies from run to run: it is printed, marked noisy, and
never judged.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import kite  # noqa: E402  (the harness lives in tests/)

REFERENCE = kite.REPO.parent / "shared" / "linux-reference.md"
GOAL = 0.5
# Guest time under icount can run far slower than wall time on a busy host.
BENCH_TIMEOUT = 1200
SHELL_TIMEOUT = 600

BENCH_LINE = re.compile(r"^bench: (\w+) (?:n/a (.*)|([\d.]+) (ns/op|MB/s))$", re.MULTILINE)
INIT_LINE = re.compile(r"^init: started at ([\d.]+) s since boot", re.MULTILINE)
TABLE_ROW = re.compile(r"^\| (\w+) \|[^|]*\| ([\d,.]+) ?(MB/s|s)?[^|]*\|$", re.MULTILINE)


class Figure:
    """One measurement: a value in its unit, or the reason there is none."""

    def __init__(self, value=None, unit=None, reason=None):
        self.value, self.unit, self.reason = value, unit, reason

    def __str__(self):
        if self.value is None:
            return f"n/a ({self.reason})"
        return f"{self.value:,.2f} {self.unit}" if self.unit == "s" else \
            f"{self.value:,.0f} {self.unit}"

    def ratio(self, linux):
        """ours/Linux for latencies, Linux/ours for bandwidth: < 1 is better."""
        if self.value is None or linux is None or linux.value is None or self.value == 0:
            return None
        if self.unit == "MB/s":
            return linux.value / self.value
        return self.value / linux.value


def linux_figures():
    """The reference figures, by metric name, from linux-reference.md's table."""
    figures = {}
    for name, number, unit in TABLE_ROW.findall(REFERENCE.read_text()):
        figures[name] = Figure(float(number.replace(",", "")), unit or "ns/op")
    return figures


def bench_figures(output):
    figures = {}
    for name, reason, value, unit in BENCH_LINE.findall(output):
        figures[name] = Figure(reason=reason) if reason else Figure(float(value), unit)
    return figures


def run_bench(smp, icount):
    """Boot and run /bin/bench: (status, its output, the boot time line or None)."""
    machine = kite.Machine(smp=smp, icount=icount)
    try:
        machine.wait_shell(SHELL_TIMEOUT)
        found = INIT_LINE.search(machine.log)
        status, output = machine.run("/bin/bench", BENCH_TIMEOUT)
        return status, output, found
    finally:
        machine.close()


def measure(smp, icount):
    """The figures by name, `boot` among them, and the reason for a failure or None."""
    try:
        status, output, found = run_bench(smp, icount)
    except (kite.KiteError, OSError) as failure:
        return {}, f"{type(failure).__name__}: {str(failure).splitlines()[0]}"
    figures = bench_figures(output)
    figures["boot"] = Figure(float(found.group(1)), "s") if found else \
        Figure(reason="no `init: started at` line")
    if status != 0:
        return figures, f"/bin/bench exited with status {status}: {output[-200:]!r}"
    return figures, None


def print_table(title, ours, linux, judge, missing):
    """One row per reference metric; `missing` is why one has no figure."""
    print(f"\n{title}")
    print(f"{'metric':<12} {'ours':>22} {'Linux':>16} {'ratio':>7}  goal <= {GOAL}")
    for name, reference in linux.items():
        figure = ours.get(name, Figure(reason=missing))
        ratio = figure.ratio(reference)
        shown = f"{ratio:.2f}" if ratio is not None else "-"
        verdict = ("met" if ratio <= GOAL else "not met") if judge and ratio is not None else ""
        print(f"{name:<12} {str(figure):>22} {str(reference):>16} {shown:>7}  {verdict}")


def main():
    linux = linux_figures()
    steady, failure = measure(smp=1, icount=True)
    if failure:
        print(f"bench: the icount run failed: {failure}")
    print_table("-smp 1 -icount shift=0 (1 ns = 1 instruction; compare with Linux)",
                steady, linux, judge=True, missing="run failed" if failure else "not reported")
    noisy, noisy_failure = measure(smp=4, icount=False)
    if noisy_failure:
        print(f"bench: the -smp 4 run failed: {noisy_failure}")
    print_table("-smp 4, plain TCG: wall-clock, NOISY (varies 25-100 % between runs; "
                "two-process figures may cross harts): not judged", noisy, linux, judge=False,
                missing="run failed" if noisy_failure else "not reported")
    return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
