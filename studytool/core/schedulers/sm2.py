"""SM-2 scheduling, exactly as published.

Pure: no clock, no storage. A review takes a state and a quality and returns a new
state; the caller decides what "today" is (see `study_days`) and passes it in.

The easiness factor (EF) moves in steps of 0.02, so it is computed in whole
hundredths: `ceil(I * EF)` can never land on the wrong day through float drift.
`SM2State.easiness` is the float nearest to that exact value (2.6 reads as 2.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "GRADES",
    "MAX_INTERVAL",
    "MIN_EASINESS",
    "QUALITIES",
    "SM2State",
    "due_day",
    "preview_intervals",
    "review",
]

QUALITIES = range(6)
#: SM-2's qualities in words, as the study screen labels its keys.
GRADES: dict[int, str] = {
    0: "blackout",
    1: "wrong",
    2: "familiar",
    3: "hard",
    4: "good",
    5: "easy",
}
MIN_EASINESS = 1.3
#: Intervals stop growing at 100 years, as Anki's maximum interval does by default.
#: Pure SM-2 has no bound: a card graded 5 again and again would pass the calendar's
#: end (year 9999) after about twenty answers.
MAX_INTERVAL = 36_500
_MIN_EF = 130  # hundredths
_START_EF = 250


@dataclass(frozen=True, slots=True)
class SM2State:
    """A card's SM-2 state: easiness factor, repetitions, interval (days) and lapses."""

    easiness: float = 2.5
    repetitions: int = 0
    interval: int = 0
    lapses: int = 0

    def __post_init__(self) -> None:
        hundredths = round(self.easiness * 100)
        if hundredths < _MIN_EF:
            raise ValueError(f"easiness must be at least {MIN_EASINESS}, not {self.easiness}")
        if self.repetitions < 0 or self.interval < 0 or self.lapses < 0:
            raise ValueError("repetitions, interval and lapses cannot be negative")
        # Normalise to whole hundredths so equal states compare and hash equal.
        object.__setattr__(self, "easiness", hundredths / 100)

    @property
    def easiness_hundredths(self) -> int:
        """The easiness factor as an exact whole number of hundredths (250 = 2.5)."""
        return round(self.easiness * 100)

    @classmethod
    def from_hundredths(
        cls, easiness: int, repetitions: int = 0, interval: int = 0, lapses: int = 0
    ) -> SM2State:
        return cls(easiness / 100, repetitions, interval, lapses)


def _check_quality(quality: object) -> int:
    if isinstance(quality, bool) or not isinstance(quality, int):
        raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
    if quality not in QUALITIES:
        raise ValueError(f"quality must be from 0 to 5, not {quality}")
    return quality


def review(state: SM2State, quality: int) -> SM2State:
    """The state after answering with `quality` (0..5); `state` itself is not changed."""
    q = _check_quality(quality)
    ef = state.easiness_hundredths
    if q >= 3:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            # ceil(I * EF) with the EF from before this answer; never below a day, even
            # for a state put together by hand with repetitions but no interval.
            interval = min(MAX_INTERVAL, max(1, -(-state.interval * ef // 100)))
        repetitions, lapses = state.repetitions + 1, state.lapses
    else:
        interval, repetitions, lapses = 1, 0, state.lapses + 1
    # EF' = EF + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02), in hundredths.
    miss = 5 - q
    new_ef = max(_MIN_EF, ef + 10 - miss * (8 + miss * 2))
    return SM2State.from_hundredths(new_ef, repetitions, interval, lapses)


def preview_intervals(state: SM2State) -> dict[int, int]:
    """The interval in days that each quality 0..5 would give, for labelling grade keys."""
    return {q: review(state, q).interval for q in QUALITIES}


def due_day(today: date, state: SM2State) -> date:
    """The study day a card answered `today` is next due: today + interval."""
    return today + timedelta(days=state.interval)
