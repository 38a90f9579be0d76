"""The study app at scale (100,000 cards, 1,000,000 reviews), headless.

- Start-up: a fresh process from launch until the deck list is drawn (deck file
  hashed, counts queried), beside a fresh process running a bare Textual app with a
  header, a table and a footer. Target: within 1.3x. Measured twice: on one deck of
  100,000 cards with a million answers, and on the bundled decks (every deck file
  checked, eight decks counted), as a trainee starts the course.
- Deck counts of the bundled decks (in process): the deck list's figures, the queue's
  plan included. Target: 50 ms.
- Next card: the app-side time from a grade keypress to the next card being drawn,
  median over many answers. Target: one frame (16 ms). "App-side" is the CPU time the
  app spends (saving the answer, updating widgets, layout, rendering); the wall time
  also includes waiting for Textual's next frame tick, and is reported beside it.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

from benchmarks.harness import Row, interleaved_medians, median_seconds
from benchmarks.store import NOW, build

BARE_APP = """
import asyncio, sys
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        table = DataTable()
        table.add_columns("Deck", "New", "Learning", "Due", "Cards", "Last studied")
        for _ in range(int(sys.argv[1])):  # as many rows as the deck list draws
            table.add_row("Benchmark deck", "20", "0", "200", "100002", "01 Jun 2026")
        yield table
        yield Footer()

async def main():
    async with Bare().run_test(size=(120, 36)) as pilot:
        await pilot.pause()

asyncio.run(main())
"""

STUDY_APP = """
import asyncio, sys
from datetime import UTC, datetime
from pathlib import Path
from studytool.tui.app import AppConfig, open_app

folder, decks, rows = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
config = AppConfig(database=folder / "study.db", deck_paths=(decks,), zone=UTC,
                   clock=lambda: datetime(2026, 6, 1, 12, tzinfo=UTC))

async def main():
    app = open_app(config)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "DeckListScreen"
        assert app.screen.query_one("#decks").row_count == rows

asyncio.run(main())
"""


async def _next_card_times(folder: Path, answers: int) -> tuple[list[float], list[float]]:
    from studytool.tui.app import AppConfig, open_app
    from studytool.tui.screens.study import StudyScreen

    config = AppConfig(
        database=folder / "study.db",
        deck_paths=(folder / "big.yaml",),
        zone=UTC,
        clock=lambda: NOW,
        reviews_per_day=10_000,
    )
    app = open_app(config)
    cpu: list[float] = []
    wall: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        for _ in range(answers):
            await pilot.press("space")
            await pilot.pause()
            started, clock = time.process_time(), time.perf_counter()
            screen.action_grade(4)  # what the "4" key runs: save, then draw the next card
            await pilot.pause()  # until the screen has been refreshed
            cpu.append(time.process_time() - started)
            wall.append(time.perf_counter() - clock)
    return cpu, wall


def _start_up(folder: Path, decks: Path, rows: int) -> tuple[float, float]:
    """Median seconds to start a bare Textual app and ours on `decks` (`rows` decks),
    the bare app drawing as many table rows as ours."""
    app = [sys.executable, "-c", STUDY_APP, str(folder), str(decks), str(rows)]
    # The first start syncs the new deck files; later starts find them unchanged.
    subprocess.run(app, check=True)
    return interleaved_medians(
        lambda: subprocess.run([sys.executable, "-c", BARE_APP, str(rows)], check=True),
        lambda: subprocess.run(app, check=True),
        runs=9,
    )


def _bundled_deck_counts(folder: Path) -> float:
    """Median seconds for the deck list's counts on the bundled decks, freshly synced."""
    from studytool import stats
    from studytool.paths import bundled_decks_dir
    from studytool.storage import Store

    with Store.open(folder / "study.db", zone=UTC) as store:
        store.sync([bundled_decks_dir()], NOW)
        return median_seconds(lambda: stats.deck_counts(store, NOW), 200)


def run() -> list[Row]:
    from studytool.paths import bundled_decks_dir

    bundled = bundled_decks_dir()
    with tempfile.TemporaryDirectory() as name:
        course = Path(name)
        decks = len(list(bundled.glob("*.yaml")))
        course_bare, course_ours = _start_up(course, bundled, decks)
        counts = _bundled_deck_counts(course)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        build(folder).close()
        bare, ours = _start_up(folder, folder / "big.yaml", 1)
        # In a fresh process, as a trainee's app runs: this one holds the big benchmark
        # heap, which would slow Python's garbage collector and skew the timing.
        measured = subprocess.run(
            [sys.executable, "-m", "benchmarks.app", "--next-card", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        )
        cpu, wall = json.loads(measured.stdout)
    frame = 1 / 60
    return [
        Row(
            "app start to deck list (fresh process, 100k cards)",
            ours,
            "bare Textual app (header, table, footer)",
            bare,
            target_ratio=1.3,
        ),
        Row(
            "app start to deck list (the bundled decks)",
            course_ours,
            f"bare Textual app (header, {decks}-row table, footer)",
            course_bare,
            target_ratio=1.3,
        ),
        Row(
            "deck counts (the bundled decks)",
            counts,
            "one frame at 60 Hz",
            frame,
            target_seconds=0.050,
        ),
        Row(
            "grade key to next card drawn, app CPU time (median of 60)",
            statistics.median(cpu),
            "one frame at 60 Hz",
            frame,
            target_seconds=0.016,
        ),
        Row(
            "grade key to next card drawn, wall time incl. frame wait",
            statistics.median(wall),
            "one frame at 60 Hz",
            frame,
        ),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--next-card"]:
        print(json.dumps(asyncio.run(_next_card_times(Path(sys.argv[2]), 60))))
    else:
        from benchmarks.harness import table

        print(table(run()))
