"""The foot of the study screen: a progress bar, the cards left, the time taken."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import ProgressBar, Static

from studytool.study_session import Remaining


class SessionStatus(Horizontal):
    """`progress` (answers given, of all), `left` (new, learning, review) and `seconds`."""

    progress: var[tuple[int, int]] = var((0, 0), init=False, always_update=True)
    left: var[Remaining] = var(Remaining(0, 0, 0), init=False, always_update=True)
    seconds: var[int] = var(0, init=False, always_update=True)

    def compose(self) -> ComposeResult:
        self._bar = ProgressBar(show_eta=False, id="progress")
        self._left = Static(id="remaining")
        self._timer = Static(id="timer")
        yield self._bar
        yield self._left
        yield self._timer

    def watch_progress(self, progress: tuple[int, int]) -> None:
        done, total = progress
        self._bar.update(total=max(total, 1), progress=done)

    def watch_left(self, left: Remaining) -> None:
        self._left.update(
            Text.assemble(
                (str(left.new), "bold blue"),
                " new  ",
                (str(left.learning), "bold red"),
                " learning  ",
                (str(left.review), "bold green"),
                " review",
            ),
            layout=False,
        )

    def watch_seconds(self, seconds: int) -> None:
        self._timer.update(f"{seconds // 60}:{seconds % 60:02d}", layout=False)
