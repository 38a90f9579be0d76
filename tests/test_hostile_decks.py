"""Property: any mutation of a valid deck ends in a valid deck or FILE:LINE:COL errors.

Mutations work on the deck's data (random keys and values, wrong types, unicode and
control characters, very long strings, deleted entries), then the result is written back
as YAML, so they reach the validator as well as the parser; no message may carry a
control character raw. Text-level mutations live in test_hostile_input.py.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_decks import seven_muscle_deck

from studytool.core.deck_loading import parse_deck
from studytool.core.terminal_text import UNSAFE_CHARACTER

BASE: dict[str, Any] = yaml.safe_load(seven_muscle_deck())
PATH = Path("decks") / "mutated.yaml"

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=5).map(lambda s: s * 3000)
    | st.sampled_from(
        [
            "",
            " ",
            "yes",
            "no",
            "~",
            "0x1F",
            "1:30",
            "orgin",
            "effect",
            "🦴",
            "\u202e",
            "\x1b]0;t\x07",
        ]
    )
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
keys = st.sampled_from(
    [
        "id",
        "title",
        "muscles",
        "cards",
        "origin",
        "insertion",
        "actions",
        "cues",
        "pose",
        "effect",
        "image",
        "tags",
        "version",
        "orgin",
        "nerve",
        "name",
        "region",
        "back",
    ]
) | st.text(max_size=12)


def _containers(node: Any) -> list[Any]:
    found = [node]
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        if isinstance(child, dict | list):
            found.extend(_containers(child))
    return found


@st.composite
def mutated_decks(draw: st.DrawFn) -> Any:
    deck = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 6))):
        containers = _containers(deck)
        target = containers[draw(st.integers(0, len(containers) - 1))]
        action = draw(st.sampled_from(["set", "delete", "replace-root"]))
        if action == "replace-root" and draw(st.booleans()):
            return draw(values)
        if isinstance(target, dict):
            if action == "delete" and target:
                del target[draw(st.sampled_from(sorted(target, key=str)))]
            else:
                target[draw(keys)] = draw(values)
        elif isinstance(target, list):
            if action == "delete" and target:
                del target[draw(st.integers(0, len(target) - 1))]
            else:
                target.append(draw(values))
    return deck


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_decks())
def test_mutated_deck_data_ends_in_a_deck_or_located_errors(deck: Any) -> None:
    text = yaml.safe_dump(deck, allow_unicode=True, sort_keys=False)
    result = parse_deck(text.encode("utf-8", "surrogatepass"), PATH)
    lines = text.count("\n") + 1
    if result.ok:
        assert result.cards
        return
    assert result.errors
    for error in result.errors:
        assert 1 <= error.line <= lines + 1
        assert error.column >= 1
        assert error.message
        assert str(error).startswith(f"{PATH}:{error.line}:{error.column}: ")
        # Nothing from the file reaches a terminal raw, and each message is one line.
        assert not UNSAFE_CHARACTER.search(error.message)
        assert "\n" not in error.message
