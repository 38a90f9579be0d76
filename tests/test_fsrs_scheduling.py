"""FSRS beside SM-2: answers scheduled as the `fsrs` package schedules them, switching
by replaying the review log (and back, exactly), undo, leeches and answers from Anki."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool.core.answer_rules import CardSchedule, apply_answer, grade_labels
from studytool.core.schedulers.fsrs import (
    DEFAULT_PARAMETERS,
    FSRSConfig,
    Phase,
    rating_of_quality,
)
from studytool.core.scheduling import SM2, SchedulerName, Scheduling
from studytool.storage import Store
from studytool.storage.synced_answers import AnswerElsewhere

CARD = "test-deck/muscle-2/origin"
FSRS = Scheduling(SchedulerName.FSRS)
#: How the study screen's four keys are logged: Again 1, Hard 3, Good 4, Easy 5.
AGAIN, HARD, GOOD, EASY = 1, 3, 4, 5


def package_scheduler(retention: float = 0.9) -> fsrs.Scheduler:
    """The package's scheduler as Anki's defaults set it, fuzz off."""
    return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)


def day_start(store: Store, moment: datetime) -> datetime:
    """Where an answer's time goes for FSRS: the start of its study day (time counted
    in study days, as Anki counts it)."""
    return datetime.combine(store.today(moment), datetime.min.time(), UTC)


def schedules(store: Store) -> list[dict[str, object]]:
    return store.query("SELECT * FROM card_state ORDER BY card_id")


def review_rows(store: Store) -> list[dict[str, object]]:
    return store.query("SELECT * FROM reviews ORDER BY id")


@pytest.fixture
def deck(write_deck: Callable[..., Path]) -> Path:
    return write_deck(seven_muscle_deck())


def a_week_of_answers(store: Store, seed: int = 7) -> None:
    """A trainee's week: every day some cards answered (a few failed and repeated)."""
    rng = random.Random(seed)
    cards = [row["card_id"] for row in schedules(store)][:12]
    for day in range(1, 8):
        moment = at(day, 8)
        for card_id in rng.sample(cards, 8):
            quality = rng.choice([1, 2, 3, 4, 4, 4, 5, 5])
            store.answer(card_id, quality, moment)
            moment += timedelta(seconds=rng.randint(5, 90))
            if quality < 4:
                store.answer(card_id, 4, moment + timedelta(minutes=3))


def test_a_database_schedules_with_sm2_until_switched(store: Store, deck: Path) -> None:
    store.sync([deck], at(1))
    assert store.scheduling() == SM2
    store.switch_scheduler(FSRS)
    assert store.scheduling() == FSRS
    assert store.scheduling().grades[2].word == "good"


def test_fsrs_schedules_as_the_package_does_on_the_same_days(store: Store, deck: Path) -> None:
    store.sync([deck], at(1))
    store.switch_scheduler(Scheduling(SchedulerName.FSRS, FSRSConfig(desired_retention=0.85)))
    answers = [
        (GOOD, at(1, 9)),
        (GOOD, at(1, 9) + timedelta(minutes=12)),  # the second learning step
        (AGAIN, at(4, 10)),  # a lapse: relearning
        (HARD, at(4, 10) + timedelta(seconds=40)),  # same day, in the session
        (GOOD, at(4, 10) + timedelta(minutes=2)),
        (GOOD, at(9, 23)),  # late in the evening...
        (EASY, at(10, 7)),  # ...and early next morning: a day later, not a same-day repeat
    ]
    scheduler, card = package_scheduler(0.85), fsrs.Card()
    for quality, moment in answers:
        store.answer(CARD, quality, moment)
        when = day_start(store, moment)
        card, _ = scheduler.review_card(card, fsrs.Rating(rating_of_quality(quality)), when)
        (ours,) = store.cards([CARD])
        memory = ours.schedule.memory
        assert memory is not None
        assert memory.stability == pytest.approx(card.stability, rel=1e-12)
        assert memory.difficulty == pytest.approx(card.difficulty, rel=1e-12)
        assert memory.phase == card.state.value
        assert memory.step == card.step
        if card.state is fsrs.State.Review:
            # due on the study day the package's due moment falls in
            assert ours.schedule.due == card.due.date()
            assert ours.schedule.learning_day is None
        else:  # a learning step: repeated in today's session
            assert ours.schedule.learning_day == store.today(moment)
    assert memory.phase == Phase.REVIEW


