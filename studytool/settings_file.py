"""The settings file: TOML in the user's config folder (`paths.settings_file`).

Reading never fails: a missing file means the defaults, and a file that cannot be read
or parsed, or holds a value that is not allowed, gives the defaults for what is wrong
and a sentence naming the file, the key and what is allowed, for the CLI to print and
the app to show. Writing keeps what it does not change (other databases' tables, keys
it does not know) and replaces the file atomically; it refuses to write over a file it
cannot parse, which may hold a user's hand edits.

The rules (defaults, ranges, what a document means) are `core/settings.py`.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Collection
from pathlib import Path

from studytool.core.settings import Settings, file_header, settings_from, with_settings
from studytool.fileio import write_text_atomic

__all__ = ["SettingsFileError", "database_key", "load_settings", "save_settings"]

#: A settings file is a few lines; anything this big is not one.
_MAX_BYTES = 1_000_000


class SettingsFileError(Exception):
    """The settings file cannot be read or written; the message says why, for people."""


def database_key(database: Path) -> str:
    """The name of a database's table in the file: its absolute path, symlinks followed,
    so one database has one table whichever way it was named."""
    return os.path.realpath(os.path.expanduser(database))


def load_settings(
    path: Path, database: Path, *, themes: Collection[str] | None = None
) -> tuple[Settings, list[str]]:
    """The settings of `database` and the user's theme, with a sentence for each problem.

    Never raises: every problem gives the defaults for what it touches. With `themes`,
    a theme not among them is a problem.
    """
    try:
        document = _read(path)
    except SettingsFileError as error:
        return Settings(), [f"{error}; using the default settings"]
    return settings_from(document, database_key(database), source=str(path), themes=themes)


def save_settings(path: Path, database: Path, settings: Settings) -> None:
    """Write `settings` (the theme, and `database`'s table) into the file at `path`,
    keeping the rest of it. Raises SettingsFileError, and writes nothing, when the file
    cannot be read or parsed, or cannot be written."""
    import tomli_w

    document = with_settings(_read(path), database_key(database), settings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, file_header() + tomli_w.dumps(document))
    except OSError as error:
        raise SettingsFileError(f"cannot write {path}: {error.strerror or error}") from None


def _read(path: Path) -> dict[str, object]:
    """The parsed file; empty when there is none."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would keep start-up waiting
            raise SettingsFileError(f"cannot read {path}: it is not a file")
        with path.open("rb") as file:
            data = file.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise SettingsFileError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > _MAX_BYTES:
        raise SettingsFileError(f"{path} is over {_MAX_BYTES:,} bytes: not a settings file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsFileError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsFileError(f"{path} is not valid TOML: {error}") from None
