"""The study database: one SQLite file behind `Store`.

Storage sits beside the core: it uses the core's rules and SQLite, never the UI or the
exporter. `store.py` lists the modules that each do one of its jobs.
"""

from studytool.core.daily_limits import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from studytool.storage.errors import (
    DatabaseBusyError,
    NewerDatabaseError,
    NotADatabaseError,
    StoreError,
)
from studytool.storage.records import Answer, DeckSync, StudyCard
from studytool.storage.store import Store

__all__ = [
    "DEFAULT_NEW_PER_DAY",
    "DEFAULT_REVIEWS_PER_DAY",
    "Answer",
    "DatabaseBusyError",
    "DeckSync",
    "NewerDatabaseError",
    "NotADatabaseError",
    "Store",
    "StoreError",
    "StudyCard",
]
