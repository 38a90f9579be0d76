"""The study screen: a card's front, the answer on Space, a grade from 0 to 5."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from studytool.core.answer_rules import grade_labels
from studytool.core.card import CardKind
from studytool.core.schedulers.sm2 import GRADES, QUALITIES
from studytool.storage import StoreError, StudyCard
from studytool.study_session import StudySession
from studytool.tui.screens.base import UsesStudyApp
from studytool.tui.text import rich_text

_KIND_LABELS = {
    CardKind.ORIGIN: "origin",
    CardKind.INSERTION: "insertion",
    CardKind.ACTIONS: "actions",
    CardKind.INNERVATION: "innervation",
    CardKind.IDENTIFY: "identify",
    CardKind.CUE: "cue",
    CardKind.CARD: "card",
}


_REVEAL_HINT = "Space shows the answer; then grade it 0-5 (Space or Enter = 4, good)"


class StudyScreen(UsesStudyApp, Screen[None]):
    """One card at a time. Space shows the answer; 0-5 grade it; Space/Enter after the
    reveal mean 4 (good)."""

    BINDINGS = [
        Binding("space", "reveal_or_good", "Show/Good", priority=True),
        Binding("enter", "reveal_or_good", "Show/Good", show=False, priority=True),
        *(Binding(str(q), f"grade({q})", GRADES[q], show=False) for q in QUALITIES),
        Binding("u", "undo", "Undo"),
        Binding("b", "bury", "Bury"),
        Binding("s", "suspend", "Suspend"),
        Binding("e", "edit", "Edit"),
        Binding("escape", "leave", "Finish"),
    ]

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session
        self.revealed = False
        self.shown_at = session.started

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="study"):
            yield Static(id="card-meta")
            with VerticalScroll(id="card-body"):
                yield Static(id="card-front")
                yield Static(id="card-back")
            yield Static(_REVEAL_HINT, id="reveal-hint")
            with Horizontal(id="grades"):
                for quality in QUALITIES:
                    yield Static(id=f"grade-{quality}", classes="grade")
            with Horizontal(id="study-status"):
                yield ProgressBar(show_eta=False, id="progress")
                yield Static(id="remaining")
                yield Static(id="timer")
        yield Footer()

    def on_mount(self) -> None:
        self.show_card()
        self.set_interval(1.0, self.update_timer)

    # -- drawing

    def show_card(self) -> None:
        card = self.session.current
        if card is None:
            self.finish()
            return
        self.revealed = False
        self.shown_at = self.study_app.now()
        meta = Text.assemble(
            (f" {_KIND_LABELS[card.kind]} ", "reverse bold"),
            "  ",
            (card.region or "", "italic"),
            ("  ·  " if card.region else "", "dim"),
            (card.deck, "dim"),
        )
        # Fixed-size widgets skip the layout pass: the next card must draw within a frame.
        self.query_one("#card-meta", Static).update(meta, layout=False)
        self.query_one("#card-front", Static).update(rich_text(card.front))
        back = self.query_one("#card-back", Static)
        back.update("")
        back.display = False
        self.query_one("#reveal-hint", Static).display = True
        self.query_one("#grades").display = False
        self.update_status()

    def reveal(self) -> None:
        card = self.session.current
        if card is None:
            return
        self.revealed = True
        back = self.query_one("#card-back", Static)
        back.update(_answer(card))
        back.display = True
        app = self.study_app
        today = app.store.today(app.now()) if app.store else None
        labels = grade_labels(card.schedule, today) if today else {}
        for quality in QUALITIES:
            # Like Anki's answer buttons: the key and its meaning, the interval below.
            self.query_one(f"#grade-{quality}", Static).update(
                Text.assemble(
                    (f" {quality} ", "reverse bold"),
                    f" {GRADES[quality]}\n",
                    (labels.get(quality, ""), "dim"),
                ),
                layout=False,
            )
        self.query_one("#reveal-hint", Static).display = False
        self.query_one("#grades").display = True

    def update_status(self) -> None:
        done, total = self.session.progress
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=done)
        app = self.study_app
        if app.store is None:
            return
        left = self.session.remaining()
        self.query_one("#remaining", Static).update(
            Text.assemble(
                (str(left.new), "bold blue"),
                " new  ",
                (str(left.learning), "bold red"),
                " learning  ",
                (str(left.review), "bold green"),
                " review",
            ),
            layout=False,
        )
        self.update_timer()

    def update_timer(self) -> None:
        seconds = int(max(0.0, (self.study_app.now() - self.session.started).total_seconds()))
        self.query_one("#timer", Static).update(f"{seconds // 60}:{seconds % 60:02d}", layout=False)

    # -- keys

    def action_reveal_or_good(self) -> None:
        if self.revealed:
            self.action_grade(4)
        else:
            self.reveal()

    def action_grade(self, quality: int) -> None:
        if self.session.current is None:
            return
        if not self.revealed:
            self.notify("Press Space to see the answer first.", timeout=2)
            return
        now = self.study_app.now()
        taken = int((now - self.shown_at).total_seconds() * 1000)
        try:
            result = self.session.answer(quality, now, taken)
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8)
            return
        if result.became_leech:
            self.notify("This card is now a leech and has been suspended.", title="Leech")
        self.show_card()

    def action_undo(self) -> None:
        try:
            card = self.session.undo()
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        if card is None:
            self.notify("Nothing to undo in this session.", timeout=2)
            return
        self.notify("Last answer undone.", timeout=2)
        self.show_card()

    def action_bury(self) -> None:
        if self.session.current is not None and self._saved(
            lambda: self.session.bury(self.study_app.now())
        ):
            self.notify("Buried until tomorrow.", timeout=2)
            self.show_card()

    def action_suspend(self) -> None:
        if self.session.current is not None and self._saved(self.session.suspend):
            self.notify("Suspended. Find it again under Browse, state:suspended.", timeout=3)
            self.show_card()

    def _saved(self, change: Callable[[], object]) -> bool:
        """Run a change to the database; a failure is a notice, never a crash."""
        try:
            change()
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8)
            return False
        return True

    def action_edit(self) -> None:
        """Open the card's deck file at its line in $EDITOR, then sync what changed."""
        app = self.study_app
        card = self.session.current
        if card is None or app.store is None:
            return
        path = app.store.deck_path(card.deck)
        if path is None:
            return
        command = [*shlex.split(app.config.editor), f"+{card.line}", str(path)]
        try:
            with app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            subprocess.run(command, check=False, capture_output=True)
        except OSError as error:
            self.notify(f"Could not start the editor: {error}", severity="error")
            return
        try:
            reports = app.store.sync(list(app.config.deck_paths), app.now())
        except StoreError as error:
            self.notify(f"Could not reload the decks: {error}", severity="error", timeout=8)
            return
        problems = [error for report in reports for error in report.errors]
        if problems:
            self.notify(
                f"The deck has {len(problems)} error(s); nothing changed. First: {problems[0]}",
                severity="error",
                timeout=10,
            )
        self.session.refresh()
        self.show_card()

    def action_leave(self) -> None:
        self.finish()

    def finish(self) -> None:
        from studytool.tui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session.summary(self.study_app.now())))


def _answer(card: StudyCard) -> Text:
    text = rich_text(card.back)
    if card.notes:
        text.append("\n\n")
        text.append_text(rich_text(card.notes, base="italic"))
    if card.image:
        text.append(f"\n\n[image: {card.image}]", style="dim")
    return text
