"""A card: what it asks about (kind, region, deck) above it, its front, and on reveal
its back. Two widgets, so the study screen's layout has no extra level to redraw.

Its text comes from deck files by way of the database; control characters in it are
shown escaped (an old database may hold some that validation now refuses).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from studytool.core.terminal_text import printable
from studytool.storage import StudyCard
from studytool.tui.deck_text import rich_text


class CardHeading(Static):
    """One line over the card: its kind, region and deck."""

    card: var[StudyCard | None] = var(None, init=False, always_update=True)

    def watch_card(self, card: StudyCard | None) -> None:
        if card is None:
            return
        heading = Text.assemble(
            (f" {card.kind.value} ", "reverse bold"),
            "  ",
            (printable(card.region or "", newlines=False), "italic"),
            ("  ·  " if card.region else "", "dim"),
            (printable(card.deck, newlines=False), "dim"),
        )
        # A fixed-size line skips the layout pass: the next card must draw within a frame.
        self.update(heading, layout=False)


class CardView(VerticalScroll):
    """Shows `card`'s front; its answer, notes and image appear once `revealed` is set."""

    card: var[StudyCard | None] = var(None, init=False, always_update=True)
    revealed: var[bool] = var(False, init=False)

    def compose(self) -> ComposeResult:
        self._front = Static(id="card-front")
        self._back = Static(id="card-back")
        yield self._front
        yield self._back

    def show(self, card: StudyCard) -> None:
        """Show a card's front, its answer hidden."""
        self.set_reactive(CardView.revealed, False)  # drawn with the card, not twice
        self.card = card

    def watch_card(self, card: StudyCard | None) -> None:
        self._show_back()
        if card is not None:
            self._front.update(rich_text(printable(card.front)))

    def watch_revealed(self) -> None:
        self._show_back()

    def _show_back(self) -> None:
        card = self.card
        if card is not None and self.revealed:
            self._back.update(_answer(card))
            self._back.display = True
        else:
            self._back.update("")
            self._back.display = False


def _answer(card: StudyCard) -> Text:
    text = rich_text(printable(card.back))
    if card.notes:
        text.append("\n\n")
        text.append_text(rich_text(printable(card.notes), base="italic"))
    if card.image:
        text.append(f"\n\n[image: {printable(card.image, newlines=False)}]", style="dim")
    return text
