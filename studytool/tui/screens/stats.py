"""Statistics: reviews per day, the 30-day forecast, retention, streak, weakest muscles."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from studytool import stats
from studytool.tui.screens.base import UsesStudyApp


@dataclass(frozen=True)
class _Figures:
    per_day: list[stats.DayCount]
    forecast: list[stats.DayCount]
    retention: stats.Retention
    streak: int
    weakest: list[stats.MuscleLapses]


class StatsScreen(UsesStudyApp, Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static("Loading…", id="stats-summary")
            with Horizontal(id="charts"):
                yield PlotextPlot(id="reviews-chart")
                yield PlotextPlot(id="forecast-chart")
            yield Static("Your weakest muscles (most lapses)", classes="heading")
            table: DataTable[str] = DataTable(id="weakest", cursor_type="row")
            table.add_columns("Muscle", "Deck", "Lapses")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        """The stats queries can take a moment on a big collection: keep keys responsive."""
        app = self.study_app
        store = app.store
        if store is None:
            return
        now = app.now()
        figures = _Figures(
            stats.reviews_per_day(store, now, 30),
            stats.due_forecast(store, now, 30),
            stats.retention(store, now, 30),
            stats.streak(store, now),
            stats.muscle_lapses(store, 10),
        )
        app.call_from_thread(self.show, figures)

    def show(self, figures: _Figures) -> None:
        rate = figures.retention.rate
        retention = (
            f"{rate:.0%} of {figures.retention.answers}" if rate is not None else "no answers yet"
        )
        days = "day" if figures.streak == 1 else "days"
        self.query_one("#stats-summary", Static).update(
            f"Retention, last 30 days: {retention}  ·  Streak: {figures.streak} {days}  ·  "
            f"Answers, last 30 days: {sum(d.count for d in figures.per_day)}"
        )
        _bars(
            self.query_one("#reviews-chart", PlotextPlot),
            "Reviews per day (last 30)",
            figures.per_day,
        )
        _bars(self.query_one("#forecast-chart", PlotextPlot), "Due, next 30 days", figures.forecast)
        table = self.query_one("#weakest", DataTable)
        table.clear()
        for muscle in figures.weakest:
            table.add_row(muscle.name, muscle.deck, str(muscle.lapses))
        if not figures.weakest:
            table.add_row("No lapses yet", "", "")

    def action_back(self) -> None:
        self.app.pop_screen()


def _bars(widget: PlotextPlot, title: str, days: list[stats.DayCount]) -> None:
    """A bar per day with answers (days without any stay empty), whole-number axis."""
    plt = widget.plt
    plt.clear_data()
    plt.clear_figure()
    counted = [(index, day.count) for index, day in enumerate(days) if day.count]
    if counted:
        plt.bar([i for i, _ in counted], [n for _, n in counted], width=0.6)
    highest = max((n for _, n in counted), default=1)
    step = max(1, -(-highest // 4))
    plt.yticks(list(range(0, highest + step, step)))
    plt.ylim(0, highest + step / 2)
    plt.xlim(-1, len(days))
    # Few labels, far apart: plotext drops labels that would touch, which at narrow
    # widths made the axis depend on more than the data.
    every = max(1, len(days) // 3)
    plt.xticks(
        list(range(0, len(days), every)),
        [day.day.strftime("%d %b") for day in days][::every],
    )
    plt.title(title)
    widget.refresh()
