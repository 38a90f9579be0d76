"""Run every benchmark and print one table: `python -m benchmarks`.

Each group runs in a fresh Python process, so one group's heap (the store benchmark
builds a million review rows) cannot slow another's garbage collector.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.harness import Row, table

GROUPS = ("validate", "store", "app", "export", "sync")


def run_group(name: str) -> list[Row]:
    """Run benchmarks/<name>.py in its own process and read back its rows."""
    code = (
        "import json, sys, dataclasses; "
        f"from benchmarks import {name} as group; "
        "json.dump([dataclasses.asdict(r) for r in group.run()], sys.stdout)"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return [Row(**fields) for fields in json.loads(done.stdout.splitlines()[-1])]


def main() -> int:
    rows = [row for name in GROUPS for row in run_group(name)]
    print(table(rows))
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
