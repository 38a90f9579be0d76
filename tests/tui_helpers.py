"""Building the real app on a real database file for Pilot and snapshot tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sample_decks import seven_muscle_deck
from textual.pilot import Pilot

from studytool.tui.app import AppConfig, StudyApp

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


def make_app(folder: Path, *, broken: bool = False, editor: str = "true") -> StudyApp:
    """The app on a fresh database in `folder`, with the sample deck and a frozen clock."""
    decks = folder / "decks"
    decks.mkdir(exist_ok=True)
    (decks / "test-deck.yaml").write_text(seven_muscle_deck(), encoding="utf-8")
    if broken:
        (decks / "shoulder.yaml").write_text(BROKEN_DECK, encoding="utf-8")
    config = AppConfig(
        database=folder / "study.db",
        deck_paths=(decks,),
        zone=UTC,
        clock=lambda: NOW,
        editor=editor,
    )
    return StudyApp(config)


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the app's workers (deck sync, stats) and the screen to catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
