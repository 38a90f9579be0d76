"""The six grade keys, like Anki's answer buttons: the key, its meaning, and below it
what that grade would do to the card. Clicking one grades as its key does."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from studytool.core.schedulers.sm2 import GRADES, QUALITIES


class GradeBar(Horizontal):
    """Grades 0-5 with `labels`: grade -> what it would do (an interval, "again")."""

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

    def show(self, label: str) -> None:
        self.update(
            Text.assemble(
                (f" {self.quality} ", "reverse bold"),
                f" {GRADES[self.quality]}\n",
                (label, "dim"),
            ),
            layout=False,
        )

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(GradeBar.Chosen(self.quality))
