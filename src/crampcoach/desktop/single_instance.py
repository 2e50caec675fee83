"""One CrampCoach per user: a second launch hands its request to the running one.

The first instance listens on a local socket; a later ``crampcoach`` (or ``crampcoach
play X``) connects, sends one JSON line and exits. If two start at the same moment,
exactly one can listen; the other finds it and hands over.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from crampcoach.core import paths

CONNECT_MS = 500


def instance_name() -> str:
    """Per user and per config folder (a separate XDG_CONFIG_HOME is a separate profile)."""
    profile = hashlib.sha1(str(paths.config_dir()).encode()).hexdigest()[:8]
    return f"crampcoach-{getpass.getuser()}-{profile}"


def send(name: str, payload: dict[str, Any]) -> bool:
    """Deliver ``payload`` to a running instance; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write((json.dumps(payload) + "\n").encode())
    ok = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return ok


class SingleInstance(QObject):
    received = Signal(dict)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or instance_name()
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)

    def claim(self, payload: dict[str, Any]) -> bool:
        """Become the instance (True), or hand ``payload`` to the one that is (False)."""
        for _ in range(3):
            if self.server.listen(self.name):
                return True
            if send(self.name, payload):
                return False
            QLocalServer.removeServer(self.name)  # a stale socket from a crashed run
        return self.server.listen(self.name)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))

    def _read(self, connection: QLocalSocket) -> None:
        while connection.canReadLine():
            line = bytes(connection.readLine().data()).decode(errors="replace").strip()
            try:
                payload = json.loads(line)
            except ValueError:
                continue
            if isinstance(payload, dict):
                self.received.emit(payload)

    def close(self) -> None:
        self.server.close()