def test_switching_to_fsrs_and_back_gives_the_sm2_schedules_exactly(
    store: Store, deck: Path
) -> None:
    store.sync([deck], at(1))
    a_week_of_answers(store)
    store.bury(CARD, at(7, 20))
    sm2_cards, sm2_reviews = schedules(store), review_rows(store)

    replayed = store.switch_scheduler(FSRS)
    assert replayed == len({row["card_id"] for row in sm2_reviews})
    fsrs_cards = schedules(store)
    assert fsrs_cards != sm2_cards
    assert all(row["stability"] is not None for row in fsrs_cards if row["due"] is not None)

    store.switch_scheduler(SM2)
    assert schedules(store) == sm2_cards
    assert review_rows(store) == sm2_reviews
    store.switch_scheduler(FSRS)
    assert schedules(store) == fsrs_cards


def test_answers_given_under_fsrs_replay_to_the_same_schedules(store: Store, deck: Path) -> None:
    store.sync([deck], at(1))
    store.switch_scheduler(FSRS)
    a_week_of_answers(store, seed=3)
    live_cards, live_reviews = schedules(store), review_rows(store)
    store.switch_scheduler(SM2)
    store.switch_scheduler(FSRS)
    assert schedules(store) == live_cards
    assert review_rows(store) == live_reviews


def test_changing_the_desired_retention_reschedules(store: Store, deck: Path) -> None:
    store.sync([deck], at(1))
    store.switch_scheduler(FSRS)
    store.answer(CARD, EASY, at(1, 9))
    (before,) = store.cards([CARD])
    assert (
        store.switch_scheduler(Scheduling(SchedulerName.FSRS, FSRSConfig(desired_retention=0.97)))
        == 1
    )
    (after,) = store.cards([CARD])
    assert after.schedule.due is not None
    assert before.schedule.due is not None
    assert after.schedule.due < before.schedule.due  # remembering more needs sooner reviews
    # A setting SM-2 does not read replays nothing.
    store.switch_scheduler(SM2)
    assert (
        store.switch_scheduler(Scheduling(SchedulerName.SM2, FSRSConfig(desired_retention=0.8)))
        == 0
    )


def test_undo_under_fsrs_restores_the_memory_exactly(store: Store, deck: Path) -> None:
    store.sync([deck], at(1))
    store.switch_scheduler(FSRS)
    store.answer(CARD, GOOD, at(1, 9))
    store.answer(CARD, GOOD, at(1, 9) + timedelta(minutes=11))
    before = schedules(store)
    answer = store.answer(CARD, AGAIN, at(5, 9))
    assert answer.repeat_today
    assert store.undo_last(answer.review_id) == CARD
    assert schedules(store) == before


def test_eight_lapses_under_fsrs_make_a_leech(store: Store, deck: Path) -> None:
    store.sync([deck], at(1))
    store.switch_scheduler(FSRS)
    moment = at(1, 9)
    store.answer(CARD, EASY, moment)
    for _ in range(8):
        (card,) = store.cards([CARD])
        assert card.schedule.due is not None
        moment = datetime.combine(card.schedule.due, moment.time(), UTC)
        answer = store.answer(CARD, AGAIN, moment)  # a lapse: the card was in review
        if answer.became_leech:
            break
        store.answer(CARD, EASY, moment + timedelta(minutes=1))  # relearnt
    (card,) = store.cards([CARD])
    assert card.schedule.state.lapses == 8
    assert card.schedule.leech
    assert card.schedule.suspended


def test_answers_from_anki_replay_through_fsrs(store: Store, deck: Path, tmp_path: Path) -> None:
    store.sync([deck], at(1))
    store.switch_scheduler(FSRS)
    store.answer(CARD, EASY, at(1, 9))
    store.answer(CARD, GOOD, at(20, 9))
    store.record_answers_elsewhere([AnswerElsewhere(1, CARD, at(9, 21), AGAIN)])
    with Store.open(tmp_path / "in-order.db", zone=UTC) as reference:
        reference.sync([deck], at(1))
        reference.switch_scheduler(FSRS)
        reference.answer(CARD, EASY, at(1, 9))
        reference.answer(CARD, AGAIN, at(9, 21))
        reference.answer(CARD, GOOD, at(20, 9))
        assert store.cards([CARD])[0].schedule == reference.cards([CARD])[0].schedule


def test_the_four_answers_show_their_real_waits() -> None:
    new = CardSchedule()
    labels = grade_labels(new, date(2026, 3, 1), scheduling=FSRS)
    # Anki's learning steps of 1 and 10 minutes; Easy graduates at once.
    assert labels == {AGAIN: "1m", HARD: "6m", GOOD: "10m", EASY: "8d"}
    reviewed, _ = apply_answer(new, EASY, date(2026, 3, 1), scheduling=FSRS)
    later = grade_labels(reviewed, date(2026, 3, 9), scheduling=FSRS)
    assert later[AGAIN] == "10m"  # relearning
    assert all(
        label.endswith("d") or label.endswith("mo") for q, label in later.items() if q != AGAIN
    )


