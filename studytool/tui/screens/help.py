"""Every key, and what the grades of the database's scheduler mean (SM-2's six, or
FSRS's four answers)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studytool.core.scheduling import SM2, Scheduling

#: What each answer means, by the quality the review log keeps.
_SM2_MEANINGS = {
    5: "perfect: instant and sure",
    4: "correct after a moment's hesitation",
    3: "correct, with serious difficulty",
    2: "wrong, but the answer felt familiar",
    1: "wrong; remembered on seeing the answer",
    0: "blackout: no memory at all",
}
_FSRS_MEANINGS = {
    5: "recalled at once, with no effort",
    4: "recalled, after a moment's thought",
    3: "recalled, with serious difficulty",
    1: "forgotten",
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
            ("Space / Enter", "show the answer; once shown, answer good"),
            ("digits", "answer: 0 - 5 under SM-2, 1 - 4 under FSRS (see below)"),
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
            (", / F2", "settings: daily limits, the day's start, siblings, SM-2 or FSRS, theme"),
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


def _grades_table(scheduling: Scheduling) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(style="italic")
    table.add_column()
    meanings = _FSRS_MEANINGS if scheduling.is_fsrs else _SM2_MEANINGS
    for grade in reversed(scheduling.grades):
        table.add_row(grade.key, grade.word, meanings[grade.quality])
    table.add_row("", "", "")
    for line in _FSRS_OUTCOMES if scheduling.is_fsrs else _SM2_OUTCOMES:
        table.add_row("", "", line)
    return table


#: What the words under each grade key mean, and the one meaning of a pass.
_SM2_OUTCOMES = (
    "A pass is an answer graded 4 or 5; the summary and the statistics count passes.",
    "Under each key, what that grade does to the card:",
    "  in 3 cards  below a pass: it comes back after 3 other cards (next: right away),",
    "              and again until you pass it; its interval is set by the first answer",
    "  1d, 17d     due again in 1 day, 17 days (mo: months, y: years)",
    "  leech       the card lapsed too often and is suspended: rewrite it or learn it apart",
    "A study day starts at the rollover hour (04:00 unless changed in the settings).",
    "Switch to FSRS in the settings, or with `studytool scheduler fsrs`.",
)
_FSRS_OUTCOMES = (
    "A pass is Hard, Good or Easy; the summary and the statistics count passes.",
    "Under each key, what that answer does to the card:",
    "  1m, 10m     a learning step: the card comes back later in this session",
    "  1d, 17d     due again in 1 day, 17 days (mo: months, y: years), when FSRS",
    "              expects your recall to have fallen to the desired retention",
    "  leech       the card lapsed too often and is suspended: rewrite it or learn it apart",
    "A study day starts at the rollover hour (04:00 unless changed in the settings).",
    "Switch back to SM-2 in the settings, or with `studytool scheduler sm2`.",
)


class HelpScreen(ModalScreen[None]):
    """The keys, and the grades of `scheduling`."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("f1", "dismiss", "Close", show=False),
    ]

    def __init__(self, scheduling: Scheduling = SM2) -> None:
        super().__init__()
        self.scheduling = scheduling

    def compose(self) -> ComposeResult:
        name = "FSRS" if self.scheduling.is_fsrs else "SM-2"
        with Vertical(id="help", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(_keys_table())
                yield Static(f"Grades ({name})", classes="dialog-title")
                yield Static(_grades_table(self.scheduling))
            yield Static("Esc to close", classes="dialog-hint")
