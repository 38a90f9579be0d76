"""Cram before an exam: choose cards the way browse does, then drill them on demand.

The cards are found with browse's search (`core/search_syntax.py`); the session that
drills them logs each answer as a cram and moves no schedule (`StudySession.cram`).
"""

from __future__ import annotations

import random

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
    "As in browse: deck:  region:  kind:  state:failed (today's misses), words.\n"
    "No schedule changes. Enter starts, Esc goes back."
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
            yield self.problem
            yield Static(_HINT, classes="dialog-hint", markup=False)

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
        random.shuffle(cards)  # siblings apart, and no order to learn by heart
        session = StudySession.cram(app.store, app.now(), cards)
        if len(cards) == CRAM_LIMIT:
            self.notify(f"The first {CRAM_LIMIT} cards found: narrow the search for others.")
        self.dismiss()
        app.push_screen(StudyScreen(session))
