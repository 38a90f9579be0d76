"""What the screens look like, pinned with pytest-textual-snapshot.

The study screen (front and back), the deck list and browse at 60x18, 80x24 and 160x48,
the study screen on a wide terminal (its text held to a readable measure), and the
other screens at 80x24 and 120x36.

After a deliberate change to a screen, look at the new pictures and accept them with
`pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
#: The screens a trainee spends their time on, from a small terminal to a large one.
MAIN_SIZES = [
    pytest.param((60, 18), id="60x18"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((160, 48), id="160x48"),
]

Compare = Callable[..., bool]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the temporary folder so file paths on screen read `decks/...`."""
    monkeypatch.chdir(tmp_path)
    return Path(".")


def keys(*presses: str) -> Callable[[Pilot[None]], object]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in presses:  # each key on a settled screen: searches run in workers
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", MAIN_SIZES)
def test_deck_list(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = make_app(here, history=True)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", MAIN_SIZES)
def test_study_front(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = make_app(here, history=True, notes=True)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter"))


@pytest.mark.parametrize("size", MAIN_SIZES)
def test_study_back(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    """An identify card: its answer, then the muscle's notes."""
    app = make_app(here, history=True, notes=True)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "space"))


def test_study_back_on_a_wide_terminal(snap_compare: Compare, here: Path) -> None:
    """The card in a centred column of about 80 characters, not 210."""
    app = make_app(here, history=True, notes=True)
    assert snap_compare(app, terminal_size=(220, 50), run_before=keys("enter", "space"))


@pytest.mark.parametrize("size", MAIN_SIZES)
def test_browse(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = make_app(here, history=True)
    assert snap_compare(app, terminal_size=size, run_before=keys("b", "down", "down"))


def test_browse_shows_a_pose_card_with_every_muscle(snap_compare: Compare, here: Path) -> None:
    from test_joining_cards import FOUR_MUSCLES

    app = make_app(here, deck_text=FOUR_MUSCLES)
    presses = ("b", *"kind:pose", "enter", "down")
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys(*presses))


@pytest.mark.parametrize("size", SIZES)
def test_stats(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = make_app(here, history=True)
    assert snap_compare(app, terminal_size=size, run_before=keys("s"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = make_app(here)
    assert snap_compare(app, terminal_size=size, run_before=keys("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_broken_deck_errors(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = make_app(here, broken=True)
    assert snap_compare(app, terminal_size=size, run_before=keys("x"))


@pytest.mark.parametrize("size", SIZES)
def test_session_summary(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = make_app(here)
    presses = ["enter", "space", "5", "space", "2", "space", "4", "escape"]
    assert snap_compare(app, terminal_size=size, run_before=keys(*presses))
