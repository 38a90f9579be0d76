"""Suspensions and buries when studytool and Anki disagree: the side that changed since
the last sync wins, flag by flag; when both changed, the card stays set aside."""

from __future__ import annotations

from studytool.core.set_aside import SetAside, agree

FREE = SetAside()
SUSPENDED = SetAside(suspended=True)
BURIED = SetAside(buried=True)


def test_agreeing_sides_stay_as_they_are() -> None:
    assert agree({"a": SUSPENDED, "b": FREE}, {"a": SUSPENDED, "b": FREE}, {}) == {
        "a": SUSPENDED,
        "b": FREE,
    }


def test_the_side_that_changed_since_the_last_sync_wins() -> None:
    last = {"a": FREE, "b": SUSPENDED}
    here = {"a": SUSPENDED, "b": SUSPENDED}  # a suspended here
    there = {"a": FREE, "b": FREE}  # b brought back in Anki
    assert agree(here, there, last) == {"a": SUSPENDED, "b": FREE}


def test_flags_are_agreed_one_by_one() -> None:
    last = {"a": FREE}
    here = {"a": SUSPENDED}
    there = {"a": BURIED}
    assert agree(here, there, last) == {"a": SetAside(suspended=True, buried=True)}


def test_when_both_changed_or_never_agreed_the_card_stays_set_aside() -> None:
    assert agree({"a": SUSPENDED}, {"a": FREE}, {}) == {"a": SUSPENDED}
    assert agree({"a": FREE}, {"a": BURIED}, {}) == {"a": BURIED}
    # A card one side does not know is as that side's default: free.
    assert agree({"a": FREE}, {}, {"a": FREE}) == {"a": FREE}
