"""How much memory does a process tree hold at its peak? Resident sets sampled from /proc.

``ru_maxrss`` gives one process's peak; a build on Dask workers or a report whose notebooks
run in kernel processes spreads over several at once. :class:`TreeSampler` samples every
``interval`` seconds the resident set of a process and all its descendants (Linux ``/proc``)
and keeps the largest total and the largest single process seen::

    python benchmarks/peak.py -- .venv/bin/python -m kit report --corpus /tmp/store --out /tmp/r

runs a command and prints its peaks. A sampled peak can miss a spike shorter than the
interval, so it is a lower bound; ``ru_maxrss`` (exact, per process) is printed beside it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended while we looked
            kids.setdefault(ppid, []).append(int(d.name))
    return kids


def tree_rss(pid: int) -> dict[int, int]:
    """Bytes resident in ``pid`` and each of its descendants, by process id."""
    kids, todo, out = _children(), [pid], {}
    while todo:
        p = todo.pop()
        try:
            out[p] = int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(kids.get(p, []))
    return out


def _label(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [a.decode(errors="replace") for a in argv if a]
    env = {}
    try:
        for kv in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
            k, _, v = kv.decode(errors="replace").partition("=")
            env[k] = v
    except OSError:
        pass
    name = " ".join(w.rsplit("/", 1)[-1] for w in words[:3])[:60]
    return f"{name} [{env['KIT_NOTEBOOK']}]" if "KIT_NOTEBOOK" in env and "ipykernel" in name else name


class TreeSampler:
    """Samples :func:`tree_rss` of ``pid`` in a thread; ``peak_total``/``peak_single`` in bytes,
    ``peaks`` each process's peak (bytes) by process id, ``labels`` its command (and notebook),
    ``peak_at`` the seconds from the start to the tree's peak and ``at_peak`` each process's
    resident set then (which step to look at: the driver's or the workers')."""

    def __init__(self, pid: int | None = None, interval: float = 0.2):
        self.pid, self.interval = pid or os.getpid(), interval
        self.peak_total = self.peak_single = self.peak_procs = 0
        self.peaks: dict[int, int] = {}
        self.at_peak: dict[int, int] = {}
        self.peak_at = 0.0
        self.labels: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = time.perf_counter()
        while not self._stop.is_set():
            rss = tree_rss(self.pid)
            if sum(rss.values()) > self.peak_total:
                self.peak_total, self.at_peak, self.peak_at = sum(rss.values()), rss, time.perf_counter() - start
            self.peak_single = max(self.peak_single, max(rss.values(), default=0))
            self.peak_procs = max(self.peak_procs, len(rss))
            for p, b in rss.items():
                if "ipykernel" not in self.labels.get(p, ""):  # a new process may not have exec'd yet
                    self.labels[p] = _label(p)
                self.peaks[p] = max(self.peaks.get(p, 0), b)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def reset_peak() -> None:
    """Reset this process's peak resident set (Linux ``clear_refs``), so the next
    :func:`own_peak_mb` is the peak of what runs after it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # pragma: no cover - not Linux, or not allowed: the peak stays the lifetime's
        pass


def own_peak_mb() -> float:
    """This process's peak resident set (``VmHWM``) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv)
    with TreeSampler(proc.pid) as s:
        rc = proc.wait()
    largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"exit {rc}, {time.perf_counter() - t0:.1f} s; peak RSS of the process tree (sampled every "
        f"{s.interval} s): {s.peak_total / 2**20:,.0f} MB total, {s.peak_single / 2**20:,.0f} MB largest "
        f"process, {s.peak_procs} processes at most; ru_maxrss of the largest process: {largest_child:,.0f} MB",
        flush=True,
    )
    for p, b in s.peaks.items():  # in the order they were first seen
        if b > 50 * 2**20:
            print(f"  {b / 2**20:7,.0f} MB  pid {p}  {s.labels[p]}", flush=True)
    sys.exit(rc)


if __name__ == "__main__":
    main()
