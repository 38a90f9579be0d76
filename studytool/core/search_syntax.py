"""The browse screen's search language: words plus `field:value` filters.

    psoas deck:psoas-and-deep-core kind:cue state:due region:hip muscle:iliacus

Pure: turns what the user typed into a `Query`; the store runs it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from studytool.core.card import CardKind

__all__ = ["FIELDS", "STATES", "Query", "parse_query"]

STATES = ("new", "due", "learning", "suspended", "leech", "buried")
FIELDS = ("deck", "muscle", "region", "kind", "state")


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
    """Parse a search; unknown fields or values are reported in `problems`, not raised."""
    try:
        tokens = shlex.split(text)
    except ValueError:  # an unclosed quote: search for the words as typed
        tokens = text.split()
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
