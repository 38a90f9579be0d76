"""Which scheduler a study database uses, and what that means for its answers.

A study database schedules with SM-2 (studytool's default: six grades, 0 to 5) or with
FSRS (Anki's four answers). Either way the review log keeps each answer as an SM-2
quality (FSRS's Again, Hard, Good and Easy as 1, 3, 4 and 5, the way answers from Anki
are kept), so a database can switch and replay its whole log through the other one.

Pure: the choice is stored with the database (`storage/`) and shown by the screens.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from studytool.core.schedulers.fsrs import (
    QUALITY_OF_RATING,
    RATINGS,
    FSRSConfig,
    FSRSMemory,
    rating_of_quality,
    retrievability,
)
from studytool.core.schedulers.sm2 import GRADES

__all__ = ["SM2", "Grade", "SchedulerName", "Scheduling"]


class SchedulerName(enum.StrEnum):
    SM2 = "sm2"
    FSRS = "fsrs"


@dataclass(frozen=True, slots=True)
class Grade:
    """One answer a trainee can give: the key they press, its word, and the quality
    the review log keeps."""

    key: str
    word: str
    quality: int


_SM2_GRADES = tuple(Grade(str(quality), GRADES[quality], quality) for quality in sorted(GRADES))
_FSRS_GRADES = tuple(
    Grade(str(rating), word, QUALITY_OF_RATING[rating]) for rating, word in RATINGS.items()
)


@dataclass(frozen=True, slots=True)
class Scheduling:
    """A database's scheduler and, for FSRS, its parameters and desired retention."""

    name: SchedulerName = SchedulerName.SM2
    fsrs: FSRSConfig = FSRSConfig()  # noqa: RUF009 - frozen, so one shared default is safe

    @property
    def is_fsrs(self) -> bool:
        return self.name is SchedulerName.FSRS

    @property
    def grades(self) -> tuple[Grade, ...]:
        """The answers the study screen offers, lowest first."""
        return _FSRS_GRADES if self.is_fsrs else _SM2_GRADES

    @property
    def good(self) -> int:
        """The quality of a plain correct answer (Space or Enter): "good" in both."""
        return 4

    @property
    def passing_quality(self) -> int:
        """The lowest quality that counts as a pass: SM-2's 4 ("good"); under FSRS,
        Hard (3) and up, as Anki counts it."""
        return 3 if self.is_fsrs else 4

    @property
    def pass_words(self) -> str:
        """How screens name a pass."""
        return "answers Hard, Good or Easy" if self.is_fsrs else "answers graded 4 or 5"

    def answer_word(self, quality: int) -> str:
        """A logged answer in this scheduler's words: "good", or FSRS's "hard" for 3."""
        if self.is_fsrs:
            return RATINGS[rating_of_quality(quality)]
        return GRADES[quality]

    def recall(self, memory: FSRSMemory | None, today: date) -> float | None:
        """Under FSRS, the chance of recalling a card on study day `today` (its
        retrievability); None under SM-2, which makes no such prediction, or before a
        card's first answer."""
        if not self.is_fsrs or memory is None:
            return None
        return retrievability(memory, today, self.fsrs)

    @property
    def title(self) -> str:
        """The scheduler in a few words, as the settings and the command line name it."""
        if not self.is_fsrs:
            return "SM-2"
        return f"FSRS (desired retention {self.fsrs.desired_retention:g})"


SM2 = Scheduling()
