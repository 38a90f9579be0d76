"""The browse screen's search language: words plus `field:value` filters.

    psoas deck:psoas-and-deep-core kind:cue state:due region:hip muscle:iliacus

Pure: turns what the user typed into a `Query`; the store runs it. A search longer
than `MAX_SEARCH_WORDS` words or `MAX_SEARCH_CHARACTERS` characters is refused with
`SearchTooLong` before it reaches the store: SQLite refuses a query with a thousand
words ("Expression tree is too large") and a LIKE pattern of 50,000 characters, and no
one searching flashcards types either.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from studytool.core.card import CardKind

__all__ = [
    "FIELDS",
    "MAX_SEARCH_CHARACTERS",
    "MAX_SEARCH_WORDS",
    "STATES",
    "Query",
    "SearchTooLong",
    "parse_query",
]

STATES = ("new", "due", "learning", "suspended", "leech", "buried", "failed")
FIELDS = ("deck", "muscle", "region", "kind", "state")

#: The longest search run: words and filters together, and characters as typed.
MAX_SEARCH_WORDS = 30
MAX_SEARCH_CHARACTERS = 500


class SearchTooLong(ValueError):
    """A search over the limits; its message says what they are."""

    def __init__(self) -> None:
        super().__init__(
            f"Search is too long: at most {MAX_SEARCH_WORDS} words, "
            f"{MAX_SEARCH_CHARACTERS} characters"
        )


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()
    deck: str | None = None
    muscle: str | None = None
    region: str | None = None
    kind: CardKind | None = None
    state: str | None = None
    problems: tuple[str, ...] = field(default=())


def parse_query(text: str) -> Query:
    """Parse a search; unknown fields or values are reported in `problems`, not raised.

    Raises `SearchTooLong` for a search over `MAX_SEARCH_WORDS` words (filters count)
    or `MAX_SEARCH_CHARACTERS` characters.
    """
    if len(text) > MAX_SEARCH_CHARACTERS:
        raise SearchTooLong
    try:
        tokens = shlex.split(text)
    except ValueError:  # an unclosed quote: search for the words as typed
        tokens = text.split()
    if len(tokens) > MAX_SEARCH_WORDS:
        raise SearchTooLong
    words: list[str] = []
    found: dict[str, str] = {}
    problems: list[str] = []
    for token in tokens:
        name, colon, value = token.partition(":")
        if not colon or not value:
            words.append(token)
        elif name.lower() in FIELDS:
            found[name.lower()] = value
        else:
            problems.append(f"unknown filter '{name}:' (use {', '.join(FIELDS)})")
    kind = None
    if "kind" in found:
        try:
            kind = CardKind(found["kind"].lower())
        except ValueError:
            problems.append(f"kind must be one of {', '.join(k.value for k in CardKind)}")
    state = found.get("state", "").lower() or None
    if state is not None and state not in STATES:
        problems.append(f"state must be one of {', '.join(STATES)}")
        state = None
    return Query(
        words=tuple(words),
        deck=found.get("deck"),
        muscle=found.get("muscle"),
        region=found.get("region"),
        kind=kind,
        state=state,
        problems=tuple(problems),
    )
