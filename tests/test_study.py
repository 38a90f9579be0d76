"""What one answer does to a card's schedule, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from studytool.core.answer_rules import LEECH_LAPSES, AnswerKind, CardSchedule, apply_answer
from studytool.core.schedulers.sm2 import SM2State

TODAY = date(2026, 3, 2)


def test_first_answer_of_a_new_card_schedules_it() -> None:
    after, kind = apply_answer(CardSchedule(), 5, TODAY)
    assert kind is AnswerKind.NEW
    assert after.due == TODAY + timedelta(days=1)
    assert after.learning_day is None
    assert after.state == SM2State(2.6, 1, 1, 0)


@pytest.mark.parametrize("quality", [0, 1, 2, 3])
def test_below_four_the_card_repeats_today(quality: int) -> None:
    after, _ = apply_answer(CardSchedule(), quality, TODAY)
    assert after.learning_day == TODAY
    assert after.repeating_on(TODAY)
    assert not after.is_due(TODAY)


def test_repeats_are_logged_but_do_not_move_the_schedule() -> None:
    first, _ = apply_answer(CardSchedule(), 2, TODAY)
    again, kind = apply_answer(first, 1, TODAY)
    assert kind is AnswerKind.REPEAT
    assert again == first
    passed, kind = apply_answer(again, 4, TODAY)
    assert kind is AnswerKind.REPEAT
    assert passed.state == first.state
    assert passed.due == first.due
    assert passed.learning_day is None


def test_a_stale_repeat_from_yesterday_counts_as_a_review() -> None:
    yesterday = TODAY - timedelta(days=1)
    schedule = CardSchedule(SM2State(2.5, 0, 1, 1), due=TODAY, learning_day=yesterday)
    after, kind = apply_answer(schedule, 4, TODAY)
    assert kind is AnswerKind.REVIEW
    assert after.learning_day is None


def test_the_eighth_lapse_makes_a_leech_and_suspends_it() -> None:
    schedule = CardSchedule(SM2State(1.3, 3, 10, LEECH_LAPSES - 1), due=TODAY)
    after, _ = apply_answer(schedule, 1, TODAY)
    assert after.state.lapses == LEECH_LAPSES
    assert after.leech
    assert after.suspended


def test_repeat_answers_still_validate_the_quality() -> None:
    first, _ = apply_answer(CardSchedule(), 2, TODAY)
    with pytest.raises(ValueError, match="quality"):
        apply_answer(first, 7, TODAY)


def test_answering_clears_a_bury() -> None:
    schedule = CardSchedule(SM2State(), due=TODAY, buried_until=TODAY)
    after, _ = apply_answer(schedule, 5, TODAY)
    assert after.buried_until is None


def test_availability_respects_suspension_and_burying() -> None:
    assert CardSchedule().available(TODAY)
    assert not CardSchedule(suspended=True).available(TODAY)
    assert not CardSchedule(buried_until=TODAY + timedelta(days=1)).available(TODAY)
    assert CardSchedule(buried_until=TODAY).available(TODAY)


def test_grade_labels_say_what_each_grade_really_does() -> None:
    from studytool.core.answer_rules import grade_labels

    schedule = CardSchedule(SM2State(2.7, 2, 6, 0), due=TODAY)
    # Below a pass the card comes back in this session; a pass shows its next interval.
    assert grade_labels(schedule, TODAY) == {
        0: "in 3 cards",
        1: "in 3 cards",
        2: "in 3 cards",
        3: "in 3 cards",
        4: "17d",
        5: "17d",
    }
    long = CardSchedule(SM2State(2.5, 5, 200, 0), due=TODAY)
    assert grade_labels(long, TODAY)[5] == "1.4y"
    assert grade_labels(CardSchedule(SM2State(2.5, 3, 20, 0), due=TODAY), TODAY)[4] == "1.7mo"


def test_grade_labels_on_a_new_card() -> None:
    from studytool.core.answer_rules import grade_labels

    assert grade_labels(CardSchedule(), TODAY) == {
        0: "in 3 cards",
        1: "in 3 cards",
        2: "in 3 cards",
        3: "in 3 cards",
        4: "1d",
        5: "1d",
    }


def test_grade_labels_count_the_cards_left() -> None:
    from studytool.core.answer_rules import grade_labels

    assert grade_labels(CardSchedule(), TODAY, cards_left=1)[0] == "in 1 card"
    assert grade_labels(CardSchedule(), TODAY, cards_left=0)[0] == "next"


def test_grade_labels_for_a_same_day_repeat() -> None:
    from studytool.core.answer_rules import grade_labels

    failed, _ = apply_answer(CardSchedule(), 1, TODAY)
    # Again until it passes; a pass ends today's repeats: due as the first answer set.
    assert grade_labels(failed, TODAY) == {
        0: "in 3 cards",
        1: "in 3 cards",
        2: "in 3 cards",
        3: "in 3 cards",
        4: "1d",
        5: "1d",
    }


def test_grade_labels_warn_of_a_leech() -> None:
    from studytool.core.answer_rules import LEECH_LAPSES, grade_labels

    lapsing = CardSchedule(SM2State(2.5, 3, 20, LEECH_LAPSES - 1), due=TODAY)
    labels = grade_labels(lapsing, TODAY)
    assert [labels[q] for q in (0, 1, 2)] == ["leech"] * 3
    assert labels[3] != "leech"


def test_a_new_leech_is_set_aside_not_repeated_today() -> None:
    schedule = CardSchedule(SM2State(1.3, 3, 10, LEECH_LAPSES - 1), due=TODAY)
    after, _ = apply_answer(schedule, 1, TODAY)
    assert after.leech
    assert after.suspended
    assert after.learning_day is None


def test_an_unsuspended_leech_is_caught_again_four_lapses_later() -> None:
    schedule = CardSchedule(SM2State(1.3, 0, 1, LEECH_LAPSES), due=TODAY)  # unsuspended leech
    for lapse in range(1, 5):
        schedule, _ = apply_answer(replace(schedule, due=TODAY, learning_day=None), 0, TODAY)
        assert schedule.state.lapses == LEECH_LAPSES + lapse
        assert schedule.leech == (lapse == 4)
    assert schedule.suspended
