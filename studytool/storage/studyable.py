"""What can be studied today, written once in SQL for the queries that need it.

The rule is the core's: `CardSchedule.available`, `is_new`, `is_due` and `repeating_on`
(core/answer_rules.py) for one card, `DailyLimits` (core/daily_limits.py) for a deck's
day. These fragments say the same of a `card_state` row, for queries that must weigh a
whole collection at once: the queue, the deck list's counts, the forecast, browse's
state filters and "due tomorrow" all build on them, and a test holds them against the
pure rule for every kind of card.

Each fragment reads `card_state` as `s` and the study day as the parameter `:today`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from studytool.storage.connection import Connection

__all__ = [
    "ACTIVE",
    "AVAILABLE",
    "BURIED",
    "DUE",
    "FAILED_TODAY",
    "LEECH",
    "NEW",
    "REPEATING",
    "STATE_FILTERS",
    "SUSPENDED",
    "DoneToday",
    "done_today",
    "in_decks",
]

#: In a deck file in use (a card gone from its file is retired, its history kept).
ACTIVE = "s.retired = 0"
#: Active, not suspended and not buried for today: `CardSchedule.available`.
AVAILABLE = f"{ACTIVE} AND s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= :today)"
#: Never answered: `CardSchedule.is_new`.
NEW = "s.due IS NULL"
#: A review due today or overdue, unless it is being repeated today: `CardSchedule.is_due`.
DUE = "s.due <= :today AND coalesce(s.learning_day, '') != :today"
#: Failed today, so it comes back today until it passes: `CardSchedule.repeating_on`.
REPEATING = "s.learning_day = :today"
SUSPENDED = "s.suspended = 1"
LEECH = "s.leech = 1"
BURIED = "s.buried_until > :today"
#: Answered below a pass today (a first answer or a repeat): what to cram again.
FAILED_TODAY = (
    "EXISTS (SELECT 1 FROM reviews AS r WHERE r.card_id = s.card_id"
    " AND r.study_day = :today AND r.quality < 4 AND r.kind != 'cram')"
)

#: Browse's `state:` filters. new, due and learning are the cards today's queue may offer,
#: before the daily limits and sibling burying (`study_queue.plan`) pick among them.
STATE_FILTERS = {
    "new": f"{NEW} AND {AVAILABLE}",
    "due": f"{DUE} AND {AVAILABLE}",
    "learning": f"{REPEATING} AND {AVAILABLE}",
    "suspended": SUSPENDED,
    "leech": LEECH,
    "buried": BURIED,
    "failed": FAILED_TODAY,
}


@dataclass(frozen=True, slots=True)
class DoneToday:
    """A deck's answers so far today that count against its daily limits."""

    new: int = 0
    reviews: int = 0


def done_today(db: Connection, today: date) -> dict[str, DoneToday]:
    """Per deck, the new cards and reviews answered on study day `today`."""
    return {
        row["deck"]: DoneToday(row["new"], row["reviews"])
        for row in db.rows(
            "SELECT deck, sum(kind = 'new') AS new, sum(kind = 'review') AS reviews"
            " FROM reviews WHERE study_day = :today GROUP BY deck",
            {"today": today.isoformat()},
        )
    }


def in_decks(decks: Sequence[str] | None, column: str = "s.deck") -> tuple[str, dict[str, object]]:
    """A condition on `column` (a deck id) for these decks (true for every deck when
    None), and its named parameters."""
    if decks is None:
        return "1", {}
    names = [f"deck{index}" for index in range(len(decks))]
    return f"{column} IN ({', '.join(':' + name for name in names)})", dict(
        zip(names, decks, strict=True)
    )
