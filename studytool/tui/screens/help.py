"""Every key, and what the SM-2 grades mean."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studytool.core.schedulers.sm2 import GRADES

_GRADE_MEANINGS = {
    5: "perfect: instant and sure",
    4: "correct after a moment's hesitation",
    3: "correct, with serious difficulty",
    2: "wrong, but the answer felt familiar",
    1: "wrong; remembered on seeing the answer",
    0: "blackout: no memory at all",
}

_KEYS = [
    (
        "Deck list",
        [
            ("↑ ↓", "move between decks"),
            ("Enter", "study the highlighted deck"),
            ("a", "study all decks together"),
            ("b", "browse and search cards"),
            ("s", "statistics"),
            ("e", "export every deck to Anki (.apkg)"),
            ("y", "sync with your Anki account, both ways (log in once: studytool sync)"),
            ("c", "cram: drill chosen cards before an exam; no schedule changes"),
            ("x", "show a broken deck's errors"),
            ("r", "reload the deck files"),
        ],
    ),
    (
        "Studying",
        [
            ("Space / Enter", "show the answer; once shown, grade 4 (good)"),
            ("0 - 5", "grade your answer"),
            ("n", "show or hide the muscle's notes (identify cards show them by themselves)"),
            ("u", "undo the last action (a grade, a bury, a suspend), step by step"),
            ("b", "bury the card until tomorrow"),
            ("s", "suspend the card"),
            ("e", "edit the card's deck file at its line, then reload it"),
            ("Esc", "finish the session"),
        ],
    ),
    (
        "Everywhere",
        [
            ("? / F1", "this help"),
            ("Ctrl+P", "command palette: every action by name"),
            (", / F2", "settings: daily limits, the day's start, siblings, theme"),
            ("Esc", "back"),
            ("Ctrl+Q", "quit"),
        ],
    ),
]


def _keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for section, keys in _KEYS:
        table.add_row(f"[underline]{section}[/underline]", "")
        for key, meaning in keys:
            table.add_row(key, meaning)
        table.add_row("", "")
    return table


def _grades_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(style="italic")
    table.add_column()
    for quality in sorted(GRADES, reverse=True):
        table.add_row(str(quality), GRADES[quality], _GRADE_MEANINGS[quality])
    table.add_row("", "", "")
    for line in _OUTCOMES:
        table.add_row("", "", line)
    return table


#: What the words under each grade key mean, and the one meaning of a pass.
_OUTCOMES = (
    "A pass is an answer graded 4 or 5; the summary and the statistics count passes.",
    "Under each key, what that grade does to the card:",
    "  in 3 cards  below a pass: it comes back after 3 other cards (next: right away),",
    "              and again until you pass it; its interval is set by the first answer",
    "  1d, 17d     due again in 1 day, 17 days (mo: months, y: years)",
    "  leech       the card lapsed too often and is suspended: rewrite it or learn it apart",
    "A study day starts at the rollover hour (04:00 unless changed in the settings).",
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("f1", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(_keys_table())
                yield Static("Grades (SM-2)", classes="dialog-title")
                yield Static(_grades_table())
            yield Static("Esc to close", classes="dialog-hint")
