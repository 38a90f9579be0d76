"""The screens fit the terminal: small, ordinary and wide. And what they show helps.

Driven by Textual's Pilot on the real app: the answer in view after Space on a 60x18
terminal, grade keys that never run into each other, text held to a readable measure,
notices clear of the counts, browse rows that tell cards apart, a deck list that opens
where the work is, and a muscle's notes where they teach.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Footer
from textual.widgets._toast import Toast
from tui_helpers import NOW, make_app, screen_lines, settle

from studytool.core.search_syntax import parse_query
from studytool.storage import Store
from studytool.tui.screens.browse import BrowseScreen
from studytool.tui.screens.deck_list import DeckListScreen
from studytool.tui.screens.study import StudyScreen

SMALL, ORDINARY, LARGE, WIDE = (60, 18), (80, 24), (160, 48), (220, 50)
#: The longest outcome a grade key shows ("in 3 cards"), as long as any label gets.
LONGEST_LABEL = "in 3 cards"


def study_screen(app: App[None]) -> StudyScreen:
    assert isinstance(app.screen, StudyScreen)
    return app.screen


def widget(app: App[None], selector: str) -> Widget:
    return app.screen.query_one(selector)


def inside(inner: Region, outer: Region) -> bool:
    """`inner` lies wholly within `outer`."""
    return outer.union(inner) == outer


# -- 7. a screen that fits


@pytest.mark.parametrize("size", [SMALL, ORDINARY, LARGE], ids=["60x18", "80x24", "160x48"])
async def test_the_answer_is_in_view_after_space(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, history=True, notes=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space")
        await settle(pilot)
        screen = study_screen(app)
        card = screen.session.current
        assert card is not None
        back = widget(app, "#card-back")
        body = widget(app, "#card-body")
        # The answer's first line is on screen, inside the card's visible part.
        text = back.content_region
        assert text.height > 0
        assert inside(Region(text.x, text.y, text.width, 1), body.content_region)
        assert any(card.back.splitlines()[0] in line for line in screen_lines(app))


async def test_the_answer_is_in_view_however_long_the_question(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    origin = "Many small attachments along the bone; " * 15
    (tmp_path / "decks" / "test-deck.yaml").write_text(
        "id: test-deck\ntitle: Test deck\nmuscles:\n  - id: long\n    name: Long muscle\n"
        f"    region: hip\n    origin: {origin}\n    insertion: Femur\n"
        "    actions: [Flexes the hip]\n",
        encoding="utf-8",
    )
    only_these_cards(app, tmp_path, {"test-deck/long/identify"})
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Which muscle runs" in " ".join(screen_lines(app))  # the question's start
        await pilot.press("space")
        await settle(pilot)
        assert any("Long muscle" in line for line in screen_lines(app))


@pytest.mark.parametrize("size", [SMALL, (70, 20), ORDINARY, (100, 30)])
async def test_grade_keys_never_wrap_into_each_other(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, history=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space")
        study_screen(app).grades.labels = dict.fromkeys(range(6), LONGEST_LABEL)
        await settle(pilot)
        keys = [widget(app, f"#grade-{quality}") for quality in range(6)]
        regions = [key.region for key in keys]
        for index, region in enumerate(regions):
            assert region.width > 0
            assert inside(region, app.screen.region)
            for other in regions[index + 1 :]:
                assert not region.overlaps(other)
        lines = screen_lines(app)
        for quality, region in enumerate(regions):
            rows = [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]
            # The key and its outcome, each whole on a line of the key's own cells.
            assert any(f" {quality} " in row for row in rows), rows
            assert any(LONGEST_LABEL in row for row in rows), rows


async def test_text_keeps_a_readable_measure_on_a_wide_terminal(tmp_path: Path) -> None:
    app = make_app(tmp_path, history=True, notes=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space")
        await settle(pilot)
        card = study_screen(app).session.current
        assert card is not None
        assert card.notes  # an identify card: its notes show
        notes = [line for line in screen_lines(app) if "line of pull" in line]
        assert notes
        for line in notes:
            assert len(line.strip(" │")) <= 80
        assert widget(app, "#card-notes").content_region.width <= 80


@pytest.mark.parametrize("size", [SMALL, ORDINARY, LARGE], ids=["60x18", "80x24", "160x48"])
async def test_a_notice_never_covers_the_counts_or_the_hint(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(tmp_path, history=True)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "5")  # a grade before the answer shows: a notice
        await settle(pilot)
        assert_notices_clear_of(app, "#study-status", "#reveal-hint")
        await pilot.press("space")
        app.screen.notify("A notice as long as some of the app's own notices are.", timeout=30)
        await settle(pilot)
        assert_notices_clear_of(app, "#study-status", "#grades")


def assert_notices_clear_of(app: App[None], *selectors: str) -> None:
    """Every notice shows whole, and over none of these widgets."""
    toasts = list(app.screen.query(Toast))
    assert toasts
    for toast in toasts:
        placed = app.screen.find_widget(toast)
        assert inside(placed.region, placed.clip)  # no line of it cut off
        for selector in selectors:
            assert not placed.region.overlaps(widget(app, selector).region), selector


@pytest.mark.parametrize("size", [SMALL, ORDINARY], ids=["60x18", "80x24"])
async def test_the_deck_list_header_and_footer_fit(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, broken=True)
    deck = tmp_path / "decks" / "test-deck.yaml"  # titled as long as a bundled deck
    text = deck.read_text(encoding="utf-8")
    deck.write_text(text.replace("title: Test deck", "title: Psoas and the deep core"), "utf-8")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        width = size[0]
        table = app.screen.query_one("#decks", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        header = screen_lines(app)[table.region.y]
        for label in ("Deck", "New", "Learning", "Due", "Cards"):
            assert f" {label} " in f"{header} "
        footer = app.screen.query_one(Footer)
        keys = [key for key in footer.query("FooterKey") if key.display]
        for key in keys:
            assert key.region.right <= width
        shown = " ".join(screen_lines(app)[footer.region.y : footer.region.bottom])
        for words in ("Study all", "Browse", "Stats", "Export", "Errors", "Help"):
            assert words in shown


# -- 8. browse rows that tell cards apart


async def test_browse_shows_muscle_kind_deck_state_and_due_in_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path, history=True)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        table = app.screen.query_one("#results", DataTable)
        labels = [str(column.label) for column in table.ordered_columns]
        assert labels == ["Question", "Muscle", "Kind", "Deck", "State", "Due"]
        rows = {str(key.value): [str(cell) for cell in table.get_row(key)] for key in table.rows}
        assert rows["test-deck/muscle-3/identify"] == [
            "Which muscle runs from: Origin of Muscle 3 to: Insertion of Muscle 3?",
            "Muscle 3",
            "identify",
            "test-deck",
            "due",
            "2026-03-02",
        ]
        identify = [row for key, row in rows.items() if key.endswith("/identify")]
        assert len({row[1] for row in identify}) == 7  # one muscle each, told apart
        assert rows["test-deck/card/free-one"][1:3] == ["—", "card"]
        # The question is as wide as it needs, and the table no wider than its room.
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_browse_states_follow_the_study_day(tmp_path: Path) -> None:
    app = make_app(tmp_path, history=True)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        table = app.screen.query_one("#results", DataTable)
        states = {str(table.get_row(key)[4]) for key in table.rows}
        assert {"due", "review", "new", "leech"} <= states
        await pilot.press("enter", "down", "ctrl+s")  # to the results; suspend the second
        await settle(pilot)
        assert str(table.get_row_at(1)[4]) == "suspended"


# -- 9. the deck list opens where the work is


def deck_done_for_today(folder: Path) -> None:
    """A deck, first by title, whose every card is learnt and due days from now."""
    decks = folder / "decks"
    decks.mkdir(exist_ok=True)
    (decks / "anatomy-basics.yaml").write_text(
        "id: anatomy-basics\ntitle: Anatomy basics\ncards:\n"
        "  - id: one\n    front: One?\n    back: One.\n"
        "  - id: two\n    front: Two?\n    back: Two.\n",
        encoding="utf-8",
    )
    with Store.open(folder / "study.db", zone=UTC) as store:
        store.sync([decks / "anatomy-basics.yaml"], NOW - timedelta(days=3))
        for days_ago in (3, 2):  # intervals of 1 day, then 6
            day = NOW - timedelta(days=days_ago)
            for card in store.search(parse_query("deck:anatomy-basics"), day):
                store.answer(card.id, 5, day, duration_ms=1000)


def recorded_notices(app: App[None], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notices: list[str] = []
    original = app.screen.notify

    def notify(message: str, **options: object) -> None:
        notices.append(message)
        original(message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app.screen, "notify", notify)
    return notices


async def test_the_cursor_starts_on_the_first_deck_with_cards_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck_done_for_today(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=ORDINARY) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        table = app.screen.table
        rows = [[str(cell) for cell in table.get_row_at(row)] for row in range(2)]
        assert [row[:4] for row in rows] == [
            ["Anatomy basics", "0", "0", "0"],
            ["Test deck", "9", "0", "0"],
        ]
        assert table.cursor_row == 1
        assert table.selected_key == "test-deck"

        notices = recorded_notices(app, monkeypatch)
        await pilot.press("up", "enter")  # the deck with nothing left today
        assert isinstance(app.screen, DeckListScreen)
        assert len(notices) == 1
        assert "Anatomy basics" in notices[0]
        assert "Test deck still has" in notices[0]
        assert table.selected_key == "test-deck"  # and the cursor went there


async def test_study_all_with_nothing_left_anywhere_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, new_per_day=0)
    async with app.run_test(size=ORDINARY) as pilot:
        await settle(pilot)
        notices = recorded_notices(app, monkeypatch)
        await pilot.press("a")
        assert isinstance(app.screen, DeckListScreen)
        assert notices == ["Nothing left to study in any deck today. Come back tomorrow!"]


# -- 10. notes where they teach


def only_these_cards(app: App[None], folder: Path, keep: set[str]) -> None:
    """Sync the decks and suspend every card but `keep`, so the session holds those."""
    store = app.store  # type: ignore[attr-defined]
    store.sync([folder / "decks"], NOW)
    for row in list(store.db.query("SELECT id FROM cards")):
        if row["id"] not in keep:
            store.suspend(row["id"])


async def study_each_card(pilot: Pilot[None], check: Callable[[str], Awaitable[None]]) -> None:
    """Run `check(kind)` on each card of the session, then grade it 5."""
    screen = study_screen(pilot.app)
    while screen.session.current is not None and pilot.app.screen is screen:
        await check(screen.session.current.kind.value)
        await pilot.press("5")
        await settle(pilot)


async def test_notes_show_on_identify_cards_and_on_request_elsewhere(tmp_path: Path) -> None:
    app = make_app(tmp_path, notes=True)
    only_these_cards(app, tmp_path, {"test-deck/muscle-1/origin", "test-deck/muscle-2/identify"})
    seen: list[str] = []
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        screen = study_screen(app)

        def notes_shown() -> bool:
            return any("line of pull" in line for line in screen_lines(app))

        async def check(kind: str) -> None:
            seen.append(kind)
            assert not notes_shown()  # never before the answer
            await pilot.press("n")
            await settle(pilot)
            assert not notes_shown()
            await pilot.press("space")
            await settle(pilot)
            assert "n" in screen.active_bindings  # "n Notes" in the footer
            shown = kind == "identify"  # by itself on an identify card, else on request
            assert notes_shown() is shown
            await pilot.press("n")
            await settle(pilot)
            assert notes_shown() is not shown
            await pilot.press("n")
            await settle(pilot)
            assert notes_shown() is shown

        await study_each_card(pilot, check)
    assert sorted(seen) == ["identify", "origin"]


async def test_the_notes_key_is_off_on_a_card_without_notes(tmp_path: Path) -> None:
    app = make_app(tmp_path)  # the sample deck has no notes
    async with app.run_test(size=ORDINARY) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space")
        screen = study_screen(app)
        assert "n" in screen.active_bindings  # always listed, so the footer stays put
        lines = screen_lines(app)
        await pilot.press("n")
        await settle(pilot)
        assert screen_lines(app) == lines  # nothing to show, nothing changes
