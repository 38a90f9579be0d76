"""One open database: its connection, its lock, and how reads and writes go through it.

Every write is one `BEGIN IMMEDIATE` transaction, taken up front so two writers queue
instead of deadlocking, and committed before the caller moves on. SQLite's errors
leave here as StoreError, worded for the user.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR, study_day
from studytool.storage.errors import translate

__all__ = ["Connection", "Params"]

#: Query parameters: positional (`?`) or named (`:name`).
Params = Sequence[object] | Mapping[str, object]


class Connection:
    """The database connection shared by every part of the store.

    One connection, shared with the app's worker threads, so every use holds the lock.
    Rows are `sqlite3.Row`: read by column name, never by position.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        zone: tzinfo,
        rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
    ) -> None:
        self.conn = conn
        self.path = path
        self.zone = zone
        self.rollover_hour = rollover_hour
        self._lock = threading.RLock()

    def today(self, now: datetime) -> date:
        """The study day `now` falls in, by this store's zone and rollover hour."""
        return study_day(now, self.zone, self.rollover_hour)

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """The rows of a read-only query; database errors become StoreError."""
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as error:
                raise translate(error, self.path) from None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Hold the connection for several reads that must see the database as one (no
        write from another thread comes between them); errors become StoreError."""
        with self._lock:
            try:
                yield self.conn
            except sqlite3.DatabaseError as error:
                raise translate(error, self.path) from None

    def query(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """The rows of a read-only query as dicts, for tools and tests."""
        return [dict(row) for row in self.rows(sql, params)]

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it fails."""
        with self._lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                raise translate(error, self.path) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.DatabaseError):
                    raise translate(error, self.path) from None
                raise

    def close(self) -> None:
        with self._lock:
            self.conn.close()
