"""A modal message: database problems at start-up, deck errors.

What it shows comes from files and paths, so control characters are shown escaped.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from studytool.core.terminal_text import printable


class MessageScreen(ModalScreen[None]):
    """A title and a scrollable body; Escape or Enter closes it (and quits the app, with
    `closing_quits`, when there is nothing behind it to go back to)."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, title: str, body: str, *, closing_quits: bool = False) -> None:
        super().__init__()
        self.closing_quits = closing_quits
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="message", classes="dialog"):
            yield Static(
                printable(self.title_text, newlines=False), markup=False, classes="dialog-title"
            )
            with VerticalScroll():
                # Plain Static content: deck text is shown as typed, never as markup.
                yield Static(printable(self.body), markup=False, id="message-body")
            yield Static("Esc to close", classes="dialog-hint")

    def action_close(self) -> None:
        if self.closing_quits:
            self.app.exit()
        else:
            self.dismiss()
