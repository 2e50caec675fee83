"""How the agent reaches the window process: its single-instance socket when it runs,
or a new process (detached, so it outlives the agent) given the request once it listens."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer

from crampcoach.desktop.single_instance import instance_name, send

RETRY_MS = 150
GIVE_UP_S = 30.0  # a cold start on a slow machine takes a few seconds


def agent_name() -> str:
    """The agent's own socket, beside the window process's (same user and profile)."""
    return instance_name() + "-agent"


def app_command(*args: str) -> tuple[str, list[str]]:
    """The same interpreter and package as this process: works from a virtualenv that
    is not on PATH, and from a checkout."""
    return sys.executable, ["-m", "crampcoach", *args]


def app_running() -> bool:
    return send(instance_name(), {"cmd": "ping"})


def agent_running() -> bool:
    return send(agent_name(), {"cmd": "ping"})


class AppLink(QObject):
    """Delivers requests to the window process, starting it when it is not running."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        deliver: Callable[[dict[str, Any]], bool] | None = None,
        launch: Callable[[list[str]], bool] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._deliver = deliver or (lambda payload: send(instance_name(), payload))
        self._launch = launch or _start_detached
        self._monotonic = monotonic
        self._waiting: list[tuple[dict[str, Any], float]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self._retry)
        self.launches = 0

    def request(self, payload: dict[str, Any], launch_args: list[str], *, then_send: bool) -> None:
        """Hand ``payload`` to the running window process; if there is none, start one
        with ``launch_args`` and, when ``then_send``, hand the payload over once it
        listens (otherwise the launch itself carries the request: ``play ID``)."""
        if self._deliver(payload):
            return
        self.launch(*launch_args)
        if then_send:
            self._waiting.append((payload, self._monotonic() + GIVE_UP_S))
            self._timer.start()

    def send(self, payload: dict[str, Any]) -> bool:
        """To the window process if it runs; nothing is started."""
        return self._deliver(payload)

    def launch(self, *args: str) -> bool:
        self.launches += 1
        return self._launch(list(args))

    def pending(self) -> int:
        return len(self._waiting)

    def _retry(self) -> None:
        now = self._monotonic()
        still: list[tuple[dict[str, Any], float]] = []
        for payload, deadline in self._waiting:
            if not self._deliver(payload) and now < deadline:
                still.append((payload, deadline))
        self._waiting = still
        if not still:
            self._timer.stop()


def _start_detached(args: list[str]) -> bool:
    program, base = app_command(*args)
    started, _pid = QProcess.startDetached(program, base)
    return bool(started)
