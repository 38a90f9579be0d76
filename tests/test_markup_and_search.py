"""Light emphasis in deck text, and the browse search language over the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool.core.card import CardKind
from studytool.core.markup import Span, spans
from studytool.core.search_syntax import parse_query
from studytool.storage import Store


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", [Span("plain")]),
        ("a *b* c", [Span("a "), Span("b", "italic"), Span(" c")]),
        ("**bold** end", [Span("bold", "bold"), Span(" end")]),
        ("2 * 3 * 4", [Span("2 * 3 * 4")]),  # spaced asterisks are not emphasis
        ("<b>html</b> & [bold]rich[/bold]", [Span("<b>html</b> & [bold]rich[/bold]")]),
        ("*unclosed", [Span("*unclosed")]),
    ],
)
def test_emphasis_spans(text: str, expected: list[Span]) -> None:
    assert spans(text) == expected


def test_a_query_splits_words_and_filters() -> None:
    query = parse_query('psoas "lesser trochanter" deck:core kind:origin state:due region:hip')
    assert query.words == ("psoas", "lesser trochanter")
    assert (query.deck, query.kind, query.state, query.region) == (
        "core",
        CardKind.ORIGIN,
        "due",
        "hip",
    )
    assert query.problems == ()


def test_query_problems_are_reported_not_raised() -> None:
    query = parse_query('colour:red kind:elbow state:sleepy "unclosed')
    assert len(query.problems) == 3
    assert query.kind is None
    assert query.state is None
    assert query.words == ('"unclosed',)


@pytest.fixture
def synced(store: Store, write_deck: Callable[..., Path]) -> Store:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    return store


def found(store: Store, text: str) -> list[str]:
    return [card.id for card in store.search(parse_query(text), at(1))]


def test_search_by_text_kind_muscle_and_state(synced: Store) -> None:
    assert found(synced, "heels") == ["test-deck/muscle-7/cue/bridge"]
    assert len(found(synced, "kind:identify")) == 7
    assert found(synced, "muscle:muscle-3 kind:origin") == ["test-deck/muscle-3/origin"]
    assert len(found(synced, "region:hip")) == 39  # every muscle card, not the free ones
    assert len(found(synced, "state:new")) == 41
    synced.answer("test-deck/muscle-1/origin", 5, at(1))
    synced.suspend("test-deck/muscle-1/insertion")
    assert found(synced, "state:suspended") == ["test-deck/muscle-1/insertion"]
    assert found(synced, "state:new muscle:muscle-1") == [
        "test-deck/muscle-1/actions",
        "test-deck/muscle-1/innervation",
        "test-deck/muscle-1/identify",
    ]


def test_search_treats_like_wildcards_as_text(synced: Store) -> None:
    assert found(synced, "%") == []
    assert found(synced, "_") == []


def test_history_lists_every_answer(synced: Store) -> None:
    card = "test-deck/muscle-1/origin"
    synced.answer(card, 2, at(1, 9))
    synced.answer(card, 4, at(1, 10))
    synced.answer(card, 5, at(3))
    rows = synced.history(card)
    assert [(r["quality"], r["kind"], r["interval_after"]) for r in rows] == [
        (2, "new", 1),
        (4, "repeat", 1),
        (5, "review", 1),
    ]
