"""Control characters in deck text, found where they were written.

A deck value may hold a character that drives the terminal (ESC, BEL, an OSC 52
clipboard write) or reorders the text around it (a right-to-left override): written
raw in the file, or as an escape inside double quotes (`"\\e"`, `"\\x1b"`, `"\\u202e"`).
`yaml_reader` records each such scalar as a `ControlCharacter`, located here at the
character or escape itself, and `deck_validation` reports it in the instructor's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from studytool.core.terminal_text import UNSAFE_CHARACTER

__all__ = ["ControlCharacter", "find_control_character"]

# What YAML's double-quoted escapes stand for (YAML 1.1, as libyaml reads them); an
# escaped line break stands for nothing.
_SIMPLE_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\x0d",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


@dataclass(frozen=True, slots=True)
class ControlCharacter:
    """A key or value holding a control character: where, which, and the first one's place."""

    path: tuple[str | int, ...]  # the value's path, or for a key the path it names
    in_key: bool
    character: str
    line: int
    column: int


def find_control_character(
    text: str, start: int, end: int, style: str | None
) -> tuple[str, int] | None:
    """The first control character of the scalar written in `text[start:end]`, and its offset.

    `style` is the scalar's YAML style (`"` for double quotes, `|` or `>` for a block).
    The offset is the character's own, or that of the backslash of the escape writing it.
    None when the source does not show one (the scalar's value then came from elsewhere).
    """
    if style == '"':
        return _in_double_quotes(text, text.find('"', start, end) + 1, end)
    if style in ("|", ">"):  # skip the header line: its comment is not part of the value
        start = text.find("\n", start, end) + 1 or end
    for match in UNSAFE_CHARACTER.finditer(text, start, end):
        if match.group() != "\r":  # a raw carriage return ends a line (CRLF files)
            return match.group(), match.start()
    return None


def _in_double_quotes(text: str, index: int, end: int) -> tuple[str, int] | None:
    if index <= 0:
        return None
    while index < end - 1:  # the last character is the closing quote
        character = text[index]
        step = 1
        if character == "\\":
            code = text[index + 1]
            width = _HEX_ESCAPES.get(code, 0)
            if width:
                digits = text[index + 2 : index + 2 + width]
                try:
                    character = chr(int(digits, 16))
                except ValueError:  # pragma: no cover - the parser accepted the escape
                    return None
            else:
                character = _SIMPLE_ESCAPES.get(code, "")
            step = 2 + width
        elif character in "\r\n":  # raw line breaks fold; they are not the value's own
            character = ""
        if character and UNSAFE_CHARACTER.match(character):
            return character, index
        index += step
    return None
