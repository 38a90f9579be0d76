"""The study database: one SQLite file, opened through sqlite-utils.

Every answer is one transaction (the new state and its review row together),
committed before the caller moves on. The file is in WAL mode with a busy timeout,
so a second studytool process waits for the first instead of failing, and with
`synchronous=FULL`, so an answer that was confirmed survives a crash.

Times are stored in UTC (ISO 8601); due dates and study days as `YYYY-MM-DD`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studytool.core.answer_rules import AnswerKind, CardSchedule, apply_answer
from studytool.core.card import Card, CardKind
from studytool.core.deck_discovery import find_deck_files
from studytool.core.schedulers.sm2 import SM2State
from studytool.core.search_syntax import Query
from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR, study_day

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

    from studytool.core.deck_validation import LoadedDeck

__all__ = [
    "DEFAULT_NEW_PER_DAY",
    "DEFAULT_REVIEWS_PER_DAY",
    "Answer",
    "DatabaseBusyError",
    "DeckSync",
    "NewerDatabaseError",
    "NotADatabaseError",
    "Store",
    "StoreError",
    "StudyCard",
]

DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200
BUSY_TIMEOUT_SECONDS = 5.0
_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """A problem with the database file, worded for the person using studytool."""


class NotADatabaseError(StoreError):
    """The file exists but is not a SQLite database (or is damaged)."""


class NewerDatabaseError(StoreError):
    """The file was written by a newer studytool; opening it could lose data."""


class DatabaseBusyError(StoreError):
    """Another studytool held the database for longer than the busy timeout."""


# -- schema ---------------------------------------------------------------------

MIGRATION_SET = "studytool"


_INITIAL_SCHEMA = [
    """
    CREATE TABLE decks (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        path TEXT NOT NULL,
        file_hash TEXT NOT NULL,
        file_stamp TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL,
        synced_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE cards (
        id TEXT PRIMARY KEY,
        deck TEXT NOT NULL,
        kind TEXT NOT NULL,
        muscle TEXT,
        muscle_name TEXT,
        region TEXT,
        front TEXT NOT NULL,
        back TEXT NOT NULL,
        notes TEXT,
        image TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        line INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL,
        retired INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX cards_by_deck ON cards (deck, position)",
    "CREATE INDEX cards_by_muscle ON cards (muscle)",
    # deck and retired are repeated here from `cards` so that the queue and the
    # counts read one table; sync writes both in the same transaction.
    """
    CREATE TABLE card_state (
        card_id TEXT PRIMARY KEY REFERENCES cards (id),
        deck TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        retired INTEGER NOT NULL DEFAULT 0,
        easiness INTEGER NOT NULL DEFAULT 250 CHECK (easiness >= 130),
        repetitions INTEGER NOT NULL DEFAULT 0 CHECK (repetitions >= 0),
        interval INTEGER NOT NULL DEFAULT 0 CHECK (interval >= 0),
        lapses INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
        due TEXT,
        learning_day TEXT,
        buried_until TEXT,
        suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0
    )
    """,
    # Covering indexes: the queue and the deck counts read them without the table.
    "CREATE INDEX card_state_by_deck ON card_state (deck, retired, suspended)",
    "CREATE INDEX card_state_by_due ON card_state"
    " (deck, due, retired, suspended, buried_until, learning_day) WHERE due IS NOT NULL",
    "CREATE INDEX card_state_new ON card_state"
    " (deck, position, retired, suspended, buried_until) WHERE due IS NULL",
    "CREATE INDEX card_state_learning ON card_state (learning_day) WHERE learning_day IS NOT NULL",
    """
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL REFERENCES cards (id),
        deck TEXT NOT NULL,
        quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
        kind TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        study_day TEXT NOT NULL,
        duration_ms INTEGER NOT NULL DEFAULT 0,
        easiness_before INTEGER NOT NULL,
        repetitions_before INTEGER NOT NULL,
        interval_before INTEGER NOT NULL,
        lapses_before INTEGER NOT NULL,
        due_before TEXT,
        learning_day_before TEXT,
        buried_until_before TEXT,
        suspended_before INTEGER NOT NULL,
        leech_before INTEGER NOT NULL,
        easiness_after INTEGER NOT NULL,
        repetitions_after INTEGER NOT NULL,
        interval_after INTEGER NOT NULL,
        lapses_after INTEGER NOT NULL,
        due_after TEXT,
        learning_day_after TEXT
    )
    """,
    "CREATE INDEX reviews_by_day ON reviews (study_day, deck, kind, quality)",
    "CREATE INDEX reviews_by_card ON reviews (card_id)",
    "CREATE INDEX reviews_by_deck ON reviews (deck, answered_at)",
]


def _initial_schema(db: Database) -> None:
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)


