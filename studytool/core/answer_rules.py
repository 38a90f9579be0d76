"""What one answer does to a card's schedule: SM-2 or FSRS, same-day repeats, leeches.

Pure: the store keeps these records and the study screen shows them, but the rules
live here, where they are tested without a database or a clock.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from studytool.core.schedulers import fsrs
from studytool.core.schedulers.fsrs import FSRSMemory, rating_of_quality
from studytool.core.schedulers.sm2 import SM2State, due_day, review
from studytool.core.scheduling import SM2, Scheduling

__all__ = [
    "LEECH_LAPSES",
    "PASSING_QUALITY",
    "PASS_WORDS",
    "REQUEUE_GAP",
    "AnswerKind",
    "CardSchedule",
    "LoggedAnswer",
    "apply_answer",
    "apply_cram_answer",
    "becomes_leech",
    "format_interval",
    "format_wait",
    "grade_labels",
    "replay_answers",
]

#: The one meaning of a correct answer, everywhere: graded this or more, a *pass*. Below
#: it the card is repeated today until it passes (SM-2's same-day rule), and the
#: summary, the statistics and help all count passes the same way.
PASSING_QUALITY = 4
#: How screens name a pass.
PASS_WORDS = "answers graded 4 or 5"
#: A card graded below a pass comes back after this many other cards (or sooner, when
#: fewer are left in the session).
REQUEUE_GAP = 3
#: A card that has lapsed this many times is a leech: tagged and suspended. As in Anki,
#: a leech that is unsuspended and keeps lapsing is caught again every few lapses more.
LEECH_LAPSES = 8
LEECH_AGAIN_EVERY = 4


class AnswerKind(enum.StrEnum):
    """How an answer counts."""

    NEW = "new"  # the first answer a card ever gets
    REVIEW = "review"  # a scheduled card's first answer of the day: moves the schedule
    REPEAT = "repeat"  # a same-day repeat: under SM-2 logged, schedule untouched; FSRS takes it
    CRAM = "cram"  # practice on demand (custom study): logged, schedule untouched


@dataclass(frozen=True, slots=True)
class CardSchedule:
    """Everything the scheduler keeps about one card."""

    #: SM-2's state; under FSRS its interval (days until due) and lapses, which the
    #: statistics, the leeches and Anki read whichever scheduler runs.
    state: SM2State = SM2State()  # noqa: RUF009 - frozen, so one shared default is safe
    due: date | None = None  # None while the card is new
    learning_day: date | None = None  # the day it must be repeated until it passes
    buried_until: date | None = None
    suspended: bool = False
    leech: bool = False
    memory: FSRSMemory | None = None  # FSRS's memory of the card; None under SM-2

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
    schedule: CardSchedule,
    quality: int,
    today: date,
    *,
    scheduling: Scheduling = SM2,
) -> tuple[CardSchedule, AnswerKind]:
    """The schedule after answering `quality` on study day `today`, and how it counts.

    Under SM-2 the first answer of the day runs SM-2 and sets the due day. Below 4 the
    card is also marked for repeating today; repeats are logged but move nothing, and
    a repeat graded 4 or more ends them. Under FSRS see `_apply_fsrs_answer`. Either
    way the eighth lapse makes a card a leech, which suspends it (and so does every
    fourth lapse after that, should it be unsuspended).
    """
    if scheduling.is_fsrs:
        after, kind, _ = _apply_fsrs_answer(schedule, quality, today, scheduling)
        return after, kind
    if schedule.repeating_on(today):
        review(schedule.state, quality)  # validates the quality like any answer
        if quality >= PASSING_QUALITY:
            return replace(schedule, learning_day=None), AnswerKind.REPEAT
        return schedule, AnswerKind.REPEAT
    kind = AnswerKind.NEW if schedule.is_new else AnswerKind.REVIEW
    state = review(schedule.state, quality)
    now_leech = becomes_leech(schedule.state, state)
    updated = replace(
        schedule,
        state=state,
        due=due_day(today, state),
        # A card that just became a leech is set aside, not repeated today.
        learning_day=today if quality < PASSING_QUALITY and not now_leech else None,
        buried_until=None,
        leech=schedule.leech or now_leech,
        suspended=schedule.suspended or now_leech,
    )
    return updated, kind


def becomes_leech(before: SM2State, after: SM2State) -> bool:
    """Whether this answer's lapse makes the card a leech: the 8th, 12th, 16th..."""
    return (
        after.lapses > before.lapses
        and after.lapses >= LEECH_LAPSES
        and (after.lapses - LEECH_LAPSES) % LEECH_AGAIN_EVERY == 0
    )


def _apply_fsrs_answer(
    schedule: CardSchedule, quality: int, today: date, scheduling: Scheduling
) -> tuple[CardSchedule, AnswerKind, timedelta]:
    """Under FSRS every answer goes to the `fsrs` package, same-day ones too (FSRS has
    its own rule for them). A card in a learning or relearning step is repeated today;
    in review it is due after the package's interval. Again on a card in review is a
    lapse. The SM-2 state keeps the interval and the lapses (and counts passes since
    the last lapse as repetitions); its easiness is left as it was. Also returns the
    package's wait (a learning step's minutes), for the grade keys."""
    rating = rating_of_quality(quality)
    memory, wait = fsrs.review(schedule.memory, rating, today, scheduling.fsrs)
    if schedule.is_new:
        kind = AnswerKind.NEW
    elif schedule.repeating_on(today):
        kind = AnswerKind.REPEAT
    else:
        kind = AnswerKind.REVIEW
    was_in_review = schedule.memory is not None and not schedule.memory.learning
    lapsed = rating == 1 and was_in_review
    interval = 0 if memory.learning else _whole_days(wait)
    state = SM2State(
        schedule.state.easiness,
        0 if rating == 1 else schedule.state.repetitions + 1,
        interval,
        schedule.state.lapses + int(lapsed),
    )
    now_leech = becomes_leech(schedule.state, state)
    updated = replace(
        schedule,
        state=state,
        memory=memory,
        due=today + timedelta(days=interval),
        learning_day=today if memory.learning and not now_leech else None,
        buried_until=None,
        leech=schedule.leech or now_leech,
        suspended=schedule.suspended or now_leech,
    )
    return updated, kind, wait


