"""What a trainee may change: the daily limits, the study day's rollover hour, sibling
burying and the theme.

Pure: the settings file is a TOML document read and written elsewhere
(`studytool/settings_file.py`). Here are the defaults (today's behaviour), the allowed
values, and how a parsed document becomes `Settings` plus one sentence for each value
that is not allowed; a value that is not allowed keeps its default, so a slip in the
file never stops anyone studying.

The theme is the user's, for every database. The limits, the rollover hour and sibling
burying belong to one study database (a trainee may keep one per course): the document
holds a `[databases."PATH"]` table for each, keyed by the database's absolute path.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from studytool.core.daily_limits import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR

__all__ = [
    "DATABASE_KEYS",
    "DEFAULT_THEME",
    "NUMBERS",
    "Settings",
    "WholeNumber",
    "file_header",
    "number_problem",
    "parse_number",
    "settings_from",
    "table_name",
    "with_settings",
]

#: The app's look until the user picks another: Textual's own default theme.
DEFAULT_THEME = "textual-dark"

#: The settings that belong to one study database, in the order the file lists them.
DATABASE_KEYS = ("new_per_day", "reviews_per_day", "rollover_hour", "bury_siblings")


@dataclass(frozen=True, slots=True)
class Settings:
    """One database's settings and the user's theme. The defaults are studytool's
    behaviour before there were settings."""

    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    bury_siblings: bool = True
    theme: str = DEFAULT_THEME

    def database_values(self) -> dict[str, int | bool]:
        """The values of the database's table, in the file's order."""
        return {key: getattr(self, key) for key in DATABASE_KEYS}


@dataclass(frozen=True, slots=True)
class WholeNumber:
    """A setting that is a whole number within a range, both ends allowed."""

    low: int
    high: int

    def allowed(self) -> str:
        return f"a whole number from {self.low} to {self.high}"


#: The settings that are numbers, and what each allows.
NUMBERS: Mapping[str, WholeNumber] = {
    "new_per_day": WholeNumber(0, 9999),
    "reviews_per_day": WholeNumber(0, 9999),
    "rollover_hour": WholeNumber(0, 23),
}

_DATABASES = "databases"
_TOP_LEVEL_KEYS = ("theme", _DATABASES)


def number_problem(key: str, value: object) -> str | None:
    """Why `value` (as TOML gave it) cannot be the number setting `key`, or None."""
    rule = NUMBERS[key]
    # TOML's true and false are Python ints too; neither is a number of cards.
    if isinstance(value, int) and not isinstance(value, bool) and rule.low <= value <= rule.high:
        return None
    return f"{key} must be {rule.allowed()}, not {_shown(value)}"


def parse_number(key: str, text: str) -> int | None:
    """The number typed for setting `key` (spaces around it allowed), or None when the
    text is not an allowed value; `NUMBERS[key].allowed()` says what is."""
    stripped = text.strip()
    if not stripped.isascii() or not stripped.isdigit():
        return None
    value = int(stripped)
    return value if number_problem(key, value) is None else None


def table_name(database: str) -> str:
    """The TOML table header of a database's settings: `[databases."/path/study.db"]`."""
    return f"[{_DATABASES}.{json.dumps(database, ensure_ascii=False)}]"


