"""The notes an export writes: one per card, planned before anything is written.

Identity never changes: deck ids derived from deck slugs, note GUIDs derived from
stable card ids, deck names from titles (`deck_names`). Text is shown as typed: HTML is
escaped, and so is the bracket of Anki's own markup (`[sound:…]`, `[latex]…`), which
Anki would otherwise act on; only `*italic*` and `**bold**` become HTML. Images travel
as media named after their deck and content, so two decks' `images/psoas.png` cannot
collide.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from studytool.anki.deck_names import anki_deck_names
from studytool.core.card import Card, CardKind
from studytool.core.deck_discovery import real_path
from studytool.core.deck_validation import LoadedDeck
from studytool.core.markup import spans

__all__ = [
    "DeckChanges",
    "ExportPlan",
    "PlannedNote",
    "cyclic_gc_paused",
    "deck_id_for",
    "note_guid",
    "plan_export",
    "to_html",
]

_TAG_UNSAFE = re.compile(r"\s+")
#: The opening bracket of the markup Anki acts on wherever it is in a card's HTML:
#: `[sound:…]` plays a file, `[anki:tts]…` speaks, `[latex]…[/latex]`, `[$]…[/$]` and
#: `[$$]…[/$$]` run LaTeX. As `&#91;` it shows the same and matches none of them.
_ANKI_MARKUP = re.compile(r"\[(?=sound:|anki:|/?latex\]|/?\$\$?\])", re.IGNORECASE)
#: MathJax's delimiters, which the reviewers typeset from the text as shown (so an
#: entity would not hide them): a word joiner, invisible, keeps `\(` from being one.
_MATHJAX = re.compile(r"\\(?=[()\[\]])")
#: The kinds of card whose note shows the notes written for them.
_NOTES_SHOWN_ON = frozenset({CardKind.IDENTIFY, CardKind.CARD})


class PlannedNote(NamedTuple):
    """One note as it will be written: its identity, fields, tags, content hash (see
    `_content_hash`) and media.

    A named tuple rather than a frozen dataclass: an export plans tens of thousands of
    them, and a tuple is several times quicker to make.
    """

    card_id: str
    deck: str
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    content_hash: str
    media: tuple[tuple[str, Path], ...] = ()  # (name in Anki, file on disk)


def _content_hash(fields: Sequence[str], tags: Sequence[str]) -> str:
    """Changes whenever what Anki would show or file under changes. Worked out once per
    note, when it is planned: the report, the note times and the record all use it."""
    parts = [*fields, "\x1e", *tags]
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

    def note_times(self, before: Mapping[str, tuple[str, int]], fresh: int) -> dict[str, int]:
        """Card id -> the modification time its note is written with: the time of its
        last export (`before`: card id -> (content hash, note time)) if its content is
        unchanged since, so that Anki leaves it alone; else `fresh`, which must be later
        than every earlier export's, so that Anki takes the new content."""
        result: dict[str, int] = {}
        for note in self.notes:
            previous = before.get(note.card_id)
            if previous is not None and previous[0] == note.content_hash:
                result[note.card_id] = previous[1]
            else:
                result[note.card_id] = fresh
        return result


def deck_id_for(deck_slug: str) -> int:
    """A stable Anki deck id for a deck slug (a positive 63-bit integer)."""
    digest = hashlib.sha256(f"studytool deck {deck_slug}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 2 | 1 << 40


def to_html(text: str) -> str:
    """Deck text as Anki HTML: everything escaped (Anki's markup too), emphasis as
    <i>/<b>, lines as <br>."""
    if "*" not in text:
        result = html.escape(text, quote=False).replace("\n", "<br>")
    else:
        pieces: list[str] = []
        for span in spans(text):
            escaped = html.escape(span.text, quote=False)
            if span.style == "bold":
                escaped = f"<b>{escaped}</b>"
            elif span.style == "italic":
                escaped = f"<i>{escaped}</i>"
            pieces.append(escaped)
        result = "".join(pieces).replace("\n", "<br>")
    # Looked for in the finished HTML, as Anki reads it.
    if "[" in result:
        result = _ANKI_MARKUP.sub("&#91;", result)
    return _MATHJAX.sub("\\\\&#8288;", result) if "\\" in result else result


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
    titles: dict[str, str] = {}
    notes: list[PlannedNote] = []
    with cyclic_gc_paused():
        for loaded in decks:
            deck = loaded.deck
            if deck is None:
                raise ValueError(f"{loaded.path} has errors; fix them before exporting")
            titles[deck.id] = deck.title
            title = to_html(deck.title)
            folder = loaded.path.parent
            notes.extend(planner.note(card, title, folder) for card in loaded.cards)
    return ExportPlan(anki_deck_names(titles), notes)


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
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
            source = real_path(folder / card.image)
            name = self._media.get(source)
            if name is None:
                name = self._media[source] = _media_name(card.deck, source)
            media = ((name, source),)
            image_html = f'<img src="{html.escape(name)}">'
        kind = card.kind.value
        # A muscle's notes teach once, on the card that names the muscle, not under
        # each of its cards; a free card keeps its own.
        notes = card.notes if card.kind in _NOTES_SHOWN_ON else None
        fields = (
            to_html(card.front),
            to_html(card.back),
            self.shared_html(card.muscle_name or ""),
            self.shared_html(card.region or ""),
            kind,
            self.shared_html(notes or ""),
            image_html,
            title_html,
        )
        # A pose or move card is filed under each muscle it names, so a trainee's
        # search for a muscle's tag in Anki finds it too.
        tags = self.tags((card.deck, card.muscle or "", *card.members, kind, *card.tags))
        return PlannedNote(
            card.id, card.deck, note_guid(card.id), fields, tags, _content_hash(fields, tags), media
        )
