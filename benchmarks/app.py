"""The study app at scale (100,000 cards, 1,000,000 reviews), headless.

- Start-up: a fresh process from launch until the deck list is drawn (deck file
  hashed, counts queried), beside a fresh process running a bare Textual app with a
  header, a table and a footer. Target: within 1.5x.
- Next card: the app-side time from a grade keypress to the next card being drawn,
  median over many answers. Target: one frame (16 ms).
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Row, median_seconds
from benchmarks.store import NOW, build

BARE_APP = """
import asyncio
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        table = DataTable()
        table.add_columns("Deck", "New", "Learning", "Due", "Cards", "Last studied")
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
from studytool.tui.app import AppConfig, StudyApp

folder = Path(sys.argv[1])
config = AppConfig(database=folder / "study.db", deck_paths=(folder / "big.yaml",), zone=UTC,
                   clock=lambda: datetime(2026, 6, 1, 12, tzinfo=UTC))

async def main():
    app = StudyApp(config)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "DeckListScreen"
        assert app.screen.query_one("#decks").row_count == 1

asyncio.run(main())
"""


def _process_seconds(code: str, *args: str) -> float:
    def run() -> None:
        subprocess.run([sys.executable, "-c", code, *args], check=True)

    return median_seconds(run, 5)


async def _next_card_times(folder: Path, answers: int) -> list[float]:
    from studytool.tui.app import AppConfig, StudyApp
    from studytool.tui.screens.study import StudyScreen

    config = AppConfig(
        database=folder / "study.db",
        deck_paths=(folder / "big.yaml",),
        zone=NOW.tzinfo,  # type: ignore[arg-type]
        clock=lambda: NOW,
        reviews_per_day=10_000,
    )
    app = StudyApp(config)
    times: list[float] = []
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
            started = time.perf_counter()
            screen.action_grade(4)  # what the "4" key runs: save, then draw the next card
            await pilot.pause()  # until the screen has been refreshed
            times.append(time.perf_counter() - started)
    return times


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        build(folder).close()
        # The first start syncs the new deck file; later starts find it unchanged.
        subprocess.run([sys.executable, "-c", STUDY_APP, str(folder)], check=True)
        bare = _process_seconds(BARE_APP)
        ours = _process_seconds(STUDY_APP, str(folder))
        times = asyncio.run(_next_card_times(folder, 60))
        floor_frame = 1 / 60
    return [
        Row(
            "app start to deck list (fresh process, 100k cards)",
            ours,
            "bare Textual app (header, table, footer)",
            bare,
            target_ratio=1.5,
        ),
        Row(
            "grade key to next card drawn (median of 60)",
            statistics.median(times),
            "one frame at 60 Hz",
            floor_frame,
            target_seconds=0.016,
        ),
    ]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(run()))
