"""The built wheel carries the bundled decks, and an installed copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("studytool-*.whl")
    return built


def test_wheel_contains_the_bundled_decks(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    repo_decks = sorted(p.name for p in (REPO / "decks").glob("*.yaml"))
    assert repo_decks, "the repository ships decks"
    assert (
        sorted(
            n.removeprefix("studytool/decks/") for n in names if n.startswith("studytool/decks/")
        )
        == repo_decks
    )
    assert "studytool/cli/__init__.py" in names
    assert "studytool/tui/app.tcss" in names  # the app's stylesheet travels with it
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "studytool = studytool.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_an_unpacked_wheel_validates_its_own_decks(wheel: Path, tmp_path: Path) -> None:
    """Run the wheel's code, not the checkout's: it must find decks inside the package."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(tmp_path / "home")}
    code = (
        "import studytool.paths as p, sys; print(p.bundled_decks_dir());"
        "from studytool.cli import main; main(['validate'])"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == str(site / "studytool" / "decks")
    assert any(line.startswith("psoas-and-deep-core: 8 muscles") for line in lines)
    assert any(line.startswith("hip-and-pelvis: ") for line in lines)
