"""Browse's results: one row per card, with what tells cards apart in columns.

The question comes first, on one line, as wide as the room the other columns leave
(cut with an ellipsis, never wrapped); then the muscle, the kind of card, the deck, its
state today and its due date; under FSRS, the chance of recalling it now. Every identify
card begins "Which muscle runs", so the muscle column is what tells them apart at a
glance.

Card text is shown as typed: plain `Text` (never read as markup), control characters
escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from studytool.core.scheduling import SM2, Scheduling
from studytool.core.terminal_text import printable
from studytool.storage import StudyCard
from studytool.tui.widgets.card_detail import card_state, due_date, recall_text

#: The narrowest the question gets; below it the table scrolls sideways.
_QUESTION_MIN = 16
#: The widest the muscle and deck columns get; longer names end in an ellipsis.
_NAME_MAX = 22
_DATE_WIDTH = len("2026-03-02")


def one_line(text: str) -> Text:
    """Card text on one line: escaped, its lines joined by spaces, cut with an ellipsis."""
    lines = (line.strip() for line in printable(text).split("\n"))
    return Text(" ".join(line for line in lines if line), no_wrap=True, overflow="ellipsis")


class CardTable(DataTable[str | Text]):
    """Cards found by a search, keyed by card id (see `show`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self._cards: Sequence[StudyCard] = ()
        self._today = date.min
        self._scheduling = SM2
        self._shown_width = -1  # the width the columns were last laid out for

    def show(
        self,
        cards: Sequence[StudyCard],
        today: date,
        scheduling: Scheduling = SM2,
    ) -> None:
        """One row per card, states as of study day `today` (and under FSRS, the chance
        of recall that day); the cursor on the first."""
        self._cards, self._today, self._scheduling = cards, today, scheduling
        self._fill(keep_cursor=False)

    def update_card(self, card: StudyCard) -> None:
        """Show a card's new state (after a suspend, say) in its row."""
        self._cards = [card if shown.id == card.id else shown for shown in self._cards]
        self.update_cell(card.id, "state", card_state(card.schedule, self._today))
        self.update_cell(card.id, "due", due_date(card.schedule))

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._shown_width:
            self._fill(keep_cursor=True)

    def _fill(self, *, keep_cursor: bool) -> None:
        row = self.cursor_row
        self._shown_width = self.size.width
        widths = self._widths()
        self.clear(columns=True)
        self.add_column("Question", width=self._question_width(widths), key="question")
        for label, width in widths.items():
            self.add_column(label, width=width, key=label.lower())
        recall = self._scheduling.is_fsrs
        for card in self._cards:
            schedule = card.schedule
            cells: list[str | Text] = [
                one_line(card.front),  # Text: a str cell would be read as markup
                _name(card.muscle_name or "—"),
                card.kind.value,
                _name(card.deck),
                card_state(schedule, self._today),
                due_date(schedule),
            ]
            if recall:
                cells.append(recall_text(schedule, self._today, self._scheduling))
            self.add_row(*cells, key=card.id)
        if keep_cursor and self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def _widths(self) -> dict[str, int]:
        """The widths of the columns after the question, from what they hold."""
        cards = self._cards

        def widest(label: str, values: list[str], most: int = _NAME_MAX) -> int:
            return min(most, max([len(label), *(len(value) for value in values)]))

        widths = {
            "Muscle": widest("Muscle", [printable(c.muscle_name or "—") for c in cards]),
            "Kind": widest("Kind", [c.kind.value for c in cards]),
            "Deck": widest("Deck", [printable(c.deck) for c in cards]),
            "State": widest("State", [card_state(c.schedule, self._today) for c in cards]),
            "Due": _DATE_WIDTH,
        }
        if self._scheduling.is_fsrs:
            widths["Recall"] = len("Recall")
        return widths

    def _question_width(self, widths: dict[str, int]) -> int:
        """The longest question, or the room left for it: the table's width less the
        other columns, each cell's padding and the scrollbar's room."""
        padding = 2 * self.cell_padding
        room = self.size.width - sum(width + padding for width in widths.values()) - padding - 2
        longest = max([len("Question"), *(len(one_line(c.front)) for c in self._cards)])
        return max(_QUESTION_MIN, min(room, longest))


def _name(text: str) -> Text:
    """A name from a file on one line, cut with an ellipsis when its column is narrower."""
    return Text(printable(text, newlines=False), no_wrap=True, overflow="ellipsis")
