"""Light and dark themes (following the system by default) and the app's type scale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

STYLE = """
#stepName { font-size: 26pt; font-weight: 600; }
#sideBadge { font-size: 13pt; font-weight: 700; letter-spacing: 2px; color: #2f80ed; }
#caption { font-size: 17pt; }
#cueLine { font-size: 15pt; font-weight: 600; min-height: 1.4em; }
#nextLabel, #timeLabel { color: palette(placeholder-text); }
#playerTitle { font-size: 12pt; font-weight: 600; }
#pageTitle { font-size: 18pt; font-weight: 600; }
#redFlags { background: #ffe3e3; color: #7d1616; padding: 10px 12px; border-radius: 6px; }
#notice { background: #fff3bf; color: #5c3c00; padding: 8px 12px; border-radius: 6px; }
#crampNow { background: #e8590c; color: white; font-weight: 700; padding: 8px 16px;
            border-radius: 6px; }
#crampNow:focus { border: 2px solid palette(highlight); }
#startButton { font-size: 13pt; font-weight: 600; padding: 8px; }
#summaryTitle { font-size: 28pt; font-weight: 700; }
#summaryText { font-size: 14pt; }
#summaryNote { color: #c92a2a; }
#cards::item { border-bottom: 1px solid palette(midlight); }
#cards::item:selected { background: palette(highlight); }
"""

SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}


def apply_theme(app: QApplication, theme: str) -> None:
    """Fusion everywhere for a consistent look; the colour scheme as the user chose."""
    app.setStyle("Fusion")
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt >= 6.8
        hints.setColorScheme(SCHEMES.get(theme, Qt.ColorScheme.Unknown))
    app.setStyleSheet(STYLE)
