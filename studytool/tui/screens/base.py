"""What every studytool screen shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from studytool.tui.app import StudyApp


class UsesStudyApp(DOMNode):
    """Mixed into the screens: typed access to the running StudyApp (store, config, clock)."""

    @property
    def study_app(self) -> StudyApp:
        from studytool.tui.app import StudyApp

        app = self.app
        assert isinstance(app, StudyApp)
        return app
