"""Run every benchmark and print one table: `python -m benchmarks`."""

from __future__ import annotations

import sys

from benchmarks import app, export, store, validate
from benchmarks.harness import table


def main() -> int:
    rows = validate.run() + store.run() + app.run() + export.run()
    print(table(rows))
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
