"""Run every benchmark and print one table: `python -m benchmarks`.

Each group runs in a fresh Python process, so one group's heap (the store benchmark
builds a million review rows) cannot slow another's garbage collector. After the table
comes the scheduling benchmark's accuracy table (how well SM-2 and FSRS predict real
answers), from a process of its own too; its target counts toward the exit status.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.harness import Row, table

GROUPS = ("validate", "store", "app", "export", "sync", "scheduling")


def run_group(name: str) -> list[Row]:
    """Run benchmarks/<name>.py in its own process and read back its rows."""
    code = (
        "import json, sys, dataclasses; "
        f"from benchmarks import {name} as group; "
        "json.dump([dataclasses.asdict(r) for r in group.run()], sys.stdout)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return [Row(**fields) for fields in json.loads(done.stdout.splitlines()[-1])]


def run_accuracy() -> bool:
    """Print benchmarks/scheduling.py's accuracy table (run in its own process); True if
    its target is met."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.scheduling"], capture_output=True, text=True
    )
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    return done.returncode == 0


def main() -> int:
    rows = [row for name in GROUPS for row in run_group(name)]
    print(table(rows))
    print()
    accurate = run_accuracy()
    return 0 if all(row.met for row in rows) and accurate else 1


if __name__ == "__main__":
    sys.exit(main())
