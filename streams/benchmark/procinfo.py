"""What a process costs, read from /proc: CPU seconds, resident memory, machine-wide CPU and load.

The machine is shared (other processes, the broker), so every measured phase also records
how busy the machine was: a throughput figure means little without it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process (all its threads), or None once it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            # the command name may contain spaces: the numeric fields start after its closing ')'
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass(frozen=True)
class Memory:
    rss_mb: float  # VmRSS: resident now
    hwm_mb: float  # VmHWM: the most it was ever resident (peak RSS)


def process_memory(pid: int) -> Memory | None:
    values = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    values[name] = int(rest.split()[0]) / 1024.0  # kB to MiB
    except OSError:
        return None
    if len(values) < 2:
        return None
    return Memory(rss_mb=values["VmRSS"], hwm_mb=values["VmHWM"])


def machine_cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies over all cores since boot, from /proc/stat."""
    with open("/proc/stat") as handle:
        numbers = [int(x) for x in handle.readline().split()[1:]]
    idle = numbers[3] + (numbers[4] if len(numbers) > 4 else 0)  # idle + iowait
    total = sum(numbers[:8])  # guest time is already counted in user
    return total - idle, total


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


class CpuWindow:
    """CPU used by chosen processes and by the whole machine between start() and stop()."""

    def __init__(self, pids: dict[str, int | None]):
        self.pids = {name: pid for name, pid in pids.items() if pid}
        self.cores = os.cpu_count() or 1

    def start(self) -> CpuWindow:
        self._first = {name: process_cpu_seconds(pid) for name, pid in self.pids.items()}
        self._machine = machine_cpu_ticks()
        self._load_before = load_average()[0]
        return self

    def stop(self) -> dict[str, Any]:
        """CPU seconds per process, and the machine's busy share of all its cores in the window."""
        used: dict[str, float | None] = {}
        for name, pid in self.pids.items():
            before, after = self._first.get(name), process_cpu_seconds(pid)
            used[name] = round(after - before, 2) if before is not None and after is not None else None
        busy_before, total_before = self._machine
        busy_after, total_after = machine_cpu_ticks()
        share = (busy_after - busy_before) / (total_after - total_before) if total_after > total_before else None
        return {
            "process_cpu_seconds": used,
            "machine_busy_share": round(share, 3) if share is not None else None,
            "cores": self.cores,
            "load_average_1m": [round(self._load_before, 2), round(load_average()[0], 2)],
        }
