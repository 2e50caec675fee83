"""Learn & safety: what cramps are, what helps, and when to see a professional.

The text lives in ``assets/learn/`` as HTML written by the project; ``routine:ID`` links
open the matching routine.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from crampcoach.core.resources import assets_dir
from crampcoach.core.safety import DISCLAIMER
from crampcoach.desktop.widgets.page import page_header

LEARN_FILE = "leg-cramps.html"
STYLE = "h1 { font-size: 20pt; } h2 { font-size: 14pt; margin-top: 14px; } li { margin: 3px; }"


def learn_html() -> str:
    """The page, with the one disclaimer text (core/safety.py) put in its place."""
    text = (assets_dir() / "learn" / LEARN_FILE).read_text(encoding="utf-8")
    return text.replace("{{disclaimer}}", DISCLAIMER)


class LearnView(QWidget):
    closed = Signal()
    routine_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learn")
        layout = QVBoxLayout(self)
        layout.addLayout(page_header("Learn about leg cramps", self.closed.emit))
        self.text = QTextBrowser()
        self.text.setObjectName("learnText")
        self.text.setAccessibleName("Learn about leg cramps")
        self.text.setOpenLinks(False)
        self.text.document().setDefaultStyleSheet(STYLE)
        self.text.setHtml(learn_html())
        self.text.anchorClicked.connect(self._follow)
        layout.addWidget(self.text, 1)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "routine":
            self.routine_requested.emit(url.path())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.text.scrollToAnchor(url.fragment())

    def show_section(self, anchor: str) -> None:
        self.text.scrollToAnchor(anchor)
