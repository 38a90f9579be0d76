"""A card: what it asks about (kind, region, deck) above it, its front, and on reveal
its back. Two widgets, so the study screen's layout has no extra level to redraw.

A muscle's notes come with every one of its cards, but they teach best in one place:
they show by themselves under the answer of an identify card and of a free card, and
on any other card only when asked for (`notes_shown`).

Its text comes from deck files by way of the database; control characters in it are
shown escaped (an old database may hold some that validation now refuses).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from studytool.core.card import CardKind
from studytool.core.terminal_text import printable
from studytool.storage import StudyCard
from studytool.tui.deck_text import rich_text

#: The kinds whose answer shows the notes without being asked.
NOTES_SHOWN_WITH = frozenset({CardKind.IDENTIFY, CardKind.CARD})


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
    """Shows `card`'s front; its answer and image appear once `revealed` is set, and
    its notes too when `notes_shown` (on by default for identify and free cards)."""

    card: var[StudyCard | None] = var(None, init=False, always_update=True)
    revealed: var[bool] = var(False, init=False)
    notes_shown: var[bool] = var(False, init=False)

    def compose(self) -> ComposeResult:
        self._front = Static(id="card-front")
        self._back = Static(id="card-back")
        self._notes = Static(id="card-notes")
        yield self._front
        yield self._back
        yield self._notes

    @property
    def has_notes(self) -> bool:
        return bool(self.card is not None and self.card.notes)

    def show(self, card: StudyCard) -> None:
        """Show a card's front, its answer hidden."""
        # Drawn with the card, not once for each of these.
        self.set_reactive(CardView.revealed, False)
        self.set_reactive(CardView.notes_shown, card.kind in NOTES_SHOWN_WITH)
        self.card = card
        self.scroll_home(animate=False)

    def watch_card(self, card: StudyCard | None) -> None:
        self._show_back()
        if card is not None:
            self._front.update(rich_text(printable(card.front)))

    def watch_revealed(self, revealed: bool) -> None:
        self._show_back()
        if revealed:  # the answer in view, however long the question
            self.call_after_refresh(self.scroll_to_widget, self._back, animate=False)

    def watch_notes_shown(self, shown: bool) -> None:
        self._show_back()
        if shown and self._notes.display:
            self.call_after_refresh(self.scroll_to_widget, self._notes, animate=False)

    def _show_back(self) -> None:
        card = self.card
        if card is not None and self.revealed:
            self._back.update(_answer(card))
            self._back.display = True
        else:
            self._back.update("")
            self._back.display = False
        if card is not None and card.notes and self.revealed and self.notes_shown:
            self._notes.update(rich_text(printable(card.notes), base="italic"))
            self._notes.display = True
        else:
            self._notes.update("")
            self._notes.display = False


def _answer(card: StudyCard) -> Text:
    text = rich_text(printable(card.back))
    if card.image:
        text.append(f"\n\n[image: {printable(card.image, newlines=False)}]", style="dim")
    return text
