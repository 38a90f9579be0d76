"""A study session: order, repeats a few cards later, undo, bury, suspend, summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool.storage import Store
from studytool.study_session import REQUEUE_GAP, StudySession


@pytest.fixture
def session(store: Store, write_deck: Callable[..., Path]) -> StudySession:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    return StudySession.start(store, at(1, 9), new_per_day=6)


def test_a_session_starts_with_todays_queue(session: StudySession) -> None:
    assert session.current is not None
    assert session.current.id == "test-deck/muscle-1/origin"
    assert session.remaining().new == 6
    assert session.progress == (0, 6)


def test_a_failed_card_returns_a_few_cards_later(session: StudySession) -> None:
    first = session.current
    assert first is not None
    assert session.answer(2, at(1, 9)).repeat_today
    assert [card.id for card in session.queue].index(first.id) == REQUEUE_GAP
    remaining = session.remaining()
    assert (remaining.new, remaining.learning) == (5, 1)
    assert session.progress == (1, 7)


def test_a_failed_card_comes_back_with_the_schedule_its_answer_gave(
    session: StudySession,
) -> None:
    first = session.current
    assert first is not None
    statements: list[str] = []
    session.store.conn.set_trace_callback(statements.append)
    result = session.answer(1, at(1, 9))
    session.store.conn.set_trace_callback(None)
    again = next(card for card in session.queue if card.id == first.id)
    assert again.schedule == result.schedule
    assert again.schedule.learning_day == at(1).date()
    assert again.schedule == session.store.cards([first.id])[0].schedule
    assert not [sql for sql in statements if "FROM cards" in sql]  # not read again


def test_working_through_the_session_ends_it(session: StudySession) -> None:
    session.answer(1, at(1, 9))
    while session.current is not None:
        session.answer(
            5,
            at(
                1,
                9,
            )
            + timedelta(minutes=1),
        )
    assert session.finished
    summary = session.summary(at(1, 9) + timedelta(minutes=10))
    assert (summary.answers, summary.cards, summary.correct) == (7, 6, 6)
    assert summary.accuracy == pytest.approx(6 / 7)
    assert summary.seconds == 600
    assert summary.due_tomorrow == 6  # every card answered today is due tomorrow (interval 1)


def test_undo_shows_the_card_again_and_removes_its_repeat(session: StudySession) -> None:
    first = session.current
    assert first is not None
    session.answer(2, at(1, 9))
    assert session.undo() == first
    assert session.current == first
    assert [card.id for card in session.queue].count(first.id) == 1
    assert session.store.db["reviews"].count == 0
    assert session.undo() is None


def test_undo_never_takes_back_an_answer_from_outside_the_session(
    session: StudySession,
) -> None:
    first = session.current
    assert first is not None
    session.answer(5, at(1, 9))
    other = session.queue[-1]
    session.store.answer(other.id, 4, at(1, 9))  # e.g. a second studytool
    assert session.undo() is None
    assert session.store.db["reviews"].count == 2


def test_bury_and_suspend_take_the_card_out(session: StudySession) -> None:
    first, second = session.queue[0], session.queue[1]
    session.bury(at(1, 9))
    assert session.current == second
    session.suspend()
    assert first.id not in [c.id for c in session.queue]
    assert second.id not in [c.id for c in session.queue]
    fresh = StudySession.start(session.store, at(1, 10), new_per_day=20)
    assert {first.id, second.id}.isdisjoint(c.id for c in fresh.queue)


def test_undo_after_the_repeat_was_buried_shows_the_card_again(session: StudySession) -> None:
    first = session.current
    assert first is not None
    session.answer(1, at(1, 9))  # comes back in REQUEUE_GAP cards...
    for _ in range(REQUEUE_GAP + 1):
        session.bury(at(1, 9))  # ...but is buried along with the cards before it
    assert first.id not in [c.id for c in session.queue]
    for _ in range(REQUEUE_GAP + 1):  # each bury is undone, the repeat's last...
        session.undo()
    assert session.undone == "bury"
    assert session.undo() == first  # ...then the answer itself
    assert session.undone == "answer"
    assert session.current == first
    assert session.remaining().total == len(session.queue)


def _card_rows(store: Store) -> list[dict]:  # type: ignore[type-arg]
    return list(store.query("SELECT * FROM card_state ORDER BY card_id"))


def test_undo_takes_back_the_last_action_whatever_it_was(session: StudySession) -> None:
    """A mistaken suspend is undone, not the grade before it; step by step, exactly."""
    store = session.store
    start = _card_rows(store)
    graded = session.current
    session.answer(4, at(1, 9))
    after_grade = _card_rows(store)
    suspended = session.current
    session.suspend()
    buried = session.current
    session.bury(at(1, 9))
    assert session.undo() == buried
    assert session.undone == "bury"
    assert session.undo() == suspended
    assert session.undone == "suspend"
    assert _card_rows(store) == after_grade  # the suspend is gone, the grade kept
    assert len(session.steps) == 1
    assert session.current == suspended
    assert session.undo() == graded
    assert session.undone == "answer"
    assert _card_rows(store) == start
    assert store.query("SELECT count(*) AS n FROM reviews") == [{"n": 0}]
    assert session.undo() is None


def test_undo_of_a_suspend_keeps_a_leech_mark(store: Store, session: StudySession) -> None:
    card = session.current
    assert card is not None
    store.conn.execute("UPDATE card_state SET leech = 1 WHERE card_id = ?", [card.id])
    store.conn.commit()
    session.refresh()
    session.suspend()
    session.undo()
    (row,) = store.query("SELECT suspended, leech FROM card_state WHERE card_id = ?", [card.id])
    assert row == {"suspended": 0, "leech": 1}


def test_counts_stay_consistent_across_the_rollover(session: StudySession) -> None:
    late = at(2, 3) + timedelta(minutes=50)  # 03:50, still 1 March's study day
    session.answer(1, late)
    after_rollover = at(2, 4) + timedelta(minutes=10)
    session.answer(5, after_rollover)
    remaining = session.remaining()
    assert remaining.learning == 1
    assert remaining.total == len(session.queue)


def test_a_card_that_becomes_a_leech_leaves_the_session(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    card = "test-deck/muscle-1/origin"
    store.db.execute(
        "UPDATE card_state SET lapses = 7, due = '2026-03-01', repetitions = 2, interval = 3"
        " WHERE card_id = ?",
        [card],
    )
    store.db.conn.commit()
    session = StudySession.start(store, at(1, 9))
    assert session.current is not None
    assert session.current.id == card
    assert session.answer(0, at(1, 9)).became_leech
    assert card not in [c.id for c in session.queue]
    assert session.remaining().learning == 0


def test_undo_after_an_edit_shows_the_card_as_it_now_is(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    session = StudySession.start(store, at(1, 9), new_per_day=6)
    card = session.current
    assert card is not None
    session.suspend()
    path.write_text(seven_muscle_deck().replace("name: Muscle 1\n", "name: Muscle One\n"), "utf-8")
    store.sync([path], at(1, 9))
    session.refresh()
    undone = session.undo()
    assert undone is not None
    assert session.current is not None
    assert session.current.id == card.id
    assert "Muscle One" in session.current.front
