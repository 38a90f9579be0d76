"""Answers that cross with another device of the trainee's Anki account.

An answer given in Anki is recorded once (its Anki id is unique in `reviews`), marked
as from Anki, and the card's schedule is then worked out again by replaying all its
answers, from both sides, in time order: the schedule is a function of the review log,
and the same-day repeat rule applies as ever. An answer given here is sent once: it
keeps the id it was given there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from studytool.storage.connection import Connection
from studytool.storage.replay import replay_card
from studytool.storage.rows import utc_text
from studytool.storage.scheduler_choice import read_scheduling

__all__ = [
    "AnswerElsewhere",
    "AnswerToSend",
    "answered_cards",
    "mark_sent",
    "record_answers",
    "unsent_answers",
]


@dataclass(frozen=True, slots=True)
class AnswerElsewhere:
    """An answer given on another device: its id there, the card, when, and how well."""

    device_id: int
    card_id: str
    answered_at: datetime
    quality: int
    duration_ms: int = 0


@dataclass(frozen=True, slots=True)
class AnswerToSend:
    """An answer given here that the other device has not had yet."""

    review_id: int
    card_id: str
    answered_at: str  # UTC, as stored
    quality: int
    kind: str
    duration_ms: int
    interval_before: int
    interval_after: int
    easiness_after: int


def record_answers(db: Connection, answers: Iterable[AnswerElsewhere]) -> int:
    """Record the answers not recorded yet (of cards this database knows), and replay
    each card they touch; one transaction. Returns how many were new."""
    with db.write() as conn:
        known = {
            row[0]
            for row in conn.execute("SELECT device_id FROM reviews WHERE device_id IS NOT NULL")
        }
        decks = dict(conn.execute("SELECT card_id, deck FROM card_state").fetchall())
        touched: set[str] = set()
        added = 0
        for answer in answers:
            if answer.device_id in known or answer.card_id not in decks:
                continue
            known.add(answer.device_id)
            conn.execute(
                "INSERT INTO reviews (card_id, deck, quality, kind, answered_at, study_day,"
                " duration_ms, source, device_id, easiness_before, repetitions_before,"
                " interval_before, lapses_before, suspended_before, leech_before,"
                " easiness_after, repetitions_after, interval_after, lapses_after)"
                " VALUES (?, ?, ?, 'review', ?, ?, ?, 'anki', ?, 250, 0, 0, 0, 0, 0, 250, 0, 0, 0)",
                (
                    answer.card_id,
                    decks[answer.card_id],
                    answer.quality,
                    utc_text(answer.answered_at),
                    db.today(answer.answered_at).isoformat(),
                    max(0, answer.duration_ms),
                    answer.device_id,
                ),
            )
            touched.add(answer.card_id)
            added += 1
        scheduling = read_scheduling(conn)
        for card_id in sorted(touched):
            replay_card(conn, card_id, scheduling)
    return added


def unsent_answers(db: Connection) -> list[AnswerToSend]:
    """The answers given here that were not sent yet (crams stay here), oldest first."""
    rows = db.rows(
        "SELECT id, card_id, answered_at, quality, kind, duration_ms, interval_before,"
        " interval_after, easiness_after FROM reviews"
        " WHERE source = 'studytool' AND device_id IS NULL AND kind != 'cram'"
        " ORDER BY answered_at, id"
    )
    return [AnswerToSend(*row) for row in rows]


def answered_cards(db: Connection) -> list[str]:
    """Every card answered on either side (crams aside): the cards whose schedule the
    other device should show."""
    rows = db.rows("SELECT DISTINCT card_id FROM reviews WHERE kind != 'cram' ORDER BY card_id")
    return [row["card_id"] for row in rows]


def mark_sent(db: Connection, sent: Mapping[int, int] | Sequence[tuple[int, int]]) -> None:
    """Note the id each answer (review id -> id there) was given on the other device."""
    pairs = sent.items() if isinstance(sent, Mapping) else sent
    with db.write() as conn:
        conn.executemany(
            "UPDATE reviews SET device_id = ? WHERE id = ? AND device_id IS NULL",
            [(device_id, review_id) for review_id, device_id in pairs],
        )
