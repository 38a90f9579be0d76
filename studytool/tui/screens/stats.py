"""Statistics: reviews per day, the 30-day forecast, retention, streak, weakest muscles."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from studytool import stats
from studytool.core.terminal_text import printable
from studytool.storage import StoreError
from studytool.tui.screens.base import UsesStudyApp
from studytool.tui.widgets.day_chart import DayChart

_DAYS = 30
_WEAKEST = 10


@dataclass(frozen=True)
class _Figures:
    per_day: list[stats.DayCount]
    forecast: list[stats.DayCount]
    retention: stats.Retention
    streak: int
    weakest: list[stats.MuscleLapses]
    recall: stats.Recall | None  # under FSRS


class StatsScreen(UsesStudyApp, Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back")]

    @dataclass
    class Loaded(Message):
        """The figures, read in a worker (or why they could not be)."""

        figures: _Figures | None
        problem: str | None = None

    def compose(self) -> ComposeResult:
        self.summary = Static("Loading…", id="stats-summary")
        self.reviews_chart = DayChart(id="reviews-chart")
        self.forecast_chart = DayChart(id="forecast-chart")
        self.weakest: DataTable[str | Text] = DataTable(id="weakest", cursor_type="row")
        self.weakest.add_columns("Muscle", "Deck", "Lapses")
        yield Header()
        with VerticalScroll(id="stats"):
            yield self.summary
            with Horizontal(id="charts"):
                yield self.reviews_chart
                yield self.forecast_chart
            yield Static("Your weakest muscles (most lapses)", classes="heading")
            yield self.weakest
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """The stats queries can take a moment on a big collection: keep keys responsive."""
        app = self.study_app
        store, now = app.store, app.now()
        try:
            figures = _Figures(
                stats.reviews_per_day(store, now, _DAYS),
                stats.due_forecast(store, now, _DAYS),
                stats.retention(store, now, _DAYS),
                stats.streak(store, now),
                stats.muscle_lapses(store, _WEAKEST),
                stats.estimated_recall(store, now),
            )
        except StoreError as error:
            self.post_message(self.Loaded(None, problem=str(error)))
            return
        self.post_message(self.Loaded(figures))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        figures = message.figures
        if figures is None:
            problem = printable(message.problem or "")
            self.summary.update(Text(f"Could not read your statistics: {problem}"))
            return
        rate = figures.retention.rate
        retention = (
            f"{rate:.0%} of {figures.retention.answers}" if rate is not None else "no answers yet"
        )
        days = "day" if figures.streak == 1 else "days"
        passes = figures.retention.pass_words
        self.summary.update(
            f"Retention, last 30 days: {retention} first answers passed ({passes})  ·  "
            f"Streak: {figures.streak} {days}  ·  "
            f"Answers, last 30 days: {sum(d.count for d in figures.per_day)}"
            + _recall_line(figures.recall)
        )
        self.reviews_chart.show("Reviews per day (last 30)", figures.per_day)
        self.forecast_chart.show("Due, next 30 days", figures.forecast)
        self.weakest.clear()
        for muscle in figures.weakest:
            # Deck text, shown as typed: never read as markup, never a raw control code.
            name = Text(printable(muscle.name, newlines=False))
            self.weakest.add_row(name, Text(printable(muscle.deck)), str(muscle.lapses))
        if not figures.weakest:
            self.weakest.add_row("No lapses yet", "", "")

    def action_back(self) -> None:
        self.app.pop_screen()


def _recall_line(recall: stats.Recall | None) -> str:
    """FSRS's estimate of recall now, on a line of its own (nothing under SM-2)."""
    if recall is None:
        return ""
    if recall.average is None:
        return f"\nFSRS, desired retention {recall.desired:.0%}: no card answered yet"
    return (
        f"\nFSRS estimates you would recall {recall.average:.0%} of your"
        f" {recall.cards} studied cards now (desired retention {recall.desired:.0%})"
    )
