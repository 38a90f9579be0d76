"""Deck sync keeps progress by card id: edits, removals and restorations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool.storage import Store

DECK = "test-deck"


def state_of(store: Store, card_id: str) -> dict:  # type: ignore[type-arg]
    (row,) = store.db.query(
        "SELECT c.front, c.retired, s.* FROM cards c JOIN card_state s ON s.card_id = c.id"
        " WHERE c.id = ?",
        [card_id],
    )
    return row


def test_first_sync_adds_every_card_as_new(store: Store, write_deck: Callable[..., Path]) -> None:
    (report,) = store.sync([write_deck(seven_muscle_deck())], at(1))
    assert (report.deck, report.added, report.updated, report.retired) == (DECK, 41, 0, 0)
    assert store.db["cards"].count == 41
    assert store.db["card_state"].count == 41
    assert store.db["decks"].count == 1


def test_unchanged_decks_are_skipped(store: Store, write_deck: Callable[..., Path]) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    (report,) = store.sync([path], at(2))
    assert report.skipped
    assert report.added == 0


def test_edited_text_keeps_the_schedule(store: Store, write_deck: Callable[..., Path]) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    card_id = f"{DECK}/muscle-3/origin"
    store.answer(card_id, 5, at(1))
    store.answer(card_id, 5, at(2))
    before = state_of(store, card_id)
    path.write_text(seven_muscle_deck().replace("Origin of Muscle 3", "Fixed origin"), "utf-8")
    (report,) = store.sync([path], at(3))
    # The origin card and the identify card both show the origin.
    assert (report.added, report.updated, report.retired) == (0, 2, 0)
    after = state_of(store, card_id)
    assert after["front"] == before["front"]
    assert (after["due"], after["interval"], after["repetitions"]) == (
        before["due"],
        before["interval"],
        before["repetitions"],
    )
    (card,) = store.cards([card_id])
    assert card.back == "Fixed origin"


def test_removed_cards_are_retired_and_come_back_with_their_schedule(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    card_id = f"{DECK}/muscle-7/cue/bridge"
    store.answer(card_id, 5, at(1))
    without = seven_muscle_deck().replace(
        "      - pose: Bridge\n        cue: Press through the heels.\n        effect: strengthens\n",
        "",
    )
    path.write_text(without, "utf-8")
    (report,) = store.sync([path], at(2))
    assert report.retired == 1
    assert state_of(store, card_id)["retired"] == 1
    assert card_id not in [c.id for c in store.queue(at(2), new_per_day=100)]
    assert store.db["reviews"].count == 1  # history kept
    path.write_text(seven_muscle_deck(), "utf-8")
    (report,) = store.sync([path], at(3))
    assert report.restored == 1
    restored = state_of(store, card_id)
    assert (restored["retired"], restored["due"], restored["repetitions"]) == (0, "2026-03-02", 1)


def test_a_broken_deck_changes_nothing(store: Store, write_deck: Callable[..., Path]) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    path.write_text(seven_muscle_deck().replace("    origin:", "    orgin:"), "utf-8")
    (report,) = store.sync([path], at(2))
    assert report.errors
    assert report.retired == 0
    assert store.db.execute("SELECT count(*) FROM cards WHERE retired = 0").fetchone()[0] == 41


def test_a_renamed_id_is_a_new_card(store: Store, write_deck: Callable[..., Path]) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    path.write_text(seven_muscle_deck().replace("id: muscle-1\n", "id: muscle-one\n"), "utf-8")
    (report,) = store.sync([path], at(2))
    assert (report.added, report.retired) == (5, 5)


def test_sync_of_unchanged_decks_reads_no_yaml(
    store: Store, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [
        write_deck(seven_muscle_deck().replace("id: test-deck", f"id: deck-{n}"), f"d{n}.yaml")
        for n in range(3)
    ]
    store.sync(paths, at(1))

    def no_parsing(*_args: object) -> None:
        raise AssertionError("an unchanged deck was parsed again")

    for name in ("load_decks", "load_deck", "parse_deck", "read_deck_bytes"):
        monkeypatch.setattr(f"studytool.core.deck_loading.{name}", no_parsing)
    reports = store.sync(paths, at(2))
    assert [report.skipped for report in reports] == [True, True, True]


def test_one_changed_deck_is_synced_and_the_others_skipped(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    first = write_deck(seven_muscle_deck(), "a.yaml")
    second = write_deck(seven_muscle_deck().replace("id: test-deck", "id: other"), "b.yaml")
    store.sync([first, second], at(1))
    second.write_text(
        seven_muscle_deck().replace("id: test-deck", "id: other").replace("Answer two.", "New."),
        "utf-8",
    )
    reports = store.sync([first, second], at(2))
    assert [(r.deck, r.skipped, r.updated) for r in reports] == [
        ("test-deck", True, 0),
        ("other", False, 1),
    ]


def test_an_edit_that_keeps_the_size_is_still_seen(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    # Same length, new text, and a new modification time.
    path.write_text(seven_muscle_deck().replace("Answer two.", "Answer 2!!."), "utf-8")
    (report,) = store.sync([path], at(2))
    assert not report.skipped
    assert report.updated == 1


def test_a_touched_but_unchanged_file_is_hashed_and_skipped(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    path.write_text(seven_muscle_deck(), "utf-8")  # rewritten: new mtime, same bytes
    (report,) = store.sync([path], at(2))
    assert report.skipped


def test_skipped_decks_still_name_their_deck(store: Store, write_deck: Callable[..., Path]) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    (report,) = store.sync([path], at(2))
    assert (report.skipped, report.deck) == (True, DECK)


def test_a_deck_saved_while_it_is_being_read_is_synced_next_time(
    store: Store, write_deck: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import studytool.core.deck_loading as decks_module

    path = write_deck(seven_muscle_deck())
    reader = decks_module.read_deck_bytes

    def read_then_the_author_saves(target: Path) -> bytes | str:
        data = reader(target)
        target.write_text(seven_muscle_deck().replace("Answer two.", "Saved meanwhile."), "utf-8")
        return data

    monkeypatch.setattr(decks_module, "read_deck_bytes", read_then_the_author_saves)
    store.sync([path], at(1))
    monkeypatch.undo()
    (report,) = store.sync([path], at(2))
    assert not report.skipped
    (card,) = store.cards(["test-deck/card/free-two"])
    assert card.back == "Saved meanwhile."
