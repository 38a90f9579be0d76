"""Answers that cross with the trainee's Anki account: recorded once, replayed in time
order with the answers given here, and sent once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from conftest import at
from sample_decks import seven_muscle_deck

from studytool.storage import Store
from studytool.storage.synced_answers import AnswerElsewhere

CARD = "test-deck/muscle-2/origin"
OTHER = "test-deck/muscle-3/origin"


def schedule(store: Store, card_id: str) -> tuple[object, ...]:
    (card,) = store.cards([card_id])
    return (card.schedule.state, card.schedule.due, card.schedule.learning_day)


def test_an_answer_from_anki_counts_as_if_given_here_and_only_once(
    store: Store, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    store.sync([deck], at(1))
    phone = AnswerElsewhere(1_772_000_000_000, CARD, at(1, 9), 5, 4_000)
    assert store.record_answers_elsewhere([phone]) == 1
    assert store.record_answers_elsewhere([phone]) == 0  # the next sync brings it again
    with Store.open(tmp_path / "here.db", zone=UTC) as here:
        here.sync([deck], at(1))
        here.answer(CARD, 5, at(1, 9))
        assert schedule(store, CARD) == schedule(here, CARD)
    (row,) = store.db.query("SELECT source, device_id, kind, duration_ms FROM reviews")
    assert row == {
        "source": "anki",
        "device_id": 1_772_000_000_000,
        "kind": "new",
        "duration_ms": 4000,
    }


def test_answers_from_both_sides_are_replayed_in_time_order(
    store: Store, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    store.sync([deck], at(1))
    store.answer(CARD, 4, at(1, 9))  # here, day 1
    store.answer(CARD, 3, at(7, 9))  # here, day 7: a hard pass
    # The phone answered on day 2, and synced only now: it takes its place in between.
    store.record_answers_elsewhere([AnswerElsewhere(1, CARD, at(2, 20), 1)])
    with Store.open(tmp_path / "in-order.db", zone=UTC) as reference:
        reference.sync([deck], at(1))
        reference.answer(CARD, 4, at(1, 9))
        reference.answer(CARD, 1, at(2, 20))
        reference.answer(CARD, 3, at(7, 9))
        assert schedule(store, CARD) == schedule(reference, CARD)
        kinds = [
            row["kind"] for row in store.db.query("SELECT kind FROM reviews ORDER BY answered_at")
        ]
        reference_kinds = [
            row["kind"]
            for row in reference.db.query("SELECT kind FROM reviews ORDER BY answered_at")
        ]
        assert kinds == reference_kinds


def test_replaying_keeps_the_trainees_suspension_and_burying(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    store.answer(CARD, 5, at(1, 9))
    store.suspend(CARD)
    store.record_answers_elsewhere([AnswerElsewhere(7, CARD, at(2, 8), 4)])
    (card,) = store.cards([CARD])
    assert card.schedule.suspended
    assert card.schedule.state.repetitions == 2


def test_answers_given_here_are_sent_once_and_crams_stay_here(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    first = store.answer(CARD, 5, at(1, 9))
    store.answer(OTHER, 2, at(1, 10))
    store.answer(OTHER, 4, at(1, 11), cram=True)
    store.record_answers_elsewhere([AnswerElsewhere(9, CARD, at(1, 12), 4)])
    unsent = store.unsent_answers()
    assert [(a.card_id, a.quality, a.kind) for a in unsent] == [(CARD, 5, "new"), (OTHER, 2, "new")]
    assert unsent[0].review_id == first.review_id
    store.mark_sent({first.review_id: 1_772_000_000_001})
    assert [a.card_id for a in store.unsent_answers()] == [OTHER]
    # An id sent once is known: the same answer coming back from Anki is not new.
    assert (
        store.record_answers_elsewhere([AnswerElsewhere(1_772_000_000_001, CARD, at(1, 9), 5)]) == 0
    )


def test_an_answer_to_a_card_this_database_does_not_know_is_left_out(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    assert (
        store.record_answers_elsewhere([AnswerElsewhere(3, "other-deck/x/origin", at(1), 4)]) == 0
    )


def test_a_phones_learning_steps_on_one_day_move_sm2_once(
    store: Store, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    store.sync([deck], at(1))
    steps = [AnswerElsewhere(index, CARD, at(1, 9 + index), 4) for index in range(1, 4)]
    store.record_answers_elsewhere(steps)  # Good, Good, Good through Anki's steps
    with Store.open(tmp_path / "once.db", zone=UTC) as once:
        once.sync([deck], at(1))
        once.answer(CARD, 4, at(1, 10))
        assert schedule(store, CARD) == schedule(once, CARD)
    kinds = [row["kind"] for row in store.db.query("SELECT kind FROM reviews ORDER BY answered_at")]
    assert kinds == ["new", "repeat", "repeat"]


def test_an_answer_already_in_anki_cannot_be_taken_back(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    answered = store.answer(CARD, 5, at(1, 9))
    store.mark_sent({answered.review_id: 1_772_000_000_001})
    assert store.undo_last() is None
    assert store.db["reviews"].count == 1
