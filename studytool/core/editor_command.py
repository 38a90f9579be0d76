"""The command that opens a deck file at a line in the user's editor.

Pure: the editor setting ($VISUAL or $EDITOR, read by the caller), a path and a line
become an argument list for `subprocess.run`. Editors say "go to line" in different
ways, so the program's base name picks the form:

    vim, nano, emacs, gedit, ...     vim +12 deck.yaml
    code, codium, cursor, ...        code --wait --goto deck.yaml:12
    subl, zed, hx, ...               subl deck.yaml:12
    kate                             kate --line 12 deck.yaml
    notepad++                        notepad++ -n12 deck.yaml

An editor not known here gets the file alone, rather than a `+12` it might open as a
file. The setting's own arguments (`code --wait`, `emacsclient -t`) are kept, and a
windowed editor that would return at once is asked to wait until the file is closed
(`code` gets `--wait`, `gvim` gets `-f`), so the deck is synced after the edit, not
before it.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable

__all__ = ["EditorSettingError", "editor_command"]


class EditorSettingError(ValueError):
    """The editor setting is empty or cannot be read as a command."""


def _plus_line(path: str, line: int) -> list[str]:
    return [f"+{line}", path]


def _goto(path: str, line: int) -> list[str]:
    return ["--goto", f"{path}:{line}"]


def _colon(path: str, line: int) -> list[str]:
    return [f"{path}:{line}"]


def _kate(path: str, line: int) -> list[str]:
    return ["--line", str(line), path]


def _notepad_plus_plus(path: str, line: int) -> list[str]:
    return [f"-n{line}", path]


_Form = Callable[[str, int], list[str]]

_FORMS: dict[str, _Form] = {
    **dict.fromkeys(
        (
            "vi",
            "vim",
            "nvim",
            "view",
            "gvim",
            "mvim",
            "nano",
            "pico",
            "emacs",
            "emacsclient",
            "micro",
            "kak",
            "joe",
            "ne",
            "mg",
            "jed",
            "gedit",
        ),
        _plus_line,
    ),
    **dict.fromkeys(("code", "code-insiders", "codium", "cursor", "windsurf"), _goto),
    **dict.fromkeys(("subl", "sublime_text", "atom", "zed", "hx", "helix"), _colon),
    "kate": _kate,
    "notepad++": _notepad_plus_plus,
}

#: Windowed editors that return at once unless told to wait for the file to be closed:
#: the flag that tells them, and the spellings of it a setting may already have.
_WAIT_FLAGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("code", "code-insiders", "codium", "cursor", "windsurf", "subl", "sublime_text"),
        ("--wait", "-w"),
    ),
    **dict.fromkeys(("atom", "zed", "gedit"), ("--wait", "-w")),
    **dict.fromkeys(("gvim", "mvim"), ("-f", "--nofork")),
    "kate": ("--block", "-b"),
}

#: Endings a program's name may have on Windows, not part of which editor it is.
_WINDOWS_SUFFIX = re.compile(r"\.(exe|cmd|bat)$", re.IGNORECASE)


def _program_name(program: str) -> str:
    """An editor's base name as `_FORMS` knows it: `/usr/bin/nvim` and `NVIM.EXE` are
    both `nvim`."""
    base = re.split(r"[/\\]", program)[-1]
    return _WINDOWS_SUFFIX.sub("", base).lower()


def editor_command(editor: str, path: str | os.PathLike[str], line: int | None) -> list[str]:
    """The argument list that opens `path` at `line` (from 1; None or 0 for no line)
    with `editor`, a command line such as `vim` or `code --wait`.

    Raises `EditorSettingError` for a setting that is empty, has an unclosed quote or
    holds a NUL character.
    """
    if "\x00" in editor:
        raise EditorSettingError("the editor setting holds a NUL character")
    try:
        words = shlex.split(editor)
    except ValueError as error:  # an unclosed quote, a lone backslash
        raise EditorSettingError(
            f"the editor setting {editor!r} cannot be read ({str(error).lower()})"
        ) from None
    if not words:
        raise EditorSettingError("no editor is set: set VISUAL or EDITOR to your editor")
    file = os.fspath(path)
    if file.startswith(("-", "+")):
        file = os.path.join(os.curdir, file)  # a file name, not an option or a line
    program = _program_name(words[0])
    wait = _WAIT_FLAGS.get(program, ())
    if wait and not any(word in wait for word in words[1:]):
        words.append(wait[0])
    form = _FORMS.get(program)
    if form is None or line is None or line < 1:
        return [*words, file]
    return [*words, *form(file, line)]
