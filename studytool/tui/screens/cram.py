"""Cram before an exam: choose cards the way browse does, then drill them on demand.

The cards are found with browse's search (`core/search_syntax.py`); the session that
drills them logs each answer as a cram and moves no schedule (`StudySession.cram`).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from studytool.core.search_syntax import SearchTooLong, parse_query
from studytool.core.terminal_text import printable
from studytool.storage import StoreError
from studytool.tui.screens.base import UsesStudyApp

#: The most cards one cram takes, as browse shows at most.
CRAM_LIMIT = 500

_HINT = (
    "Which cards? As in browse: deck:ID  region:hip  kind:origin  muscle:psoas  words,\n"
    "and state:failed for today's failures. Enter starts; Esc goes back.\n"
    "Crammed answers change no schedule, no daily limit and no statistic."
)


class CramScreen(UsesStudyApp, ModalScreen[None]):
    """Custom study: a search, then a cram session of the cards it finds."""

    BINDINGS = [Binding("escape", "dismiss", "Back")]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query

    def compose(self) -> ComposeResult:
        self.query_input = Input(self.initial_query, id="cram-query")
        self.problem = Static("", id="cram-problem", markup=False)
        with Vertical(id="cram", classes="dialog"):
            yield Static("Cram: custom study", classes="dialog-title")
            yield self.query_input
            yield Static(_HINT, classes="dialog-hint", markup=False)
            yield self.problem

    def on_mount(self) -> None:
        self.query_input.focus()

    @on(Input.Submitted, "#cram-query")
    def start(self, event: Input.Submitted) -> None:
        from studytool.study_session import StudySession
        from studytool.tui.screens.study import StudyScreen

        app = self.study_app
        try:
            query = parse_query(event.value)
            if query.problems:
                raise ValueError("; ".join(query.problems))
            cards = app.store.search(query, app.now(), limit=CRAM_LIMIT)
        except (SearchTooLong, ValueError, StoreError) as error:
            self.problem.update(printable(str(error)))
            return
        if not cards:
            self.problem.update("No cards match: try a wider search.")
            return
        session = StudySession.cram(app.store, app.now(), cards)
        self.dismiss()
        app.push_screen(StudyScreen(session))
