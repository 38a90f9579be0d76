"""The deck list: new, learning and due per deck, coloured as Anki colours them, and a
red row for each deck file with errors.

Titles and file names are shown as typed: never read as markup, control characters
escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from studytool.core.terminal_text import printable

if TYPE_CHECKING:
    from studytool.stats import DeckCounts
    from studytool.storage import DeckSync

#: Row keys of broken decks start with this, followed by the deck file's path.
BROKEN = "broken:"
_COUNT_STYLES = {"new": "bold blue", "learning": "bold red", "due": "bold green"}


class DeckTable(DataTable[str | Text]):
    """One row per deck, keyed by deck id; broken deck files keyed BROKEN + path."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.add_column("Deck", key="deck")
        for label in ("New", "Learning", "Due", "Cards"):
            self.add_column(label, key=label.lower())
        self.add_column("Last studied", key="last")

    def show(self, lines: Sequence[DeckCounts], broken: Sequence[DeckSync], zone: tzinfo) -> None:
        """Fill the table, keeping the cursor on the deck it was on."""
        selected = self.selected_key
        self.clear()
        for line in lines:
            last = line.last_studied.astimezone(zone) if line.last_studied else None
            self.add_row(
                _plain(line.title),
                _count(line.new, "new"),
                _count(line.learning, "learning"),
                _count(line.due, "due"),
                str(line.total),
                last.strftime("%d %b %Y") if last else "never",
                key=line.deck,
            )
        for report in broken:
            errors = "1 error" if len(report.errors) == 1 else f"{len(report.errors)} errors"
            self.add_row(
                _plain(f"⚠ {report.deck or report.path.name}", style="bold red"),
                "",
                "",
                "",
                "",
                Text(f"broken: {errors} (x)", style="red"),
                key=BROKEN + str(report.path),
            )
        if selected is not None:
            keys = [row.value for row in self.rows]
            if selected in keys:
                self.move_cursor(row=keys.index(selected))

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor: a deck id, or BROKEN + path."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value


def _plain(text: str, style: str = "") -> Text:
    """Text from a file as one line of plain text: a `str` cell would be read as markup."""
    return Text(printable(text, newlines=False), style=style)


def _count(value: int, kind: str) -> Text:
    """A count coloured as Anki colours it (new blue, learning red, due green); 0 dimmed."""
    return Text(str(value), style=_COUNT_STYLES[kind] if value else "dim")
