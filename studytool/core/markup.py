"""Deck text's light emphasis: `*italic*` and `**bold**`, and nothing else.

Pure. Everything that is not an emphasis marker is text to show as typed: HTML, Rich
markup and the like are never interpreted. The study screen turns spans into styles,
the Anki export into escaped HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Span", "spans"]

Style = Literal["plain", "italic", "bold"]
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=\S)([^*]+?)(?<=\S)\*")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: Style = "plain"


def spans(text: str) -> list[Span]:
    """`text` split into plain, italic and bold runs; unmatched asterisks stay as typed."""
    result: list[Span] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > position:
            result.append(Span(text[position : match.start()]))
        bold, italic = match.group(1), match.group(2)
        result.append(Span(bold, "bold") if bold is not None else Span(italic, "italic"))
        position = match.end()
    if position < len(text):
        result.append(Span(text[position:]))
    return result
