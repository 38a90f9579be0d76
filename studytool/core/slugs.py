"""Slugs: the lowercase-and-hyphens names that ids and pose keys are made of."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SLUG_PATTERN", "slugify"]

#: Ids are slugs: lowercase letters and digits in words joined by single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`Runner's lunge` -> `runners-lunge`; empty when `text` has no letter or digit."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", _APOSTROPHES.sub("", ascii_text).lower()).strip("-")
