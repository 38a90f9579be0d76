"""No input, however broken, makes deck loading raise: it ends in a deck or in errors."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_decks import seven_muscle_deck

from studytool.core.deck_loading import parse_deck
from studytool.core.deck_validation import LoadedDeck

BASE = seven_muscle_deck()
BASE_LINES = BASE.splitlines()
DECK_PATH = Path("decks") / "fuzz.yaml"
# YAML's own punctuation and a few values that change types, to reach deep into the parser.
FRAGMENTS = st.sampled_from(
    [
        "- ",
        ": ",
        "&a ",
        "*a",
        "<<: *a",
        "!!python/object ",
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        "\t",
        "---",
        "~",
        "yes",
        "12",
        "id: card",
        "effect: nope",
        "\u00e9",
        "\x00",
        "#",
        "? ",
    ]
)


def assert_well_formed(result: LoadedDeck, text_lines: int) -> None:
    if result.ok:
        assert result.cards
        return
    assert result.errors
    for error in result.errors:
        assert error.line >= 1
        assert error.column >= 1
        assert error.line <= max(text_lines, 1) + 1
        assert error.message


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    assert_well_formed(parse_deck(data, DECK_PATH), data.count(b"\n") + 1)


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(BASE_LINES) - 1),
            st.sampled_from(["delete", "indent", "dedent", "insert", "replace"]),
            st.text(max_size=20) | FRAGMENTS,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_decks_never_raise(edits: list[tuple[int, str, str]]) -> None:
    lines = list(BASE_LINES)
    for index, action, fragment in edits:
        index = min(index, len(lines) - 1)
        if not lines:
            break
        if action == "delete":
            del lines[index]
        elif action == "indent":
            lines[index] = "  " + lines[index]
        elif action == "dedent":
            lines[index] = lines[index][2:]
        elif action == "insert":
            lines.insert(index, fragment)
        else:
            cut = len(lines[index]) // 2
            lines[index] = lines[index][:cut] + fragment
    text = "\n".join(lines) + "\n"
    assert_well_formed(parse_deck(text.encode("utf-8", "surrogatepass"), DECK_PATH), len(lines))