def _export_records(db: Database) -> None:
    """What was last exported to Anki, so the next export can report what changed."""
    db.execute(
        """
        CREATE TABLE exports (
            id INTEGER PRIMARY KEY,
            exported_at TEXT NOT NULL,
            note_time INTEGER NOT NULL,
            path TEXT NOT NULL,
            notes INTEGER NOT NULL
        )
        """
    )
    # One row per deck: its cards' content hashes at their last export, as a JSON
    # object. Written whole at each export, which costs one row instead of thousands.
    db.execute(
        """
        CREATE TABLE exported_decks (
            deck TEXT PRIMARY KEY,
            hashes TEXT NOT NULL,
            export_id INTEGER NOT NULL REFERENCES exports (id)
        )
        """
    )


#: Every schema step this studytool knows, oldest first; sqlite-utils' Migrations runs
#: them. Add a step to change the schema: never edit one that has been released.
_SCHEMA_STEPS: list[tuple[str, Callable[[Database], None]]] = [
    ("001_initial_schema", _initial_schema),
    ("002_export_records", _export_records),
]


def _migrations() -> Migrations:
    # sqlite-utils loads only when the schema needs a step: an up-to-date database
    # opens on the plain sqlite3 connection, which keeps the app's start-up quick.
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in _SCHEMA_STEPS:
        migrations(name=name)(step)
    return migrations


# -- records --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StudyCard:
    """A card as the study screen needs it: its text and its schedule."""

    id: str
    deck: str
    kind: CardKind
    front: str
    back: str
    muscle: str | None
    muscle_name: str | None
    region: str | None
    notes: str | None
    image: str | None
    line: int
    schedule: CardSchedule


@dataclass(frozen=True, slots=True)
class Answer:
    """What recording one answer did."""

    review_id: int
    card_id: str
    quality: int
    kind: AnswerKind
    schedule: CardSchedule  # the card's schedule after the answer
    became_leech: bool

    @property
    def repeat_today(self) -> bool:
        """The card comes back in this session (graded below 4 today)."""
        return self.schedule.learning_day is not None


@dataclass(frozen=True, slots=True)
class DeckSync:
    """What syncing one deck file did."""

    path: Path
    deck: str | None
    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    skipped: bool = False  # unchanged since the last sync
    loaded: LoadedDeck | None = field(default=None, repr=False)

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(str(e) for e in self.loaded.errors) if self.loaded else ()


# -- the store ------------------------------------------------------------------


