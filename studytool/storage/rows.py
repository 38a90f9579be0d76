"""Between rows and records: a card's schedule as columns, a row as a StudyCard.

Every value is read and written by column name, so adding a column cannot shift one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from studytool.core.answer_rules import CardSchedule
from studytool.core.card import CardKind
from studytool.core.schedulers.fsrs import FSRSMemory
from studytool.core.schedulers.sm2 import SM2State
from studytool.storage.connection import Connection
from studytool.storage.records import StudyCard

__all__ = [
    "SCHEDULE_COLUMNS",
    "read_cards",
    "schedule_from_row",
    "schedule_values",
    "update_schedule",
    "utc_text",
]

#: A card's schedule in `card_state`, and (suffixed `_before`) in each review row.
SCHEDULE_COLUMNS = (
    "easiness",
    "repetitions",
    "interval",
    "lapses",
    "due",
    "learning_day",
    "buried_until",
    "suspended",
    "leech",
    "stability",
    "difficulty",
    "fsrs_phase",
    "fsrs_step",
    "last_review",
)

_MEMORY_COLUMNS = ("stability", "difficulty", "fsrs_phase", "fsrs_step", "last_review")

_READ_CHUNK = 500  # ids per query: well under SQLite's limit on parameters

ScheduleValues = dict[str, object]


def schedule_values(schedule: CardSchedule) -> ScheduleValues:
    """A schedule as column -> value."""
    state = schedule.state
    return {
        "easiness": state.easiness_hundredths,
        "repetitions": state.repetitions,
        "interval": state.interval,
        "lapses": state.lapses,
        "due": _iso(schedule.due),
        "learning_day": _iso(schedule.learning_day),
        "buried_until": _iso(schedule.buried_until),
        "suspended": int(schedule.suspended),
        "leech": int(schedule.leech),
        **_memory_values(schedule.memory),
    }


def _memory_values(memory: FSRSMemory | None) -> ScheduleValues:
    if memory is None:
        return dict.fromkeys(_MEMORY_COLUMNS)
    return {
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "fsrs_phase": memory.phase,
        "fsrs_step": memory.step,
        "last_review": memory.last_review.isoformat(),
    }


def _memory(row: Mapping[str, Any] | sqlite3.Row) -> FSRSMemory | None:
    if row["stability"] is None:
        return None
    return FSRSMemory(
        row["stability"],
        row["difficulty"],
        row["fsrs_phase"],
        row["fsrs_step"],
        date.fromisoformat(row["last_review"]),
    )


def schedule_from_row(row: Mapping[str, Any] | sqlite3.Row) -> CardSchedule:
    """The schedule in a row's schedule columns."""
    return CardSchedule(
        SM2State.from_hundredths(
            row["easiness"], row["repetitions"], row["interval"], row["lapses"]
        ),
        _day(row["due"]),
        _day(row["learning_day"]),
        _day(row["buried_until"]),
        bool(row["suspended"]),
        bool(row["leech"]),
        _memory(row),
    )


def update_schedule(
    conn: sqlite3.Connection,
    card_id: str,
    before: ScheduleValues | None,
    after: ScheduleValues,
) -> None:
    """Write a card's schedule, setting only the columns that changed when `before` is
    known: SQLite then leaves alone the indexes on the others (suspended, buried...)."""
    changed = {
        column: value
        for column, value in after.items()
        if before is None or before[column] != value
    }
    if not changed:
        return
    assignments = ", ".join(f"{column} = :{column}" for column in changed)
    conn.execute(
        f"UPDATE card_state SET {assignments} WHERE card_id = :card_id",
        {**changed, "card_id": card_id},
    )


def read_cards(
    db: Connection, card_ids: Sequence[str], *, active_only: bool = False
) -> list[StudyCard]:
    """The cards with these ids, text and schedule, in the order given; with
    `active_only`, only those still in a deck file in use (not retired)."""
    active = " AND s.retired = 0" if active_only else ""
    if not card_ids:
        return []
    found: dict[str, StudyCard] = {}
    columns = ", ".join(f"s.{column}" for column in SCHEDULE_COLUMNS)
    for start in range(0, len(card_ids), _READ_CHUNK):
        chunk = list(card_ids[start : start + _READ_CHUNK])
        marks = ", ".join("?" for _ in chunk)
        for row in db.rows(
            f"SELECT c.*, {columns} FROM cards AS c"
            f" JOIN card_state AS s ON s.card_id = c.id WHERE c.id IN ({marks}){active}",
            chunk,
        ):
            found[row["id"]] = _study_card(row)
    return [found[card_id] for card_id in card_ids if card_id in found]


def utc_text(moment: datetime) -> str:
    """A moment as the database keeps it: ISO 8601 in UTC, to the millisecond."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _study_card(row: sqlite3.Row) -> StudyCard:
    return StudyCard(
        id=row["id"],
        deck=row["deck"],
        kind=CardKind(row["kind"]),
        front=row["front"],
        back=row["back"],
        muscle=row["muscle"],
        muscle_name=row["muscle_name"],
        region=row["region"],
        notes=row["notes"],
        image=row["image"],
        line=row["line"],
        schedule=schedule_from_row(row),
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
