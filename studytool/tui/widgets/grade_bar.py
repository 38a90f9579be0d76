"""The six grade keys, like Anki's answer buttons: the key, its meaning, and below it
what that grade would do to the card. Clicking one grades as its key does.

Each key draws itself for the room the stylesheet gives it: two lines (the key and
its grade word, then the outcome) or, when the bar is laid out as two rows of three,
one line with the key and its outcome only. A line never wraps into its neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from studytool.core.schedulers.sm2 import GRADES, QUALITIES


class GradeBar(Grid):
    """Grades 0-5 with `labels`: grade -> what it would do ("in 3 cards", "6d")."""

    labels: var[dict[int, str]] = var(dict, init=False)

    @dataclass
    class Chosen(Message):
        """A grade was clicked."""

        quality: int

    def compose(self) -> ComposeResult:
        self._keys = [_GradeKey(quality) for quality in QUALITIES]
        yield from self._keys

    def watch_labels(self, labels: dict[int, str]) -> None:
        for key in self._keys:
            key.show(labels.get(key.quality, ""))


class _GradeKey(Static):
    def __init__(self, quality: int) -> None:
        super().__init__(id=f"grade-{quality}", classes="grade")
        self.quality = quality
        self.label = ""

    def show(self, label: str) -> None:
        self.label = label
        self._draw()

    def on_resize(self) -> None:
        self._draw()  # the stylesheet moved from one form to the other

    def _draw(self) -> None:
        key = (f" {self.quality} ", "reverse bold")
        if self.size.height == 1:
            text = Text.assemble(key, " ", self.label)
        else:
            text = Text.assemble(key, f" {GRADES[self.quality]}\n", (self.label, "dim"))
        # A fixed-size key skips the layout pass: the answer must draw within a frame.
        self.update(text, layout=False)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(GradeBar.Chosen(self.quality))
