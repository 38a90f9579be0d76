"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls of `action`, after one warm-up call."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@dataclass(frozen=True)
class Row:
    """One benchmark figure beside its floor and target."""

    name: str
    seconds: float
    floor_name: str
    floor_seconds: float
    target_ratio: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds

    @property
    def met(self) -> bool:
        return self.ratio <= self.target_ratio


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows."""
    lines = [
        "| benchmark | time | floor | floor time | ratio | target | met |",
        "|---|---:|---|---:|---:|---:|:-:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.name} | {row.seconds * 1000:.0f} ms | {row.floor_name} | "
            f"{row.floor_seconds * 1000:.0f} ms | {row.ratio:.2f}x | "
            f"≤ {row.target_ratio:g}x | {'yes' if row.met else 'NO'} |"
        )
    return "\n".join(lines)
