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


def interleaved_medians(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median wall times of two actions run alternately, so drift on a shared machine hits
    both alike (timing one after the other let a slow minute land on one side only)."""
    first()
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, bucket in zip((first, second), times, strict=True):
            started = time.perf_counter()
            action()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


@dataclass(frozen=True)
class Row:
    """One benchmark figure beside its floor and its target.

    The target is a ratio to the floor, or (where the issue sets one) a time budget;
    the floor is then shown for context.
    """

    name: str
    seconds: float
    floor_name: str
    floor_seconds: float
    target_ratio: float | None = None
    target_seconds: float | None = None

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds

    @property
    def met(self) -> bool:
        if self.target_seconds is not None:
            return self.seconds <= self.target_seconds
        return self.target_ratio is None or self.ratio <= self.target_ratio

    @property
    def target(self) -> str:
        if self.target_seconds is not None:
            return f"< {_ms(self.target_seconds)}"
        return f"≤ {self.target_ratio:g}x" if self.target_ratio is not None else "-"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3g} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows."""
    lines = [
        "| benchmark | time | floor | floor time | ratio | target | met |",
        "|---|---:|---|---:|---:|---:|:-:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.name} | {_ms(row.seconds)} | {row.floor_name} | "
            f"{_ms(row.floor_seconds)} | {row.ratio:.2f}x | {row.target} | "
            f"{'yes' if row.met else 'NO'} |"
        )
    return "\n".join(lines)
