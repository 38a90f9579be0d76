"""The SM-2 names where studytool first published them, kept for code built on them.

New code imports `studytool.core.schedulers.sm2` (the SM-2 maths) and
`studytool.core.study_days` (when a study day starts).
"""

from __future__ import annotations

from studytool.core.schedulers.sm2 import (
    GRADES,
    MAX_INTERVAL,
    MIN_EASINESS,
    QUALITIES,
    SM2State,
    due_day,
    preview_intervals,
    review,
)
from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR, study_day

__all__ = [
    "DEFAULT_ROLLOVER_HOUR",
    "GRADES",
    "MAX_INTERVAL",
    "MIN_EASINESS",
    "QUALITIES",
    "SM2State",
    "due_day",
    "preview_intervals",
    "review",
    "study_day",
]
