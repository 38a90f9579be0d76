"""The footer of the main screens, made to fit the terminal.

When the keys do not fit on one line as Textual's footer draws them, they sit closer
and the command palette's key is left out (Ctrl+P still opens it); when they still do
not fit, they go on as few rows as they need, in columns, instead of running off the
edge of the screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import ceil

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: The command palette key's width in the footer ("▏^p palette " and its margin).
_PALETTE_WIDTH = 14


class KeyFooter(Footer):
    """A Footer that packs its keys when they do not fit (see `-packed` in app.tcss)."""

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        self._keys = [
            (key.key_display, key.description)
            for key in keys
            if isinstance(key, FooterKey) and not key.has_class("-command-palette")
        ]
        self._arrange(self.size.width)
        yield from keys

    def on_resize(self, event: events.Resize) -> None:
        self._arrange(event.size.width)

    def _arrange(self, width: int) -> None:
        keys = self._keys
        # As Textual draws them: " k " then "description ", the palette's key on the right.
        spread = sum(cell_len(key) + cell_len(text) + 3 for key, text in keys)
        packed = width > 0 and spread + _PALETTE_WIDTH > width
        self.set_class(packed, "-packed")  # app.tcss draws the keys closer
        # Packed: "k description" and a space.
        widths = [cell_len(key) + cell_len(text) + 2 for key, text in keys]
        rows = rows_needed(widths, width) if packed else 1
        if rows == 1:
            self.styles.layout = "horizontal"
        else:
            columns = ceil(len(keys) / rows)
            self.styles.layout = "grid"
            self.styles.grid_size_columns = columns
            self.styles.grid_columns = " ".join(str(w) for w in _column_widths(widths, columns))
        self.styles.height = rows


def rows_needed(widths: Sequence[int], width: int) -> int:
    """The fewest rows that hold keys of these widths in `width` cells, filled row by
    row into columns as wide as their widest key."""
    for rows in range(1, len(widths) + 1):
        columns = ceil(len(widths) / rows)
        if sum(_column_widths(widths, columns)) <= width:
            return rows
    return max(1, len(widths))


def _column_widths(widths: Sequence[int], columns: int) -> Iterable[int]:
    for column in range(columns):
        yield max(widths[column::columns])
