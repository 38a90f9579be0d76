"""The editor command: each editor told the line in its own words, bad settings refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from studytool.core.editor_command import EditorSettingError, editor_command

DECK = "/decks/hip.yaml"

FAMILIES = [
    # +LINE FILE
    ("vi", ["vi", "+12", DECK]),
    ("vim", ["vim", "+12", DECK]),
    ("nvim", ["nvim", "+12", DECK]),
    ("view", ["view", "+12", DECK]),
    ("gvim -f", ["gvim", "-f", "+12", DECK]),
    ("nano", ["nano", "+12", DECK]),
    ("emacs -nw", ["emacs", "-nw", "+12", DECK]),
    ("emacsclient -t", ["emacsclient", "-t", "+12", DECK]),
    ("micro", ["micro", "+12", DECK]),
    ("kak", ["kak", "+12", DECK]),
    ("joe", ["joe", "+12", DECK]),
    ("ne", ["ne", "+12", DECK]),
    ("mg", ["mg", "+12", DECK]),
    ("jed", ["jed", "+12", DECK]),
    ("gedit", ["gedit", "--wait", "+12", DECK]),
    # --goto FILE:LINE, their own arguments kept
    ("code --wait", ["code", "--wait", "--goto", f"{DECK}:12"]),
    ("code-insiders -w", ["code-insiders", "-w", "--goto", f"{DECK}:12"]),
    ("codium --wait", ["codium", "--wait", "--goto", f"{DECK}:12"]),
    ("cursor --wait", ["cursor", "--wait", "--goto", f"{DECK}:12"]),
    ("windsurf", ["windsurf", "--wait", "--goto", f"{DECK}:12"]),
    # FILE:LINE
    ("subl -w", ["subl", "-w", f"{DECK}:12"]),
    ("sublime_text", ["sublime_text", "--wait", f"{DECK}:12"]),
    ("atom --wait", ["atom", "--wait", f"{DECK}:12"]),
    ("zed --wait", ["zed", "--wait", f"{DECK}:12"]),
    ("hx", ["hx", f"{DECK}:12"]),
    ("helix", ["helix", f"{DECK}:12"]),
    # their own forms
    ("kate", ["kate", "--block", "--line", "12", DECK]),
    ("notepad++", ["notepad++", "-n12", DECK]),
    # an editor not known here: the file alone, never a "+12" it would open as a file
    ("ed", ["ed", DECK]),
    ("my-editor --flag", ["my-editor", "--flag", DECK]),
]


@pytest.mark.parametrize(("setting", "expected"), FAMILIES)
def test_each_editor_is_told_the_line_in_its_own_words(setting: str, expected: list[str]) -> None:
    assert editor_command(setting, DECK, 12) == expected


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("/usr/local/bin/nvim", ["/usr/local/bin/nvim", "+3", DECK]),
        (
            '"/opt/My Editors/code" --wait',
            ["/opt/My Editors/code", "--wait", "--goto", f"{DECK}:3"],
        ),
        ("NVIM.EXE", ["NVIM.EXE", "+3", DECK]),
        (
            r"'C:\Program Files\Notepad++\notepad++.exe'",
            [r"C:\Program Files\Notepad++\notepad++.exe", "-n3", DECK],
        ),
        ("code.cmd --wait", ["code.cmd", "--wait", "--goto", f"{DECK}:3"]),
    ],
)
def test_the_editor_is_known_by_its_base_name(setting: str, expected: list[str]) -> None:
    assert editor_command(setting, DECK, 3) == expected


def test_a_path_object_and_no_line() -> None:
    assert editor_command("vim", Path(DECK), 7) == ["vim", "+7", DECK]
    assert editor_command("vim", DECK, None) == ["vim", DECK]
    assert editor_command("code", DECK, 0) == ["code", "--wait", DECK]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("code", ["code", "--wait", "--goto", f"{DECK}:5"]),
        ("code -w", ["code", "-w", "--goto", f"{DECK}:5"]),
        ("subl", ["subl", "--wait", f"{DECK}:5"]),
        ("gvim", ["gvim", "-f", "+5", DECK]),
        ("gvim --nofork", ["gvim", "--nofork", "+5", DECK]),
        ("mvim", ["mvim", "-f", "+5", DECK]),
        ("kate -b", ["kate", "-b", "--line", "5", DECK]),
        ("vim", ["vim", "+5", DECK]),  # a terminal editor holds the terminal anyway
    ],
)
def test_a_windowed_editor_is_asked_to_wait_for_the_file_to_close(
    setting: str, expected: list[str]
) -> None:
    """Otherwise it returns at once and the deck is synced before the edit is saved."""
    assert editor_command(setting, DECK, 5) == expected


@pytest.mark.parametrize("name", ["+12", "-R.yaml"])
def test_a_file_name_that_looks_like_an_option_stays_a_file(name: str) -> None:
    assert editor_command("vim", name, 2) == ["vim", "+2", f"./{name}"]


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ('vim "', "cannot be read"),
        ("vim '", "cannot be read"),
        ("", "no editor is set"),
        ("   ", "no editor is set"),
        ("vim\x00", "NUL"),
    ],
)
def test_a_setting_that_is_no_command_is_refused_with_a_reason(setting: str, says: str) -> None:
    with pytest.raises(EditorSettingError, match=says):
        editor_command(setting, DECK, 1)
    assert issubclass(EditorSettingError, ValueError)
