"""The database's scheduler (SM-2 or FSRS, with FSRS's retention and parameters), and
switching it: every answered card is replayed through the new one, in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from studytool.core.schedulers.fsrs import DEFAULT_PARAMETERS, FSRSConfig
from studytool.core.scheduling import SchedulerName, Scheduling
from studytool.storage.connection import Connection
from studytool.storage.errors import StoreError
from studytool.storage.replay import replay_card

__all__ = ["Progress", "answer_days", "fit_report", "read_scheduling", "switch"]

#: Called with (cards replayed, cards to replay) while a switch runs.
Progress = Callable[[int, int], None]


def read_scheduling(conn: sqlite3.Connection) -> Scheduling:
    """The scheduler this database uses, as its one-row table says; StoreError when the
    table holds what no studytool wrote (edited by hand, say)."""
    row = conn.execute(
        "SELECT name, desired_retention, parameters FROM scheduler WHERE id = 1"
    ).fetchone()
    if row is None:
        return Scheduling()
    try:
        parameters = (
            tuple(float(value) for value in json.loads(row["parameters"]))
            if row["parameters"]
            else DEFAULT_PARAMETERS
        )
        return Scheduling(
            SchedulerName(row["name"]), FSRSConfig(parameters, float(row["desired_retention"]))
        )
    except (ValueError, TypeError) as error:  # JSONDecodeError is a ValueError
        raise StoreError(
            f"the scheduler recorded in the study database cannot be used ({error});"
            " choose one again with `studytool scheduler sm2` or `studytool scheduler fsrs`"
        ) from None


def switch(
    db: Connection,
    scheduling: Scheduling,
    progress: Progress | None = None,
    *,
    fit: dict[str, Any] | None = None,
) -> int:
    """Make `scheduling` the database's scheduler and replay every answered card through
    it, in one transaction (a failure changes nothing). Returns how many cards were
    replayed: none when the schedules would not change (the same scheduler, or only a
    setting the scheduler in use does not read).

    `fit` is the report of parameters just fitted to this database's answers; it is
    kept until the parameters change again."""
    with db.write() as conn:
        try:
            current: Scheduling | None = read_scheduling(conn)
        except StoreError:  # what was recorded cannot be used: this replaces it
            current = None
        parameters = scheduling.fsrs.parameters
        conn.execute(
            "UPDATE scheduler SET name = ?, desired_retention = ?, parameters = ? WHERE id = 1",
            (
                scheduling.name.value,
                scheduling.fsrs.desired_retention,
                None if parameters == DEFAULT_PARAMETERS else json.dumps(list(parameters)),
            ),
        )
        if fit is not None:
            conn.execute("UPDATE scheduler SET fit = ? WHERE id = 1", (json.dumps(fit),))
        elif current is None or parameters != current.fsrs.parameters:
            conn.execute("UPDATE scheduler SET fit = NULL WHERE id = 1")
        if current is not None and _same_schedules(current, scheduling):
            return 0
        cards = [
            row[0] for row in conn.execute("SELECT DISTINCT card_id FROM reviews ORDER BY card_id")
        ]
        for done, card_id in enumerate(cards, start=1):
            replay_card(conn, card_id, scheduling, new_leeches=False)
            if progress is not None:
                progress(done, len(cards))
    return len(cards)


def _same_schedules(old: Scheduling, new: Scheduling) -> bool:
    if old.name is not new.name:
        return False
    return not new.is_fsrs or old.fsrs == new.fsrs


def fit_report(db: Connection) -> dict[str, Any] | None:
    """How the kept parameters fit, when they were fitted here (None too when the
    report is not one studytool wrote: it only describes the parameters)."""
    rows = db.rows("SELECT fit FROM scheduler WHERE id = 1")
    try:
        report = json.loads(rows[0]["fit"]) if rows and rows[0]["fit"] else None
    except ValueError:
        return None
    needed = ("reviews", "fitted_on")
    if not isinstance(report, dict) or not all(key in report for key in needed):
        return None
    return report


def answer_days(db: Connection) -> list[list[tuple[int, date]]]:
    """Each answered card's answers (quality, study day) in time order, crams aside:
    the history FSRS's parameters are fitted to. A later answer is never put on an
    earlier study day than the one before it (a changed rollover hour or time zone can
    record it so): it counts as the same day."""
    cards: dict[str, list[tuple[int, date]]] = {}
    for row in db.rows(
        "SELECT card_id, quality, study_day FROM reviews WHERE kind != 'cram'"
        " ORDER BY card_id, answered_at, id"
    ):
        answers = cards.setdefault(row["card_id"], [])
        day = date.fromisoformat(row["study_day"])
        if answers and day < answers[-1][1]:
            day = answers[-1][1]
        answers.append((row["quality"], day))
    return list(cards.values())
