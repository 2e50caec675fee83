"""The library's "My routines" menu: new, duplicate, edit, delete, and kept drafts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from crampcoach.desktop.builder.drafts import draft_files


class MyRoutinesButton(QToolButton):
    """``requested(action, argument)``: ("new"|"duplicate"|"edit"|"delete", "") or
    ("draft", path of the draft file)."""

    requested = Signal(str, str)

    def __init__(self, shortcuts_on: QWidget) -> None:
        super().__init__()
        self.setText("My routines")
        self.setObjectName("myRoutines")
        self.setAccessibleName("My routines: build, duplicate, edit or delete a routine")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, keys in (
            ("new", "&New routine…", QKeySequence.StandardKey.New),
            ("duplicate", "&Duplicate this routine…", QKeySequence("Ctrl+Shift+D")),
            ("edit", "&Edit this routine…", QKeySequence("F2")),
            ("delete", "De&lete this routine…", None),
        ):
            action = menu.addAction(text)
            if keys is not None:
                action.setShortcut(keys)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcuts_on.addAction(action)
            action.triggered.connect(lambda _=False, n=name: self.requested.emit(n, ""))
            self.actions_by_name[name] = action
        self.drafts = menu.addMenu("Con&tinue a draft")
        menu.aboutToShow.connect(self._fill_drafts)
        self.setMenu(menu)
        self._fill_drafts()

    def _fill_drafts(self) -> None:
        self.drafts.clear()
        files = draft_files()
        self.drafts.setEnabled(bool(files))
        for path in files[:20]:
            action = self.drafts.addAction(path.stem)
            action.triggered.connect(lambda _=False, p=str(path): self.requested.emit("draft", p))

    def follow_selection(self, origin: str | None) -> None:
        """Edit and delete are for one's own routines; a built-in is edited as a copy."""
        for name in ("duplicate", "edit", "delete"):
            self.actions_by_name[name].setEnabled(origin is not None)
        self.actions_by_name["delete"].setEnabled(origin == "user")
        edit = "&Edit this routine…" if origin != "builtin" else "&Edit a copy of this routine…"
        self.actions_by_name["edit"].setText(edit)