def settings_from(
    document: Mapping[str, object],
    database: str,
    *,
    source: str = "settings.toml",
    themes: Collection[str] | None = None,
) -> tuple[Settings, list[str]]:
    """The settings for `database` (its absolute path) in a parsed settings document,
    and a sentence, starting with `source`, for each value not allowed (it keeps its
    default) and each key that is not a setting (it is ignored).

    With `themes`, the theme must be one of them; without, any name is taken.
    """
    problems: list[str] = []
    defaults = Settings()
    theme = defaults.theme
    for key, value in document.items():
        if key == "theme":
            problem = _theme_problem(value, themes)
            if problem is None and isinstance(value, str):
                theme = value
            else:
                problems.append(f"{source}: {problem}; using {DEFAULT_THEME}")
        elif key in DATABASE_KEYS:
            problems.append(
                f"{source}: {key} belongs in a database's table, such as "
                f"{table_name(database)}; ignored"
            )
        elif key != _DATABASES:
            problems.append(f"{source}: {_unknown(key, _TOP_LEVEL_KEYS)}; ignored")

    databases = document.get(_DATABASES, {})
    if not isinstance(databases, Mapping):
        problems.append(
            f"{source}: {_DATABASES} must hold a table per database, such as "
            f"{table_name(database)}, not {_shown(databases)}; using the defaults"
        )
        databases = {}
    table = databases.get(database, {})
    where = f"{source}: in {table_name(database)},"
    if not isinstance(table, Mapping):
        problems.append(f"{where} the settings must be a table, not {_shown(table)}")
        table = {}
    numbers = {key: int(getattr(defaults, key)) for key in NUMBERS}
    bury_siblings = defaults.bury_siblings
    for key, value in table.items():
        if key == "bury_siblings":
            if isinstance(value, bool):
                bury_siblings = value
            else:
                problems.append(
                    f"{where} bury_siblings must be true or false, not {_shown(value)}; "
                    f"using {_shown(defaults.bury_siblings)}"
                )
        elif key in NUMBERS:
            problem = number_problem(key, value)
            if problem is None and isinstance(value, int):
                numbers[key] = value
            else:
                problems.append(f"{where} {problem}; using {numbers[key]}")
        else:
            problems.append(f"{where} {_unknown(key, DATABASE_KEYS)}; ignored")
    settings = Settings(
        new_per_day=numbers["new_per_day"],
        reviews_per_day=numbers["reviews_per_day"],
        rollover_hour=numbers["rollover_hour"],
        bury_siblings=bury_siblings,
        theme=theme,
    )
    return settings, problems


def with_settings(
    document: Mapping[str, object], database: str, settings: Settings
) -> dict[str, object]:
    """The document with `settings` in it: the theme, and the values of `database`'s
    table. Everything else is kept as it was: other databases' tables, and keys this
    version does not know."""
    databases = document.get(_DATABASES)
    tables = dict(databases) if isinstance(databases, Mapping) else {}
    table = tables.get(database)
    kept = dict(table) if isinstance(table, Mapping) else {}
    tables[database] = settings.database_values() | {
        key: value for key, value in kept.items() if key not in DATABASE_KEYS
    }
    rest = {key: value for key, value in document.items() if key not in _TOP_LEVEL_KEYS}
    return {"theme": settings.theme, **rest, _DATABASES: tables}


def file_header() -> str:
    """The comment at the top of the file the app writes: what each setting means."""
    defaults = Settings()
    numbers = {key: f"{rule.low}-{rule.high}" for key, rule in NUMBERS.items()}
    return (
        "# studytool's settings. Change them in the app (press , for Settings) or here.\n"
        "# Comments other than these are not kept when the app saves this file.\n"
        "#\n"
        f'# theme              the app\'s colours, for every database (default "{DEFAULT_THEME}")\n'
        '# [databases."PATH"] one study database\'s settings, keyed by its absolute path:\n'
        f"#   new_per_day      new cards a day, per deck ({numbers['new_per_day']}, "
        f"default {defaults.new_per_day})\n"
        f"#   reviews_per_day  reviews a day, per deck ({numbers['reviews_per_day']}, "
        f"default {defaults.reviews_per_day})\n"
        f"#   rollover_hour    the hour a study day starts, local time "
        f"({numbers['rollover_hour']}, default {defaults.rollover_hour})\n"
        "#   bury_siblings    one card per muscle a day; its other cards wait until the\n"
        "#                    next day (true or false, default true)\n"
        "\n"
    )


def _theme_problem(value: object, themes: Collection[str] | None) -> str | None:
    if not isinstance(value, str) or not value:
        return f"theme must be the name of a theme, such as {DEFAULT_THEME!r}, not {_shown(value)}"
    if themes is None or value in themes:
        return None
    import difflib  # only for a mistake: start-up does not pay for it

    close = difflib.get_close_matches(value, list(themes), n=1)
    if close:
        hint = f"did you mean {close[0]!r}?"
        return f"theme must be one of the app's themes, not {_shown(value)} ({hint})"
    return f"theme must be one of the app's themes ({', '.join(themes)}), not {_shown(value)}"


def _unknown(key: str, known: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{key!r} is not a setting ({hint}the settings here are {', '.join(known)})"


def _shown(value: object) -> str:
    """A TOML value as the user wrote it, near enough: strings quoted, true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