def test_an_evening_and_the_next_morning_are_a_day_apart_for_fsrs() -> None:
    """The package alone counts whole 24-hour periods: 10 hours would be 0 days, a
    same-day repeat, with recall expected to be certain."""
    learnt, _ = apply_answer(CardSchedule(), EASY, date(2026, 3, 1), scheduling=FSRS)
    assert learnt.memory is not None
    assert FSRS.recall(learnt.memory, date(2026, 3, 1)) == 1.0
    assert FSRS.recall(learnt.memory, date(2026, 3, 2)) == pytest.approx(
        (1 + (0.9 ** (-1 / 0.1542) - 1) * 1 / learnt.memory.stability) ** -0.1542
    )


def test_the_package_is_never_left_to_make_card_ids_from_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without an id the package makes one from the clock and sleeps a millisecond,
    a thousand times the cost of the answer itself."""
    import fsrs.card

    def no_sleep(_seconds: float) -> None:
        raise AssertionError("the package made a card id from the clock")

    monkeypatch.setattr(fsrs.card.time, "sleep", no_sleep)
    schedule = CardSchedule()
    for day in range(1, 6):
        moved, _ = apply_answer(schedule, GOOD, date(2026, 3, day), scheduling=FSRS)
        FSRS.recall(moved.memory, date(2026, 3, day + 1))
        schedule = moved
    assert schedule.memory is not None


def test_the_default_parameters_are_the_packages() -> None:
    assert tuple(fsrs.Scheduler().parameters) == DEFAULT_PARAMETERS


def test_a_phones_lapse_makes_a_leech_only_as_a_lapse_here_would(store: Store, deck: Path) -> None:
    """After a switch a card may have 8 lapses or more and not be a leech (a switch sets
    nothing aside); the next lapse, from the phone as from here, suspends it only if it
    is the 8th, 12th, 16th..."""
    store.sync([deck], at(1))
    store.switch_scheduler(FSRS)
    moment = at(1, 9)
    store.answer(CARD, EASY, moment)
    for _ in range(9):  # nine lapses under FSRS; the eighth made it a leech
        (card,) = store.cards([CARD])
        assert card.schedule.due is not None
        moment = datetime.combine(max(card.schedule.due, moment.date()), moment.time(), UTC)
        store.answer(CARD, AGAIN, moment)
        store.unsuspend(CARD)
        store.answer(CARD, EASY, moment + timedelta(minutes=1))
        moment += timedelta(days=1)
    store.switch_scheduler(SM2)
    (card,) = store.cards([CARD])
    lapses = card.schedule.state.lapses
    assert lapses > 8
    assert not card.schedule.leech
    assert (lapses + 1 - 8) % 4 != 0  # the next lapse does not make a leech
    store.record_answers_elsewhere([AnswerElsewhere(1, CARD, moment + timedelta(days=30), AGAIN)])
    (card,) = store.cards([CARD])
    assert card.schedule.state.lapses == lapses + 1
    assert not card.schedule.leech
    assert not card.schedule.suspended


def test_a_scheduler_that_cannot_be_used_is_said_and_a_switch_puts_it_right(
    store: Store, deck: Path
) -> None:
    from studytool.storage import StoreError

    store.sync([deck], at(1))
    store.answer(CARD, GOOD, at(1, 9))
    with store.write() as conn:  # edited by hand
        conn.execute("UPDATE scheduler SET parameters = '[1, 2]', name = 'fsrs'")
    with pytest.raises(StoreError, match="cannot be used"):
        store.scheduling()
    with pytest.raises(StoreError, match="cannot be used"):
        store.answer(CARD, GOOD, at(2, 9))
    assert store.switch_scheduler(SM2) == 1
    assert store.scheduling() == SM2


def test_a_session_refuses_an_answer_once_the_scheduler_was_switched_elsewhere(
    store: Store, deck: Path
) -> None:
    from studytool.storage import StoreError
    from studytool.study_session import StudySession

    store.sync([deck], at(1))
    session = StudySession.start(store, at(1, 9))
    store.switch_scheduler(FSRS)  # from the command line, while the app studies
    with pytest.raises(StoreError, match="switched to FSRS"):
        session.answer(0, at(1, 9))  # SM-2's blackout means nothing to FSRS
    assert store.query("SELECT count(*) AS n FROM reviews") == [{"n": 0}]
