"""Slugs: the lowercase-and-hyphens names that ids and pose keys are made of.

Cue card ids end in the pose's slug, and a card's id owns the trainee's progress, so a
text's slug must never change. Slugs were first made by decomposing the text (NFKD) and
keeping its ASCII: `Écarté` -> `ecarte`. That drops letters with no ASCII base (`ß`,
`Æ`, Devanagari, Greek...), so for a text where it would drop one, and only there, each
letter is transliterated with anyascii instead: `Straße` -> `strasse`, `ताडासन` ->
`tadasn`. Every text whose old slug lost no letter or digit keeps that slug.
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
    if decomposed.isascii() or not any(_drops_a_letter(c) for c in decomposed):
        ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    else:
        ascii_text = "".join(_transliterated(c) for c in text)
    return _NON_SLUG.sub("-", _APOSTROPHES.sub("", ascii_text).lower()).strip("-")


def _drops_a_letter(character: str) -> bool:
    """Whether keeping only ASCII would lose this (decomposed) character, a letter or digit."""
    return not character.isascii() and unicodedata.category(character)[0] in "LN"


def _transliterated(character: str) -> str:
    if character.isascii():
        return character
    # Letters, digits and the marks that spell vowels in many scripts are transliterated;
    # symbols keep the old way (`℃` -> `C`, an emoji -> nothing), not anyascii's words.
    if unicodedata.category(character)[0] in "LNM":
        return anyascii(character)
    return unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
