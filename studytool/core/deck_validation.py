"""Validating one deck's text: every mistake at once, as FILE:LINE:COL and in the
instructor's terms (did-you-mean for keys and effects, missing keys at their entry,
duplicate ids at the duplicate, images that are missing or outside the deck's folder,
control characters at the character).

Values quoted from the file go through `printable`, and every message is made
printable again when its `DeckError` is made, so no message can drive a terminal.

Pure core: reads only the image files a deck names, never the clock or the environment.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from studytool.core.card import Card
from studytool.core.card_generation import cue_key, generate_cards
from studytool.core.control_characters import ControlCharacter
from studytool.core.deck_discovery import real_path
from studytool.core.deck_format import EFFECTS, RESERVED_MUSCLE_IDS, Cue, Deck, FreeCard, Muscle
from studytool.core.movements import suggest_move
from studytool.core.slugs import slugify
from studytool.core.terminal_text import UNSAFE_CHARACTER, describe_character, printable
from studytool.core.yaml_reader import Document, parse_yaml

__all__ = ["IMAGE_SUFFIXES", "DeckError", "LoadedDeck", "validate_deck_text"]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
# Words authors reach for that difflib would not map to the right key or effect.
_KEY_SYNONYMS = {
    "nerve": "innervation",
    "nerves": "innervation",
    "nerve-supply": "innervation",
    "action": "actions",
    "question": "front",
    "answer": "back",
    "exercise": "pose",
    "asana": "pose",
    "author": "authors",
    "tag": "tags",
    "muscle": "muscles",
    "cue-text": "cue",
}
_EFFECT_SYNONYMS = {
    "stretches": "lengthens",
    "stretch": "lengthens",
    "lengthen": "lengthens",
    "strengthen": "strengthens",
    "tones": "strengthens",
    "stabilises": "stabilizes",
    "stabilize": "stabilizes",
    "stabilise": "stabilizes",
    "relaxes": "releases",
    "release": "releases",
    "engages": "activates",
    "activate": "activates",
    "contracts": "activates",
}


@dataclass(frozen=True, slots=True)
class DeckError:
    """One mistake in a deck file, located like a compiler error."""

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        # Whoever wrote the message, it shows no control character raw.
        object.__setattr__(self, "message", printable(self.message, newlines=False))

    def __str__(self) -> str:
        return f"{printable(self.path, newlines=False)}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class LoadedDeck:
    """The outcome of reading one deck file: a deck and its cards, or its errors."""

    path: Path
    deck: Deck | None
    errors: tuple[DeckError, ...] = ()
    cards: tuple[Card, ...] = ()
    document: Document | None = field(default=None, repr=False, compare=False)
    written_id: str | None = None  # the id as written, known even when the deck is broken

    @property
    def ok(self) -> bool:
        return self.deck is not None and not self.errors

    @property
    def id(self) -> str | None:
        return self.deck.id if self.deck is not None else self.written_id


def validate_deck_text(path: Path, text: str) -> LoadedDeck:
    """Validate deck text as read from `path` (images resolve next to it)."""
    return _Validator(path, text).run()


_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): Deck,
    ("muscles",): Muscle,
    ("muscles", "cues"): Cue,
    ("cards",): FreeCard,
}
_NOUNS = {(): "deck", ("muscles",): "muscle", ("muscles", "cues"): "cue", ("cards",): "card"}


class _Validator:
    """Validates one deck's text, collecting every error before giving up."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.errors: list[DeckError] = []
        self.document: Document | None = None

    def run(self) -> LoadedDeck:
        document, issues = parse_yaml(self.text)
        for issue in issues:
            self._error_at((issue.line, issue.column), issue.message)
        if document is None or document.value is None:
            if not issues:
                self._error_at((1, 1), "the file is empty; a deck needs at least an id and title")
            return self._result(None, None)
        self.document = document
        raw = document.value
        if not isinstance(raw, dict):
            self._error(
                (),
                "a deck file must be a mapping of keys (id, title, muscles, ...), "
                f"not {_describe(raw)}",
            )
            return self._result(None, None)
        written_id = raw.get("id")
        if not isinstance(written_id, str) or UNSAFE_CHARACTER.search(written_id):
            written_id = None  # shown where the deck is listed: never one that is not text
        for found in document.control_characters:
            self._control_character(found)
        deck: Deck | None = None
        try:
            deck = Deck.model_validate(raw)
        except ValidationError as error:
            details = error.errors(include_url=False)
            suggested = self._suggested_keys(raw, details)
            for detail in details:
                loc = _real_loc(raw, tuple(detail["loc"]))
                if detail["type"] == "missing" and loc in suggested:
                    continue  # "unknown key 'orgin' (did you mean 'origin'?)" says it
                self._pydantic_error(raw, detail)
        self._check_ids(raw)
        self._check_images(raw)
        if deck is not None and not deck.muscles and not deck.cards:
            self._error((), "the deck has no muscles and no cards")
        return self._result(deck, written_id)

    def _result(self, deck: Deck | None, written_id: str | None) -> LoadedDeck:
        errors = tuple(sorted(self.errors, key=lambda e: (e.line, e.column)))
        if errors or deck is None:
            return LoadedDeck(self.path, None, errors, (), self.document, written_id)
        cards = tuple(generate_cards(deck, self.document))
        return LoadedDeck(self.path, deck, (), cards, self.document, deck.id)

    # -- error helpers

    def _error_at(self, position: tuple[int, int], message: str) -> None:
        self.errors.append(DeckError(str(self.path), position[0], position[1], message))

    def _error(self, path: tuple[str | int, ...], message: str, *, at_key: bool = False) -> None:
        assert self.document is not None
        where = self.document.key_position(path) if at_key else self.document.position(path)
        self._error_at(where, message)

    def _control_character(self, found: ControlCharacter) -> None:
        what = describe_character(found.character)
        label = _text_label(found.path, in_key=found.in_key)
        if not what.startswith("control character"):
            what = f"control character, {what}"
        self._error_at((found.line, found.column), f"{label} contains a {what}; remove it")

    # -- pydantic errors, rewritten for authors

    @staticmethod
    def _suggested_keys(raw: dict[str, Any], details: list[Any]) -> set[tuple[str | int, ...]]:
        """Where an unknown key's did-you-mean names a key that is missing there."""
        suggested: set[tuple[str | int, ...]] = set()
        for detail in details:
            if detail["type"] == "extra_forbidden":
                loc = _real_loc(raw, tuple(detail["loc"]))
                guess = _key_guess(str(loc[-1]), loc[:-1])
                if guess is not None:
                    suggested.add((*loc[:-1], guess))
        return suggested

    def _pydantic_error(self, raw: dict[str, Any], detail: Any) -> None:
        loc: tuple[str | int, ...] = _real_loc(raw, tuple(detail["loc"]))
        kind: str = detail["type"]
        value = detail.get("input")
        name = _field_label(loc)
        if kind == "missing":
            container = loc[:-1]
            what = _noun(container)
            owner_id = _get(raw, (*container, "id"))
            owner = (
                f" '{_quoted(owner_id)}'" if isinstance(owner_id, str) and what != "deck" else ""
            )
            self._error(container, f"{what}{owner} is missing required key '{loc[-1]}'")
        elif kind == "extra_forbidden":
            self._error(loc, _unknown_key(str(loc[-1]), loc[:-1]), at_key=True)
        elif kind == "literal_error" and "moves" in loc:
            self._error(loc, _bad_move(value))
        elif kind == "literal_error":
            self._error(loc, _bad_effect(value))
        elif kind == "string_pattern_mismatch":
            self._error(loc, _bad_slug(name, value))
        elif kind == "string_type" and value is None:
            self._error(loc, f"{name} is empty; write its text after the colon")
        elif kind in _EXPECTED and value is None:
            self._error(loc, f"{name} has no value; it should be {_EXPECTED[kind]}")
        elif kind in _EXPECTED:
            described = _describe(value, text_expected=kind == "string_type")
            self._error(loc, f"{name} should be {_EXPECTED[kind]}, not {described}")
        elif kind == "string_too_short":
            self._error(loc, f"{name} is empty")
        elif kind == "too_short":
            self._error(loc, f"{name} needs at least one entry")
        elif kind == "string_too_long":
            limit = detail.get("ctx", {}).get("max_length")
            self._error(loc, f"{name} is too long ({len(value)} characters; at most {limit})")
        elif kind == "greater_than_equal":
            self._error(loc, f"{name} must be 1 or more")
        elif kind == "less_than_equal":
            limit = detail.get("ctx", {}).get("le")
            self._error(loc, f"{name} must be at most {limit:,}")
        else:  # pragma: no cover - a pydantic error type we have not phrased yet
            self._error(loc, f"{name}: {detail['msg']}")

    # -- checks across entries, run on the raw data so they report even when
    #    other parts of the deck are wrong

    def _check_ids(self, raw: dict[str, Any]) -> None:
        muscles = _entries(raw, "muscles")
        self._check_unique(muscles, "muscles", "muscle")
        self._check_unique(_entries(raw, "cards"), "cards", "card")
        for index, muscle in muscles:
            muscle_id = muscle.get("id")
            if isinstance(muscle_id, str) and muscle_id in RESERVED_MUSCLE_IDS:
                self._error(
                    ("muscles", index, "id"),
                    f"muscle id '{_quoted(muscle_id)}' is reserved (card ids DECK/card/...,"
                    " DECK/pose/... and DECK/move/... name no muscle)",
                )
            self._check_poses(index, muscle)
            self._check_moves(index, muscle)

    def _check_unique(self, entries: list[tuple[int, dict[str, Any]]], key: str, what: str) -> None:
        first_line: dict[str, int] = {}
        for index, entry in entries:
            entry_id = entry.get("id")
            if not isinstance(entry_id, str):
                continue
            path = (key, index, "id")
            if entry_id in first_line:
                first = first_line[entry_id]
                shown = _quoted(entry_id)
                self._error(path, f"duplicate {what} id '{shown}' (first used on line {first})")
            else:
                assert self.document is not None
                first_line[entry_id] = self.document.position(path)[0]

    def _check_poses(self, index: int, muscle: dict[str, Any]) -> None:
        seen: dict[str, tuple[int, str]] = {}  # cue key -> line and how it was written
        for cue_index, cue in _entries(muscle, "cues"):
            pose, side = cue.get("pose"), cue.get("side")
            if not isinstance(pose, str) or not pose.strip():
                continue
            path = ("muscles", index, "cues", cue_index, "pose")
            assert self.document is not None
            if not slugify(pose):
                self._error(path, f"pose '{_quoted(pose)}' needs at least one letter or digit")
                continue
            side = side.strip() if isinstance(side, str) and side.strip() else None
            if side is not None and not slugify(side):
                message = f"side '{_quoted(side)}' needs at least one letter or digit"
                self._error((*path[:-1], "side"), message)
                continue
            key = cue_key(slugify(pose), side)
            written = f"pose '{_quoted(pose)}'" + (f" on side '{_quoted(side)}'" if side else "")
            if key in seen:
                line, first = seen[key]
                self._error(
                    path,
                    f"this muscle already has a cue for {first} (line {line}), which makes the"
                    f" same card (.../cue/{key}); each pose may appear once per muscle and side",
                )
            else:
                seen[key] = (self.document.position(path)[0], written)

    def _check_moves(self, index: int, muscle: dict[str, Any]) -> None:
        moves = muscle.get("moves")
        if not isinstance(moves, list):
            return
        seen: set[str] = set()
        for move_index, move in enumerate(moves):
            if isinstance(move, str) and move in seen:
                self._error(
                    ("muscles", index, "moves", move_index),
                    f"move '{_quoted(move)}' is listed twice",
                )
            elif isinstance(move, str):
                seen.add(move)

    def _check_images(self, raw: dict[str, Any]) -> None:
        folder = real_path(self.path.parent)
        for key in ("muscles", "cards"):
            for index, entry in _entries(raw, key):
                image = entry.get("image")
                if isinstance(image, str) and image.strip():
                    problem = _image_problem(folder, image.strip())
                    if problem:
                        self._error((key, index, "image"), problem)


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "list_type": "a list (one '- ' entry per line)",
    "model_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
}


