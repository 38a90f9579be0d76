"""One sync with the trainee's Anki account, start to finish: the steps the CLI (and,
later, the app) share.

1. Sync the local collection with the server (a first sync downloads the phone's
   collection, or uploads to an empty server: `device.sync`).
2. Write studytool's notes into it, as the `.apkg` export writes them.
3. Record the phone's answers in the study database, each once; the cards they touch
   are replayed in time order with the answers given here.
4. Write the answers given here into Anki's review log, and give every card answered on
   either side the state studytool's SM-2 worked out.
5. Sync again, and only then note the answers as sent: after an interruption the next
   sync finds them written and sends them, never twice.

Nothing is lost at any step: the study database commits the phone's answers before
Anki is changed, and Anki's side is a cache that a later sync completes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.anki import device
from studytool.anki.answers import (
    anki_card_ids,
    card_ids_by_guid,
    phone_answers,
    set_schedules,
    write_answers,
)
from studytool.anki.notes import plan_export
from studytool.core.deck_validation import LoadedDeck
from studytool.storage import Store

if TYPE_CHECKING:
    from anki.sync import SyncAuth

__all__ = ["SyncReport", "sync_account"]


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    first: device.SyncKind  # how the collection met the server
    notes: device.NotesWritten
    answers_in: int  # answers from Anki recorded here
    answers_out: int  # answers from here written to Anki
    cards_scheduled: int  # Anki cards given studytool's schedule


def sync_account(
    store: Store, decks: list[LoadedDeck], auth: SyncAuth, collection: Path, now: datetime
) -> SyncReport:
    """Bring the study database and the account's collection together (see above)."""
    plan = plan_export(decks)
    with device.opened(collection) as col:
        first = device.sync(col, auth)
        notes = device.put_notes(store, plan, col, now)
        cards = card_ids_by_guid(note.card_id for note in plan.notes)
        answers_in = phone_answers(col, cards)
        recorded = store.record_answers_elsewhere(answers_in)
        anki_ids = anki_card_ids(col, cards)
        unsent = store.unsent_answers()
        sent = write_answers(col, unsent, anki_ids)
        touched = {answer.card_id for answer in answers_in}
        touched |= {answer.card_id for answer in unsent if answer.review_id in sent}
        schedules = {
            anki_ids[card.id]: card.schedule
            for card in store.cards(sorted(touched))
            if card.id in anki_ids
        }
        scheduled = set_schedules(col, schedules, store.today(now))
        device.sync(col, auth)
        store.mark_sent(sent)
    return SyncReport(first, notes, recorded, len(sent), scheduled)
