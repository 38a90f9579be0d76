"""The study queue, answering, undo, limits, burying, suspending and leeches."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool import stats
from studytool.core.answer_rules import LEECH_LAPSES, AnswerKind
from studytool.storage import Store, StoreError

DECK = "test-deck"


@pytest.fixture
def synced(store: Store, write_deck: Callable[..., Path]) -> Store:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    return store


def ids(cards: list) -> list[str]:  # type: ignore[type-arg]
    return [card.id for card in cards]


def review_rows(store: Store) -> list[dict]:  # type: ignore[type-arg]
    return list(store.db.query("SELECT * FROM reviews ORDER BY id"))


def test_a_fresh_deck_offers_new_cards_muscle_by_muscle_up_to_the_daily_limit(
    synced: Store,
) -> None:
    queue = synced.queue(at(1))
    assert len(queue) == 20
    # One card of each muscle before any muscle's second, each muscle from another side;
    # free cards stand alone.
    assert ids(queue)[:9] == [
        f"{DECK}/muscle-1/origin",
        f"{DECK}/muscle-2/insertion",
        f"{DECK}/muscle-3/actions",
        f"{DECK}/muscle-4/innervation",
        f"{DECK}/muscle-5/identify",
        f"{DECK}/muscle-6/origin",
        f"{DECK}/muscle-7/cue/bridge",
        f"{DECK}/card/free-one",
        f"{DECK}/card/free-two",
    ]
    assert queue[9].id == f"{DECK}/muscle-1/insertion"
    assert all(card.schedule.is_new for card in queue)
    assert len(synced.queue(at(1), new_per_day=50)) == 41


def test_the_new_card_limit_counts_across_sessions(synced: Store) -> None:
    for card in synced.queue(at(1, 9), new_per_day=5):
        synced.answer(card.id, 5, at(1, 9))
    assert synced.queue(at(1, 20), new_per_day=5) == []
    tomorrow = synced.queue(at(2, 9), new_per_day=5)  # a new study day
    assert [card.schedule.is_new for card in tomorrow] == [False] * 5 + [True] * 5


def test_answer_is_one_committed_row_with_state_before_and_after(
    synced: Store, tmp_path: Path
) -> None:
    card = synced.queue(at(1))[0]
    result = synced.answer(card.id, 4, at(1, 9), duration_ms=3200)
    assert result.kind is AnswerKind.NEW
    # Read through a separate connection: the answer is committed, not just pending.
    other = sqlite3.connect(tmp_path / "study.db")
    other.row_factory = sqlite3.Row
    row = dict(other.execute("SELECT * FROM reviews").fetchone())
    state = dict(other.execute("SELECT * FROM card_state WHERE card_id = ?", (card.id,)).fetchone())
    other.close()
    assert row["card_id"] == card.id
    assert row["quality"] == 4
    assert row["answered_at"] == "2026-03-01T09:00:00.000+00:00"
    assert row["study_day"] == "2026-03-01"
    assert row["duration_ms"] == 3200
    assert (row["easiness_before"], row["repetitions_before"], row["interval_before"]) == (
        250,
        0,
        0,
    )
    assert (row["easiness_after"], row["repetitions_after"], row["interval_after"]) == (250, 1, 1)
    assert row["due_before"] is None
    assert row["due_after"] == "2026-03-02"
    assert (state["repetitions"], state["interval"], state["due"]) == (1, 1, "2026-03-02")


def test_due_reviews_come_first_most_overdue_first(synced: Store) -> None:
    first, second = synced.queue(at(1))[:2]
    synced.answer(first.id, 5, at(1))  # due 2 March
    synced.answer(second.id, 5, at(1))
    synced.answer(second.id, 5, at(2))  # due 8 March
    queue = synced.queue(at(10))
    assert ids(queue[:2]) == [first.id, second.id]
    assert queue[0].schedule.due is not None
    assert all(card.schedule.is_new for card in queue[2:])


def test_the_review_limit_caps_due_cards(synced: Store) -> None:
    for card in synced.queue(at(1), new_per_day=41):
        synced.answer(card.id, 5, at(1))
    assert len(synced.queue(at(2), reviews_per_day=10)) == 10
    for card in synced.queue(at(2), reviews_per_day=10):
        synced.answer(card.id, 5, at(2))
    assert synced.queue(at(2, 22), reviews_per_day=10) == []


def test_failed_cards_come_back_until_graded_four(synced: Store) -> None:
    card = synced.queue(at(1))[0]
    assert synced.answer(card.id, 2, at(1, 9)).repeat_today
    queue = synced.queue(at(1, 10))
    assert queue[-1].id == card.id  # after the other cards of the day
    assert queue.count(queue[-1]) == 1
    synced.answer(card.id, 3, at(1, 11))
    assert synced.queue(at(1, 12))[-1].id == card.id
    passed = synced.answer(card.id, 4, at(1, 13))
    assert passed.kind is AnswerKind.REPEAT
    assert not passed.repeat_today
    assert card.id not in ids(synced.queue(at(1, 14)))
    kinds = [row["kind"] for row in review_rows(synced)]
    assert kinds == ["new", "repeat", "repeat"]
    # The schedule is the one the first answer gave: q=2 -> due tomorrow.
    (state,) = synced.db.query("SELECT * FROM card_state WHERE card_id = ?", [card.id])
    assert (state["due"], state["lapses"], state["easiness"]) == ("2026-03-02", 1, 218)


def test_undo_restores_the_state_exactly_and_removes_the_row(synced: Store) -> None:
    card = synced.queue(at(1))[0]
    synced.answer(card.id, 5, at(1))
    before = list(synced.db.query("SELECT * FROM card_state WHERE card_id = ?", [card.id]))
    synced.answer(card.id, 1, at(3))
    assert synced.undo_last() == card.id
    after = list(synced.db.query("SELECT * FROM card_state WHERE card_id = ?", [card.id]))
    assert after == before
    assert len(review_rows(synced)) == 1
    assert synced.undo_last() == card.id
    assert synced.queue(at(1))[0].schedule.is_new
    assert synced.undo_last() is None


def test_undo_of_a_leech_answer_unsuspends_it(synced: Store) -> None:
    card = synced.queue(at(1))[0]
    synced.db.execute(
        "UPDATE card_state SET lapses = ?, due = '2026-03-01' WHERE card_id = ?",
        [LEECH_LAPSES - 1, card.id],
    )
    synced.db.conn.commit()
    assert synced.answer(card.id, 0, at(1)).became_leech
    assert ids(synced.leeches()) == [card.id]
    assert card.id not in ids(synced.queue(at(5), new_per_day=50))
    synced.undo_last()
    assert synced.leeches() == []
    assert card.id in ids(synced.queue(at(1)))


def test_bury_hides_a_card_until_the_next_study_day(synced: Store) -> None:
    card = synced.queue(at(1))[0]
    synced.bury(card.id, at(1, 10))
    assert card.id not in ids(synced.queue(at(2, 3)))  # 03:00 is still 1 March's study day
    assert card.id in ids(synced.queue(at(2, 5)))


def test_suspend_and_unsuspend(synced: Store) -> None:
    card = synced.queue(at(1))[0]
    synced.suspend(card.id)
    assert card.id not in ids(synced.queue(at(1)))
    synced.unsuspend(card.id)
    assert card.id in ids(synced.queue(at(1)))
    with pytest.raises(StoreError, match="no card"):
        synced.suspend("nope/none/origin")


def test_queue_can_be_limited_to_some_decks(store: Store, write_deck: Callable[..., Path]) -> None:
    store.sync(
        [
            write_deck(seven_muscle_deck(), "a.yaml"),
            write_deck(seven_muscle_deck().replace("id: test-deck", "id: other"), "b.yaml"),
        ],
        at(1),
    )
    assert {card.deck for card in store.queue(at(1), ["other"])} == {"other"}
    assert {card.deck for card in store.queue(at(1), new_per_day=100)} == {"test-deck", "other"}


def test_answering_an_unknown_card_is_a_clear_error(synced: Store) -> None:
    with pytest.raises(StoreError, match="no card 'x'"):
        synced.answer("x", 4, at(1))
    assert review_rows(synced) == []


def test_a_bad_quality_changes_nothing(synced: Store) -> None:
    card = synced.queue(at(1))[0]
    with pytest.raises(ValueError, match="quality"):
        synced.answer(card.id, 9, at(1))
    assert review_rows(synced) == []
    assert synced.queue(at(1))[0].schedule.is_new


def test_study_days_follow_local_time_across_a_daylight_saving_change(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    with Store.open(tmp_path / "berlin.db", zone=ZoneInfo("Europe/Berlin")) as berlin:
        berlin.sync([write_deck(seven_muscle_deck())], datetime(2026, 3, 28, 12, tzinfo=UTC))
        card = berlin.queue(datetime(2026, 3, 28, 12, tzinfo=UTC))[0]
        # 03:30 CEST on 29 March, the night the clocks jump: still 28 March's study day.
        late = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
        berlin.answer(card.id, 5, late)
        (row,) = berlin.db.query("SELECT study_day FROM reviews")
        assert row["study_day"] == "2026-03-28"
        assert card.id not in ids(berlin.queue(late))
        # 04:00 CEST: a new study day, and the card (interval 1) is due.
        assert card.id in ids(berlin.queue(datetime(2026, 3, 29, 2, 0, tzinfo=UTC)))


def test_note_times_always_move_forward(store: Store, tmp_path: Path) -> None:
    first = store.next_note_time(at(1))
    assert first == int(at(1).timestamp())
    store.record_export({"d": {"d/m/origin": "h1"}}, tmp_path / "x.apkg", at(1), first)
    assert store.next_note_time(at(1)) == first + 1  # same second: one later
    assert store.next_note_time(at(2)) == int(at(2).timestamp())
    assert store.exported_hashes(["d", "other-deck"]) == {"d/m/origin": "h1"}


def test_limits_are_per_deck_as_the_deck_list_counts_them(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    from studytool import stats

    store.sync(
        [
            write_deck(seven_muscle_deck(), "a.yaml"),
            write_deck(seven_muscle_deck().replace("id: test-deck", "id: other"), "b.yaml"),
        ],
        at(1),
    )
    together = store.queue(at(1), new_per_day=5)
    assert sorted(card.deck for card in together) == ["other"] * 5 + ["test-deck"] * 5
    for card in store.queue(at(1), ["test-deck"], new_per_day=5):
        store.answer(card.id, 5, at(1))
    assert store.queue(at(1), ["test-deck"], new_per_day=5) == []
    assert {card.deck for card in store.queue(at(1), new_per_day=5)} == {"other"}
    counts = {c.deck: c.new for c in stats.deck_counts(store, at(1), new_per_day=5)}
    assert counts == {"test-deck": 0, "other": 5}


# due, learning_day, buried_until, suspended: one card in each state the rule tells apart
RULE_STATES = [
    (None, None, None, 0),
    ("2026-03-01", None, None, 0),
    ("2026-02-20", None, None, 0),
    ("2026-03-05", None, None, 0),
    ("2026-03-01", "2026-03-01", None, 0),
    ("2026-03-01", "2026-02-28", None, 0),
    ("2026-03-01", None, "2026-03-02", 0),
    ("2026-03-01", None, "2026-03-01", 0),
    ("2026-03-01", None, None, 1),
    (None, None, "2026-03-02", 0),
    (None, None, None, 1),
]


def put_cards_in_rule_states(store: Store) -> list[str]:
    """One card of the deck in each of RULE_STATES; returns their ids in that order."""
    ids = [card.id for card in store.queue(at(1), new_per_day=100)][: len(RULE_STATES)]
    for card_id, (due, learning, buried, suspended) in zip(ids, RULE_STATES, strict=True):
        store.db.execute(
            "UPDATE card_state SET due = ?, learning_day = ?, buried_until = ?, suspended = ?"
            " WHERE card_id = ?",
            [due, learning, buried, suspended, card_id],
        )
    store.db.conn.commit()
    return ids


def test_the_queue_follows_the_core_rules_for_every_kind_of_card(synced: Store) -> None:
    """The queue is SQL for speed; core.answer_rules.CardSchedule states the rule it must follow."""
    states = RULE_STATES
    ids = put_cards_in_rule_states(synced)
    today = at(1).date()
    queued = set(ids) & {c.id for c in synced.queue(at(1), new_per_day=100)}
    expected = {
        card.id
        for card in synced.cards(ids)
        if card.schedule.available(today)
        and (
            card.schedule.is_new or card.schedule.is_due(today) or card.schedule.repeating_on(today)
        )
    }
    assert queued == expected
    assert len(expected) == 6
    assert len(states) == 11


def test_counts_forecast_and_browse_follow_the_same_rule(synced: Store) -> None:
    """Every other query on what is studyable agrees with CardSchedule for every state."""
    from studytool.core.search_syntax import parse_query

    ids = put_cards_in_rule_states(synced)
    today = at(1).date()
    # The rest of the deck is left out of the comparison: suspend it.
    for card in synced.cards([c.id for c in synced.queue(at(1), new_per_day=100)]):
        if card.id not in ids:
            synced.suspend(card.id)
    cards = synced.cards(ids)
    rule = {
        "new": {c.id for c in cards if c.schedule.is_new and c.schedule.available(today)},
        "due": {c.id for c in cards if c.schedule.is_due(today) and c.schedule.available(today)},
        "learning": {
            c.id for c in cards if c.schedule.repeating_on(today) and c.schedule.available(today)
        },
    }
    for state, expected in rule.items():
        found = {card.id for card in synced.search(parse_query(f"state:{state}"), at(1))}
        assert found == expected, state
    (counts,) = stats.deck_counts(synced, at(1), new_per_day=100, reviews_per_day=100)
    assert (counts.new, counts.due, counts.learning) == tuple(
        len(rule[state]) for state in ("new", "due", "learning")
    )
    assert synced.due_count(today) == len(rule["due"])
    # The forecast's first day holds every available card due by then, repeats included.
    forecast_today = stats.due_forecast(synced, at(1), days=1)[0].count
    scheduled = [c for c in cards if c.schedule.due is not None and c.schedule.due <= today]
    assert forecast_today == sum(c.schedule.available(today) for c in scheduled)


def test_due_count_leaves_out_cards_buried_for_that_day(synced: Store) -> None:
    (card,) = synced.queue(at(1), new_per_day=1)
    synced.answer(card.id, 5, at(1))
    assert synced.due_count(at(2).date()) == 1
    synced.bury(card.id, at(2))
    assert synced.due_count(at(2).date()) == 0
    assert synced.due_count(at(3).date()) == 1


def test_with_siblings_buried_a_muscle_gives_one_card_a_day(synced: Store) -> None:
    """The reviews of one study day never hold two cards of the same muscle."""
    for day in range(1, 15):
        for card in synced.queue(at(day), new_per_day=20, bury_siblings=True):
            synced.answer(card.id, 1 if day % 3 == 0 else 5, at(day))
            if day % 3 == 0:
                synced.answer(card.id, 5, at(day))  # its repeat, the same card
    rows = synced.query(
        "SELECT r.study_day, c.muscle, count(DISTINCT r.card_id) AS cards FROM reviews AS r"
        " JOIN cards AS c ON c.id = r.card_id WHERE c.muscle IS NOT NULL"
        " GROUP BY r.study_day, c.muscle"
    )
    assert rows
    assert max(row["cards"] for row in rows) == 1
    days = {row["study_day"] for row in rows}
    assert len(days) == 14  # something to study every day


def test_without_burying_siblings_are_several_cards_apart(synced: Store) -> None:
    """While other muscles still have new cards (six muscles here have five, the
    seventh nine), a muscle's next card waits for a round of the deck."""
    queue = ids(synced.queue(at(1), new_per_day=100))[:37]  # until the six run out
    places: dict[str, list[int]] = {}
    for place, card_id in enumerate(queue):
        muscle = card_id.split("/")[1]
        if muscle != "card":
            places.setdefault(muscle, []).append(place)
    gaps = [b - a for spots in places.values() for a, b in itertools.pairwise(spots)]
    assert min(gaps) >= 7  # a muscle's cards come a round of the deck apart
