"""Opening the database: new files, damaged or foreign files, newer schemas, migrations."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck
from sqlite_utils import Database

import studytool.storage.schema as schema_module
from studytool.storage import NewerDatabaseError, NotADatabaseError, Store, StoreError


def database_with_one_answer(folder: Path) -> Path:
    """A studytool database holding the sample deck and one answer."""
    path = folder / "study.db"
    deck = folder / "deck.yaml"
    deck.write_text(seven_muscle_deck(), "utf-8")
    with Store.open(path, zone=UTC) as store:
        store.sync([deck], at(1))
        store.answer("test-deck/muscle-1/origin", 5, at(1))
    return path


def test_a_new_database_is_created_with_the_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "study.db"
    with Store.open(path, zone=UTC) as store:
        assert {"cards", "card_state", "reviews", "decks"} <= set(store.db.table_names())
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert path.exists()
    assert not list(tmp_path.glob("sub/*.before-migration-*"))  # nothing to back up


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = database_with_one_answer(tmp_path)
    with Store.open(path, zone=UTC) as store:
        assert store.db["reviews"].count == 1
        assert store.db["cards"].count == 41


@pytest.mark.parametrize(
    "content",
    [b"this is my shopping list\n", b"PK\x03\x04 a zip file", b"\x00" * 4096],
)
def test_a_file_that_is_not_sqlite_is_refused_and_never_touched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "study.db"
    path.write_bytes(content)
    with pytest.raises(NotADatabaseError, match="not a studytool database"):
        Store.open(path, zone=UTC)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.db"]


def test_a_truncated_database_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = database_with_one_answer(tmp_path)
    (tmp_path / "study.db-wal").unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    truncated = path.read_bytes()
    with pytest.raises(StoreError, match=r"damaged|not a studytool database"):
        Store.open(path, zone=UTC)
    assert path.read_bytes() == truncated


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError, match="another program"):
        Store.open(path, zone=UTC)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_studytool_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "study.db"
    Store.open(path, zone=UTC).close()
    db = Database(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "studytool", "name": "999_from_the_future", "applied_at": "2030"}
    )
    db.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer studytool"):
        Store.open(path, zone=UTC)
    assert path.read_bytes() == before


def _with_extra_step(monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
    """Pretend this studytool has a second schema step."""

    def add_column(db: Database) -> None:
        db.execute("ALTER TABLE cards ADD COLUMN difficulty INTEGER")
        if fails:
            raise RuntimeError("the migration broke halfway")

    steps = [*schema_module.SCHEMA_STEPS, ("002_difficulty", add_column)]
    monkeypatch.setattr(schema_module, "SCHEMA_STEPS", steps)


def test_a_migration_copies_the_database_aside_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = database_with_one_answer(tmp_path)
    steps_before = len(schema_module.SCHEMA_STEPS)
    _with_extra_step(monkeypatch, fails=False)
    with Store.open(path, zone=UTC) as store:
        assert "difficulty" in store.db["cards"].columns_dict
    backup = Database(tmp_path / f"study.db.before-migration-{steps_before}")
    assert "difficulty" not in backup["cards"].columns_dict
    assert backup["reviews"].count == 1
    backup.close()


def test_a_failed_migration_leaves_original_and_backup_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = database_with_one_answer(tmp_path)
    steps_before = len(schema_module.SCHEMA_STEPS)
    _with_extra_step(monkeypatch, fails=True)
    with pytest.raises(RuntimeError, match="broke halfway"):
        Store.open(path, zone=UTC)
    monkeypatch.undo()
    with Store.open(path, zone=UTC) as store:
        assert "difficulty" not in store.db["cards"].columns_dict
        assert store.db["reviews"].count == 1
    assert (tmp_path / f"study.db.before-migration-{steps_before}").exists()


@contextmanager
def without_root() -> Iterator[None]:
    """Act as an ordinary user, so file permissions apply even when the tests run as root."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder anyone can enter (pytest's own temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="studytool-perm-"))
    folder.chmod(0o777)
    yield folder
    for child in folder.iterdir():
        child.chmod(0o666)
    shutil.rmtree(folder)


def test_a_read_only_database_is_a_clear_error(open_folder: Path) -> None:
    path = open_folder / "study.db"
    with without_root():
        Store.open(path, zone=UTC).close()
        path.chmod(0o444)
        with pytest.raises(StoreError, match="is read-only; studytool needs to write"):
            Store.open(path, zone=UTC)


def test_a_read_only_folder_is_a_clear_error(open_folder: Path) -> None:
    folder = open_folder / "locked"
    folder.mkdir(mode=0o555)
    with without_root(), pytest.raises(StoreError, match="cannot create or open"):
        Store.open(folder / "study.db", zone=UTC)
    folder.chmod(0o755)
    assert list(folder.iterdir()) == []


def test_a_folder_in_place_of_the_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is not a file"):
        Store.open(tmp_path, zone=UTC)
