"""Answers and schedules inside the local Anki collection: the phone's answers read out
of Anki's review log, studytool's written into it, and cards given the state
studytool's scheduler (SM-2 or FSRS) worked out, so the phone shows a card when
studytool says.

Anki's buttons map to SM-2 quality as Again 1, Hard 3, Good 4, Easy 5 (as studytool's
own FSRS keys are logged); studytool's grades go back as 0-2 Again, 3 Hard, 4 Good,
5 Easy. Manual reschedules (`revlog.type`
4) and filtered-deck answers (3, often previews) are not answers here and stay in Anki.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from studytool.anki.notes import note_guid
from studytool.core.answer_rules import CardSchedule
from studytool.core.schedulers.fsrs import QUALITY_OF_RATING, FSRSMemory, rating_of_quality
from studytool.core.set_aside import SetAside
from studytool.storage.synced_answers import AnswerElsewhere, AnswerToSend

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.dbproxy import DBProxy

__all__ = [
    "QUALITY_OF_EASE",
    "anki_card_ids",
    "card_ids_by_guid",
    "phone_answers",
    "set_aside_in_anki",
    "set_aside_there",
    "set_schedules",
    "write_answers",
]

#: Anki's answer buttons (revlog.ease: Again, Hard, Good, Easy) as SM-2 quality: the
#: same four answers as FSRS's, logged the same way.
QUALITY_OF_EASE = QUALITY_OF_RATING
#: Anki's review log types that are answers: learning, review, relearning. (3 is a
#: filtered deck's, often a preview that moves nothing; 4 a manual reschedule.)
_ANSWER_TYPES = (0, 1, 2)


def card_ids_by_guid(card_ids: Iterable[str]) -> dict[str, str]:
    """Each note GUID studytool writes, and the card id it belongs to."""
    return {note_guid(card_id): card_id for card_id in card_ids}


def phone_answers(col: Collection, cards: Mapping[str, str]) -> list[AnswerElsewhere]:
    """The answers in `col`'s review log to studytool's notes (`cards`: GUID -> card id),
    as answers given elsewhere (the store keeps each once)."""
    rows = _db(col).all(
        "SELECT r.id, r.ease, r.time, n.guid FROM revlog AS r"
        " JOIN cards AS c ON c.id = r.cid JOIN notes AS n ON n.id = c.nid"
        f" WHERE r.type IN {_ANSWER_TYPES} AND r.ease BETWEEN 1 AND 4 ORDER BY r.id"
    )
    return [
        AnswerElsewhere(
            int(revlog_id),
            cards[guid],
            datetime.fromtimestamp(revlog_id / 1000, UTC),
            QUALITY_OF_EASE[ease],
            max(0, int(taken)),
        )
        for revlog_id, ease, taken, guid in rows
        if guid in cards
    ]


def anki_card_ids(col: Collection, cards: Mapping[str, str]) -> dict[str, int]:
    """studytool card id -> Anki card id, for the notes `col` holds."""
    found: dict[str, int] = {}
    for anki_id, guid in _db(col).all(
        "SELECT c.id, n.guid FROM cards AS c JOIN notes AS n ON n.id = c.nid"
    ):
        if guid in cards:
            found[cards[guid]] = int(anki_id)
    return found


def write_answers(
    col: Collection, answers: Iterable[AnswerToSend], anki_ids: Mapping[str, int]
) -> dict[int, int]:
    """Write studytool's answers into `col`'s review log, each once: an answer's row id
    is its time in milliseconds (moved on by one while another card holds that id), so
    writing it again after an interrupted sync finds it there. Returns review id ->
    revlog id for the answers whose card is in `col`."""
    written: dict[int, int] = {}
    db = _db(col)
    for answer in answers:
        card = anki_ids.get(answer.card_id)
        if card is None:
            continue
        revlog_id = round(datetime.fromisoformat(answer.answered_at).timestamp() * 1000)
        while True:
            holder = db.scalar("SELECT cid FROM revlog WHERE id = ?", revlog_id)
            if holder is None or holder == card:
                break
            revlog_id += 1
        if holder is None:
            db.execute(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                " VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                revlog_id,
                card,
                rating_of_quality(answer.quality),  # Anki's button: FSRS's rating
                answer.interval_after,
                answer.interval_before,
                answer.easiness_after * 10,
                min(answer.duration_ms, 60_000),
                _revlog_type(answer.kind),
            )
        written[answer.review_id] = revlog_id
    if written:  # raw writes do not mark the collection changed, and a sync sends nothing
        db.execute("UPDATE col SET mod = ?", int(time.time() * 1000))
    return written


def set_schedules(col: Collection, schedules: Mapping[int, CardSchedule], today: date) -> int:
    """Give each Anki card (id -> studytool's schedule) the state studytool's scheduler
    worked out, due on the same day, and under FSRS its memory (stability and
    difficulty, which Anki's own FSRS goes on from); new cards stay new, and a card
    already in that state is left alone (so syncing again sends nothing). Returns how
    many were set."""
    anki_today = col.sched.today
    wanted = {
        anki_id: (_anki_state(schedule, anki_today, today), schedule.memory)
        for anki_id, schedule in schedules.items()
        if schedule.due is not None
    }
    ids = list(wanted)
    current: dict[int, tuple[tuple[int, ...], str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in _db(col).all(
            "SELECT id, type, queue, ivl, factor, due, lapses, data FROM cards"
            f" WHERE id IN ({marks})",
            *chunk,
        ):
            current[int(row[0])] = (tuple(int(value) for value in row[1:7]), str(row[7] or ""))
    changed = 0
    for anki_id, (state, memory) in wanted.items():
        there = current.get(anki_id)
        if there is None:
            continue  # not in this collection
        if there[0] == state and (memory is None or _same_memory(memory, there[1])):
            continue  # already so
        card = col.get_card(anki_id)  # type: ignore[arg-type]
        card.type, card.queue, card.ivl, card.factor, card.due, card.lapses = state  # type: ignore[assignment]
        if memory is not None:
            from anki.cards import FSRSMemoryState

            card.memory_state = FSRSMemoryState(
                stability=memory.stability, difficulty=memory.difficulty
            )
        col.update_card(card, skip_undo_entry=True)
        changed += 1
    return changed


def _same_memory(memory: FSRSMemory, data: str) -> bool:
    """Whether Anki's card data (JSON; stability to 4 decimals, difficulty to 3) holds
    this memory already."""
    try:
        kept = json.loads(data) if data else {}
        stability, difficulty = float(kept["s"]), float(kept["d"])
    except (ValueError, KeyError, TypeError):
        return False
    return math.isclose(stability, memory.stability, rel_tol=1e-4, abs_tol=1e-3) and (
        math.isclose(difficulty, memory.difficulty, abs_tol=2e-3)
    )


def _anki_state(schedule: CardSchedule, anki_today: int, today: date) -> tuple[int, ...]:
    """A scheduled card as Anki keeps it: type, queue, interval, factor (permille), due
    (Anki's day number) and lapses."""
    assert schedule.due is not None
    return (
        2,  # a review card
        -1 if schedule.suspended else -3 if _buried(schedule, today) else 2,
        max(1, schedule.state.interval),
        schedule.state.easiness_hundredths * 10,
        anki_today + (schedule.due - today).days,
        schedule.state.lapses,
    )


def set_aside_in_anki(col: Collection, anki_ids: Mapping[str, int]) -> dict[str, SetAside]:
    """Each card's suspension and burying in Anki (studytool card id -> state)."""
    card_of = {anki_id: card_id for card_id, anki_id in anki_ids.items()}
    return {
        card_of[int(anki_id)]: SetAside(queue == -1, queue in (-2, -3))
        for anki_id, queue in _db(col).all("SELECT id, queue FROM cards")
        if int(anki_id) in card_of
    }


def set_aside_there(
    col: Collection,
    agreed: Mapping[str, SetAside],
    there: Mapping[str, SetAside],
    anki_ids: Mapping[str, int],
) -> int:
    """Suspend, bring back, bury or unbury the Anki cards whose state differs from the
    agreed one, as the phone itself would. Returns how many changed."""
    changed = [
        card for card, state in agreed.items() if card in anki_ids and there.get(card) != state
    ]
    sched = col.sched
    back = [anki_ids[card] for card in changed]
    if back:  # from a clean state, then set aside as agreed
        sched.unsuspend_cards(back)  # type: ignore[arg-type]
        sched.unbury_cards(back)  # type: ignore[arg-type]
    suspend = [anki_ids[card] for card in changed if agreed[card].suspended]
    bury = [
        anki_ids[card] for card in changed if agreed[card].buried and not agreed[card].suspended
    ]
    if suspend:
        sched.suspend_cards(suspend)  # type: ignore[arg-type]
    if bury:
        sched.bury_cards(bury, manual=True)  # type: ignore[arg-type]
    return len(changed)


def _buried(schedule: CardSchedule, today: date) -> bool:
    return schedule.buried_until is not None and schedule.buried_until > today


def _db(col: Collection) -> DBProxy:
    if col.db is None:  # only while a full sync has the collection closed
        raise RuntimeError("the Anki collection is closed")
    return col.db


def _revlog_type(kind: str) -> int:
    """How Anki's log counts an answer: a new card's first answer is learning, a
    same-day repeat relearning, any other a review."""
    return {"new": 0, "repeat": 2}.get(kind, 1)
