"""Browse: search every card, filter by deck, muscle, region, kind and state."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from studytool.core.search_syntax import parse_query
from studytool.storage import StoreError, StudyCard
from studytool.tui.screens.base import UsesStudyApp
from studytool.tui.text import rich_text

_HINT = (
    "words, and filters: deck:  muscle:  region:  kind:origin  "
    "state:new|due|learning|suspended|leech|buried"
)


class BrowseScreen(UsesStudyApp, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("ctrl+s", "toggle_suspend", "Suspend/unsuspend"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, StudyCard] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search cards…", id="search")
        yield Static(_HINT, id="search-hint", markup=False)
        with Horizontal(id="browse"):
            table: DataTable[str | Text] = DataTable(id="results", cursor_type="row")
            table.add_columns("Card", "Kind", "Due", "Lapses")
            yield table
            with VerticalScroll(id="detail"):
                yield Static(id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.run_search("")

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one("#results", DataTable).focus()

    def run_search(self, text: str) -> None:
        app = self.study_app
        if app.store is None:
            return
        query = parse_query(text)
        hint = self.query_one("#search-hint", Static)
        hint.update("; ".join(query.problems) if query.problems else _HINT)
        hint.set_class(bool(query.problems), "problem")
        found = app.store.search(query, app.now())
        self.cards = {card.id: card for card in found}
        table = self.query_one("#results", DataTable)
        table.clear()
        for card in found:
            schedule = card.schedule
            table.add_row(
                card.front.splitlines()[0][:60],
                card.kind.value,
                _state(card),
                str(schedule.state.lapses),
                key=card.id,
            )
        self.show_detail(found[0] if found else None)

    @on(DataTable.RowHighlighted, "#results")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        self.show_detail(self.cards.get(key) if key else None)

    def show_detail(self, card: StudyCard | None) -> None:
        body = self.query_one("#detail-body", Static)
        app = self.study_app
        if card is None or app.store is None:
            body.update(Text("No cards match.", style="dim"))
            return
        s = card.schedule
        text = Text()
        text.append(f"{card.id}\n", style="bold")
        text.append(f"{card.kind.value} · {card.region or '-'} · line {card.line}\n\n", style="dim")
        text.append_text(rich_text(card.front))
        text.append("\n\n")
        text.append_text(rich_text(card.back))
        text.append("\n\nSchedule\n", style="bold underline")
        text.append(
            f"state {_state(card)} · easiness {s.state.easiness:.2f} · "
            f"interval {s.state.interval}d · repetitions {s.state.repetitions} · "
            f"lapses {s.state.lapses}" + (" · LEECH" if s.leech else "") + "\n"
        )
        history = app.store.history(card.id)
        text.append(f"\nHistory ({len(history)} answers)\n", style="bold underline")
        for row in history[-12:]:
            text.append(
                f"{row['study_day']}  grade {row['quality']}  {row['kind']:<6}  "
                f"→ {row['interval_after']}d\n"
            )
        body.update(text)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_toggle_suspend(self) -> None:
        app = self.study_app
        table = self.query_one("#results", DataTable)
        if app.store is None or table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        card = self.cards.get(row_key.value or "")
        if card is None:
            return
        try:
            if card.schedule.suspended:
                app.store.unsuspend(card.id)
                self.notify("Unsuspended.", timeout=2)
            else:
                app.store.suspend(card.id)
                self.notify("Suspended.", timeout=2)
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8)
            return
        self.run_search(self.query_one("#search", Input).value)

    def action_back(self) -> None:
        self.app.pop_screen()


def _state(card: StudyCard) -> str:
    s = card.schedule
    if s.leech:
        return "leech"
    if s.suspended:
        return "suspended"
    if s.is_new:
        return "new"
    return s.due.isoformat() if s.due else "-"
