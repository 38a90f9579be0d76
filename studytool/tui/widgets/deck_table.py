"""The deck list: new, learning and due per deck, coloured as Anki colours them, and a
red row for each deck file with errors.

When the columns do not fit the terminal's width, "Last studied" is left out (a broken
deck then says so beside its name). On the first fill the cursor starts on the first
deck with cards to study today.

Titles and file names are shown as typed: never read as markup, control characters
escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from studytool.core.terminal_text import printable
from studytool.core.wording import plural

if TYPE_CHECKING:
    from studytool.stats import DeckCounts
    from studytool.storage import DeckSync

#: Row keys of broken decks start with this, followed by the deck file's path.
BROKEN = "broken:"
_COUNT_STYLES = {"new": "bold blue", "learning": "bold red", "due": "bold green"}
_COUNTS = ("New", "Learning", "Due", "Cards")
_LAST = "Last studied"
_DATE_WIDTH = len("02 Mar 2026")


def has_work(line: DeckCounts) -> bool:
    """The deck has cards to study today."""
    return line.new + line.learning + line.due > 0


class DeckTable(DataTable[str | Text]):
    """One row per deck, keyed by deck id; broken deck files keyed BROKEN + path."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._lines: Sequence[DeckCounts] = ()
        self._broken: Sequence[DeckSync] = ()
        self._zone: tzinfo | None = None
        self._with_last = True
        # Until a deck has cards today (the first counts may come before the first
        # sync), each fill puts the cursor on the first deck with work, unless the
        # person has moved it meanwhile.
        self._placing = True
        self._placed_row = 0
        self._add_columns()

    def show(self, lines: Sequence[DeckCounts], broken: Sequence[DeckSync], zone: tzinfo) -> None:
        """Fill the table, keeping the cursor on the deck it was on (at first, on the
        first deck with cards to study)."""
        if self._placing and self.row_count and self.cursor_row != self._placed_row:
            self._placing = False  # moved by hand
        self._lines, self._broken, self._zone = lines, broken, zone
        self._with_last = self._fits_with_last(self.size.width)
        self._fill()
        if self._placing:
            working = [index for index, line in enumerate(lines) if has_work(line)]
            if working:
                self.move_cursor(row=working[0])
                self._placing = False
            self._placed_row = self.cursor_row

    def on_resize(self, event: events.Resize) -> None:
        if self._fits_with_last(event.size.width) != self._with_last:
            self._with_last = not self._with_last
            self._fill()

    def _fits_with_last(self, width: int) -> bool:
        """Every column fits in `width` cells (before the first layout, say it does)."""
        if width == 0:
            return True
        titles = [len(printable(line.title, newlines=False)) for line in self._lines]
        titles += [len(_broken_name(report)) + 2 for report in self._broken]
        lasts = [len(_broken_note(report)) for report in self._broken]
        padding = 2 * self.cell_padding
        needed = max([len("Deck"), *titles]) + padding
        needed += sum(max(len(label), 4) + padding for label in _COUNTS)
        needed += max([len(_LAST), _DATE_WIDTH, *lasts]) + padding
        return needed + 2 <= width  # and the scrollbar's room

    def _add_columns(self) -> None:
        self.add_column("Deck", key="deck")
        for label in _COUNTS:
            self.add_column(label, key=label.lower())
        if self._with_last:
            self.add_column(_LAST, key="last")

    def _fill(self) -> None:
        selected = self.selected_key
        if ("last" in self.columns) == self._with_last:
            self.clear()  # the columns keep their widths until the rows are measured
        else:
            self.clear(columns=True)
            self._add_columns()
        zone = self._zone
        for line in self._lines:
            last = line.last_studied.astimezone(zone) if line.last_studied else None
            cells: list[str | Text] = [
                _plain(line.title),
                _count(line.new, "new"),
                _count(line.learning, "learning"),
                _count(line.due, "due"),
                str(line.total),
            ]
            if self._with_last:
                cells.append(last.strftime("%d %b %Y") if last else "never")
            self.add_row(*cells, key=line.deck)
        for report in self._broken:
            name = f"⚠ {_broken_name(report)}"
            if self._with_last:
                cells = [_plain(name, style="bold red"), "", "", "", ""]
                cells.append(Text(_broken_note(report), style="red"))
            else:  # no column for it: the note goes beside the name
                name = f"{name}: {_broken_note(report)}"
                cells = [_plain(name, style="bold red"), "", "", "", ""]
            self.add_row(*cells, key=BROKEN + str(report.path))
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

    def select(self, deck: str) -> None:
        """Put the cursor on a deck's row."""
        keys = [row.value for row in self.rows]
        if deck in keys:
            self.move_cursor(row=keys.index(deck))


def _broken_name(report: DeckSync) -> str:
    return report.deck or report.path.name


def _broken_note(report: DeckSync) -> str:
    errors = plural(len(report.errors), "error")
    return f"broken: {errors} (x)"


def _plain(text: str, style: str = "") -> Text:
    """Text from a file as one line of plain text: a `str` cell would be read as markup."""
    return Text(printable(text, newlines=False), style=style)


def _count(value: int, kind: str) -> Text:
    """A count coloured as Anki colours it (new blue, learning red, due green); 0 dimmed."""
    return Text(str(value), style=_COUNT_STYLES[kind] if value else "dim")
