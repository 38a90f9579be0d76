"""Text from files and paths, made safe to show on a terminal.

A deck title, a file name or a quoted bad value could carry an escape sequence that
retitles the window, writes the clipboard (OSC 52) or moves the cursor to erase error
lines. Such characters are refused in deck files (`deck_validation`), and anything
echoed from a file or a path goes through `printable` first, which writes them out
as `\\x1b`-style escapes instead of sending them.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE_CHARACTER", "describe_character", "printable"]

#: C0 controls other than tab and newline, DEL, C1 controls, and the bidirectional
#: embeddings, overrides and isolates that can make text read in another order.
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "DEL",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = True) -> str:
    """`text` with every unsafe character written as an escape (`\\x1b`, `\\u202e`).

    Tabs are kept; newlines too unless `newlines` is false (for one-line fields such as
    a title in a table), when they become `\\n`.
    """
    escaped = UNSAFE_CHARACTER.sub(lambda match: _escape(match.group()), text)
    return escaped if newlines else escaped.replace("\n", "\\n")


def describe_character(character: str) -> str:
    """A control character as an instructor reads it: `escape (\\x1b)`, `U+202E ...`."""
    name = _NAMES.get(character)
    if name is None:
        name = "control character" if ord(character) <= 0x9F else "direction control"
    return f"{name} ({_escape(character)})"
