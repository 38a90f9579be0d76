"""What the settings screen looks like, pinned at 60x18, 80x24 and 160x48.

After a deliberate change to the screen, look at the new pictures and accept them with
`pytest tests/test_tui_settings_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot
from tui_helpers import make_app, settle

from studytool.tui.app import StudyApp, open_app

SIZES = [
    pytest.param((60, 18), id="60x18"),
    pytest.param((80, 24), id="80x24"),
    pytest.param((160, 48), id="160x48"),
]

Compare = Callable[..., bool]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the temporary folder so paths on screen read `settings.toml`, with the
    user's config and data folders in it too."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    return Path(".")


def settings_app(folder: Path) -> StudyApp:
    sample = cast(StudyApp, make_app(folder))
    sample.store.close()
    return cast(StudyApp, open_app(replace(sample.config, settings_file=Path("settings.toml"))))


def keys(*presses: str) -> Callable[[Pilot[None]], object]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_settings(snap_compare: Compare, here: Path, size: tuple[int, int]) -> None:
    app = settings_app(here)
    assert snap_compare(app, terminal_size=size, run_before=keys("comma"))


@pytest.mark.parametrize("size", SIZES)
def test_settings_with_a_value_not_allowed(
    snap_compare: Compare, here: Path, size: tuple[int, int]
) -> None:
    app = settings_app(here)
    presses = ("comma", "down", "l", "o", "t", "s", "ctrl+s")
    assert snap_compare(app, terminal_size=size, run_before=keys(*presses))
