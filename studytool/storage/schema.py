"""The database's schema, as the steps that build it.

sqlite-utils' Migrations runs the steps a database has not had yet; `opening` copies
the file aside before any step runs. Add a step to change the schema: never edit one
that has been released.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

__all__ = ["MIGRATION_SET", "SCHEMA_STEPS", "migrations"]

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


def _one_deck_per_file(db: Database) -> None:
    """A file declares one deck. Earlier versions kept the old row when a file's deck id
    changed, so both decks were studied: the row synced last is what the file says, and
    the others are retired (their cards and history stay, as for any retired deck)."""
    stale = [
        row[0]
        for row in db.execute(
            """
            SELECT id FROM decks AS d WHERE EXISTS (
                SELECT 1 FROM decks AS newer WHERE newer.path = d.path
                AND (newer.synced_at > d.synced_at
                     OR (newer.synced_at = d.synced_at AND newer.id > d.id)))
            """
        ).fetchall()
    ]
    for deck_id in stale:
        db.execute("UPDATE cards SET retired = 1 WHERE deck = ?", [deck_id])
        db.execute("UPDATE card_state SET retired = 1 WHERE deck = ?", [deck_id])
        db.execute("DELETE FROM decks WHERE id = ?", [deck_id])
    db.execute("CREATE UNIQUE INDEX decks_by_path ON decks (path)")


def _introduction_order(db: Database) -> None:
    """New cards are now introduced muscle by muscle (`core/new_card_order.py`), kept
    as `card_state.position`: every deck file is read once more at the next sync, which
    sets the order of its cards (their schedules and history are untouched)."""
    db.execute("UPDATE decks SET file_stamp = '', file_hash = ''")


def _reviews_by_day_and_card(db: Database) -> None:
    """The cards answered on a day, and how, in an index of their own: the queue finds
    the muscles answered today (their siblings wait) without reading the reviews."""
    db.execute("CREATE INDEX reviews_by_day_and_card ON reviews (study_day, kind, card_id)")


def _deck_order(db: Database) -> None:
    """Decks keep their place in a course (a deck file's `order:`), so the deck list
    can follow it: every deck file is read once more at the next sync to fill it in."""
    db.execute("ALTER TABLE decks ADD COLUMN course_order INTEGER")
    db.execute("UPDATE decks SET file_stamp = '', file_hash = ''")


def _card_members(db: Database) -> None:
    """The muscles a pose or move card names (a JSON list), so that browsing a muscle
    finds the cards that join it to others, and a new one can wait for them. Filled
    in when every deck file is read again at the next sync."""
    db.execute("ALTER TABLE cards ADD COLUMN members TEXT NOT NULL DEFAULT '[]'")
    db.execute("UPDATE decks SET file_stamp = '', file_hash = ''")


def _answers_from_devices(db: Database) -> None:
    """Answers that cross with another device of the trainee's Anki account: where an
    answer was given (`source`: studytool or anki) and the id it has there (Anki's
    revlog id), unique, so an answer is recorded or sent exactly once."""
    db.execute("ALTER TABLE reviews ADD COLUMN source TEXT NOT NULL DEFAULT 'studytool'")
    db.execute("ALTER TABLE reviews ADD COLUMN device_id INTEGER")
    db.execute(
        "CREATE UNIQUE INDEX reviews_by_device_id ON reviews (device_id)"
        " WHERE device_id IS NOT NULL"
    )


def _set_aside_agreed(db: Database) -> None:
    """Each card's suspension and burying as studytool and Anki last agreed on them, so
    that the next sync can tell which side changed."""
    db.execute(
        "CREATE TABLE set_aside_agreed (card_id TEXT PRIMARY KEY,"
        " suspended INTEGER NOT NULL, buried INTEGER NOT NULL)"
    )


#: Each card's FSRS memory, kept beside its SM-2 state (NULL under SM-2, and while new).
_MEMORY_COLUMNS = (
    ("stability", "REAL"),
    ("difficulty", "REAL"),
    ("fsrs_phase", "INTEGER"),
    ("fsrs_step", "INTEGER"),
    ("last_review", "TEXT"),
)


def _scheduler_choice(db: Database) -> None:
    """A database schedules with SM-2 (as before) or FSRS: the choice, FSRS's desired
    retention and parameters (NULL: the defaults; or fitted to the trainee's answers,
    with a report of the fit) in a one-row table. Each card keeps its FSRS memory, and
    each answer the memory from before it, so undo restores it exactly."""
    db.execute(
        """
        CREATE TABLE scheduler (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT 'sm2' CHECK (name IN ('sm2', 'fsrs')),
            desired_retention REAL NOT NULL DEFAULT 0.9
                CHECK (desired_retention BETWEEN 0.7 AND 0.99),
            parameters TEXT,
            fit TEXT
        )
        """
    )
    db.execute("INSERT INTO scheduler (id) VALUES (1)")
    for column, kind in _MEMORY_COLUMNS:
        db.execute(f"ALTER TABLE card_state ADD COLUMN {column} {kind}")
        db.execute(f"ALTER TABLE reviews ADD COLUMN {column}_before {kind}")


#: Every schema step this studytool knows, oldest first; sqlite-utils' Migrations runs
#: them. Add a step to change the schema: never edit one that has been released.
SCHEMA_STEPS: list[tuple[str, Callable[[Database], None]]] = [
    ("001_initial_schema", _initial_schema),
    ("002_export_records", _export_records),
    ("003_one_deck_per_file", _one_deck_per_file),
    ("004_introduction_order", _introduction_order),
    ("005_reviews_by_day_and_card", _reviews_by_day_and_card),
    ("006_deck_order", _deck_order),
    ("007_card_members", _card_members),
    ("008_answers_from_devices", _answers_from_devices),
    ("009_set_aside_agreed", _set_aside_agreed),
    ("010_scheduler_choice", _scheduler_choice),
]


def migrations() -> Migrations:
    # sqlite-utils loads only when the schema needs a step: an up-to-date database
    # opens on the plain sqlite3 connection, which keeps the app's start-up quick.
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in SCHEMA_STEPS:
        migrations(name=name)(step)
    return migrations
