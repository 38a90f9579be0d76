"""Export decks to Anki (.apkg) so that a later export updates the same notes.

Identity never changes: one note type with a fixed id, deck ids derived from deck
slugs, note GUIDs derived from stable card ids. Every export's notes carry a
modification time later than any earlier export's (Anki keeps a note it already has
unless the incoming one is newer, even by a second), so edits always land.

Text is escaped: only `*italic*` and `**bold**` become HTML. Images travel as media
named after their deck and content, so two decks' `images/psoas.png` cannot collide.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import html
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import genanki

from studytool.core.card import Card
from studytool.core.deck_validation import LoadedDeck
from studytool.core.markup import spans
from studytool.fileio import replacing

__all__ = [
    "FIELDS",
    "NOTE_TYPE_ID",
    "PARENT_DECK",
    "DeckChanges",
    "ExportPlan",
    "PlannedNote",
    "deck_id_for",
    "note_guid",
    "plan_export",
    "write_package",
]

#: Chosen once, never to change: Anki matches note types by id.
NOTE_TYPE_ID = 1_742_583_104
NOTE_TYPE_NAME = "studytool card"
#: Every studytool deck is a subdeck of this one in Anki.
PARENT_DECK = "studytool"
FIELDS = ["Front", "Back", "Muscle", "Region", "Kind", "Notes", "Image", "Deck"]

_CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: left;
  color: #1d1d1f;
  background-color: #fdfdfb;
  max-width: 36em;
  margin: 0 auto;
  padding: 0.6em;
}
.meta { font-size: 0.7em; letter-spacing: 0.04em; text-transform: uppercase; color: #6b6b70; }
.front { font-weight: 600; margin-top: 0.4em; }
.back { margin-top: 0.6em; }
.notes { margin-top: 1em; font-size: 0.85em; font-style: italic; color: #4a4a50; }
.image img { max-width: 100%; height: auto; margin-top: 0.8em; }
.source { margin-top: 1.2em; font-size: 0.65em; color: #8a8a90; }
hr#answer { border: none; border-top: 1px solid #d0d0d4; margin: 0.8em 0; }
.nightMode.card, .night_mode .card { color: #e8e8ea; background-color: #1e1e20; }
.nightMode .meta, .night_mode .meta, .nightMode .source, .night_mode .source { color: #9a9aa2; }
.nightMode .notes, .night_mode .notes { color: #c4c4ca; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3a3a40; }
"""

_QUESTION = (
    '<div class="meta">{{Kind}}{{#Region}} · {{Region}}{{/Region}}</div>\n'
    '<div class="front">{{Front}}</div>'
)
_ANSWER = (
    "{{FrontSide}}\n"
    '<hr id="answer">\n'
    '<div class="back">{{Back}}</div>\n'
    '{{#Image}}<div class="image">{{Image}}</div>{{/Image}}\n'
    '{{#Notes}}<div class="notes">{{Notes}}</div>{{/Notes}}\n'
    '<div class="source">{{Deck}}</div>'
)

NOTE_TYPE = genanki.Model(
    NOTE_TYPE_ID,
    NOTE_TYPE_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Card", "qfmt": _QUESTION, "afmt": _ANSWER}],
    css=_CSS,
)

_TAG_UNSAFE = re.compile(r"\s+")
_PROGRESS_STEP = 250
_WRITING_PASS = 2


class PlannedNote(NamedTuple):
    """One note as it will be written: its identity, fields, tags and media.

    A named tuple rather than a frozen dataclass: an export plans tens of thousands of
    them, and a tuple is several times quicker to make.
    """

    card_id: str
    deck: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    media: tuple[tuple[str, Path], ...] = ()  # (name in Anki, file on disk)

    @property
    def content_hash(self) -> str:
        """Changes whenever what Anki would show or file under changes."""
        parts = [*self.fields, "\x1e", *self.tags]
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


