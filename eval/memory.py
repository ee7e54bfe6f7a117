"""Process memory read from /proc, for the benchmarks."""

from __future__ import annotations

from pathlib import Path


def rss_mb(pid: int | str = "self") -> float | None:
    """Resident memory of a process in MiB from /proc (None where /proc is unavailable)."""
    return _status_field(pid, "VmRSS")


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of a process in MiB from /proc."""
    return _status_field(pid, "VmHWM")


def _status_field(pid: int | str, field: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None
    return None
