"""The database is a cache of the deck files in use: renamed ids, deleted files, and
decks outside the paths in use leave every list and queue, their history kept."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck

from studytool import stats
from studytool.core.search_syntax import parse_query
from studytool.storage import Store

DECK = "test-deck"
CARD = f"{DECK}/muscle-3/origin"


def renamed(text: str, deck_id: str) -> str:
    return text.replace("id: test-deck", f"id: {deck_id}", 1)


def sync_then_rename(store: Store, path: Path, deck_id: str, now: datetime) -> None:
    """Sync the sample deck at `path`, then give the file another deck id and sync."""
    store.sync([path], now)
    path.write_text(renamed(seven_muscle_deck(), deck_id), "utf-8")
    store.sync([path], now)


def deck_ids(store: Store, now: datetime | None = None) -> list[str]:
    return [line.deck for line in stats.deck_counts(store, now or at(1))]


def queued_decks(store: Store, now: datetime | None = None) -> set[str]:
    return {card.deck for card in store.queue(now or at(1), new_per_day=1000)}


def test_a_renamed_deck_id_retires_the_old_deck(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    sync_then_rename(store, path, "hips", at(1))
    assert deck_ids(store) == ["hips"]
    assert queued_decks(store) == {"hips"}
    assert (
        store.db.execute("SELECT count(*) FROM decks WHERE path = ?", [str(path)]).fetchone()[0]
        == 1
    )
    # The old deck's cards are retired, not deleted: their history stays.
    assert (
        store.db.execute(
            "SELECT count(*) FROM cards WHERE deck = ? AND retired = 1", [DECK]
        ).fetchone()[0]
        == 41
    )


def test_a_deck_id_that_comes_back_gets_its_schedules_back(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    store.answer(CARD, 5, at(1))
    path.write_text(renamed(seven_muscle_deck(), "hips"), "utf-8")
    store.sync([path], at(2))
    path.write_text(seven_muscle_deck(), "utf-8")
    reports = store.sync([path], at(3))
    assert any(report.restored == 41 for report in reports)
    (card,) = store.cards([CARD])
    assert card.schedule.state.repetitions == 1
    assert deck_ids(store, at(3)) == [DECK]
    assert len(store.history(CARD)) == 1


def test_renaming_back_keeps_the_unchanged_file_fast_path(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    sync_then_rename(store, path, "hips", at(1))
    path.write_text(seven_muscle_deck(), "utf-8")
    store.sync([path], at(1))
    (report,) = store.sync([path], at(1))
    assert report.skipped
    assert report.loaded is None  # not even read


def test_a_deleted_deck_file_leaves_the_list_and_the_queue(
    store: Store, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    kept = write_deck(seven_muscle_deck(), "decks/kept.yaml")
    gone = write_deck(renamed(seven_muscle_deck(), "gone-deck"), "decks/gone.yaml")
    store.sync([tmp_path / "decks"], at(1))
    gone_card = CARD.replace(DECK, "gone-deck")
    store.answer(gone_card, 4, at(1))
    assert deck_ids(store) == ["gone-deck", DECK]
    gone.unlink()
    reports = store.sync([tmp_path / "decks"], at(2))
    assert [report.deck for report in reports if report.removed] == ["gone-deck"]
    assert deck_ids(store, at(2)) == [DECK]
    assert queued_decks(store, at(2)) == {DECK}
    assert store.leeches() == []
    assert len(store.history(gone_card)) == 1  # history kept
    # Even a process that uses every deck in the database no longer sees it.
    with Store.open(store.path, zone=store.zone) as other:
        assert [figures.deck for figures in other.deck_figures(at(2).date())] == [DECK]
    assert kept.exists()


def test_a_deleted_file_is_noticed_when_the_others_are_unchanged(
    store: Store, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    write_deck(seven_muscle_deck(), "decks/kept.yaml")
    gone = write_deck(renamed(seven_muscle_deck(), "gone-deck"), "decks/gone.yaml")
    store.sync([tmp_path / "decks"], at(1))
    gone.unlink()
    store.sync([tmp_path / "decks"], at(1))
    assert queued_decks(store) == {DECK}


def test_only_the_decks_in_use_are_shown_counted_and_studied(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    course = write_deck(renamed(seven_muscle_deck(), "course"), "course/course.yaml")
    bundled = write_deck(seven_muscle_deck(), "bundled/deck.yaml")
    store.sync([course.parent], at(1))
    store.answer("course/muscle-3/origin", 1, at(1))
    store.sync([bundled.parent], at(1))
    assert deck_ids(store) == [DECK]
    assert queued_decks(store) == {DECK}
    assert store.decks_in_use() == [DECK]
    assert {card.deck for card in store.search(parse_query(""), at(1))} == {DECK}
    assert store.due_count(at(30).date()) == 0
    assert [line.count for line in stats.due_forecast(store, at(1))] == [0] * 30
    assert stats.muscle_lapses(store) == []
    # The course deck was not retired: using its folder again brings it straight back.
    store.use_deck_files([course.parent])
    assert deck_ids(store) == ["course"]
    assert queued_decks(store) == {"course"}


def test_a_store_that_has_not_synced_uses_every_deck_it_holds(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(seven_muscle_deck(), "a/deck.yaml")], at(1))
    store.sync([write_deck(renamed(seven_muscle_deck(), "other"), "b/deck.yaml")], at(1))
    with Store.open(store.path, zone=store.zone) as fresh:
        assert fresh.decks_in_use() is None
        assert deck_ids(fresh) == ["other", DECK]


def _sync_edit_keeping_size_and_mtime(
    store: Store, path: Path, replace: Callable[[Path, Path], None]
) -> str:
    store.sync([path], at(1))
    edited = path.with_name("edited.yaml.new")
    text = seven_muscle_deck()
    edited.write_text(text.replace("Origin of Muscle 3", "Origin of Muscle X"), "utf-8")
    assert edited.stat().st_size == path.stat().st_size
    os.utime(edited, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    replace(edited, path)
    store.sync([path], at(2))
    (card,) = store.cards([CARD])
    return card.back


def test_an_edit_that_keeps_size_and_mtime_is_synced(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    """As `cp -p` or `rsync -t` leave a file: same size, same mtime, a new inode."""
    path = write_deck(seven_muscle_deck())
    assert _sync_edit_keeping_size_and_mtime(store, path, os.replace) == "Origin of Muscle X"


def test_an_edit_in_place_that_restores_the_mtime_is_synced(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    """As `touch -r` after an edit: same inode, size and mtime; only the ctime moves."""
    path = write_deck(seven_muscle_deck())

    def copy_in_place(source: Path, target: Path) -> None:
        stamp = target.stat()
        shutil.copyfile(source, target)  # same inode: rewritten in place
        os.utime(target, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        source.unlink()

    assert _sync_edit_keeping_size_and_mtime(store, path, copy_in_place) == "Origin of Muscle X"


def test_an_old_database_with_two_decks_for_one_file_is_mended(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    """Before schema step 003, a renamed id left two rows for one file."""
    path = write_deck(seven_muscle_deck())
    database = tmp_path / "old.db"
    with Store.open(database, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        store.sync([path], at(1))
        path.write_text(renamed(seven_muscle_deck(), "hips"), "utf-8")
        store.sync([path], at(2))
    # Put the database back as the old version left it: the stale row and its cards.
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("DROP INDEX decks_by_path")
        conn.execute(
            "INSERT INTO decks (id, title, path, file_hash, file_stamp, version, synced_at)"
            " VALUES (?, 'Test deck', ?, 'x', 'x', 1, '2026-03-01T12:00:00+00:00')",
            [DECK, str(path.resolve())],
        )
        conn.execute("UPDATE cards SET retired = 0 WHERE deck = ?", [DECK])
        conn.execute("UPDATE card_state SET retired = 0 WHERE deck = ?", [DECK])
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '003_one_deck_per_file'")
    conn.close()
    with Store.open(database, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        assert deck_ids(store, at(2)) == ["hips"]
        assert queued_decks(store, at(2)) == {"hips"}
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(
                "INSERT INTO decks (id, title, path, file_hash, version, synced_at)"
                " VALUES ('x', 'x', ?, 'x', 1, 'x')",
                [str(path.resolve())],
            )


def test_a_session_drops_the_cards_an_edit_retired(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    from studytool.study_session import StudySession

    path = write_deck(seven_muscle_deck())
    store.sync([path], at(1))
    session = StudySession.start(store, at(1), None)
    assert session.queue
    path.write_text(renamed(seven_muscle_deck(), "hips"), "utf-8")  # edited mid-session
    store.sync([path], at(1))
    session.refresh()
    assert session.queue == []
    assert session.finished


def test_a_retired_card_cannot_be_answered(store: Store, write_deck: Callable[..., Path]) -> None:
    from studytool.storage import StoreError

    sync_then_rename(store, write_deck(seven_muscle_deck()), "hips", at(1))
    with pytest.raises(StoreError, match="no longer in a deck file in use"):
        store.answer(CARD, 4, at(1))
    assert store.history(CARD) == []


def test_a_file_that_takes_another_files_deck_id_is_the_one_reported(
    store: Store, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    """a.yaml sorts first, but b.yaml already holds the deck: a.yaml is the newcomer."""
    newcomer = write_deck(renamed(seven_muscle_deck(), "first"), "decks/a.yaml")
    write_deck(seven_muscle_deck(), "decks/b.yaml")
    store.sync([tmp_path / "decks"], at(1))
    store.answer(CARD, 5, at(1))
    newcomer.write_text(seven_muscle_deck(), "utf-8")  # now declares test-deck too
    reports = store.sync([tmp_path / "decks"], at(2))
    (broken,) = [report for report in reports if report.errors]
    assert broken.path == newcomer
    assert "already used by" in broken.errors[0]
    assert deck_ids(store, at(2)) == ["first", DECK]  # nothing changed
    (card,) = store.cards([CARD])
    assert card.schedule.state.repetitions == 1


def test_a_deck_whose_folder_became_a_file_is_retired(
    store: Store, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    write_deck(seven_muscle_deck(), "a/deck.yaml")
    other = write_deck(renamed(seven_muscle_deck(), "other"), "b/deck.yaml")
    store.sync([tmp_path / "a", other], at(1))
    shutil.rmtree(tmp_path / "a")
    (tmp_path / "a").write_text("now a file", "utf-8")
    reports = store.sync([other], at(2))
    assert [report.deck for report in reports if report.removed] == [DECK]
    with Store.open(store.path, zone=store.zone) as fresh:
        assert deck_ids(fresh, at(2)) == ["other"]


def test_an_older_database_learns_the_introduction_order_at_its_next_sync(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    database = tmp_path / "old.db"
    with Store.open(database, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        store.sync([path], at(1))
    conn = sqlite3.connect(database)  # as a database from before step 004 had it
    with conn:
        conn.execute(
            "UPDATE card_state SET position ="
            " (SELECT c.position FROM cards AS c WHERE c.id = card_state.card_id)"
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '004_introduction_order'")
    conn.close()
    with Store.open(database, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        store.sync([path], at(2))
        first_two = [card.id for card in store.queue(at(2))][:2]
    assert first_two == [f"{DECK}/muscle-1/origin", f"{DECK}/muscle-2/insertion"]
