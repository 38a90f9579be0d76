"""One sync with the trainee's Anki account, start to finish: the steps the CLI (and,
later, the app) share.

1. Sync the local collection with the server (a first sync downloads the phone's
   collection, or uploads to an empty server: `device.sync`).
2. Write studytool's notes into it, as the `.apkg` export writes them.
3. Write the answers given here into Anki's review log (or find them there, written by
   a sync that was cut off).
4. Record the phone's answers in the study database, each once; the cards they touch
   are replayed in time order with the answers given here. Then give every card
   answered on either side the state studytool's SM-2 worked out (a card already in
   it is left alone).
5. Suspensions and buries: flag by flag, the side that changed since the last sync
   wins (`core/set_aside.agree`), on both sides.
6. Sync again, and only then note the answers as sent and the agreement kept: after an
   interruption the next sync finds them written and sends them, never twice.

Nothing is lost at any step: the study database commits the phone's answers before
Anki is changed, and Anki's side is a cache that a later sync completes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.anki import device
from studytool.anki.account import Login, auth_for
from studytool.anki.answers import (
    anki_card_ids,
    card_ids_by_guid,
    phone_answers,
    set_aside_in_anki,
    set_aside_there,
    set_schedules,
    write_answers,
)
from studytool.anki.engine import SyncProblem, first_line, opened
from studytool.anki.notes import plan_export
from studytool.core.deck_validation import LoadedDeck
from studytool.core.set_aside import agree
from studytool.core.wording import plural
from studytool.storage import Store

if TYPE_CHECKING:
    from anki.sync import SyncAuth

__all__ = ["STEPS", "SyncReport", "sync_account"]


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    whole: device.SyncKind  # a whole collection moved (a full sync), or not
    notes: device.NotesWritten
    answers_in: int  # answers from Anki recorded here
    answers_out: int  # answers from here written to Anki
    cards_scheduled: int  # Anki cards given studytool's schedule
    set_aside_in_anki: int = 0  # Anki cards suspended, buried or brought back

    def lines(self) -> list[str]:
        """What the sync did, for the trainee."""
        notes = self.notes
        met = {
            device.SyncKind.DOWNLOADED: ["took the account's collection whole (a full download)"],
            device.SyncKind.UPLOADED: ["sent this collection to the account, which had none"],
        }.get(self.whole, [])
        return [
            *met,
            f"{plural(notes.new, 'new note')}, {notes.updated} updated",
            f"{plural(self.answers_in, 'answer')} from Anki, {self.answers_out} sent",
            f"{plural(self.cards_scheduled, 'card')} rescheduled in Anki",
        ]


#: The steps one sync reports as it goes, in order.
STEPS = (
    "Syncing with the server",
    "Writing the notes",
    "Bringing the answers together",
    "Suspensions and buries",
    "Syncing the changes",
)


def sync_account(
    store: Store,
    decks: list[LoadedDeck],
    login: Login,
    collection: Path,
    now: datetime,
    progress: Callable[[str], None] | None = None,
) -> SyncReport:
    """Bring the study database and the account's collection together (see above), for
    the account of `login` (the collection is tied to it: `device.claim`); `progress`
    hears each of `STEPS` as it begins."""
    from anki.errors import AnkiException

    try:
        device.claim(collection, login)
        return _sync_account(store, decks, auth_for(login), collection, now, progress)
    except (AnkiException, OSError) as error:  # nothing half-done: the next sync completes
        raise SyncProblem(
            f"the sync stopped: {first_line(error)}; nothing was lost: sync again"
        ) from None


def _sync_account(
    store: Store,
    decks: list[LoadedDeck],
    auth: SyncAuth,
    collection: Path,
    now: datetime,
    progress: Callable[[str], None] | None,
) -> SyncReport:
    step = progress or (lambda _name: None)
    plan = plan_export(decks)
    with opened(collection) as col:
        step(STEPS[0])
        first = device.sync(col, auth)
        step(STEPS[1])
        notes = device.put_notes(store, plan, col, now)
        step(STEPS[2])
        cards = card_ids_by_guid(note.card_id for note in plan.notes)
        anki_ids = anki_card_ids(col, cards)
        # Ours first: a row an interrupted sync already wrote is found, not taken for
        # an answer from the phone.
        sent = write_answers(col, store.unsent_answers(), anki_ids)
        ours = set(sent.values())
        answers_in = [
            answer for answer in phone_answers(col, cards) if answer.device_id not in ours
        ]
        recorded = store.record_answers_elsewhere(answers_in)
        # Suspensions and buries: the side that changed since the last sync wins.
        step(STEPS[3])
        today = store.today(now)
        here = store.set_aside_here(today, anki_ids)
        there = set_aside_in_anki(col, anki_ids)
        agreed = agree(here, there, store.set_aside_agreed())
        store.apply_set_aside(agreed, here, today)
        # Every card answered on either side shows studytool's schedule in Anki; those
        # already showing it are left alone, so an interrupted sync is completed here.
        schedules = {
            anki_ids[card.id]: card.schedule
            for card in store.cards(store.answered_cards())
            if card.id in anki_ids
        }
        scheduled = set_schedules(col, schedules, today)
        set_aside = set_aside_there(col, agreed, set_aside_in_anki(col, anki_ids), anki_ids)
        step(STEPS[4])
        last = device.sync(col, auth)
        if last is device.SyncKind.DOWNLOADED:  # the account's collection was replaced meanwhile
            raise SyncProblem(
                "the account's collection was replaced during the sync (a full upload from"
                " another device); nothing was lost: sync again"
            )
        store.mark_sent(sent)
        store.remember_set_aside(agreed)
    whole = first if first is not device.SyncKind.INCREMENTAL else last
    return SyncReport(whole, notes, recorded, len(sent), scheduled, set_aside)
