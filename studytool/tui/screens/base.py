"""What every studytool screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from studytool.tui.app import StudyApp


class UsesStudyApp(DOMNode):
    """Mixed into the screens: typed access to the running StudyApp (store, config, clock).

    The app module imports the screens, never the other way round: the type is known
    to the type checker only.
    """

    @property
    def study_app(self) -> StudyApp:
        return cast("StudyApp", self.app)