@dataclass
class DeckChanges:
    """A deck's notes against its last recorded export."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def first_export(self) -> bool:
        return not self.changed and not self.unchanged


@dataclass(frozen=True)
class ExportPlan:
    """Everything an export will write, before it is written."""

    decks: dict[str, str]  # deck id -> full Anki deck name
    notes: list[PlannedNote] = field(default_factory=list)

    def changes(self, before: dict[str, str]) -> dict[str, DeckChanges]:
        """Per deck, how its notes compare with `before` (card id -> last exported hash)."""
        result = {deck: DeckChanges() for deck in self.decks}
        for note in self.notes:
            counts = result[note.deck]
            previous = before.get(note.card_id)
            if previous is None:
                counts.new += 1
            elif previous != note.content_hash:
                counts.changed += 1
            else:
                counts.unchanged += 1
        return result

    def hashes(self) -> dict[str, dict[str, str]]:
        """Per deck, card id -> content hash: what `Store.record_export` keeps."""
        result: dict[str, dict[str, str]] = {deck: {} for deck in self.decks}
        for note in self.notes:
            result[note.deck][note.card_id] = note.content_hash
        return result


def deck_id_for(deck_slug: str) -> int:
    """A stable Anki deck id for a deck slug (a positive 63-bit integer)."""
    digest = hashlib.sha256(f"studytool deck {deck_slug}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 2 | 1 << 40


def to_html(text: str) -> str:
    """Deck text as Anki HTML: everything escaped, emphasis as <i>/<b>, lines as <br>."""
    if "*" not in text:
        return html.escape(text, quote=False).replace("\n", "<br>")
    pieces: list[str] = []
    for span in spans(text):
        escaped = html.escape(span.text, quote=False)
        if span.style == "bold":
            escaped = f"<b>{escaped}</b>"
        elif span.style == "italic":
            escaped = f"<i>{escaped}</i>"
        pieces.append(escaped)
    return "".join(pieces).replace("\n", "<br>")


def _tag(text: str) -> str:
    """Anki tags cannot hold spaces."""
    return _TAG_UNSAFE.sub("_", text.strip())


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def note_guid(card_id: str) -> str:
    """The note GUID for a card id: `genanki.guid_for("studytool", card_id)`, computed the
    same way (first 8 bytes of a SHA-256, in Anki's base 91) without its per-byte loop.

    It must never change: Anki recognises a note it already has by this GUID.
    """
    number = int.from_bytes(hashlib.sha256(f"studytool__{card_id}".encode()).digest()[:8], "big")
    digits: list[str] = []
    while number:
        number, digit = divmod(number, 91)
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def _media_name(deck: str, path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f"studytool-{deck}-{digest}{path.suffix.lower()}"


def plan_export(decks: Sequence[LoadedDeck]) -> ExportPlan:
    """The notes for every card of these valid decks, in deck order."""
    planner = _Planner()
    names: dict[str, str] = {}
    notes: list[PlannedNote] = []
    with _cyclic_gc_paused():
        for loaded in decks:
            deck = loaded.deck
            if deck is None:
                raise ValueError(f"{loaded.path} has errors; fix them before exporting")
            names[deck.id] = f"{PARENT_DECK}::{deck.title}"
            title = to_html(deck.title)
            folder = loaded.path.parent
            notes.extend(planner.note(card, title, folder) for card in loaded.cards)
    return ExportPlan(names, notes)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Planning and writing make tens of thousands of small objects and no reference
    cycles to speak of; left on, the cyclic collector rescans every loaded deck object
    again and again (a quarter of the planning time for a 28,000-card deck). Reference
    counting still frees memory; anything cyclic waits for the collector's next run.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Planner:
    """Builds notes, remembering what a deck's cards share (a muscle's name, region and
    notes, the deck's tags, its images) so each is converted once per export."""

    def __init__(self) -> None:
        self._html: dict[str, str] = {}
        self._tags: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._media: dict[Path, str] = {}

    def shared_html(self, text: str) -> str:
        found = self._html.get(text)
        if found is None:
            found = self._html[text] = to_html(text)
        return found

    def tags(self, raw: tuple[str, ...]) -> tuple[str, ...]:
        found = self._tags.get(raw)
        if found is None:
            found = self._tags[raw] = tuple(dict.fromkeys(_tag(t) for t in raw if t.strip()))
        return found

    def note(self, card: Card, title_html: str, folder: Path) -> PlannedNote:
        media: tuple[tuple[str, Path], ...] = ()
        image_html = ""
        if card.image:
            source = (folder / card.image).resolve()
            name = self._media.get(source)
            if name is None:
                name = self._media[source] = _media_name(card.deck, source)
            media = ((name, source),)
            image_html = f'<img src="{html.escape(name)}">'
        kind = card.kind.value
        fields = (
            to_html(card.front),
            to_html(card.back),
            self.shared_html(card.muscle_name or ""),
            self.shared_html(card.region or ""),
            kind,
            self.shared_html(card.notes or ""),
            image_html,
            title_html,
        )
        return PlannedNote(
            card.id,
            card.deck,
            note_guid(card.id),
            fields,
            self.tags((card.deck, card.muscle or "", kind, *card.tags)),
            media,
        )


class _ProgressNotes(list[Any]):
    """A deck's notes that report, in batches, as genanki writes them.

    genanki (0.13) goes through `deck.notes` twice: first to collect note types, then
    to write each note; only the second pass is progress. Batches, because a callback
    per note would make the progress bar cost more than the notes.
    """

    def __init__(self, notes: list[Any], report: Callable[[int], None]) -> None:
        super().__init__(notes)
        self._report = report
        self._passes = 0

    def __iter__(self) -> Iterator[Any]:
        self._passes += 1
        if self._passes != _WRITING_PASS:
            yield from super().__iter__()
            return
        pending = 0
        for note in super().__iter__():
            yield note
            pending += 1
            if pending == _PROGRESS_STEP:
                self._report(pending)
                pending = 0
        if pending:
            self._report(pending)


def write_package(
    plan: ExportPlan,
    target: Path,
    timestamp: float,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the plan as an .apkg at `target`, atomically (a temporary file, renamed).

    `timestamp` becomes every note's modification time: pass one later than any
    earlier export's. `progress(n)` is called as notes are written, n at a time.
    """
    report = progress or (lambda _n: None)
    notes: dict[str, list[Any]] = {deck_id: [] for deck_id in plan.decks}
    with (
        _cyclic_gc_paused(),
        tempfile.TemporaryDirectory(prefix="studytool-export-") as scratch,
    ):
        media_files: dict[str, str] = {}
        for note in plan.notes:
            for name, source in note.media:
                if name not in media_files:
                    copy = Path(scratch) / name  # genanki names media after the file
                    shutil.copyfile(source, copy)
                    media_files[name] = str(copy)
            notes[note.deck].append(
                genanki.Note(
                    model=NOTE_TYPE, fields=list(note.fields), tags=list(note.tags), guid=note.guid
                )
            )
        decks = []
        for deck_id, name in plan.decks.items():
            deck = genanki.Deck(deck_id_for(deck_id), name)
            deck.notes = _ProgressNotes(notes[deck_id], report)
            decks.append(deck)
        package = genanki.Package(decks, media_files=list(media_files.values()))
        with replacing(target) as temporary:
            package.write_to_file(str(temporary), timestamp=timestamp)
