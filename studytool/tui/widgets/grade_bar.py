"""The grade keys, like Anki's answer buttons: SM-2's six grades (0-5) or FSRS's four
answers (1 Again, 2 Hard, 3 Good, 4 Easy); each key, its meaning, and below it what
that answer would do to the card. Clicking one grades as its key does.

Each key draws itself for the room the stylesheet gives it: two lines (the key and
its grade word, then the outcome) or, when the bar is laid out as two rows, one line
with the key and its outcome only. A line never wraps into its neighbour.
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

from studytool.core.scheduling import SM2, Grade


class GradeBar(Grid):
    """The `grades` with `labels`: quality -> what it would do ("in 3 cards", "6d")."""

    labels: var[dict[int, str]] = var(dict, init=False)

    @dataclass
    class Chosen(Message):
        """A grade was clicked."""

        quality: int

    def __init__(self, grades: tuple[Grade, ...] = SM2.grades, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-keys-{len(grades)}")
        self._grades = grades

    def compose(self) -> ComposeResult:
        self._keys = [_GradeKey(grade) for grade in self._grades]
        yield from self._keys

    def watch_labels(self, labels: dict[int, str]) -> None:
        for key in self._keys:
            key.show(labels.get(key.quality, ""))


class _GradeKey(Static):
    def __init__(self, grade: Grade) -> None:
        super().__init__(id=f"grade-{grade.quality}", classes="grade")
        self.grade = grade
        self.quality = grade.quality
        self.label = ""

    def show(self, label: str) -> None:
        self.label = label
        self._draw()

    def on_resize(self) -> None:
        self._draw()  # the stylesheet moved from one form to the other

    def _draw(self) -> None:
        key = (f" {self.grade.key} ", "reverse bold")
        if self.size.height == 1:
            text = Text.assemble(key, " ", self.label)
        else:
            text = Text.assemble(key, f" {self.grade.word}\n", (self.label, "dim"))
        # A fixed-size key skips the layout pass: the answer must draw within a frame.
        self.update(text, layout=False)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(GradeBar.Chosen(self.quality))
