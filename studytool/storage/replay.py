"""Working a card's schedule out again from its review log.

The log is the truth for progress: a card's schedule is what its answers, replayed in
time order through the database's scheduler, give. Answers that arrive late from
another device take their place this way, and a database that switches scheduler
replays every card.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from studytool.core.answer_rules import LoggedAnswer, becomes_leech, replay_answers
from studytool.core.scheduling import Scheduling
from studytool.storage.rows import (
    SCHEDULE_COLUMNS,
    schedule_from_row,
    schedule_values,
    update_schedule,
)

__all__ = ["AFTER_COLUMNS", "replay_card"]

#: The schedule columns a review row keeps of the state after its answer; an answer
#: itself never buries a card, and suspends one only by making it a leech.
AFTER_COLUMNS = ("easiness", "repetitions", "interval", "lapses", "due", "learning_day")
#: The columns of an answer's "before" that a replay works out again: the set-aside
#: flags before it were the trainee's, and stay as they were recorded.
_REPLAYED_BEFORE = tuple(
    column for column in SCHEDULE_COLUMNS if column not in ("buried_until", "suspended", "leech")
)


def replay_card(
    conn: sqlite3.Connection, card_id: str, scheduling: Scheduling, *, new_leeches: bool = True
) -> None:
    """Work a card's schedule out again from all its answers, in time order, rewriting
    each answer's schedule before and after; its burying and suspension stay.

    With `new_leeches`, a lapse the replay adds (an answer from another device) can make
    the card a leech and suspend it; a switch of scheduler sets nothing aside."""
    state = conn.execute(
        f"SELECT {', '.join(SCHEDULE_COLUMNS)} FROM card_state WHERE card_id = ?", (card_id,)
    ).fetchone()
    current = schedule_from_row(state)
    reviews = conn.execute(
        "SELECT id, quality, kind, study_day FROM reviews WHERE card_id = ?"
        " ORDER BY answered_at, id",
        (card_id,),
    ).fetchall()
    logged = [
        LoggedAnswer(row["quality"], date.fromisoformat(row["study_day"]), row["kind"] == "cram")
        for row in reviews
    ]
    steps = replay_answers(logged, scheduling=scheduling)
    for row, (before, after, kind) in zip(reviews, steps, strict=True):
        before_values, after_values = schedule_values(before), schedule_values(after)
        values = {f"{column}_before": before_values[column] for column in _REPLAYED_BEFORE}
        values |= {f"{column}_after": after_values[column] for column in AFTER_COLUMNS}
        conn.execute(
            f"UPDATE reviews SET kind = :kind, {', '.join(f'{c} = :{c}' for c in values)}"
            " WHERE id = :id",
            values | {"kind": kind.value, "id": row["id"]},
        )
    final = steps[-1][1] if steps else current
    now_values = schedule_values(current)
    final_values = schedule_values(final)
    # Burying and suspending are the trainee's own acts, kept. A card becomes a leech
    # (and is suspended) only by a lapse the new answers add that makes one (the 8th,
    # 12th...): one the trainee brought back, or a switch of scheduler left with more
    # lapses, stays in the queues until then.
    newly_leech = (
        new_leeches
        and not current.leech
        and any(
            becomes_leech(before.state, after.state) and after.state.lapses > current.state.lapses
            for before, after, _ in steps
        )
    )
    final_values["buried_until"] = now_values["buried_until"]
    final_values["leech"] = int(current.leech or newly_leech)
    final_values["suspended"] = int(current.suspended or newly_leech)
    update_schedule(conn, card_id, now_values, final_values)
