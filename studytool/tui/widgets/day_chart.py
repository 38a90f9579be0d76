"""A bar per day, as the stats screen charts answers and the forecast."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot

from studytool.stats import DayCount


class DayChart(PlotextPlot):
    """Bars for days with a count (days without stay empty), on a whole-number axis."""

    def show(self, title: str, days: Sequence[DayCount]) -> None:
        plt = self.plt
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
        self.refresh()
