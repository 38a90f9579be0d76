"""Cramming before an exam: custom study on demand that leaves the SM-2 schedule alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool import stats
from studytool.core.search_syntax import parse_query
from studytool.storage import Store
from studytool.study_session import REQUEUE_GAP, StudySession

DECK = "test-deck"


@pytest.fixture
def synced(store: Store, write_deck: Callable[..., Path]) -> Store:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    return store


def schedules(store: Store) -> list[dict]:  # type: ignore[type-arg]
    return store.query("SELECT * FROM card_state ORDER BY card_id")


def test_cramming_logs_answers_as_crams_and_moves_no_schedule(synced: Store) -> None:
    before = schedules(synced)
    cards = synced.search(parse_query("kind:origin"), at(1))
    assert len(cards) == 7
    session = StudySession.cram(synced, at(1, 9), cards)
    first = session.current
    assert first is not None
    session.answer(1, at(1, 9))  # wrong: it comes back within the cram...
    assert [card.id for card in session.queue].index(first.id) == REQUEUE_GAP
    while session.current is not None:
        session.answer(5, at(1, 9))  # ...until it passes
    assert schedules(synced) == before
    kinds = synced.query("SELECT kind, count(*) AS n FROM reviews GROUP BY kind")
    assert kinds == [{"kind": "cram", "n": 8}]


def test_crams_count_neither_against_limits_nor_in_retention_nor_for_siblings(
    synced: Store,
) -> None:
    cram = StudySession.cram(synced, at(1, 9), synced.search(parse_query(""), at(1)))
    while cram.current is not None:
        cram.answer(5, at(1, 9))
    line = {c.deck: c for c in stats.deck_counts(synced, at(1, 10))}[DECK]
    assert line.new == 9  # today's new cards are still there, one a muscle
    assert stats.retention(synced, at(2)).answers == 0


def test_grade_keys_in_a_cram_say_the_card_comes_back_or_is_done(synced: Store) -> None:
    session = StudySession.cram(synced, at(1, 9), synced.search(parse_query("kind:origin"), at(1)))
    labels = session.grade_labels(at(1))
    assert labels == {
        0: "in 3 cards",
        1: "in 3 cards",
        2: "in 3 cards",
        3: "in 3 cards",
        4: "done",
        5: "done",
    }


def test_todays_failures_can_be_found_to_cram(synced: Store) -> None:
    queue = synced.queue(at(1), [DECK])
    synced.answer(queue[0].id, 1, at(1, 9))
    synced.answer(queue[1].id, 5, at(1, 9))
    failed = synced.search(parse_query("state:failed"), at(1, 10))
    assert [card.id for card in failed] == [queue[0].id]
    assert synced.search(parse_query("state:failed"), at(2, 10)) == []  # only today's


def test_undo_takes_back_a_crammed_answer(synced: Store) -> None:
    session = StudySession.cram(synced, at(1, 9), synced.search(parse_query("kind:origin"), at(1)))
    first = session.current
    session.answer(4, at(1, 9))
    assert session.undo() == first
    assert synced.query("SELECT count(*) AS n FROM reviews") == [{"n": 0}]


def test_crams_stay_out_of_the_activity_figures(synced: Store) -> None:
    cram = StudySession.cram(synced, at(1, 9), synced.search(parse_query("kind:origin"), at(1)))
    while cram.current is not None:
        cram.answer(5, at(1, 9))
    assert sum(day.count for day in stats.reviews_per_day(synced, at(1, 10))) == 0
    assert stats.streak(synced, at(1, 10)) == 0
    line = {c.deck: c for c in stats.deck_counts(synced, at(1, 10))}[DECK]
    assert line.last_studied is None
