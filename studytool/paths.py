"""Where studytool finds bundled decks and keeps a user's own files."""

from __future__ import annotations

from datetime import UTC, tzinfo
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "anki_login_file",
    "bundled_decks_dir",
    "default_database",
    "default_deck_paths",
    "local_zone",
    "settings_file",
    "user_config_dir",
    "user_data_dir",
    "user_decks_dir",
]

APP_NAME = "studytool"


def bundled_decks_dir() -> Path:
    """The decks that ship with studytool.

    An installed wheel carries them as `studytool/decks`; a source checkout (and an
    editable install) keeps them in `decks/` at the top of the repository.
    """
    package = Path(__file__).resolve().parent
    inside = package / "decks"
    if inside.is_dir():
        return inside
    return package.parent / "decks"


def user_data_dir() -> Path:
    """The per-user data folder (database, own decks), per the platform's conventions."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_decks_dir() -> Path:
    """Where a user may drop decks of their own; they load beside the bundled ones."""
    return user_data_dir() / "decks"


def default_deck_paths() -> list[Path]:
    """The bundled decks folder, and the user's decks folder when it exists."""
    paths = [bundled_decks_dir()]
    user = user_decks_dir()
    if user.is_dir():
        paths.append(user)
    return paths


def default_database() -> Path:
    """The study database used when neither `--db` nor STUDYTOOL_DB names one."""
    return user_data_dir() / "studytool.db"


def anki_login_file() -> Path:
    """The kept login to the trainee's Anki account (the key, never the password)."""
    return user_data_dir() / "anki-login.json"


def user_config_dir() -> Path:
    """The per-user configuration folder, per the platform's conventions."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    """The user's settings (theme; limits and rollover hour per database), as TOML."""
    return user_config_dir() / "settings.toml"


def local_zone() -> tzinfo:
    """This computer's time zone, daylight-saving rules included (UTC if it cannot be told)."""
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except Exception:  # an unreadable zone setting must not stop anyone studying
        return UTC
