"""Slugs: the lowercase-and-hyphens names that ids and pose keys are made of.

Cue card ids end in the pose's slug, and a card's id owns the trainee's progress (and
its note in Anki), so a slug a deck already has must not change. Slugs were first made
by decomposing the text (NFKD) and keeping its ASCII: `Écarté` -> `ecarte`. That drops
letters with no ASCII base. Two cases are mended with anyascii, and only these:

- a Latin letter without an ASCII base inside the name (`Straße` -> `strasse`,
  `Æsana` -> `aesana`), which made a misspelt slug;
- a name with no ASCII at all (`ताडासन` -> `tadasn`, `Δέλτα` -> `delta`), which had no
  slug and was refused.

A name in two scripts, such as `Mountain (ताडासन)`, keeps the slug it had (`mountain`),
so decks written that way keep their cards.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

__all__ = ["SLUG_PATTERN", "slugify"]

#: Ids are slugs: lowercase letters and digits in words joined by single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`Runner's lunge` -> `runners-lunge`; empty when `text` has no letter or digit."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return _slug(decomposed)
    folded = _slug(_ascii_only(decomposed))
    if not folded:
        return _slug("".join(_transliterated(c) for c in text))
    if any(_latin_letter_without_ascii_base(c) for c in decomposed):
        return _slug("".join(_transliterated(c) if _is_latin(c) else _folded(c) for c in text))
    return folded


def _slug(text: str) -> str:
    """The slug of `text`, its characters outside ASCII left out."""
    ascii_text = text if text.isascii() else _ascii_only(text)
    return _NON_SLUG.sub("-", _APOSTROPHES.sub("", ascii_text).lower()).strip("-")


def _ascii_only(text: str) -> str:
    return text.encode("ascii", "ignore").decode("ascii")


def _is_latin(character: str) -> bool:
    return "LATIN" in unicodedata.name(character, "")


def _latin_letter_without_ascii_base(character: str) -> bool:
    """A (decomposed) Latin letter that keeping ASCII would lose: ß, æ, ø, ł, þ..."""
    return not character.isascii() and character.isalpha() and _is_latin(character)


def _transliterated(character: str) -> str:
    if character.isascii():
        return character
    # Letters, digits and the marks that spell vowels in many scripts are transliterated;
    # symbols keep the old way (`℃` -> `C`, an emoji -> nothing), not anyascii's words.
    if unicodedata.category(character)[0] in "LNM":
        return anyascii(character)
    return _folded(character)


def _folded(character: str) -> str:
    """A character the first way: decomposed, its ASCII kept."""
    return _ascii_only(unicodedata.normalize("NFKD", character))
