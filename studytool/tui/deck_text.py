"""Deck text as Rich text: emphasis becomes style, everything else shows as typed."""

from __future__ import annotations

from rich.text import Text

from studytool.core.markup import spans

_STYLES = {"plain": "", "italic": "italic", "bold": "bold"}


def rich_text(source: str, base: str = "") -> Text:
    """`source` with *italic* and **bold** applied; Rich markup and HTML stay literal."""
    text = Text(style=base)
    for span in spans(source):
        text.append(span.text, style=_STYLES[span.style])
    return text
