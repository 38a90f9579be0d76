"""The closed vocabulary of movements a muscle may list under `moves:`.

Each move is a joint and a movement written as plain words, `hip flexion`, `spine
lateral flexion`, `scapula upward rotation`, plus breathing's `inhalation` and
`exhalation`. One vocabulary for every deck, so that the muscles of a deck that share
a move can be asked about together, and editors can complete the names (the JSON
Schema lists them).

Pure, and light to import (no pydantic).
"""

from __future__ import annotations

import difflib

__all__ = ["JOINT_MOVEMENTS", "MOVES", "move_verb", "suggest_move"]

_SPINE = ("flexion", "extension", "lateral flexion", "rotation")
#: The ball-and-socket joints' movements, shared by the shoulder and the hip.
_BALL_AND_SOCKET = (
    "flexion",
    "extension",
    "abduction",
    "adduction",
    "medial rotation",
    "lateral rotation",
)

#: Each joint and the movements it makes, in the order anatomy texts list them.
JOINT_MOVEMENTS: dict[str, tuple[str, ...]] = {
    "spine": _SPINE,
    "neck": _SPINE,
    "scapula": (
        "elevation",
        "depression",
        "protraction",
        "retraction",
        "upward rotation",
        "downward rotation",
    ),
    "shoulder": (*_BALL_AND_SOCKET, "horizontal abduction", "horizontal adduction"),
    "elbow": ("flexion", "extension"),
    "forearm": ("pronation", "supination"),
    "wrist": ("flexion", "extension", "radial deviation", "ulnar deviation"),
    "hip": _BALL_AND_SOCKET,
    "pelvis": ("anterior tilt", "posterior tilt"),
    "knee": ("flexion", "extension", "medial rotation", "lateral rotation"),
    "ankle": ("dorsiflexion", "plantarflexion"),
    "foot": ("inversion", "eversion"),
    "toes": ("flexion", "extension"),
}

#: Every move as a deck writes it: `hip flexion`, ..., `inhalation`, `exhalation`.
MOVES: tuple[str, ...] = (
    *(
        f"{joint} {movement}"
        for joint, movements in JOINT_MOVEMENTS.items()
        for movement in movements
    ),
    "inhalation",
    "exhalation",
)


def suggest_move(text: str) -> str | None:
    """The move a mistyped one most likely meant (`hip flexon` -> `hip flexion`)."""
    written = " ".join(text.lower().split())
    matches = difflib.get_close_matches(written, MOVES, n=1, cutoff=0.75)
    return matches[0] if matches else None


#: How a question says each movement as a verb: `hip flexion` -> "flex the hip".
_VERBS = {
    "flexion": "flex",
    "extension": "extend",
    "lateral flexion": "bend {joint} to the side",
    "rotation": "rotate",
    "elevation": "elevate",
    "depression": "depress",
    "protraction": "protract",
    "retraction": "retract",
    "upward rotation": "rotate {joint} upward",
    "downward rotation": "rotate {joint} downward",
    "abduction": "abduct",
    "adduction": "adduct",
    "medial rotation": "medially rotate",
    "lateral rotation": "laterally rotate",
    "horizontal abduction": "horizontally abduct",
    "horizontal adduction": "horizontally adduct",
    "pronation": "pronate",
    "supination": "supinate",
    "radial deviation": "bend {joint} toward the thumb (radial deviation)",
    "ulnar deviation": "bend {joint} toward the little finger (ulnar deviation)",
    "anterior tilt": "tilt {joint} forward (anterior tilt)",
    "posterior tilt": "tilt {joint} back (posterior tilt)",
    "dorsiflexion": "dorsiflex",
    "plantarflexion": "plantarflex",
    "inversion": "invert",
    "eversion": "evert",
}
_BREATHING = {"inhalation": "help you breathe in", "exhalation": "help you breathe out"}


def move_verb(move: str) -> str:
    """The move as a question's verb phrase: `hip flexion` -> "flex the hip",
    `scapula upward rotation` -> "rotate the scapula upward"."""
    if move in _BREATHING:
        return _BREATHING[move]
    joint, _, movement = move.partition(" ")
    verb = _VERBS[movement]
    the_joint = f"the {joint}"
    return verb.format(joint=the_joint) if "{joint}" in verb else f"{verb} {the_joint}"
