"""The names decks get in Anki: `studytool::TITLE`, one level below studytool, each its own.

Anki reads `::` in a deck name as a level below, drops control characters, trims
colons and spaces from the ends of each level, and matches names without regard to
case, so two decks of one name become one. A title's `::` therefore becomes `: `, its
control characters (and the spaces around them) one space, and its ends are trimmed;
decks whose names would still be the same are told apart by their deck ids, all of
them: `studytool::Hips (hips-basics)`. Anki knows a deck by its name, so an ordinary
title keeps the name earlier exports gave it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from studytool.anki.note_type import PARENT_DECK

__all__ = ["anki_deck_names", "deck_level"]

_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]*[\x00-\x1f\x7f][\s\x00-\x1f\x7f]*")
_LEVEL_MARK = re.compile(r"\s*::+\s*")
_ENDS = re.compile(r"^[\s:]+|[\s:]+$")


def deck_level(title: str) -> str:
    """A deck title as one level of an Anki deck name (empty if nothing is left of it)."""
    level = unicodedata.normalize("NFC", title)
    level = _CONTROL.sub(" ", level)
    while "::" in level:  # each pass leaves fewer colons
        level = _LEVEL_MARK.sub(": ", level)
    return _ENDS.sub("", level)


def anki_deck_names(titles: Mapping[str, str]) -> dict[str, str]:
    """Deck id -> full Anki deck name, for decks given as deck id -> title, in the same
    order. Decks whose names would be the same in Anki get their id after the title."""
    levels = {deck_id: deck_level(title) or deck_id for deck_id, title in titles.items()}
    renamed: set[str] = set()
    while True:
        holders: dict[str, list[str]] = {}
        for deck_id, level in levels.items():
            holders.setdefault(level.casefold(), []).append(deck_id)
        # Renamed levels end in their deck's id, which nothing else has, so they never
        # clash with each other: every pass renames at least one more deck, or ends.
        clashing = [
            deck_id
            for group in holders.values()
            if len(group) > 1
            for deck_id in group
            if deck_id not in renamed
        ]
        if not clashing:
            return {deck_id: f"{PARENT_DECK}::{level}" for deck_id, level in levels.items()}
        for deck_id in clashing:
            levels[deck_id] = f"{levels[deck_id]} ({deck_id})"
            renamed.add(deck_id)
