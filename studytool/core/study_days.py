"""Study days: a day of study starts at a rollover hour on the local wall clock.

Pure: the moment and the zone come in as arguments; nothing here reads the clock.
Every scheduler counts intervals in study days, so this lives beside them, not in one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

__all__ = ["DEFAULT_ROLLOVER_HOUR", "study_day"]

#: A study day starts at 04:00 local time, as in Anki, so a late session counts as the same day.
DEFAULT_ROLLOVER_HOUR = 4


def study_day(moment: datetime, zone: tzinfo, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The study day `moment` belongs to: the local date, where days start at `rollover_hour`.

    `moment` must be timezone-aware. The rollover is read on the local wall clock, so a
    day still starts at 04:00 on the days daylight-saving time begins and ends.
    """
    if moment.tzinfo is None:
        raise ValueError("study_day needs a timezone-aware moment")
    if not 0 <= rollover_hour <= 23:
        raise ValueError(f"rollover hour must be from 0 to 23, not {rollover_hour}")
    local = moment.astimezone(zone)
    # Subtracting from an aware datetime is wall-clock arithmetic in its own zone.
    return (local - timedelta(hours=rollover_hour)).date()
