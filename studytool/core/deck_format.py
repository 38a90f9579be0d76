"""The deck format: what an instructor writes in a deck file, as pydantic models.

Pure: no UI, no storage, no clock. The models are the single source of the format:
`deck_loading` validates files against them and `studytool schema` derives the JSON
Schema for editors from them. The cards a deck becomes are in `card` (a light module
without pydantic, so the study app can start without loading the validator).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from studytool.core.card import NOT_MUSCLES
from studytool.core.movements import MOVES
from studytool.core.slugs import SLUG_PATTERN

__all__ = [
    "EFFECTS",
    "RESERVED_MUSCLE_IDS",
    "SLUG_PATTERN",
    "Cue",
    "Deck",
    "Effect",
    "FreeCard",
    "Muscle",
]

#: `DECK/card/ID` names free cards, and `DECK/pose/...`, `DECK/move/...` the cards that
#: join muscles, so no muscle may be called `card`, `pose` or `move`.
RESERVED_MUSCLE_IDS = NOT_MUSCLES

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Effect = Literal["lengthens", "strengthens", "stabilizes", "releases", "activates"]
EFFECTS: tuple[str, ...] = get_args(Effect)
if TYPE_CHECKING:
    Move = str
else:  # the closed vocabulary of `core/movements.py`, as an enum in the JSON Schema
    Move = Literal[MOVES]


class _Strict(BaseModel):
    # Strict: a number where text belongs is a mistake to report, not to coerce.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Cue(_Strict):
    """A pose or exercise and what a teacher says to work a muscle in it."""

    pose: Text = Field(description="The pose or exercise, e.g. Runner's lunge.")
    cue: Text = Field(description="What the teacher says to the student.")
    effect: Effect = Field(description="What the pose does to the muscle.")
    side: Text | None = Field(
        default=None,
        description="Which side or leg the cue concerns, e.g. back leg (part of the card's id).",
    )


class Muscle(_Strict):
    """One muscle; it becomes origin, insertion, actions, innervation and identify cards."""

    id: Slug = Field(description="Unique in the deck; never changes once shared.")
    name: Text = Field(description="The muscle's name, e.g. Psoas major.")
    region: Text = Field(description="Body region, used for filtering and stats, e.g. hip.")
    origin: Text = Field(description="Where the muscle arises.")
    insertion: Text = Field(description="Where the muscle attaches distally.")
    actions: list[Text] = Field(min_length=1, description="What the muscle does, one per entry.")
    innervation: Text | None = Field(default=None, description="Its nerve supply.")
    image: Text | None = Field(
        default=None, description="An image file, relative to the deck file, inside its folder."
    )
    notes: Text | None = Field(default=None, description="Shown on the answer side.")
    cues: list[Cue] = Field(default_factory=list, description="Poses and cues for this muscle.")
    moves: list[Move] = Field(
        default_factory=list,
        description="Movements it makes, as joint and movement: hip flexion, knee extension.",
    )


class FreeCard(_Strict):
    """A hand-written question and answer."""

    id: Slug = Field(description="Unique among the deck's free cards; never changes once shared.")
    front: Text = Field(description="The question.")
    back: Text = Field(description="The answer.")
    tags: list[Tag] = Field(default_factory=list, description="Extra tags for this card.")
    image: Text | None = Field(
        default=None, description="An image file, relative to the deck file, inside its folder."
    )


class Deck(_Strict):
    """A deck file as an instructor writes it."""

    model_config = ConfigDict(
        title="studytool deck",
        json_schema_extra={"description": "An anatomy deck for studytool."},
    )

    id: Slug = Field(description="The deck's id; never changes once shared.")
    title: Text = Field(description="Shown in the deck list.")
    description: Text | None = Field(default=None, description="A sentence or two on the deck.")
    version: int = Field(
        default=1, ge=1, le=1_000_000, description="Bumped by the instructor on each release."
    )
    order: int | None = Field(
        default=None,
        ge=1,
        le=1_000_000,
        description="Where the deck comes in a course: the deck list shows decks by order"
        " (1 first), then decks without one, by title.",
    )
    authors: list[Text] = Field(default_factory=list, description="Who wrote the deck.")
    tags: list[Tag] = Field(default_factory=list, description="Tags for every card of the deck.")
    muscles: list[Muscle] = Field(default_factory=list, description="The deck's muscles.")
    cards: list[FreeCard] = Field(default_factory=list, description="Free-form cards.")
