"""What was exported to Anki: each card's content at its last export, and note times.

Anki keeps a note it already has unless the incoming one is newer, so every export's
note time is later than the last one's; the content hashes let an export report what
changed since.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from studytool.storage.connection import Connection
from studytool.storage.rows import utc_text

__all__ = ["exported_hashes", "next_note_time", "record_export"]


def exported_hashes(db: Connection, decks: Sequence[str]) -> dict[str, str]:
    """Card id -> content hash at the last export, for every card of these decks."""
    found: dict[str, str] = {}
    for deck in decks:
        for row in db.rows("SELECT hashes FROM exported_decks WHERE deck = ?", [deck]):
            found.update(json.loads(row["hashes"]))
    return found


def next_note_time(db: Connection, now: datetime) -> int:
    """A note modification time (whole seconds) later than every earlier export's."""
    (row,) = db.rows("SELECT max(note_time) AS last FROM exports")
    last = row["last"]
    now_seconds = int(now.timestamp())
    return now_seconds if last is None else max(now_seconds, int(last) + 1)


def record_export(
    db: Connection,
    hashes: dict[str, dict[str, str]],
    path: Path,
    now: datetime,
    note_time: int,
) -> None:
    """Remember an export: per deck, card id -> content hash; and its note time."""
    with db.write() as conn:
        cursor = conn.execute(
            "INSERT INTO exports (exported_at, note_time, path, notes) VALUES (?, ?, ?, ?)",
            (utc_text(now), note_time, str(path), sum(len(cards) for cards in hashes.values())),
        )
        conn.executemany(
            "INSERT INTO exported_decks (deck, hashes, export_id) VALUES (?, ?, ?)"
            " ON CONFLICT (deck) DO UPDATE SET hashes = excluded.hashes,"
            " export_id = excluded.export_id",
            [(deck, json.dumps(cards), cursor.lastrowid) for deck, cards in hashes.items()],
        )
