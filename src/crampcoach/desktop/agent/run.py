"""Starting the agent: only at login (``crampcoach --hidden``), only where a system tray
holds its icon, and only when no window process is running already (that one then keeps
the reminders, as before). Otherwise the caller starts the window process instead."""

from __future__ import annotations

import os
from typing import Protocol

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from crampcoach.core.agent_state import AgentState
from crampcoach.desktop.agent.link import agent_name, app_running
from crampcoach.desktop.agent.tray_agent import TrayAgent
from crampcoach.desktop.single_instance import SingleInstance

TAKE_OVER = "CRAMPCOACH_AGENT_TAKE_OVER"  # set by a window process handing the tray over


class Trace(Protocol):
    def mark(self, name: str, **fields: object) -> None: ...
    def close(self) -> None: ...


def wanted() -> bool:
    """``CRAMPCOACH_NO_AGENT=1`` keeps the old way: one process, tray included."""
    return os.environ.get("CRAMPCOACH_NO_AGENT", "") not in ("1", "true", "yes")


def tray_icon() -> QIcon:
    """The app's icon as drawn ahead into PNGs (``scripts/icons.py``); reading them needs
    no SVG plugin (about 3 MB for as long as the agent runs). A plain disc if missing."""
    from crampcoach.core.resources import assets_dir

    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        png = assets_dir() / "icons" / f"crampcoach-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    if icon.isNull():
        pixmap = QPixmap(22, 22)
        pixmap.fill(QColor("#c2410c"))
        icon = QIcon(pixmap)
    return icon


def run_agent(qapp: QApplication, trace: Trace | None = None) -> int | None:
    """Run the agent until it quits and return the exit code; None when the window
    process should run instead: no tray, the window process runs already, or an agent
    does (which started this process, hidden, to handle the reminders)."""
    take_over = os.environ.pop(TAKE_OVER, "") == "1"  # not passed on to what it starts
    if not QSystemTrayIcon.isSystemTrayAvailable() or (app_running() and not take_over):
        return None
    instance = SingleInstance(agent_name())
    if not instance.claim({"cmd": "ping"}):
        return None
    qapp.setQuitOnLastWindowClosed(False)
    agent = TrayAgent(tray_icon(), quit_app=lambda: qapp.exit(0))
    instance.received.connect(agent.handle_message)
    if trace is not None:
        agent.state_read.connect(lambda state: _library_ready(trace, agent, state))
    agent.start_watching()
    code = qapp.exec()
    agent.tray.hide()
    instance.close()
    if trace is not None:
        trace.close()
    return code


def _library_ready(trace: Trace, agent: TrayAgent, state: AgentState) -> None:
    """``--trace``: the library is ready when the window process that loaded it has told
    the agent (the agent itself loads no routine)."""
    if state.library_entries > 0:
        trace.mark("library-ready", entries=state.library_entries)
        agent.state_read.disconnect()
