"""The pure core stays pure: no UI, storage or export libraries behind its imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "studytool"


def modules_under(folder: str) -> list[str]:
    """Every module in a folder of the package, found on disk: a new module is checked
    the day it is added, without a list to keep by hand."""
    root = PACKAGE / folder
    return sorted(
        ".".join(("studytool", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for path in root.rglob("*.py")
    )


CORE = modules_under("core")
FORBIDDEN = ["textual", "sqlite_utils", "sqlite3", "genanki", "click", "platformdirs"]
# Storage sits beside the core: it may use SQLite (sqlite-utils brings click), never
# the UI or the exporter.
BESIDE_CORE = ["studytool.storage", "studytool.stats"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_storage_or_export(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("module", BESIDE_CORE)
def test_storage_imports_no_ui(module: str) -> None:
    code = f"import sys, {module}; print([m for m in ('textual', 'genanki') if m in sys.modules])"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_check_itself_can_fail() -> None:
    """Guard against a test that cannot fail: the CLI does import click."""
    code = "import sys, studytool.cli; print('click' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "True"


def test_package_import_is_light() -> None:
    code = "import sys, studytool; print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_the_study_app_starts_without_the_deck_validator() -> None:
    """Start-up speed: with unchanged decks the app never needs pydantic or YAML."""
    code = (
        "import sys, studytool.tui.app, studytool.tui.screens.deck_list, studytool.tui.screens.study; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'textual_plotext') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_opening_an_up_to_date_database_does_not_load_sqlite_utils(tmp_path: Path) -> None:
    """sqlite-utils is for schema steps and tools; a daily start stays on plain sqlite3."""
    from datetime import UTC

    from studytool.storage import Store

    Store.open(tmp_path / "s.db", zone=UTC).close()  # creates the schema (with sqlite-utils)
    code = (
        "import sys; from datetime import UTC; from studytool.storage import Store; "
        f"Store.open({str(tmp_path / 's.db')!r}, zone=UTC).close(); "
        "print('sqlite_utils' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
