"""The end of a session: how it went and what tomorrow holds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from studytool.study_session import Summary


class SummaryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "close", "Back to decks", priority=True),
        Binding("escape", "close", "Back to decks", show=False),
    ]

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        s = self.summary
        minutes, seconds = divmod(int(s.seconds), 60)
        passed = f"{s.accuracy:.0%}" if s.accuracy is not None else "-"
        yield Header()
        with Vertical(id="summary", classes="dialog"):
            yield Static(
                "Session complete" if s.answers else "Session ended", classes="dialog-title"
            )
            yield Static(
                f"Cards studied   {s.cards}\n"
                f"Answers         {s.answers}\n"
                f"Passed          {passed}  ({s.pass_words})\n"
                f"Time            {minutes}:{seconds:02d}\n"
                f"Due tomorrow    {s.due_tomorrow}",
                id="summary-body",
            )
            yield Static("Enter to go back to your decks", classes="dialog-hint")
        yield Footer()

    def action_close(self) -> None:
        self.app.pop_screen()
