"""Opening the database file, and refusing the ones that are not ours to write.

Every check that can refuse a file runs before anything is written: a file of another
program, a damaged file, a read-only file or folder, or one written by a newer
studytool is left exactly as it was. Only then is the file switched to WAL mode and
brought up to date, after a copy of it is set aside.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from studytool.storage import schema
from studytool.storage.errors import NewerDatabaseError, NotADatabaseError, StoreError, translate

__all__ = ["BUSY_TIMEOUT_SECONDS", "connect"]

BUSY_TIMEOUT_SECONDS = 5.0
_SQLITE_HEADER = b"SQLite format 3\x00"


def connect(path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> sqlite3.Connection:
    """A connection to the studytool database at `path`, created and migrated as needed.

    Raises StoreError (or a subclass) with a readable message when the file is not a
    database, is damaged, is read-only, is busy, or comes from a newer studytool. Rows
    come back as `sqlite3.Row`, read by column name.
    """
    _check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder for {path}: {error.strerror}") from None
    _check_writable(path)
    try:
        conn = sqlite3.connect(_literal(path), timeout=busy_timeout, check_same_thread=False)
    except sqlite3.Error as error:
        raise translate(error, path) from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        applied = _check_ownership(conn, path)  # reads only: not ours stays untouched
        _use_wal(conn)
        _migrate(conn, path, applied)
    except BaseException as error:
        conn.close()
        if isinstance(error, sqlite3.DatabaseError):
            raise translate(error, path) from None
        raise
    return conn


def _literal(path: Path) -> str:
    """`path` as SQLite must open it: absolute, so that a name such as `file:new.db` is
    the file the checks above looked at, never read as an SQLite URI."""
    return str(path.absolute())


def _check_file(path: Path) -> None:
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    try:
        with path.open("rb") as stream:
            header = stream.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    if header and header != _SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not a studytool database (not a SQLite file); it was left untouched"
        )


def _check_writable(path: Path) -> None:
    """Answers must be saved: say so now rather than after the first one is lost."""
    if path.exists() and not _can(path, os.W_OK):
        raise StoreError(f"{path} is read-only; studytool needs to write your answers to it")
    if not _can(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"cannot create or open {path}: its folder is read-only "
            "(SQLite keeps its journal files beside the database)"
        )


def _can(path: Path, mode: int) -> bool:
    # Ask about the effective user, which is who will write the file.
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def _check_ownership(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Refuse SQLite files of other programs and of newer studytools, before writing.

    Returns the schema steps already applied.
    """
    tables = {
        row["name"] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    applied: list[str] = []
    if "_sqlite_migrations" in tables:
        applied = [
            row["name"]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                (schema.MIGRATION_SET,),
            )
        ]
    if tables and not applied:
        raise NotADatabaseError(
            f"{path} is a SQLite database of another program, not studytool's; "
            "it was left untouched"
        )
    known = {name for name, _step in schema.SCHEMA_STEPS}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise NewerDatabaseError(
            f"{path} was written by a newer studytool (schema step '{unknown[-1]}'); "
            "upgrade studytool to open it. The file was left untouched."
        )
    return applied


def _use_wal(conn: sqlite3.Connection) -> None:
    (mode,) = conn.execute("PRAGMA journal_mode = WAL").fetchone()
    if str(mode).lower() != "wal":
        raise StoreError(f"could not switch the database to WAL mode (it stayed in {mode})")
    conn.execute("PRAGMA synchronous = FULL")


def _migrate(conn: sqlite3.Connection, path: Path, applied: list[str]) -> None:
    """Apply pending schema steps, after copying an existing database aside."""
    if all(name in applied for name, _step in schema.SCHEMA_STEPS):
        return
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    if applied:
        _backup(conn, path, len(applied))
    schema.migrations().apply(db)


def _backup(conn: sqlite3.Connection, path: Path, schema_steps: int) -> Path:
    """Copy the database aside before changing its schema."""
    target = path.with_name(f"{path.name}.before-migration-{schema_steps}")
    if target.exists():
        shutil.copy2(target, target.with_name(target.name + ".old"))
    backup = sqlite3.connect(_literal(target))
    try:
        conn.backup(backup)
    finally:
        backup.close()
    return target
