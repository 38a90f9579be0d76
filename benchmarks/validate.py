"""Validating a 4,000-muscle deck (28,000 cards) against a bare YAML load of the same file.

Two views of the same work, each beside its own floor:
- in process: `load_deck` (read, parse, validate, generate cards) vs reading the file
  and `yaml.load(..., Loader=yaml.CSafeLoader)`;
- as a user runs it: the `studytool validate FILE` command vs a Python process that
  does the bare load, both started afresh.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from benchmarks.gendeck import synthetic_deck
from benchmarks.harness import Row, median_seconds
from studytool.core.deck_loading import load_deck

TARGET = 2.0


def run(runs: int = 5) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "benchmark-deck.yaml"
        path.write_text(synthetic_deck(), encoding="utf-8")
        loaded = load_deck(path)
        if not loaded.ok or len(loaded.cards) != 28_000:
            raise RuntimeError(f"the benchmark deck is wrong: {loaded.errors[:3]}")

        def bare_load() -> object:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        floor = median_seconds(bare_load, runs)
        ours = median_seconds(lambda: load_deck(path), runs)

        bare_cmd = [
            sys.executable,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), "
            "Loader=yaml.CSafeLoader)",
            str(path),
        ]
        our_cmd = [sys.executable, "-m", "studytool", "validate", str(path)]
        cmd_floor = median_seconds(lambda: subprocess.run(bare_cmd, check=True), runs)
        cmd_ours = median_seconds(
            lambda: subprocess.run(our_cmd, check=True, stdout=subprocess.DEVNULL), runs
        )
    return [
        Row("validate 28,000-card deck (in process)", ours, "yaml.load CSafeLoader", floor, TARGET),
        Row(
            "`studytool validate` 28,000-card deck",
            cmd_ours,
            "python -c yaml.load CSafeLoader",
            cmd_floor,
            TARGET,
        ),
    ]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(run()))
    sys.exit(0)
