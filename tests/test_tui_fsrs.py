"""The study screen under FSRS: Anki's four answers, each with its real wait, driven
through the real app with Pilot, and pinned as a snapshot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static
from tui_helpers import make_app, screen_lines, settle

from studytool.tui.screens.help import HelpScreen
from studytool.tui.screens.study import StudyScreen
from studytool.tui.screens.summary import SummaryScreen

Compare = Callable[..., bool]


def reviews(app) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return app.store.query("SELECT card_id, quality, kind FROM reviews ORDER BY id")


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [notice.message for notice in app._notifications]


def text_of(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def test_four_answers_under_fsrs(tmp_path: Path) -> None:
    app = make_app(tmp_path, fsrs=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        assert "1 Again, 2 Hard, 3 Good, 4 Easy" in text_of(app, "#reveal-hint")
        await pilot.press("space")
        keys = [text_of(app, f"#grade-{quality}") for quality in (1, 3, 4, 5)]
        # The key, its word, and the package's real wait: learning steps of 1 and 10
        # minutes (Hard halfway), Easy straight to review.
        assert [key.split() for key in keys] == [
            ["1", "again", "1m"],
            ["2", "hard", "6m"],
            ["3", "good", "10m"],
            ["4", "easy", "8d"],
        ]
        assert not app.screen.query("#grade-0")

        await pilot.press("0")  # not an FSRS answer: nothing is logged
        assert reviews(app) == []
        assert "Answer with 1 Again, 2 Hard, 3 Good or 4 Easy." in notices(app)
        await pilot.press("3")  # Good: the first learning step, back in this session
        assert reviews(app) == [
            {"card_id": "test-deck/muscle-1/origin", "quality": 4, "kind": "new"}
        ]
        assert "1 learning" in text_of(app, "#remaining")
        await pilot.press("space", "enter")  # Enter after the reveal is Good
        await pilot.press("space", "4")  # Easy
        assert [r["quality"] for r in reviews(app)] == [4, 4, 5]
        await pilot.press("u")  # a slip undone, as under SM-2
        assert [r["quality"] for r in reviews(app)] == [4, 4]

        await pilot.press("space", "1")  # Again: not a pass
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        summary = text_of(app, "#summary-body")
        assert "Passed          67%  (answers Hard, Good or Easy)" in summary


async def test_help_shows_the_four_answers_under_fsrs(tmp_path: Path) -> None:
    app = make_app(tmp_path, fsrs=True)
    async with app.run_test(size=(120, 90)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Grades (FSRS)" in shown
        assert "again  forgotten" in shown
        assert "blackout" not in shown  # SM-2's grades are not offered
        assert "1m, 10m     a learning step" in shown


@pytest.mark.parametrize("size", [(60, 18), (80, 24)], ids=["60x18", "80x24"])
def test_study_back_under_fsrs(
    snap_compare: Compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(Path("."), history=True, fsrs=True)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in ("enter", "space"):
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_browse_and_stats_show_fsrs_recall(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    app = make_app(tmp_path, history=True, fsrs=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        table = app.screen.query_one("#results", DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels[-1] == "Recall"
        recalls = [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]
        answered = [value for value in recalls if value != "-"]
        assert answered
        assert all(value.endswith("%") and 0 <= int(value[:-1]) <= 100 for value in answered)
        await settle(pilot)
        detail = str(app.screen.query_one("#detail-body", Static).render())
        assert "stability" in detail
        assert "difficulty" in detail
        assert "recall today" in detail
        assert "easiness" not in detail  # SM-2's, not FSRS's

        await pilot.press("escape", "s")
        await settle(pilot)
        summary = text_of(app, "#stats-summary")
        assert "answers Hard, Good or Easy" in summary
        assert "FSRS estimates you would recall" in summary
        assert "desired retention 90%" in summary
