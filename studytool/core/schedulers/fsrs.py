"""FSRS scheduling, through the maintained `fsrs` package (py-fsrs): no copy of its maths.

Pure: no clock, no storage. A card's FSRS memory (stability, difficulty, its learning
phase and step, and the study day of its last answer) goes in with a rating and the
study day of the answer, and the package's scheduler says what comes out and when the
card is next due. studytool runs the package's scheduler as Anki does by default
(learning steps of 1 and 10 minutes, a relearning step of 10 minutes, a 100-year cap)
but without fuzz: a schedule must come out the same each time the log is replayed.

Time is counted in study days, as Anki counts it for FSRS: each answer reaches the
package at the start of its study day. The package itself counts whole 24-hour
periods, so an evening answer and the next morning's would be "0 days" apart, and
FSRS would take the morning's for a same-day repeat and expect certain recall.

The four ratings are Anki's (1 Again, 2 Hard, 3 Good, 4 Easy). The review log keeps
every answer as an SM-2 quality, the way answers from Anki have always been kept
(Again 1, Hard 3, Good 4, Easy 5), so either scheduler can replay any answer.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import fsrs

__all__ = [
    "DEFAULT_PARAMETERS",
    "DEFAULT_RETENTION",
    "LEARNING_STEPS",
    "MAX_RETENTION",
    "MIN_RETENTION",
    "QUALITY_OF_RATING",
    "RATINGS",
    "RELEARNING_STEPS",
    "FSRSConfig",
    "FSRSMemory",
    "Phase",
    "package_scheduler",
    "rating_of_quality",
    "retrievability",
    "review",
    "within_bounds",
]

#: FSRS-6's default parameters, as the package ships them (21 numbers).
DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.212,
    1.2931,
    2.3065,
    8.2956,
    6.4133,
    0.8334,
    3.0194,
    0.001,
    1.8722,
    0.1666,
    0.796,
    1.4835,
    0.0614,
    0.2629,
    1.6483,
    0.6014,
    1.8729,
    0.5425,
    0.0912,
    0.0658,
    0.1542,
)
#: The share of cards a trainee wants to recall when they come due, and its bounds
#: (Anki's: below 0.7 too much is forgotten, above 0.99 the reviews pile up).
DEFAULT_RETENTION = 0.9
MIN_RETENTION = 0.7
MAX_RETENTION = 0.99
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
MAX_INTERVAL_DAYS = 36_500

#: Anki's four answers, as the study screen labels its keys.
RATINGS: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
#: How the review log keeps each rating: as the SM-2 quality Anki's button maps to.
QUALITY_OF_RATING: dict[int, int] = {1: 1, 2: 3, 3: 4, 4: 5}


def rating_of_quality(quality: int) -> int:
    """The FSRS rating an SM-2 quality counts as: 0-2 Again, 3 Hard, 4 Good, 5 Easy."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
    return {3: 2, 4: 3, 5: 4}.get(quality, 1)


class Phase:
    """Where a card is in FSRS's cycle, as the package numbers it."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class FSRSConfig:
    """The parameters FSRS runs with and the retention it schedules for."""

    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    desired_retention: float = DEFAULT_RETENTION

    def __post_init__(self) -> None:
        if not MIN_RETENTION <= self.desired_retention <= MAX_RETENTION:
            raise ValueError(
                f"desired retention must be from {MIN_RETENTION} to {MAX_RETENTION},"
                f" not {self.desired_retention}"
            )
        if len(self.parameters) != len(DEFAULT_PARAMETERS):
            raise ValueError(
                f"FSRS takes {len(DEFAULT_PARAMETERS)} parameters, not {len(self.parameters)}"
            )
        if self.parameters != DEFAULT_PARAMETERS and within_bounds(self.parameters) != tuple(
            self.parameters
        ):
            raise ValueError("one or more FSRS parameters are outside the bounds FSRS allows")


def within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """The parameters, each moved into the bounds the package allows (fsrs-rs clips them
    as 32-bit floats, so a parameter fitted to its bound can come back a hair above it)."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return tuple(
        min(max(float(value), low), high)
        for value, low, high in zip(
            parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


@dataclass(frozen=True, slots=True)
class FSRSMemory:
    """What FSRS knows of a card once it has been answered."""

    stability: float  # days until recall falls to 90%
    difficulty: float  # 1 (easy) to 10 (hard)
    phase: int  # a Phase
    step: int | None  # the learning or relearning step, None in review
    last_review: date  # the study day of its last answer

    @property
    def learning(self) -> bool:
        """In a learning or relearning step: the card comes back the same day."""
        return self.phase != Phase.REVIEW


@functools.lru_cache(maxsize=8)
def package_scheduler(config: FSRSConfig = FSRSConfig()) -> fsrs.Scheduler:
    """The `fsrs` package's scheduler, set up as studytool runs it."""
    import fsrs

    return fsrs.Scheduler(
        parameters=config.parameters,
        desired_retention=config.desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAX_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def day_start(day: date) -> datetime:
    """The moment the package is given for an answer on study day `day`."""
    return datetime.combine(day, time(), UTC)


def review(
    memory: FSRSMemory | None, rating: int, day: date, config: FSRSConfig = FSRSConfig()
) -> tuple[FSRSMemory, timedelta]:
    """The memory after answering `rating` (1-4) on study day `day`, and how long until
    the card is due again (minutes in a learning step, whole days in review)."""
    import fsrs

    if isinstance(rating, bool) or rating not in RATINGS:
        raise ValueError(f"an FSRS rating is 1, 2, 3 or 4, not {rating!r}")
    when = day_start(day)
    card = _new_card() if memory is None else _package_card(memory)
    after, _ = package_scheduler(config).review_card(card, fsrs.Rating(rating), when)
    assert after.stability is not None
    assert after.difficulty is not None
    memory_after = FSRSMemory(after.stability, after.difficulty, int(after.state), after.step, day)
    return memory_after, after.due - when


def retrievability(
    memory: FSRSMemory | None, day: date, config: FSRSConfig = FSRSConfig()
) -> float:
    """The chance of recalling the card on study day `day` (0 before its first answer)."""
    if memory is None:
        return 0.0
    package = package_scheduler(config)
    return float(package.get_card_retrievability(_package_card(memory), day_start(day)))


#: The id every card is given in the package. Without one it makes an id from the
#: clock, and sleeps a millisecond so that the next differs: a thousand times the cost
#: of the answer itself. The package never reads the id.
_CARD_ID = 1


def _new_card() -> fsrs.Card:
    import fsrs

    return fsrs.Card(card_id=_CARD_ID)


def _package_card(memory: FSRSMemory) -> fsrs.Card:
    import fsrs

    last = day_start(memory.last_review)
    return fsrs.Card(
        card_id=_CARD_ID,
        state=fsrs.State(memory.phase),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=last,
        last_review=last,
    )
