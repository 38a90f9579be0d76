"""How many new cards and reviews a deck offers in one study day.

Pure. As in Anki, the limits are per deck and count across sessions: a deck that has
had its 20 new cards today offers no more until the next study day.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_NEW_PER_DAY", "DEFAULT_REVIEWS_PER_DAY", "DailyLimits"]

DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200


@dataclass(frozen=True, slots=True)
class DailyLimits:
    """A deck's new cards and reviews per study day."""

    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY

    def new_room(self, new_done: int) -> int:
        """New cards the deck still offers today, after `new_done` were answered."""
        return max(0, self.new_per_day - new_done)

    def review_room(self, reviews_done: int) -> int:
        """Reviews the deck still offers today, after `reviews_done` were answered."""
        return max(0, self.reviews_per_day - reviews_done)
