"""Answering a card, taking an answer back, burying, suspending, and the leeches.

An answer is one transaction: the card's new schedule and its review row, which keeps
the schedule from before (so undo can restore it exactly) and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from studytool.core.answer_rules import apply_answer, apply_cram_answer
from studytool.core.scheduling import SM2
from studytool.storage.connection import Connection
from studytool.storage.errors import StoreError
from studytool.storage.records import Answer, StudyCard
from studytool.storage.replay import AFTER_COLUMNS
from studytool.storage.rows import (
    SCHEDULE_COLUMNS,
    read_cards,
    schedule_from_row,
    schedule_values,
    update_schedule,
    utc_text,
)
from studytool.storage.scheduler_choice import read_scheduling
from studytool.storage.studyable import ACTIVE, LEECH, in_decks

__all__ = ["answer", "bury", "leeches", "restore_set_aside", "set_suspended", "undo_last"]

_REVIEW_COLUMNS = (
    "card_id",
    "deck",
    "quality",
    "kind",
    "answered_at",
    "study_day",
    "duration_ms",
    *(f"{column}_before" for column in SCHEDULE_COLUMNS),
    *(f"{column}_after" for column in AFTER_COLUMNS),
)
_INSERT_REVIEW = (
    f"INSERT INTO reviews ({', '.join(_REVIEW_COLUMNS)})"
    f" VALUES ({', '.join(':' + column for column in _REVIEW_COLUMNS)})"
)
_STATE = ", ".join(SCHEDULE_COLUMNS)
_BEFORE = ", ".join(f"{column}_before" for column in SCHEDULE_COLUMNS)


def answer(
    db: Connection,
    card_id: str,
    quality: int,
    now: datetime,
    duration_ms: int = 0,
    *,
    cram: bool = False,
) -> Answer:
    """Record one answer and the schedule it gives, in one committed transaction.

    A crammed answer (custom study) is logged as such and changes no schedule.
    """
    today = db.today(now)
    with db.write() as conn:
        row = conn.execute(
            f"SELECT deck, retired, {_STATE}, (SELECT name FROM scheduler) AS scheduler"
            " FROM card_state WHERE card_id = ?",
            (card_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no card '{card_id}' in {db.path}")
        if row["retired"]:
            raise StoreError(
                f"the card '{card_id}' is no longer in a deck file in use; nothing was saved"
            )
        before = schedule_from_row(row)
        if cram:
            after, kind = apply_cram_answer(before, quality)
        else:
            # Read whole only under FSRS (its parameters): SM-2 has nothing to read.
            scheduling = read_scheduling(conn) if row["scheduler"] == "fsrs" else SM2
            after, kind = apply_answer(before, quality, today, scheduling=scheduling)
        before_values, after_values = schedule_values(before), schedule_values(after)
        update_schedule(conn, card_id, before_values, after_values)
        review = {
            "card_id": card_id,
            "deck": row["deck"],
            "quality": quality,
            "kind": kind.value,
            "answered_at": utc_text(now),
            "study_day": today.isoformat(),
            "duration_ms": max(0, int(duration_ms)),
        }
        review |= {f"{column}_before": value for column, value in before_values.items()}
        review |= {f"{column}_after": after_values[column] for column in AFTER_COLUMNS}
        cursor = conn.execute(_INSERT_REVIEW, review)
        review_id = int(cursor.lastrowid or 0)
    return Answer(review_id, card_id, quality, kind, after, after.leech and not before.leech)


def undo_last(db: Connection, expected_review: int | None = None) -> str | None:
    """Take back the most recent answer: restore the card's schedule exactly and
    delete its review row. Returns the card's id, or None when there is nothing to undo.

    With `expected_review`, only that answer is taken back: if another answer was
    recorded since (say, by a second studytool), nothing changes and None is returned.
    """
    with db.write() as conn:
        row = conn.execute(
            f"SELECT id, card_id, device_id, {_BEFORE} FROM reviews ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None or (expected_review is not None and row["id"] != expected_review):
            return None
        if row["device_id"] is not None:  # already in Anki (or from it): it cannot be taken back
            return None
        restored = {column: row[f"{column}_before"] for column in SCHEDULE_COLUMNS}
        update_schedule(conn, row["card_id"], None, restored)
        conn.execute("DELETE FROM reviews WHERE id = ?", (row["id"],))
    return str(row["card_id"])


def set_suspended(db: Connection, card_id: str, suspended: bool) -> None:
    """Suspend a card, or bring it back; a leech brought back stops being one (it is
    caught again if it keeps lapsing)."""
    if suspended:
        _set_state(db, card_id, "suspended = 1")
    else:
        _set_state(db, card_id, "suspended = 0, leech = 0")


def restore_set_aside(
    db: Connection, card_id: str, buried_until: date | None, suspended: bool, leech: bool
) -> None:
    """Put back a card's burying, suspension and leech mark as they were (undo)."""
    _set_state(
        db,
        card_id,
        "buried_until = ?, suspended = ?, leech = ?",
        buried_until.isoformat() if buried_until else None,
        int(suspended),
        int(leech),
    )


def bury(db: Connection, card_id: str, today: date) -> None:
    """Hide a card until the study day after `today`."""
    _set_state(db, card_id, "buried_until = ?", (today + timedelta(days=1)).isoformat())


def leeches(db: Connection, decks: Sequence[str] | None) -> list[StudyCard]:
    """Cards that lapsed often enough to be suspended as leeches, most lapses first."""
    deck_filter, params = in_decks(decks)
    ids = db.rows(
        f"SELECT s.card_id FROM card_state AS s WHERE {LEECH} AND {ACTIVE} AND {deck_filter}"
        " ORDER BY s.lapses DESC, s.card_id",
        params,
    )
    return read_cards(db, [row["card_id"] for row in ids])


def _set_state(db: Connection, card_id: str, assignment: str, *params: object) -> None:
    with db.write() as conn:
        cursor = conn.execute(
            f"UPDATE card_state SET {assignment} WHERE card_id = ?", (*params, card_id)
        )
        if cursor.rowcount == 0:
            raise StoreError(f"no card '{card_id}' in {db.path}")