def _real_loc(raw: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's own loc parts (union members, 'function-after') that are not in the data."""
    real: list[str | int] = []
    node = raw
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            real.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            real.append(part)
            node = node[part] if 0 <= part < len(node) else None
    return tuple(real)


def _get(raw: Any, path: tuple[str | int, ...]) -> Any:
    node = raw
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _entries(raw: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    items = raw.get(key)
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def _shape(path: tuple[str | int, ...]) -> tuple[str, ...]:
    return tuple(part for part in path if isinstance(part, str))


def _noun(container: tuple[str | int, ...]) -> str:
    return _NOUNS.get(_shape(container), "entry")


def _quoted(value: object) -> str:
    """A value from the file, fit to quote in a one-line message."""
    return printable(str(value), newlines=False)


def _field_label(loc: tuple[str | int, ...]) -> str:
    if not loc:
        return "the deck"
    names = [part for part in loc if isinstance(part, str)]
    if isinstance(loc[-1], int):
        what = _noun(loc)
        if what != "entry" and names and _shape(loc) in _NOUNS:
            return f"each {what}"
        return f"each entry of '{_quoted(names[-1])}'" if names else "each entry"
    return f"'{_quoted(loc[-1])}'"


def _text_label(path: tuple[str | int, ...], *, in_key: bool) -> str:
    """Which text holds a control character: `'title'`, `the key 'x'`, `an entry of 'tags'`."""
    if in_key:
        return f"the key '{_quoted(path[-1])}'"
    if not path:
        return "the file"
    names = [part for part in path if isinstance(part, str)]
    if isinstance(path[-1], int):
        return f"an entry of '{_quoted(names[-1])}'" if names else "an entry"
    return f"'{_quoted(path[-1])}'"


def _allowed_keys(container: tuple[str | int, ...]) -> list[str]:
    model = _MODELS.get(_shape(container))
    return list(model.model_fields) if model is not None else []


def _key_guess(key: str, container: tuple[str | int, ...]) -> str | None:
    """The key an author most likely meant by an unknown `key`, if one is near."""
    allowed = _allowed_keys(container)
    guess = _KEY_SYNONYMS.get(key.lower())
    if guess in allowed:
        return guess
    matches = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _unknown_key(key: str, container: tuple[str | int, ...]) -> str:
    guess = _key_guess(key, container)
    if guess is not None:
        return f"unknown key '{_quoted(key)}' (did you mean '{guess}'?)"
    return f"unknown key '{_quoted(key)}' (allowed here: {', '.join(_allowed_keys(container))})"


def _bad_effect(value: Any) -> str:
    allowed = ", ".join(EFFECTS)
    if not isinstance(value, str):
        return f"'effect' should be one of {allowed}, not {_describe(value, text_expected=False)}"
    guess = _EFFECT_SYNONYMS.get(value.strip().lower())
    if guess is None:
        matches = difflib.get_close_matches(value.strip().lower(), EFFECTS, n=1, cutoff=0.7)
        guess = matches[0] if matches else None
    hint = f" (did you mean '{guess}'?)" if guess else ""
    return f"unknown effect '{_quoted(value)}'{hint}; use one of: {allowed}"


def _bad_move(value: Any) -> str:
    if not isinstance(value, str):
        described = _describe(value, text_expected=False)
        return f"a move should be text such as 'hip flexion', not {described}"
    guess = suggest_move(value)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    return (
        f"unknown move '{_quoted(value)}'{hint}; write a joint and its movement, "
        "e.g. 'hip flexion', 'spine lateral flexion' (the schema lists them all)"
    )


def _bad_slug(name: str, value: Any) -> str:
    suggestion = slugify(str(value))[:64].strip("-")
    example = f", e.g. '{suggestion}'" if suggestion else ""
    what = "id" if name == "'id'" else f"{name}"
    return (
        f"{what} '{_quoted(value)}' is not a valid slug: use lowercase letters, digits and "
        f"single hyphens{example}"
    )


def _describe(value: Any, *, text_expected: bool = True) -> str:
    """What an author wrote, in words; for text fields, how to make YAML read it as text."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        hint = "; put the text in quotes" if text_expected else ""
        return f"true/false ({str(value).lower()}){hint}"
    if isinstance(value, int | float):
        hint = "; put it in quotes if it is text" if text_expected else ""
        return f"a number ({value}){hint}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover - YAML yields only the types above


def _image_problem(folder: Path, image: str) -> str | None:
    relative = Path(image)
    shown = _quoted(image)
    if relative.is_absolute():
        return f"image '{shown}' must be a path relative to the deck file"
    target = real_path(folder / relative)
    if not target.is_relative_to(folder):
        return f"image '{shown}' points outside the deck's folder"
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        return f"image '{shown}' is not a picture (use {', '.join(IMAGE_SUFFIXES)})"
    if not target.is_file():
        return f"image file '{shown}' not found next to the deck"
    return None
