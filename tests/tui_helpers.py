"""Building the real app on a real database file for Pilot and snapshot tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sample_decks import seven_muscle_deck
from textual.app import App
from textual.pilot import Pilot

from studytool.core.scheduling import SchedulerName, Scheduling
from studytool.storage import Store
from studytool.tui.app import AppConfig, open_app

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)

BROKEN_DECK = """\
id: shoulder
title: Shoulder girdle
muscles:
  - id: serratus-anterior
    name: Serratus anterior
    region: shoulder
    orgin: Ribs 1-8
    insertion: Medial border of the scapula
    actions: [Protracts the scapula]
"""


def make_app(
    folder: Path,
    *,
    broken: bool = False,
    editor: str = "true",
    history: bool = False,
    new_per_day: int = 20,
    notes: bool = False,
    bury_siblings: bool = True,
    deck_text: str | None = None,
    fsrs: bool = False,
) -> App[None]:
    """The app on a fresh database in `folder`, with the sample deck and a frozen clock.

    `folder` may be relative (to the current folder), so paths on screen are stable for
    snapshots. With `history`, two weeks of answers are recorded before the app starts;
    with `notes`, every muscle has a long paragraph of notes (`with_notes`). `deck_text`
    replaces the sample deck. With `fsrs`, the database schedules with FSRS (its
    history replayed through it).
    """
    decks = folder / "decks"
    decks.mkdir(exist_ok=True)
    deck = deck_text or (with_notes(seven_muscle_deck()) if notes else seven_muscle_deck())
    (decks / "test-deck.yaml").write_text(deck, encoding="utf-8")
    if broken:
        (decks / "shoulder.yaml").write_text(BROKEN_DECK, encoding="utf-8")
    if history:
        _record_history(folder / "study.db", decks)
    if fsrs:
        with Store.open(folder / "study.db", zone=UTC) as store:
            store.switch_scheduler(Scheduling(SchedulerName.FSRS))
    config = AppConfig(
        database=folder / "study.db",
        deck_paths=(decks,),
        zone=UTC,
        clock=lambda: NOW,
        editor=editor,
        new_per_day=new_per_day,
        bury_siblings=bury_siblings,
    )
    return open_app(config)


NOTES = (
    "Remember {name} by its line of pull. It crosses the front of the hip, so it flexes;"
    " its fibres spiral round the bone, so it turns the thigh as well, which is why a lunge"
    " with the back knee turned in stretches it more than one with the knee straight."
)


def with_notes(deck: str) -> str:
    """The sample deck with a long paragraph of notes on every muscle."""
    lines = []
    for line in deck.splitlines(keepends=True):
        lines.append(line)
        if line.startswith("    innervation: Nerve of "):
            name = line.removeprefix("    innervation: Nerve of ").strip()
            lines.append(f"    notes: {NOTES.format(name=name)}\n")
    return "".join(lines)


def screen_lines(app: App[None]) -> list[str]:
    """The screen as a person sees it: one string per row, notices included."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the app's workers (deck sync, stats) and the screen to catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _record_history(database: Path, decks: Path) -> None:
    """Answers on most of the 14 days before NOW, some wrong, so charts and stats have data."""
    with Store.open(database, zone=UTC) as store:
        store.sync([decks], NOW - timedelta(days=14))
        for back in range(14, 0, -1):
            if back in (9, 4):
                continue  # days off
            day = NOW - timedelta(days=back)
            for card in store.queue(day, new_per_day=3):
                grade = 1 if card.id.endswith(("/origin", "/cue/bridge")) and back > 5 else 4
                store.answer(card.id, grade, day, duration_ms=5000)