class Store:
    """One studytool database. Open it with `Store.open(path, zone=...)`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        zone: tzinfo,
        rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
    ) -> None:
        self.conn = conn
        self._db: Database | None = None
        self.path = path
        self.zone = zone
        self.rollover_hour = rollover_hour
        self._lock = threading.RLock()  # one connection, shared with UI worker threads

    # -- opening

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        zone: tzinfo,
        rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Store:
        """Open (creating if needed) and migrate the database at `path`.

        Raises StoreError (or a subclass) with a readable message when the file is not a
        database, is damaged, is read-only, is busy, or comes from a newer studytool.
        A file that is not ours is never written to.
        """
        path = Path(path)
        _check_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder for {path}: {error.strerror}") from None
        _check_writable(path)
        try:
            conn = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=False)
        except sqlite3.Error as error:
            raise _translate(error, path) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            applied = _check_ownership(conn, path)  # reads only: not ours stays untouched
            _use_wal(conn)
            _migrate(conn, path, applied)
        except BaseException as error:
            conn.close()
            if isinstance(error, sqlite3.DatabaseError):
                raise _translate(error, path) from None
            raise
        return cls(conn, path, zone, rollover_hour)

    @property
    def db(self) -> Database:
        """The same connection as a sqlite-utils Database, for ad-hoc queries and tools."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def today(self, now: datetime) -> date:
        """The study day `now` falls in, by this store's zone and rollover hour."""
        return study_day(now, self.zone, self.rollover_hour)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so two writers queue instead of deadlocking."""
        with self._lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise _translate(error, self.path) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.DatabaseError):
                    raise _translate(error, self.path) from None
                raise

    def query(
        self, sql: str, params: Sequence[object] | dict[str, object] = ()
    ) -> list[dict[str, Any]]:
        """Rows of a read-only query, as dicts; database errors become StoreError."""
        with self._lock:
            try:
                cursor = self.conn.execute(sql, params)
                names = [column[0] for column in cursor.description or ()]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            except sqlite3.DatabaseError as error:
                raise _translate(error, self.path) from None

    # -- sync

    def sync(self, paths: Sequence[Path], now: datetime) -> list[DeckSync]:
        """Bring the cards of the deck files under `paths` into the database.

        New cards become new; changed text keeps its schedule; cards gone from a file
        are retired with their history; cards that come back resume their schedule.
        Decks whose files are unchanged since the last sync are skipped: a file whose size
        and modification time are what they were is not even read, so syncing at every
        start costs little. Broken decks change nothing.
        """
        files = find_deck_files(paths)
        known = {row["path"]: row for row in self.query("SELECT * FROM decks")}
        # Stamps are taken before anything is read: a file saved while we read it then
        # looks changed next time, instead of keeping a stale hash forever.
        stamps = {path: _file_stamp(path) for path in files}
        previous = {path: known.get(str(path.resolve())) for path in files}
        if all(
            row is not None and stamps[path] and row["file_stamp"] == stamps[path]
            for path, row in previous.items()
        ):
            return [
                DeckSync(path, row["id"], skipped=True)
                for path, row in previous.items()
                if row is not None
            ]
        from studytool.core.deck_loading import check_decks, load_deck, parse_deck, read_deck_bytes

        # Hash and validate the very same bytes: what is recorded is what was parsed.
        contents = {path: read_deck_bytes(path) for path in files}
        loaded_decks = check_decks(
            [
                parse_deck(data, path) if isinstance(data, bytes) else load_deck(path)
                for path, data in contents.items()
            ]
        )
        synced_at = _utc(now)
        reports: list[DeckSync] = []
        for loaded in loaded_decks:
            path = loaded.path
            data = contents[path]
            if not loaded.ok or loaded.deck is None or not isinstance(data, bytes):
                reports.append(DeckSync(path, loaded.id, loaded=loaded))
                continue
            digest = _digest(data)
            row = previous[path]
            if row is not None and row["file_hash"] == digest and row["id"] == loaded.deck.id:
                self._restamp(loaded.deck.id, stamps[path])  # touched, not changed
                reports.append(DeckSync(path, loaded.id, skipped=True, loaded=loaded))
                continue
            reports.append(self._sync_deck(loaded, digest, stamps[path], synced_at))
        return reports

    def _restamp(self, deck_id: str, stamp: str) -> None:
        with self._write() as conn:
            conn.execute("UPDATE decks SET file_stamp = ? WHERE id = ?", (stamp, deck_id))

    def _sync_deck(
        self, loaded: LoadedDeck, file_hash: str, file_stamp: str, synced_at: str
    ) -> DeckSync:
        assert loaded.deck is not None
        deck = loaded.deck
        with self._write() as conn:
            existing = {
                row[0]: (row[1], row[2])
                for row in conn.execute(
                    "SELECT id, content_hash, retired FROM cards WHERE deck = ?", (deck.id,)
                )
            }
            added: list[tuple[object, ...]] = []
            kept: list[
                tuple[object, ...]
            ] = []  # every existing card: text, line and order refreshed
            updated = restored = 0
            seen: set[str] = set()
            for position, card in enumerate(loaded.cards):
                seen.add(card.id)
                digest = _content_hash(card)
                row = _card_row(card, position, digest)
                before = existing.get(card.id)
                if before is None:
                    added.append((*row, synced_at))
                    continue
                old_digest, was_retired = before
                restored += bool(was_retired)
                updated += old_digest != digest and not was_retired
                kept.append((*row[1:], card.id))
            conn.executemany(
                "INSERT INTO cards (id, deck, kind, muscle, muscle_name, region, front, back,"
                " notes, image, tags, line, position, content_hash, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                added,
            )
            conn.executemany(
                "INSERT INTO card_state (card_id, deck, position) VALUES (?, ?, ?)",
                [(row[0], row[1], row[12]) for row in added],
            )
            conn.executemany(
                "UPDATE cards SET deck = ?, kind = ?, muscle = ?, muscle_name = ?, region = ?,"
                " front = ?, back = ?, notes = ?, image = ?, tags = ?, line = ?, position = ?,"
                " content_hash = ?, retired = 0 WHERE id = ?",
                kept,
            )
            conn.executemany(
                "UPDATE card_state SET position = ?, retired = 0 WHERE card_id = ?",
                [(row[11], row[13]) for row in kept],
            )
            gone = [
                (card_id,)
                for card_id, (_digest, retired) in existing.items()
                if card_id not in seen and not retired
            ]
            conn.executemany("UPDATE cards SET retired = 1 WHERE id = ?", gone)
            conn.executemany("UPDATE card_state SET retired = 1 WHERE card_id = ?", gone)
            conn.execute(
                "INSERT INTO decks (id, title, path, file_hash, file_stamp, version, synced_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " title = excluded.title, path = excluded.path, file_hash = excluded.file_hash,"
                " file_stamp = excluded.file_stamp, version = excluded.version,"
                " synced_at = excluded.synced_at",
                (
                    deck.id,
                    deck.title,
                    str(loaded.path.resolve()),
                    file_hash,
                    file_stamp,
                    deck.version,
                    synced_at,
                ),
            )
        return DeckSync(
            loaded.path,
            deck.id,
            added=len(added),
            updated=updated,
            retired=len(gone),
            restored=restored,
            loaded=loaded,
        )

    # -- the study queue

    def queue(
        self,
        now: datetime,
        decks: Sequence[str] | None = None,
        *,
        new_per_day: int = DEFAULT_NEW_PER_DAY,
        reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY,
    ) -> list[StudyCard]:
        """Today's cards: due reviews (most overdue first), then new cards, then repeats.

        The limits are per deck, as in Anki and as the deck list counts them: each deck
        offers at most `new_per_day` new cards and `reviews_per_day` reviews per study
        day, counted across sessions. Cards graded below 4 today (repeats) come last, in
        the order they were failed.
        """
        today = self.today(now).isoformat()
        if decks is None:
            decks = [row["id"] for row in self.query("SELECT id FROM decks ORDER BY id")]
        done = {
            row["deck"]: row
            for row in self.query(
                "SELECT deck, sum(kind = 'new') AS new, sum(kind = 'review') AS review"
                " FROM reviews WHERE study_day = ? GROUP BY deck",
                [today],
            )
        }
        available = (
            "s.retired = 0 AND s.suspended = 0 "
            "AND (s.buried_until IS NULL OR s.buried_until <= :today)"
        )
        due: list[dict[str, Any]] = []
        new: list[dict[str, Any]] = []
        # Two short index range scans per deck, each stopping at that deck's limit.
        for deck in decks:
            finished = done.get(deck, {})
            params = {"deck": deck, "today": today}
            due += self.query(
                "SELECT s.card_id, s.deck, s.due, s.position FROM card_state AS s"
                f" WHERE s.deck = :deck AND s.due <= :today AND {available}"
                " AND coalesce(s.learning_day, '') != :today"
                " ORDER BY s.due, s.position LIMIT :room",
                params | {"room": max(0, reviews_per_day - (finished.get("review") or 0))},
            )
            new += self.query(
                "SELECT s.card_id, s.deck, s.position FROM card_state AS s INDEXED BY"
                f" card_state_new WHERE s.deck = :deck AND s.due IS NULL AND {available}"
                " ORDER BY s.position LIMIT :room",
                params | {"room": max(0, new_per_day - (finished.get("new") or 0))},
            )
        due.sort(key=lambda row: (row["due"], row["deck"], row["position"]))
        new.sort(key=lambda row: (row["deck"], row["position"]))
        marks = ", ".join("?" for _ in decks)
        repeats = self.query(
            "SELECT s.card_id FROM card_state AS s"
            f" WHERE s.learning_day = ? AND s.deck IN ({marks}) AND s.retired = 0"
            " AND s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"
            " ORDER BY (SELECT max(r.id) FROM reviews AS r WHERE r.card_id = s.card_id)",
            [today, *decks, today],
        )
        return self.cards([row["card_id"] for row in (*due, *new, *repeats)])

    def cards(self, card_ids: Sequence[str]) -> list[StudyCard]:
        """The cards with these ids, in the order given."""
        if not card_ids:
            return []
        found: dict[str, StudyCard] = {}
        for chunk_start in range(0, len(card_ids), 500):
            chunk = list(card_ids[chunk_start : chunk_start + 500])
            marks = ", ".join("?" for _ in chunk)
            for row in self.query(
                "SELECT c.*, s.easiness, s.repetitions, s.interval, s.lapses, s.due,"
                " s.learning_day, s.buried_until, s.suspended, s.leech FROM cards AS c"
                f" JOIN card_state AS s ON s.card_id = c.id WHERE c.id IN ({marks})",
                chunk,
            ):
                found[row["id"]] = _study_card(row)
        return [found[card_id] for card_id in card_ids if card_id in found]

    # -- answering

    def answer(self, card_id: str, quality: int, now: datetime, duration_ms: int = 0) -> Answer:
        """Record one answer and the schedule it gives, in one committed transaction."""
        today = self.today(now)
        with self._write() as conn:
            row = conn.execute(
                "SELECT deck, easiness, repetitions, interval, lapses, due, learning_day,"
                " buried_until, suspended, leech FROM card_state WHERE card_id = ?",
                (card_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"no card '{card_id}' in {self.path}")
            deck = row[0]
            before = _schedule(*row[1:])
            after, kind = apply_answer(before, quality, today)
            _update_schedule(conn, card_id, _schedule_row(before), _schedule_row(after))
            cursor = conn.execute(
                "INSERT INTO reviews (card_id, deck, quality, kind, answered_at, study_day,"
                " duration_ms, easiness_before, repetitions_before, interval_before,"
                " lapses_before, due_before, learning_day_before, buried_until_before,"
                " suspended_before, leech_before, easiness_after, repetitions_after,"
                " interval_after, lapses_after, due_after, learning_day_after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    deck,
                    quality,
                    kind.value,
                    _utc(now),
                    today.isoformat(),
                    max(0, int(duration_ms)),
                    *_schedule_row(before),
                    *_schedule_row(after)[:6],
                ),
            )
            review_id = int(cursor.lastrowid or 0)
        return Answer(review_id, card_id, quality, kind, after, after.leech and not before.leech)

    def undo_last(self, expected_review: int | None = None) -> str | None:
        """Take back the most recent answer: restore the card's schedule exactly and
        delete its review row. Returns the card's id, or None when there is nothing to undo.

        With `expected_review`, only that answer is taken back: if another answer was
        recorded since (say, by a second studytool), nothing changes and None is returned.
        """
        with self._write() as conn:
            row = conn.execute(
                "SELECT id, card_id, easiness_before, repetitions_before, interval_before,"
                " lapses_before, due_before, learning_day_before, buried_until_before,"
                " suspended_before, leech_before FROM reviews ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None or (expected_review is not None and row[0] != expected_review):
                return None
            _update_schedule(conn, row[1], None, tuple(row[2:]))
            conn.execute("DELETE FROM reviews WHERE id = ?", (row[0],))
        return str(row[1])

    def due_count(self, day: date, decks: Sequence[str] | None = None) -> int:
        """Reviews that will be due on study day `day` (overdue ones included)."""
        deck_filter, params = _deck_filter(decks)
        (row,) = self.query(
            "SELECT count(*) AS n FROM card_state AS s WHERE s.due <= ? AND s.retired = 0"
            f" AND s.suspended = 0 AND s.{deck_filter}",
            [day.isoformat(), *params],
        )
        return int(row["n"])

    def deck_path(self, deck_id: str) -> Path | None:
        """Where the deck file was found at the last sync."""
        rows = self.query("SELECT path FROM decks WHERE id = ?", [deck_id])
        return Path(rows[0]["path"]) if rows else None

    # -- browsing

    def search(self, query: Query, now: datetime, limit: int = 500) -> list[StudyCard]:
        """Cards matching a browse query (see `studytool.core.search_syntax`), in deck order."""
        today = self.today(now).isoformat()
        where = ["c.retired = 0"]
        params: list[object] = []
        if query.deck:
            where.append("c.deck = ?")
            params.append(query.deck)
        if query.muscle:
            where.append("(c.muscle = ? OR c.muscle_name LIKE ? ESCAPE '\\')")
            params += [query.muscle, _like(query.muscle)]
        if query.region:
            where.append("c.region LIKE ? ESCAPE '\\'")
            params.append(_like(query.region))
        if query.kind:
            where.append("c.kind = ?")
            params.append(query.kind.value)
        if query.state:
            where.append(_STATE_FILTERS[query.state])
            params += [today] * _STATE_FILTERS[query.state].count("?")
        for word in query.words:
            where.append(
                "(c.front LIKE ? ESCAPE '\\' OR c.back LIKE ? ESCAPE '\\'"
                " OR c.notes LIKE ? ESCAPE '\\' OR c.muscle_name LIKE ? ESCAPE '\\')"
            )
            params += [_like(word)] * 4
        rows = self.query(
            "SELECT c.id FROM cards AS c JOIN card_state AS s ON s.card_id = c.id"
            f" WHERE {' AND '.join(where)} ORDER BY c.deck, c.position LIMIT ?",
            [*params, limit],
        )
        return self.cards([row["id"] for row in rows])

    def history(self, card_id: str) -> list[dict[str, Any]]:
        """Every answer a card has had, oldest first."""
        return self.query(
            "SELECT answered_at, study_day, quality, kind, duration_ms, interval_after,"
            " due_after, easiness_after FROM reviews WHERE card_id = ? ORDER BY id",
            [card_id],
        )

    # -- Anki exports

    def exported_hashes(self, decks: Sequence[str]) -> dict[str, str]:
        """Card id -> content hash at the last export, for every card of these decks."""
        found: dict[str, str] = {}
        for deck in decks:
            for row in self.query("SELECT hashes FROM exported_decks WHERE deck = ?", [deck]):
                found.update(json.loads(row["hashes"]))
        return found

    def next_note_time(self, now: datetime) -> int:
        """A note modification time (whole seconds) later than every earlier export's."""
        (row,) = self.query("SELECT max(note_time) AS last FROM exports")
        last = row["last"]
        now_seconds = int(now.timestamp())
        return now_seconds if last is None else max(now_seconds, int(last) + 1)

    def record_export(
        self, hashes: dict[str, dict[str, str]], path: Path, now: datetime, note_time: int
    ) -> None:
        """Remember an export: per deck, card id -> content hash; and its note time."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO exports (exported_at, note_time, path, notes) VALUES (?, ?, ?, ?)",
                (_utc(now), note_time, str(path), sum(len(cards) for cards in hashes.values())),
            )
            conn.executemany(
                "INSERT INTO exported_decks (deck, hashes, export_id) VALUES (?, ?, ?)"
                " ON CONFLICT (deck) DO UPDATE SET hashes = excluded.hashes,"
                " export_id = excluded.export_id",
                [(deck, json.dumps(cards), cursor.lastrowid) for deck, cards in hashes.items()],
            )

    # -- suspend, bury, leeches

    def suspend(self, card_id: str) -> None:
        self._set_state(card_id, "suspended = 1")

    def unsuspend(self, card_id: str) -> None:
        """Back into the queues; a leech stops being one (it is caught again if it keeps
        lapsing)."""
        self._set_state(card_id, "suspended = 0, leech = 0")

    def bury(self, card_id: str, now: datetime) -> None:
        """Hide a card until the next study day."""
        tomorrow = (self.today(now) + timedelta(days=1)).isoformat()
        self._set_state(card_id, "buried_until = ?", tomorrow)

    def _set_state(self, card_id: str, assignment: str, *params: object) -> None:
        with self._write() as conn:
            cursor = conn.execute(
                f"UPDATE card_state SET {assignment} WHERE card_id = ?", (*params, card_id)
            )
            if cursor.rowcount == 0:
                raise StoreError(f"no card '{card_id}' in {self.path}")

    def leeches(self, decks: Sequence[str] | None = None) -> list[StudyCard]:
        """Cards that lapsed often enough to be suspended as leeches, most lapses first."""
        deck_filter, params = _deck_filter(decks)
        ids = self.query(
            f"SELECT card_id FROM card_state WHERE leech = 1 AND retired = 0 AND {deck_filter}"
            " ORDER BY lapses DESC, card_id",
            params,
        )
        return self.cards([row["card_id"] for row in ids])


# -- helpers --------------------------------------------------------------------


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
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    applied: list[str] = []
    if "_sqlite_migrations" in tables:
        applied = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                (MIGRATION_SET,),
            )
        ]
    if tables and not applied:
        raise NotADatabaseError(
            f"{path} is a SQLite database of another program, not studytool's; "
            "it was left untouched"
        )
    known = {name for name, _step in _SCHEMA_STEPS}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise NewerDatabaseError(
            f"{path} was written by a newer studytool (schema step '{unknown[-1]}'); "
            "upgrade studytool to open it. The file was left untouched."
        )
    return applied


def _use_wal(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"could not switch the database to WAL mode (it stayed in {mode})")
    conn.execute("PRAGMA synchronous = FULL")


def _migrate(conn: sqlite3.Connection, path: Path, applied: list[str]) -> None:
    """Apply pending schema steps, after copying an existing database aside."""
    if all(name in applied for name, _step in _SCHEMA_STEPS):
        return
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    if applied:
        _backup(conn, path, len(applied))
    _migrations().apply(db)


def _backup(conn: sqlite3.Connection, path: Path, schema_steps: int) -> Path:
    """Copy the database aside before changing its schema."""
    target = path.with_name(f"{path.name}.before-migration-{schema_steps}")
    if target.exists():
        shutil.copy2(target, target.with_name(target.name + ".old"))
    backup = sqlite3.connect(target)
    try:
        conn.backup(backup)
    finally:
        backup.close()
    return target


def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    message = str(error)
    if "locked" in message or "busy" in message:
        return DatabaseBusyError(
            f"{path} is busy: another studytool is writing to it; try again in a moment"
        )
    if "readonly" in message or "read-only" in message:
        return StoreError(f"{path} is read-only; studytool needs to write your answers to it")
    if "not a database" in message or "malformed" in message:
        return NotADatabaseError(f"{path} is damaged or not a studytool database ({message})")
    if "unable to open" in message:
        return StoreError(
            f"cannot create or open {path}: check that its folder exists and is writable"
        )
    if "disk is full" in message or "database or disk is full" in message:
        return StoreError(f"the disk holding {path} is full; nothing was saved")
    return StoreError(f"database error in {path}: {message}")


def _deck_filter(decks: Sequence[str] | None) -> tuple[str, list[object]]:
    """A WHERE fragment on a `deck` column (usable as `s.` + fragment) and its parameters."""
    if decks is None:
        return "deck IS NOT NULL", []
    return f"deck IN ({', '.join('?' for _ in decks)})", list(decks)


_STATE_FILTERS = {
    "new": "s.due IS NULL AND s.suspended = 0",
    "due": "s.due <= ? AND s.suspended = 0",
    "learning": "s.learning_day = ?",
    "suspended": "s.suspended = 1",
    "leech": "s.leech = 1",
    "buried": "s.buried_until > ?",
}


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _file_stamp(path: Path) -> str:
    """Size and modification time: when both are unchanged, so is the file."""
    try:
        status = path.stat()
    except OSError:
        return ""
    return f"{status.st_size}:{status.st_mtime_ns}"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _content_hash(card: Card) -> str:
    parts = [card.kind.value, card.front, card.back, card.notes or "", card.image or ""]
    parts += [card.muscle_name or "", card.region or "", *card.tags]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def _card_row(card: Card, position: int, digest: str) -> tuple[object, ...]:
    return (
        card.id,
        card.deck,
        card.kind.value,
        card.muscle,
        card.muscle_name,
        card.region,
        card.front,
        card.back,
        card.notes,
        card.image,
        json.dumps(list(card.tags)),
        card.line,
        position,
        digest,
    )


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _schedule(
    easiness: int,
    repetitions: int,
    interval: int,
    lapses: int,
    due: str | None,
    learning_day: str | None,
    buried_until: str | None,
    suspended: int,
    leech: int,
) -> CardSchedule:
    return CardSchedule(
        SM2State.from_hundredths(easiness, repetitions, interval, lapses),
        _day(due),
        _day(learning_day),
        _day(buried_until),
        bool(suspended),
        bool(leech),
    )


_SCHEDULE_COLUMNS = (
    "easiness",
    "repetitions",
    "interval",
    "lapses",
    "due",
    "learning_day",
    "buried_until",
    "suspended",
    "leech",
)


def _update_schedule(
    conn: sqlite3.Connection,
    card_id: str,
    before: tuple[object, ...] | None,
    after: tuple[object, ...],
) -> None:
    """Write a card's schedule, setting only the columns that changed when `before` is
    known: SQLite then leaves alone the indexes on the others (suspended, buried...)."""
    changed = [
        (column, value)
        for index, (column, value) in enumerate(zip(_SCHEDULE_COLUMNS, after, strict=True))
        if before is None or before[index] != value
    ]
    if not changed:
        return
    assignments = ", ".join(f"{column} = ?" for column, _ in changed)
    conn.execute(
        f"UPDATE card_state SET {assignments} WHERE card_id = ?",
        (*(value for _, value in changed), card_id),
    )


def _schedule_row(schedule: CardSchedule) -> tuple[object, ...]:
    state = schedule.state
    return (
        state.easiness_hundredths,
        state.repetitions,
        state.interval,
        state.lapses,
        _iso(schedule.due),
        _iso(schedule.learning_day),
        _iso(schedule.buried_until),
        int(schedule.suspended),
        int(schedule.leech),
    )


def _study_card(row: dict[str, Any]) -> StudyCard:
    return StudyCard(
        id=row["id"],
        deck=row["deck"],
        kind=CardKind(row["kind"]),
        front=row["front"],
        back=row["back"],
        muscle=row["muscle"],
        muscle_name=row["muscle_name"],
        region=row["region"],
        notes=row["notes"],
        image=row["image"],
        line=row["line"],
        schedule=_schedule(
            row["easiness"],
            row["repetitions"],
            row["interval"],
            row["lapses"],
            row["due"],
            row["learning_day"],
            row["buried_until"],
            row["suspended"],
            row["leech"],
        ),
    )
