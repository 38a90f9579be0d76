"""Database problems, worded for the person using studytool."""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = [
    "DatabaseBusyError",
    "NewerDatabaseError",
    "NotADatabaseError",
    "StoreError",
    "translate",
]


class StoreError(Exception):
    """A problem with the database file, worded for the person using studytool."""


class NotADatabaseError(StoreError):
    """The file exists but is not a SQLite database (or is damaged)."""


class NewerDatabaseError(StoreError):
    """The file was written by a newer studytool; opening it could lose data."""


class DatabaseBusyError(StoreError):
    """Another studytool held the database for longer than the busy timeout."""


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """SQLite's error as a sentence about the user's file."""
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
