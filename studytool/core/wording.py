"""Small pieces of wording shared by every layer that speaks to a person."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, word: str) -> str:
    """`1 card`, `3 cards`: a count and its word, in the plural unless it is one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