def _whole_days(wait: timedelta) -> int:
    return round(wait / timedelta(days=1))


def apply_cram_answer(schedule: CardSchedule, quality: int) -> tuple[CardSchedule, AnswerKind]:
    """A crammed answer (custom study before an exam): checked like any answer, logged
    as a cram, and the schedule left exactly as it was."""
    review(schedule.state, quality)  # validates the quality like any answer
    return schedule, AnswerKind.CRAM


@dataclass(frozen=True, slots=True)
class LoggedAnswer:
    """One answer of a card's log, as a replay needs it."""

    quality: int
    study_day: date
    cram: bool = False


def replay_answers(
    answers: Sequence[LoggedAnswer],
    start: CardSchedule = CardSchedule(),
    scheduling: Scheduling = SM2,
) -> list[tuple[CardSchedule, CardSchedule, AnswerKind]]:
    """Each answer's schedule before and after, and how it counts, replaying `answers`
    (in the order given: time order) from `start` through the chosen scheduler: the
    schedule is a function of the review log, so answers that arrive late (from another
    device) take their place, and a database can switch scheduler.

    SM-2 moves a card once a study day: another answer the same day after a pass (Anki's
    learning steps on a phone, say) is a repeat that moves nothing. FSRS takes every
    answer, same-day ones too."""
    steps: list[tuple[CardSchedule, CardSchedule, AnswerKind]] = []
    schedule = start
    moved_on: date | None = None  # the day an answer last moved the schedule
    for logged in answers:
        if logged.cram:
            after, kind = apply_cram_answer(schedule, logged.quality)
        elif scheduling.is_fsrs:
            after, kind = apply_answer(
                schedule, logged.quality, logged.study_day, scheduling=scheduling
            )
        elif logged.study_day == moved_on and not schedule.repeating_on(logged.study_day):
            review(schedule.state, logged.quality)  # validates the quality like any answer
            after, kind = schedule, AnswerKind.REPEAT
        else:
            after, kind = apply_answer(schedule, logged.quality, logged.study_day)
            if kind in (AnswerKind.NEW, AnswerKind.REVIEW):
                moved_on = logged.study_day
        steps.append((schedule, after, kind))
        schedule = after
    return steps


def format_wait(wait: timedelta) -> str:
    """How long until a card is due, for a grade key: 1m, 10m, 2h, then as days."""
    minutes = round(wait / timedelta(minutes=1))
    if minutes < 60:
        return f"{max(1, minutes)}m"
    if minutes < 24 * 60:
        return f"{minutes // 60}h"
    return format_interval(_whole_days(wait))


def format_interval(days: int) -> str:
    """A short interval for a grade key: 1d, 6d, 3.2mo, 1.4y."""
    if days < 30:
        return f"{days}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def grade_labels(
    schedule: CardSchedule,
    today: date,
    cards_left: int = REQUEUE_GAP,
    *,
    cram: bool = False,
    scheduling: Scheduling = SM2,
) -> dict[int, str]:
    """What each grade would really do to this card, as the grade keys show it (keyed
    by quality: 0..5 under SM-2, FSRS's four answers as 1, 3, 4, 5).

    Each grade is tried with `apply_answer`, so the label is what happens: below a pass
    the card comes back in this session ("in 3 cards", or "next" when no other card is
    left: `cards_left` is how many other cards are queued); a pass shows when the card
    is due again ("1d", "17d", "1.4y"), on a same-day repeat too; and a lapse that makes
    the card a leech says so ("leech": it is suspended). Under FSRS a learning step
    shows its wait ("1m", "10m"): the card comes back later in the session. When
    cramming, no schedule moves: below a pass the card comes back, a pass is "done".
    """
    gap = min(REQUEUE_GAP, max(0, cards_left))
    again = "next" if gap == 0 else f"in {gap} card{'s' if gap > 1 else ''}"
    qualities = [grade.quality for grade in scheduling.grades]
    if cram:
        return {q: again if q < scheduling.passing_quality else "done" for q in qualities}
    labels: dict[int, str] = {}
    for quality in qualities:
        wait: timedelta | None = None  # FSRS's, for a learning step
        if scheduling.is_fsrs:
            after, _, wait = _apply_fsrs_answer(schedule, quality, today, scheduling)
        else:
            after, _ = apply_answer(schedule, quality, today)
        if after.leech and not schedule.leech:
            labels[quality] = "leech"
        elif wait is not None and after.memory is not None and after.memory.learning:
            labels[quality] = format_wait(wait)
        elif after.learning_day == today:
            labels[quality] = again
        else:
            assert after.due is not None  # answered: scheduled
            labels[quality] = format_interval((after.due - today).days)
    return labels
