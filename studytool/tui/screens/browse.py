"""Browse: search every card, filter by deck, muscle, region, kind and state.

Searches and a card's history are read in exclusive workers, so typing never waits
on the database; each result comes back as a message, and a result for anything but
the latest search or highlighted card is dropped. A search over the length limits
(`core/search_syntax.py`) is refused before it starts; one the database refuses is a
notice. Card text is shown as typed, control characters escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from studytool.core.scheduling import SM2, Scheduling
from studytool.core.search_syntax import Query, SearchTooLong, parse_query
from studytool.core.terminal_text import printable
from studytool.storage import StoreError, StudyCard
from studytool.tui.screens.base import UsesStudyApp
from studytool.tui.widgets.card_detail import CardDetail
from studytool.tui.widgets.card_table import CardTable
from studytool.tui.widgets.key_footer import KeyFooter

_HINT = (
    "words, and filters: deck:  muscle:  region:  kind:origin  "
    "state:new|due|learning|suspended|leech|buried"
)


class BrowseScreen(UsesStudyApp, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("ctrl+s", "toggle_suspend", "Suspend/unsuspend"),
    ]

    @dataclass
    class Found(Message):
        """The cards a search found (or why it failed)."""

        search: int  # which search this answers (they are numbered as they start)
        query: Query
        cards: list[StudyCard]
        today: date  # the study day the cards' states are for
        problem: str | None = None
        scheduling: Scheduling = SM2

    @dataclass
    class HistoryRead(Message):
        """A card's answers, read for the detail pane."""

        card: StudyCard
        history: list[dict[str, Any]]
        problem: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, StudyCard] = {}
        self.searches = 0  # searches started: only the latest one's results are shown
        self.shown_card: StudyCard | None = None  # only its history is shown
        self.failure: str | None = None  # the store's last refusal, told once
        self.today = date.min  # the study day of the cards shown
        self.scheduling = SM2  # the database's scheduler, as of the last search

    def compose(self) -> ComposeResult:
        self.search_input = Input(placeholder="Search cards…", id="search")
        self.hint = Static(_HINT, id="search-hint", markup=False)
        self.results = CardTable(id="results")
        self.detail = CardDetail(id="detail")
        yield Header()
        yield self.search_input
        yield self.hint
        with Horizontal(id="browse"):
            yield self.results
            yield self.detail
        yield KeyFooter()

    def on_mount(self) -> None:
        self.run_search("")

    def on_resize(self, event: events.Resize) -> None:
        # Under 160 columns the card's details go under the results, not beside them.
        self.set_class(event.size.width < 160, "-narrow")

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.results.focus()

    def run_search(self, text: str) -> None:
        """Search for `text` in a worker; a search too long to run is refused here."""
        self.searches += 1  # a search still running is now out of date
        try:
            query = parse_query(text)
        except SearchTooLong as error:
            self.show_results([str(error)], [], self.today)
            return
        self.search(self.searches, query)

    @work(thread=True, exclusive=True, group="search")
    def search(self, number: int, query: Query) -> None:
        app = self.study_app
        now = app.now()
        today = app.store.today(now)
        try:
            cards = app.store.search(query, now)
            message = self.Found(number, query, cards, today, None, app.store.scheduling())
        except StoreError as error:
            message = self.Found(number, query, [], today, problem=str(error))
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(Found)
    def _found(self, message: Found) -> None:
        if message.search != self.searches:
            return  # an older search, overtaken by typing or a change
        problems = list(message.query.problems)
        if message.problem is not None:
            problems.append(f"Search failed: {message.problem}")
            if message.problem != self.failure:  # once, not at every key typed
                self._failed(f"Search failed: {message.problem}")
        self.failure = message.problem
        self.scheduling = message.scheduling
        self.show_results(problems, message.cards, message.today)

    def show_results(self, problems: list[str], cards: list[StudyCard], today: date) -> None:
        """The cards found (their states on study day `today`), the first one's
        details, and what was wrong with the search (or the search language's hint)."""
        self.hint.update(printable("; ".join(problems)) if problems else _HINT)
        self.hint.set_class(bool(problems), "problem")
        self.cards = {card.id: card for card in cards}
        self.today = today
        self.results.show(cards, today, self.scheduling)
        self.show_detail(cards[0] if cards else None)

    @on(DataTable.RowHighlighted, "#results")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        self.show_detail(self.cards.get(key) if key else None)

    def show_detail(self, card: StudyCard | None) -> None:
        self.shown_card = card
        if card is None:
            self.detail.show(None, [], self.today, self.scheduling)
        else:
            self.read_history(card)

    @work(thread=True, exclusive=True, group="history")
    def read_history(self, card: StudyCard) -> None:
        try:
            message = self.HistoryRead(card, self.study_app.store.history(card.id))
        except StoreError as error:
            message = self.HistoryRead(card, [], problem=str(error))
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(HistoryRead)
    def _history_read(self, message: HistoryRead) -> None:
        if message.card is not self.shown_card:
            return  # the cursor has moved on
        if message.problem is not None:
            self._failed(f"Could not read its answers: {message.problem}", timeout=5)
        self.detail.show(message.card, message.history, self.today, self.scheduling)

    def action_focus_search(self) -> None:
        self.search_input.focus()

    def action_toggle_suspend(self) -> None:
        table = self.results
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        card = self.cards.get(row_key.value or "")
        if card is None:
            return
        store = self.study_app.store
        try:
            if card.schedule.suspended:
                store.unsuspend(card.id)
                self.notify("Unsuspended.", timeout=2)
            else:
                store.suspend(card.id)
                self.notify("Suspended.", timeout=2)
            # The card as it now is, so a second Ctrl+S undoes the first at once.
            (card,) = store.cards([card.id])
        except StoreError as error:
            self._failed(f"Not saved: {error}")
            return
        self.cards[card.id] = card
        table.update_card(card)
        self.show_detail(card)
        self.run_search(self.search_input.value)  # it may have left the filter

    def _failed(self, notice: str, timeout: float = 8) -> None:
        """An error notice; it may quote a path or card text, so it is shown as typed."""
        self.notify(printable(notice), severity="error", timeout=timeout, markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
