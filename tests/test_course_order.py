"""Decks in a course's order (`order:` in a deck file), and browsing a muscle finds the
pose and move cards that name it; older databases learn both at their next sync."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from conftest import at
from sample_decks import seven_muscle_deck
from test_joining_cards import FOUR_MUSCLES

from studytool import stats
from studytool.core.search_syntax import parse_query
from studytool.storage import Store


def deck(deck_id: str, title: str, order: int | None) -> str:
    text = seven_muscle_deck().replace("id: test-deck", f"id: {deck_id}", 1)
    text = text.replace("title: Test deck", f"title: {title}", 1)
    return text if order is None else text.replace("version: 2", f"version: 2\norder: {order}")


def listed(store: Store) -> list[str]:
    return [line.deck for line in stats.deck_counts(store, at(1))]


def test_the_deck_list_follows_the_course_order_then_the_titles(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    paths = [
        write_deck(deck("anatomy-basics", "Anatomy basics", None), "a.yaml"),
        write_deck(deck("zygote", "Zygote", None), "z.yaml"),
        write_deck(deck("spine", "Spine", 2), "s.yaml"),
        write_deck(deck("breath", "Breath", 10), "b.yaml"),
        write_deck(deck("core", "Core", 1), "c.yaml"),
    ]
    store.sync(paths, at(1))
    assert listed(store) == ["core", "spine", "breath", "anatomy-basics", "zygote"]
    # A changed order is picked up like any other edit of the file.
    paths[1].write_text(deck("zygote", "Zygote", 3), "utf-8")
    store.sync(paths, at(1))
    assert listed(store) == ["core", "spine", "zygote", "breath", "anatomy-basics"]


def test_order_must_be_a_positive_whole_number(load_text: Callable[[str], object]) -> None:
    result = load_text(deck("d", "D", 0))
    (error,) = result.errors  # type: ignore[attr-defined]
    assert (error.line, error.message) == (4, "'order' must be 1 or more")


def test_a_huge_order_or_version_is_a_mistake_not_a_crash(
    load_text: Callable[[str], object], store: Store, write_deck: Callable[..., Path]
) -> None:
    huge = deck("d", "D", 10**20).replace("version: 2", f"version: {10**20}")
    result = load_text(huge)
    assert [(e.line, e.message) for e in result.errors] == [  # type: ignore[attr-defined]
        (3, "'version' must be at most 1,000,000"),
        (4, "'order' must be at most 1,000,000"),
    ]
    (report,) = store.sync([write_deck(huge, "huge.yaml")], at(1))
    assert report.loaded is not None
    assert not report.loaded.ok  # reported, and nothing written
    assert store.db["decks"].count == 0


def found(store: Store, text: str) -> list[str]:
    return [card.id for card in store.search(parse_query(text), at(1))]


def test_browsing_a_muscle_finds_the_pose_and_move_cards_that_name_it(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(FOUR_MUSCLES)], at(1))
    by_id = found(store, "muscle:iliacus kind:pose") + found(store, "muscle:iliacus kind:move")
    assert by_id == ["hips/pose/runners-lunge/lengthens", "hips/move/hip-flexion"]
    by_name = found(store, "muscle:gluteus kind:move")
    assert by_name == ["hips/move/hip-extension"]
    assert found(store, "muscle:hamstrings kind:pose") == [
        "hips/pose/runners-lunge/lengthens",
        "hips/pose/bridge/strengthens",
    ]
    assert "hips/move/hip-flexion" not in found(store, "muscle:hamstrings")
    # A side written in a pose card's answer is not a muscle.
    assert found(store, "muscle:leg") == []


def test_an_older_database_learns_order_and_members_at_its_next_sync(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    first = write_deck(deck("zeta", "Zeta", 1), "z.yaml")
    second = write_deck(FOUR_MUSCLES, "hips.yaml")
    database = tmp_path / "old.db"
    with Store.open(database, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        store.sync([first, second], at(1))
    conn = sqlite3.connect(database)  # as a database from before steps 006 and 007
    with conn:
        conn.execute("ALTER TABLE decks DROP COLUMN course_order")
        conn.execute("ALTER TABLE cards DROP COLUMN members")
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE name IN ('006_deck_order', '007_card_members')"
        )
    conn.close()
    with Store.open(database, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        assert listed(store) == ["hips", "zeta"]  # by title until the files are read again
        store.sync([first, second], at(2))
        assert listed(store) == ["zeta", "hips"]
        assert found(store, "muscle:psoas-major kind:move") == ["hips/move/hip-flexion"]


def test_studying_every_deck_begins_with_the_first_of_the_course(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    paths = [
        write_deck(deck("anatomy-basics", "Anatomy basics", 2), "a.yaml"),
        write_deck(deck("zygote", "Zygote", 1), "z.yaml"),
    ]
    store.sync(paths, at(1))
    decks = [card.deck for card in store.queue(at(1), new_per_day=3)]
    assert decks == ["zygote"] * 3 + ["anatomy-basics"] * 3


def test_browse_lists_decks_in_course_order(store: Store, write_deck: Callable[..., Path]) -> None:
    paths = [
        write_deck(deck("anatomy-basics", "Anatomy basics", 2), "a.yaml"),
        write_deck(deck("zygote", "Zygote", 1), "z.yaml"),
    ]
    store.sync(paths, at(1))
    decks = [card.deck for card in store.search(parse_query("kind:identify"), at(1))]
    assert decks == ["zygote"] * 7 + ["anatomy-basics"] * 7
