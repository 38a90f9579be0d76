"""The study database: one SQLite file behind `Store`.

Storage sits beside the core: it uses the core's rules and SQLite, never the UI or the
exporter. `store.py` lists the modules that each do one of its jobs.
"""

from studytool.storage.errors import (
    DatabaseBusyError,
    NewerDatabaseError,
    NotADatabaseError,
    StoreError,
)
from studytool.storage.records import Answer, DeckSync, StudyCard
from studytool.storage.store import Store

__all__ = [
    "Answer",
    "DatabaseBusyError",
    "DeckSync",
    "NewerDatabaseError",
    "NotADatabaseError",
    "Store",
    "StoreError",
    "StudyCard",
]
