"""Export decks to Anki (.apkg) so that a later export updates the same notes.

Identity never changes: one note type with a fixed id, deck ids derived from deck
slugs, note GUIDs derived from stable card ids. Every export's notes carry a
modification time later than any earlier export's (Anki keeps a note it already has
unless the incoming one is newer, even by a second), so edits always land.

Text is escaped: only `*italic*` and `**bold**` become HTML. Images travel as media
named after their deck and content, so two decks' `images/psoas.png` cannot collide.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import genanki

from studytool.card import Card
from studytool.decks import LoadedDeck
from studytool.fileio import replacing
from studytool.markup import spans

__all__ = [
    "FIELDS",
    "NOTE_TYPE_ID",
    "PARENT_DECK",
    "ExportPlan",
    "PlannedNote",
    "deck_id_for",
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


@dataclass(frozen=True, slots=True)
class PlannedNote:
    """One note as it will be written: its identity, fields, tags and media."""

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


@dataclass(frozen=True)
class ExportPlan:
    """Everything an export will write, before it is written."""

    decks: dict[str, str]  # deck id -> full Anki deck name
    notes: list[PlannedNote] = field(default_factory=list)

    def notes_per_deck(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(self.decks, 0)
        for note in self.notes:
            counts[note.deck] += 1
        return counts


def deck_id_for(deck_slug: str) -> int:
    """A stable Anki deck id for a deck slug (a positive 63-bit integer)."""
    digest = hashlib.sha256(f"studytool deck {deck_slug}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 2 | 1 << 40


def to_html(text: str) -> str:
    """Deck text as Anki HTML: everything escaped, emphasis as <i>/<b>, lines as <br>."""
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


def _media_name(deck: str, path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f"studytool-{deck}-{digest}{path.suffix.lower()}"


def plan_export(decks: Sequence[LoadedDeck]) -> ExportPlan:
    """The notes for every card of these valid decks, in deck order."""
    names: dict[str, str] = {}
    notes: list[PlannedNote] = []
    for loaded in decks:
        deck = loaded.deck
        if deck is None:
            raise ValueError(f"{loaded.path} has errors; fix them before exporting")
        names[deck.id] = f"{PARENT_DECK}::{deck.title}"
        folder = loaded.path.parent
        for card in loaded.cards:
            notes.append(_note(card, deck.title, folder))
    return ExportPlan(names, notes)


def _note(card: Card, deck_title: str, folder: Path) -> PlannedNote:
    media: tuple[tuple[str, Path], ...] = ()
    image_html = ""
    if card.image:
        source = (folder / card.image).resolve()
        name = _media_name(card.deck, source)
        media = ((name, source),)
        image_html = f'<img src="{html.escape(name)}">'
    fields = (
        to_html(card.front),
        to_html(card.back),
        html.escape(card.muscle_name or ""),
        html.escape(card.region or ""),
        card.kind.value,
        to_html(card.notes or ""),
        image_html,
        html.escape(deck_title),
    )
    tags = [card.deck, card.kind.value, *(card.tags)]
    if card.muscle:
        tags.insert(1, card.muscle)
    unique = tuple(dict.fromkeys(_tag(t) for t in tags if t.strip()))
    return PlannedNote(
        card_id=card.id,
        deck=card.deck,
        guid=genanki.guid_for("studytool", card.id),
        fields=fields,
        tags=unique,
        media=media,
    )


class _CountedNote(genanki.Note):  # type: ignore[misc]
    """A note that reports when genanki writes it, for the progress bar."""

    def __init__(self, *args: Any, on_write: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_write = on_write

    def write_to_db(self, *args: Any, **kwargs: Any) -> None:
        super().write_to_db(*args, **kwargs)
        self._on_write()


def write_package(
    plan: ExportPlan,
    target: Path,
    timestamp: float,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the plan as an .apkg at `target`, atomically (a temporary file, renamed).

    `timestamp` becomes every note's modification time: pass one later than any
    earlier export's. `progress(n)` is called as each note is written.
    """
    report = progress or (lambda _n: None)
    decks = {
        deck_id: genanki.Deck(deck_id_for(deck_id), name) for deck_id, name in plan.decks.items()
    }
    with tempfile.TemporaryDirectory(prefix="studytool-export-") as scratch:
        media_files: dict[str, str] = {}
        for note in plan.notes:
            for name, source in note.media:
                if name not in media_files:
                    copy = Path(scratch) / name  # genanki names media after the file
                    shutil.copyfile(source, copy)
                    media_files[name] = str(copy)
            decks[note.deck].add_note(
                _CountedNote(
                    model=NOTE_TYPE,
                    fields=list(note.fields),
                    tags=list(note.tags),
                    guid=note.guid,
                    on_write=lambda: report(1),
                )
            )
        package = genanki.Package(list(decks.values()), media_files=list(media_files.values()))
        with replacing(target) as temporary:
            package.write_to_file(str(temporary), timestamp=timestamp)
