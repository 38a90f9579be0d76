"""What one answer does to a card's schedule: SM-2, same-day repeats, leeches.

Pure: the store keeps these records and the study screen shows them, but the rules
live here, where they are tested without a database or a clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date

from studytool.core.schedulers.sm2 import QUALITIES, SM2State, due_day, preview_intervals, review

__all__ = [
    "LEECH_LAPSES",
    "PASSING_QUALITY",
    "AnswerKind",
    "CardSchedule",
    "apply_answer",
    "format_interval",
    "grade_labels",
]

#: SM-2's same-day rule: an answer below this brings the card back until it reaches it.
PASSING_QUALITY = 4
#: A card that has lapsed this many times is a leech: tagged and suspended. As in Anki,
#: a leech that is unsuspended and keeps lapsing is caught again every few lapses more.
LEECH_LAPSES = 8
LEECH_AGAIN_EVERY = 4


class AnswerKind(enum.StrEnum):
    """How an answer counts."""

    NEW = "new"  # the first answer a card ever gets
    REVIEW = "review"  # a scheduled card's first answer of the day: moves the schedule
    REPEAT = "repeat"  # a same-day repeat after a low grade: logged, schedule untouched


@dataclass(frozen=True, slots=True)
class CardSchedule:
    """Everything the scheduler keeps about one card."""

    state: SM2State = SM2State()  # noqa: RUF009 - frozen, so one shared default is safe
    due: date | None = None  # None while the card is new
    learning_day: date | None = None  # the day it must be repeated until it passes
    buried_until: date | None = None
    suspended: bool = False
    leech: bool = False

    @property
    def is_new(self) -> bool:
        return self.due is None

    def repeating_on(self, today: date) -> bool:
        return self.learning_day == today

    def is_due(self, today: date) -> bool:
        return self.due is not None and self.due <= today and not self.repeating_on(today)

    def available(self, today: date) -> bool:
        """Not suspended, and not buried for `today`."""
        return not self.suspended and (self.buried_until is None or self.buried_until <= today)


def apply_answer(
    schedule: CardSchedule, quality: int, today: date
) -> tuple[CardSchedule, AnswerKind]:
    """The schedule after answering `quality` on study day `today`, and how it counts.

    The first answer of the day runs SM-2 and sets the due day. Below 4 the card is
    also marked for repeating today; repeats are logged but move nothing, and a
    repeat graded 4 or more ends them. The eighth lapse makes a card a leech, which
    suspends it (and so does every fourth lapse after that, should it be unsuspended).
    """
    if schedule.repeating_on(today):
        review(schedule.state, quality)  # validates the quality like any answer
        if quality >= PASSING_QUALITY:
            return replace(schedule, learning_day=None), AnswerKind.REPEAT
        return schedule, AnswerKind.REPEAT
    kind = AnswerKind.NEW if schedule.is_new else AnswerKind.REVIEW
    state = review(schedule.state, quality)
    lapsed = state.lapses > schedule.state.lapses
    becomes_leech = (
        lapsed
        and state.lapses >= LEECH_LAPSES
        and (state.lapses - LEECH_LAPSES) % LEECH_AGAIN_EVERY == 0
    )
    updated = replace(
        schedule,
        state=state,
        due=due_day(today, state),
        # A card that just became a leech is set aside, not repeated today.
        learning_day=today if quality < PASSING_QUALITY and not becomes_leech else None,
        buried_until=None,
        leech=schedule.leech or becomes_leech,
        suspended=schedule.suspended or becomes_leech,
    )
    return updated, kind


def format_interval(days: int) -> str:
    """A short interval for a grade key: 1d, 6d, 3.2mo, 1.4y."""
    if days < 30:
        return f"{days}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def grade_labels(schedule: CardSchedule, today: date) -> dict[int, str]:
    """What each grade 0..5 would do to this card, as the study screen shows it.

    A same-day repeat moves no schedule: below 4 it comes back ("again"), from 4 it is
    done for today. Otherwise each grade shows the interval SM-2 would give.
    """
    if schedule.repeating_on(today):
        return {q: "again" if q < PASSING_QUALITY else "done" for q in QUALITIES}
    return {q: format_interval(days) for q, days in preview_intervals(schedule.state).items()}
