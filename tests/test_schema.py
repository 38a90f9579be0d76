"""The JSON Schema editors use agrees with the validator."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from studytool.core.deck_discovery import find_deck_files
from studytool.core.deck_format import EFFECTS
from studytool.core.deck_loading import deck_schema
from studytool.paths import bundled_decks_dir

BUNDLED = find_deck_files([bundled_decks_dir()])


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_schema_accepts_every_bundled_deck(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, deck_schema())


def test_schema_rejects_a_misspelt_key_and_a_bad_effect() -> None:
    validator = jsonschema.Draft202012Validator(deck_schema())
    deck = {
        "id": "d",
        "title": "D",
        "muscles": [
            {
                "id": "m",
                "name": "M",
                "region": "hip",
                "orgin": "o",
                "insertion": "i",
                "actions": ["a"],
                "cues": [{"pose": "Bridge", "cue": "Lift", "effect": "stretches"}],
            }
        ],
    }
    messages = sorted(error.message for error in validator.iter_errors(deck))
    assert any("'origin' is a required property" in m for m in messages)
    assert any("'orgin' was unexpected" in m for m in messages)
    assert any("'stretches' is not one of" in m for m in messages)


def test_schema_lists_the_effects_and_the_slug_pattern() -> None:
    schema = deck_schema()
    assert tuple(schema["$defs"]["Cue"]["properties"]["effect"]["enum"]) == EFFECTS
    assert schema["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
