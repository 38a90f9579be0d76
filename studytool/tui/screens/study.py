"""The study screen: a card's front, the answer on Space, then a grade: 0 to 5 under
SM-2, or FSRS's four answers (1 Again, 2 Hard, 3 Good, 4 Easy).

Built from widgets: the card (CardHeading and CardView), the grade keys (GradeBar) and the session's
progress (SessionStatus). The screen forwards keys to the session and shows what it
says; it never reaches past the session into the store.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from studytool.core.editor_command import EditorSettingError, editor_command
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
from studytool.storage import StoreError
from studytool.study_session import StudySession
from studytool.tui.screens.base import UsesStudyApp
from studytool.tui.widgets.card_view import CardHeading, CardView
from studytool.tui.widgets.grade_bar import GradeBar
from studytool.tui.widgets.key_footer import KeyFooter
from studytool.tui.widgets.session_status import SessionStatus

_REVEAL_HINTS = {
    6: "Space shows the answer; then grade it 0-5 (Space or Enter = 4, good)",
    4: "Space shows the answer; then 1 Again, 2 Hard, 3 Good, 4 Easy (Space or Enter = Good)",
}
#: The digit keys: under SM-2 each is its grade; under FSRS 1-4 are its four answers.
_DIGITS = range(6)


class StudyScreen(UsesStudyApp, Screen[None]):
    """One card at a time. Space shows the answer; the digit keys grade it (0-5 under
    SM-2, 1-4 under FSRS); Space/Enter after the reveal mean good."""

    BINDINGS = [
        Binding("space", "reveal_or_good", "Show/Good", priority=True),
        Binding("enter", "reveal_or_good", "Show/Good", show=False, priority=True),
        # Always listed: hiding it on cards without notes rebuilt the footer at every
        # card, which cost the next card its frame. On such a card it does nothing.
        Binding("n", "toggle_notes", "Notes"),
        *(Binding(str(digit), f"key({digit})", show=False) for digit in _DIGITS),
        Binding("u", "undo", "Undo"),
        Binding("b", "bury", "Bury"),
        Binding("s", "suspend", "Suspend"),
        Binding("e", "edit", "Edit"),
        Binding("escape", "leave", "Finish"),
    ]

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session
        self.shown_at = session.started

    def compose(self) -> ComposeResult:
        self.heading = CardHeading(id="card-meta")
        self.card_view = CardView(id="card-body")
        grades = self.session.grades
        self.hint = Static(_REVEAL_HINTS[len(grades)], id="reveal-hint")
        self.grades = GradeBar(grades, id="grades")
        self.status = SessionStatus(id="study-status")
        yield Header()
        with Vertical(id="study"):
            yield self.heading
            yield self.card_view
            yield self.hint
            yield self.grades
            yield self.status
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.session.cramming:
            cards = len(self.session.queue)
            self.notify(
                f"Cramming {cards} card{'s' if cards != 1 else ''}: your answers change no "
                "schedule.",
                timeout=4,
            )
        self.show_card()
        self.set_interval(1.0, self.update_timer)

    def on_resize(self, event: events.Resize) -> None:
        """Classes for the stylesheet: a narrow or short terminal gets a tighter layout."""
        width, height = event.size
        self.set_class(width < 80, "-narrow")
        self.set_class(height < 20, "-tiny")
        self.set_class(20 <= height < 30, "-short")

    @property
    def revealed(self) -> bool:
        return self.card_view.revealed

    # -- drawing

    def show_card(self) -> None:
        card = self.session.current
        if card is None:
            self.finish()
            return
        self.shown_at = self.study_app.now()
        self.heading.card = card
        self.card_view.show(card)
        self.hint.display = True
        self.grades.display = False
        self.status.progress = self.session.progress
        self.status.left = self.session.remaining()
        self.update_timer()

    def reveal(self) -> None:
        card = self.session.current
        if card is None:
            return
        self.card_view.revealed = True
        self.grades.labels = self.session.grade_labels(self.study_app.now())
        self.hint.display = False
        self.grades.display = True

    def update_timer(self) -> None:
        elapsed = (self.study_app.now() - self.session.started).total_seconds()
        self.status.seconds = int(max(0.0, elapsed))

    # -- keys

    def action_toggle_notes(self) -> None:
        """Show or hide the muscle's notes under the answer (once it shows, on a card
        with notes; otherwise nothing)."""
        view = self.card_view
        if view.revealed and view.has_notes:
            view.notes_shown = not view.notes_shown

    def action_reveal_or_good(self) -> None:
        if self.revealed:
            self.action_grade(self.session.scheduling.good)
        else:
            self.reveal()

    def action_key(self, digit: int) -> None:
        """A digit key: the grade it stands for under the database's scheduler."""
        grade = next((g for g in self.session.grades if g.key == str(digit)), None)
        if grade is not None:
            self.action_grade(grade.quality)
        elif self.session.current is not None:
            hint = "Press Space to see the answer first." if not self.revealed else None
            self.notify(hint or "Answer with 1 Again, 2 Hard, 3 Good or 4 Easy.", timeout=2)

    @on(GradeBar.Chosen)
    def _grade_clicked(self, message: GradeBar.Chosen) -> None:
        self.action_grade(message.quality)

    def action_grade(self, quality: int) -> None:
        """Answer the current card with `quality` (as the review log keeps it)."""
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
            self._failed(f"Not saved: {error}")
            return
        if result.became_leech:
            self.notify("This card is now a leech and has been suspended.", title="Leech")
        self.show_card()

    def action_undo(self) -> None:
        try:
            card = self.session.undo()
        except StoreError as error:
            self._failed(str(error), timeout=5)
            return
        if card is None:
            self.notify("Nothing to undo in this session.", timeout=2)
            return
        undone = {"answer": "Answer", "bury": "Bury", "suspend": "Suspend"}
        self.notify(f"{undone.get(self.session.undone or '', 'Last action')} undone.", timeout=2)
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
            self._failed(f"Not saved: {error}")
            return False
        return True

    def action_edit(self) -> None:
        """Open the card's deck file at its line in $EDITOR, then sync what changed.

        An editor that cannot be started (a setting with an unclosed quote, a program
        that is not there) is a notice; the card stays on screen.
        """
        app = self.study_app
        card = self.session.current
        if card is None:
            return
        path = self.session.deck_path(card)
        if path is None:
            self.notify("This card's deck file is no longer in use.", severity="warning")
            return
        try:
            command = editor_command(app.config.editor, path, card.line)
        except EditorSettingError as error:
            self._failed(f"Could not start the editor: {error}")
            return
        try:
            with app.suspend():
                failure = _run_editor(command, capture=False)
        except SuspendNotSupported:  # in a test, say: the editor must not draw over us
            failure = _run_editor(command, capture=True)
        if failure is not None:
            self._failed(f"Could not start the editor: {failure}")
            return
        try:
            reports = app.sync_decks()
        except StoreError as error:
            self._failed(f"Could not reload the decks: {error}")
            return
        problems = [error for report in reports for error in report.errors]
        if problems:
            errors = plural(len(problems), "error")
            self._failed(f"The deck has {errors}; nothing changed. First: {problems[0]}", 10)
        self.session.refresh()
        self.show_card()

    def _failed(self, notice: str, timeout: float = 8) -> None:
        """An error notice; it may quote a path or a deck file, so it is shown as typed."""
        self.notify(printable(notice), severity="error", timeout=timeout, markup=False)

    def action_leave(self) -> None:
        self.finish()

    def finish(self) -> None:
        from studytool.tui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session.summary(self.study_app.now())))


def _run_editor(command: list[str], *, capture: bool) -> str | None:
    """Run the editor and wait for it; why it could not start, or None when it ran.

    Caught here, inside the app's suspension, so the app always comes back.
    """
    try:
        subprocess.run(command, check=False, capture_output=capture)
    except FileNotFoundError:
        return f"there is no program {command[0]!r}: set VISUAL or EDITOR to your editor"
    except PermissionError:
        return f"{command[0]!r} is not a program you can run: set VISUAL or EDITOR"
    except OSError as error:
        return f"{command[0]!r} failed to start ({error.strerror or error})"
    return None
