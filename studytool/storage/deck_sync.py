"""Bringing deck files into the database: cards in, progress kept by card id.

The `decks` table is a cache of the deck files: one row per file, for the id the file
declares. New cards become new; changed text keeps its schedule; cards gone from a file
are retired with their history; cards that come back resume their schedule. A deck
whose file is deleted, or whose file now declares another id, is retired the same way,
and comes back with its schedules if a file declares it again. When every file's stamp
(size, modification time, inode, change time) is what it was, nothing is read, so
syncing at every start costs little. Otherwise every file is read and validated
together (a deck id used twice is found across files), and only decks whose bytes
changed are written. A broken deck changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.core.card import Card
from studytool.core.deck_discovery import real_path
from studytool.core.new_card_order import introduction_ranks
from studytool.storage.connection import Connection
from studytool.storage.records import DeckSync
from studytool.storage.rows import utc_text

if TYPE_CHECKING:
    from studytool.core.deck_validation import LoadedDeck

__all__ = ["decks_declared_by", "resolved", "sync_deck_files"]

_CARD_COLUMNS = (
    "id",
    "deck",
    "kind",
    "muscle",
    "muscle_name",
    "region",
    "front",
    "back",
    "notes",
    "image",
    "tags",
    "line",
    "position",
    "content_hash",
    "members",
)
_INSERT_CARD = (
    f"INSERT INTO cards ({', '.join(_CARD_COLUMNS)}, added_at)"
    f" VALUES ({', '.join(':' + column for column in _CARD_COLUMNS)}, :added_at)"
)
_UPDATE_CARD = (
    "UPDATE cards SET "
    + ", ".join(f"{column} = :{column}" for column in _CARD_COLUMNS if column != "id")
    + ", retired = 0 WHERE id = :id"
)
_DECK_COLUMNS = (
    "id",
    "title",
    "path",
    "file_hash",
    "file_stamp",
    "version",
    "course_order",
    "synced_at",
)
_UPSERT_DECK = (
    f"INSERT INTO decks ({', '.join(_DECK_COLUMNS)})"
    f" VALUES ({', '.join(':' + column for column in _DECK_COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in _DECK_COLUMNS if column != "id")
)


def resolved(files: Sequence[Path]) -> tuple[str, ...]:
    """The deck files as the `decks` table records them: resolved path strings."""
    return tuple(str(real_path(path)) for path in files)


def decks_declared_by(db: Connection, files: Sequence[str]) -> list[str]:
    """The ids of the decks recorded for these resolved file paths, in id order."""
    return [
        row["id"]
        for row in db.rows(
            "SELECT id FROM decks WHERE path IN (SELECT value FROM json_each(:files)) ORDER BY id",
            {"files": json.dumps(list(files))},
        )
    ]


def sync_deck_files(db: Connection, files: Sequence[Path], now: datetime) -> list[DeckSync]:
    """Bring the cards of these deck files into the database.

    Decks whose file is gone are retired first, whichever files are in use.
    """
    reports = _retire_missing_files(db)
    known = {row["path"]: row for row in db.rows("SELECT * FROM decks")}
    # Stamps are taken before anything is read: a file saved while we read it then
    # looks changed next time, instead of keeping a stale hash forever.
    stamps = {path: _file_stamp(path) for path in files}
    previous = {path: known.get(str(real_path(path))) for path in files}
    if all(
        row is not None and stamps[path] and row["file_stamp"] == stamps[path]
        for path, row in previous.items()
    ):
        return reports + [
            DeckSync(path, row["id"], skipped=True)
            for path, row in previous.items()
            if row is not None
        ]
    # The validator loads only now: an unchanged collection never needs it.
    from studytool.core.deck_loading import check_decks, load_deck, parse_deck, read_deck_bytes

    # Hash and validate the very same bytes: what is recorded is what was parsed.
    contents = {path: read_deck_bytes(path) for path in files}
    parsed = [
        parse_deck(data, path) if isinstance(data, bytes) else load_deck(path)
        for path, data in contents.items()
    ]
    # A deck id declared by two files is an error at the second: let the file that
    # already holds that deck come first, so the newcomer is the one reported.
    order = sorted(range(len(parsed)), key=lambda i: _holds_its_deck(previous, parsed[i]))
    checked = dict(zip(order, check_decks([parsed[i] for i in order]), strict=True))
    loaded_decks = [checked[i] for i in range(len(parsed))]
    synced_at = utc_text(now)
    for loaded in loaded_decks:
        path = loaded.path
        data = contents[path]
        if not loaded.ok or loaded.deck is None or not isinstance(data, bytes):
            reports.append(DeckSync(path, loaded.id, loaded=loaded))
            continue
        digest = _digest(data)
        row = previous[path]
        if row is not None and row["file_hash"] == digest and row["id"] == loaded.deck.id:
            _restamp(db, loaded.deck.id, stamps[path])  # touched, not changed
            reports.append(DeckSync(path, loaded.id, skipped=True, loaded=loaded))
            continue
        reports.append(_sync_deck(db, loaded, digest, stamps[path], synced_at))
    return reports


def _holds_its_deck(previous: dict[Path, sqlite3.Row | None], loaded: LoadedDeck) -> bool:
    """False (sorting first) for a file the database records for the id it declares."""
    row = previous[loaded.path]
    return not (row is not None and row["id"] == loaded.id)


def _retire_missing_files(db: Connection) -> list[DeckSync]:
    """Retire the decks whose file no longer exists: out of every list and queue, their
    history kept, their schedules back if a file declares them again."""
    reports = []
    for row in db.rows("SELECT id, path FROM decks ORDER BY id"):
        path = Path(row["path"])
        try:
            path.stat()
        except (FileNotFoundError, NotADirectoryError):  # gone, or its folder is a file now
            with db.write() as conn:
                retired = _retire_deck(conn, row["id"])
            reports.append(DeckSync(path, row["id"], retired=retired, removed=True))
        except OSError:
            continue  # unreadable for now (a permission, a drive away): not gone
    return reports


def _retire_deck(conn: sqlite3.Connection, deck_id: str) -> int:
    """Retire a deck's cards and forget its file, in the caller's transaction; returns
    how many cards were retired."""
    cursor = conn.execute("UPDATE cards SET retired = 1 WHERE deck = ? AND retired = 0", (deck_id,))
    conn.execute("UPDATE card_state SET retired = 1 WHERE deck = ?", (deck_id,))
    conn.execute("DELETE FROM decks WHERE id = ?", (deck_id,))
    return cursor.rowcount


def _restamp(db: Connection, deck_id: str, stamp: str) -> None:
    with db.write() as conn:
        conn.execute("UPDATE decks SET file_stamp = ? WHERE id = ?", (stamp, deck_id))


def _sync_deck(
    db: Connection, loaded: LoadedDeck, file_hash: str, file_stamp: str, synced_at: str
) -> DeckSync:
    deck = loaded.deck
    assert deck is not None
    with db.write() as conn:
        existing: dict[str, sqlite3.Row] = {
            row["id"]: row
            for row in conn.execute(
                "SELECT id, content_hash, retired FROM cards WHERE deck = ?", (deck.id,)
            )
        }
        added: list[dict[str, object]] = []
        kept: list[dict[str, object]] = []  # every existing card: text, line and order refreshed
        updated = restored = 0
        seen: set[str] = set()
        ranks = introduction_ranks(loaded.cards)
        for position, card in enumerate(loaded.cards):
            seen.add(card.id)
            values = _card_values(card, position) | {"introduced": ranks[position]}
            before = existing.get(card.id)
            if before is None:
                added.append(values)
                continue
            restored += bool(before["retired"])
            updated += before["content_hash"] != values["content_hash"] and not before["retired"]
            kept.append(values)
        conn.executemany(_INSERT_CARD, [values | {"added_at": synced_at} for values in added])
        conn.executemany(
            "INSERT INTO card_state (card_id, deck, position) VALUES (:id, :deck, :introduced)",
            added,
        )
        conn.executemany(_UPDATE_CARD, kept)
        conn.executemany(
            "UPDATE card_state SET position = :introduced, retired = 0 WHERE card_id = :id", kept
        )
        gone = [
            {"id": card_id}
            for card_id, row in existing.items()
            if card_id not in seen and not row["retired"]
        ]
        conn.executemany("UPDATE cards SET retired = 1 WHERE id = :id", gone)
        conn.executemany("UPDATE card_state SET retired = 1 WHERE card_id = :id", gone)
        # One deck per file: a file that now declares another id retires its old deck.
        path = str(real_path(loaded.path))
        renamed = conn.execute(
            "SELECT id FROM decks WHERE path = ? AND id != ?", (path, deck.id)
        ).fetchall()
        retired_elsewhere = sum(_retire_deck(conn, row["id"]) for row in renamed)
        conn.execute(
            _UPSERT_DECK,
            {
                "id": deck.id,
                "title": deck.title,
                "path": path,
                "file_hash": file_hash,
                "file_stamp": file_stamp,
                "version": deck.version,
                "course_order": deck.order,
                "synced_at": synced_at,
            },
        )
    return DeckSync(
        loaded.path,
        deck.id,
        added=len(added),
        updated=updated,
        retired=len(gone) + retired_elsewhere,
        restored=restored,
        loaded=loaded,
    )


def _file_stamp(path: Path) -> str:
    """What tells a changed file without reading it: size and modification time, which
    an editor always moves, and the inode and change time, which copying tools that
    keep the modification time (`cp -p`, `rsync -t`, archives, `touch -r`) cannot set
    back. When all four are unchanged, so is the file."""
    try:
        status = path.stat()
    except OSError:
        return ""
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ino}:{status.st_ctime_ns}"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _content_hash(card: Card) -> str:
    parts = [card.kind.value, card.front, card.back, card.notes or "", card.image or ""]
    parts += [card.muscle_name or "", card.region or "", *card.tags]
    if card.members:  # only pose and move cards have them: other cards keep their hash
        parts += ["\x1e", *card.members]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _card_values(card: Card, position: int) -> dict[str, object]:
    """A card as the `cards` table keeps it, column -> value."""
    return {
        "id": card.id,
        "deck": card.deck,
        "kind": card.kind.value,
        "muscle": card.muscle,
        "muscle_name": card.muscle_name,
        "region": card.region,
        "front": card.front,
        "back": card.back,
        "notes": card.notes,
        "image": card.image,
        "tags": json.dumps(list(card.tags)),
        "line": card.line,
        "position": position,
        "content_hash": _content_hash(card),
        "members": json.dumps(list(card.members)),
    }
