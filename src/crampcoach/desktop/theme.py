"""Light and dark themes (following the system by default) and the app's type scale.

Fusion draws everything from the application palette, so the theme *is* a palette: asking
Qt for a colour scheme alone changes nothing on desktops whose platform theme ignores the
request (plain X11, offscreen). Widgets that paint themselves (the dial, the charts, the
figures) read the palette, or ``is_dark``, when they paint.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

STYLE = """
#stepName { font-size: 26pt; font-weight: 600; }
#sideBadge { font-size: 13pt; font-weight: 700; letter-spacing: 2px; color: palette(link); }
#caption { font-size: 17pt; }
#cueLine { font-size: 15pt; font-weight: 600; min-height: 1.4em; }
#nextLabel, #timeLabel { color: palette(placeholder-text); }
#playerTitle { font-size: 12pt; font-weight: 600; }
#pageTitle { font-size: 18pt; font-weight: 600; }
#redFlags { background: #ffe3e3; color: #7d1616; padding: 10px 12px; border-radius: 6px; }
#notice { background: #fff3bf; color: #5c3c00; padding: 8px 12px; border-radius: 6px; }
#crampNow { background: #c2410c; color: white; font-weight: 700; padding: 8px 16px;
            border: 3px solid transparent; border-radius: 6px; }
#crampNow:focus { border: 3px solid palette(highlighted-text); outline: none; }
#startButton { font-size: 13pt; font-weight: 600; padding: 8px; }
#summaryTitle { font-size: 28pt; font-weight: 700; }
#summaryText { font-size: 14pt; }
#summaryNote { color: palette(link-visited); }
#pausedBadge { font-size: 13pt; font-weight: 700; letter-spacing: 2px; color: white;
               background: #b45309; border-radius: 6px; padding: 4px 12px; }
#cards::item { border-bottom: 1px solid palette(midlight); }
#cards::item:selected { background: palette(highlight); color: palette(highlighted-text); }
QPushButton:focus, QToolButton:focus { border: 2px solid palette(highlight); }
QLineEdit:focus, QListWidget:focus, QTextBrowser:focus, QComboBox:focus,
QSpinBox:focus, QTimeEdit:focus, QDateEdit:focus { border: 2px solid palette(highlight); }
"""

SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}

# Colours with at least 4.5:1 contrast for text on their backgrounds (WCAG AA).
DARK = {
    QPalette.ColorRole.Window: "#1f2226",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#16181b",
    QPalette.ColorRole.AlternateBase: "#24282d",
    QPalette.ColorRole.ToolTipBase: "#2b3036",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2b3036",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Light: "#3c4148",
    QPalette.ColorRole.Midlight: "#33383e",
    QPalette.ColorRole.Mid: "#4a5058",
    QPalette.ColorRole.Dark: "#121416",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#4c8dff",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#f28b82",
}
LIGHT_LINKS = {QPalette.ColorRole.Link: "#1a5fd0", QPalette.ColorRole.LinkVisited: "#b42318"}
DISABLED_DARK = "#6b7178"


def effective_scheme(app: QGuiApplication, theme: str) -> Qt.ColorScheme:
    """What the person sees: their choice, or the system's scheme when they follow it."""
    if theme in ("light", "dark"):
        return SCHEMES[theme]
    system = app.styleHints().colorScheme()
    return Qt.ColorScheme.Dark if system == Qt.ColorScheme.Dark else Qt.ColorScheme.Light


def palette_for(scheme: Qt.ColorScheme) -> QPalette:
    palette = QPalette(QColor("#f4f5f7"))  # Qt derives a full light palette from this
    if scheme == Qt.ColorScheme.Dark:
        for role, colour in DARK.items():
            palette.setColor(role, QColor(colour))
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
        ):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_DARK))
    else:
        palette = QApplication.style().standardPalette() if QApplication.style() else palette
        for role, colour in LIGHT_LINKS.items():
            palette.setColor(role, QColor(colour))
    return palette


def is_dark(widget_palette: QPalette) -> bool:
    """Whether a palette is dark: what painters ask (charts, figures)."""
    return widget_palette.color(QPalette.ColorRole.Window).lightness() < 128


class ThemeKeeper(QObject):
    """Applies the chosen theme now and whenever the system's scheme changes."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.theme = "system"
        self._applied: tuple[str, Qt.ColorScheme] | None = None
        app.styleHints().colorSchemeChanged.connect(lambda _s: self.apply(self.theme))

    def apply(self, theme: str) -> None:
        self.theme = theme
        scheme = effective_scheme(self.app, theme)
        if self._applied == (theme, scheme):
            return  # the same look again would re-polish every widget (20-30 ms)
        self._applied = (theme, scheme)
        self.app.setStyle("Fusion")
        self.app.setPalette(palette_for(effective_scheme(self.app, theme)))
        self.app.setStyleSheet(STYLE)


def apply_theme(app: QApplication, theme: str) -> None:
    """Fusion everywhere for a consistent look; the palette of the scheme the user chose."""
    keeper = app.findChild(ThemeKeeper)
    if keeper is None:
        keeper = ThemeKeeper(app)
    keeper.apply(theme)


def app_icon() -> QIcon:
    from crampcoach.core.resources import assets_dir

    return QIcon(str(assets_dir() / "icons" / "crampcoach.svg"))
