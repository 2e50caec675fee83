"""One CrampCoach per user: a second launch hands its request to the running one.

The first instance listens on a local socket; a later ``crampcoach`` (or ``crampcoach
play X``) connects, sends one JSON line and exits. If two start at the same moment,
exactly one can listen; the other finds it and hands over.

Plain sockets watched by a QSocketNotifier, not Qt Network: loading that library cost
every start 10-15 ms before the window and 3 MB of memory for as long as the app ran.
On Linux the socket is an abstract one, which goes with its process: no stale file.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import zlib
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from crampcoach.core import paths

CONNECT_S = 0.5
BACKLOG = 8


def instance_name() -> str:
    """Per user and per config folder (a separate XDG_CONFIG_HOME is a separate profile).
    A CRC tells folders apart as well as a hash here, without loading OpenSSL."""
    profile = f"{zlib.crc32(str(paths.config_dir()).encode()):08x}"
    return f"crampcoach-{_user()}-{profile}"


def _user() -> str:
    """As getpass.getuser() finds the user, without importing getpass (and termios)."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if name := os.environ.get(variable):
            return name
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def address(name: str) -> str | bytes:
    """Linux: an abstract socket; elsewhere a socket file in the temporary folder."""
    if sys.platform.startswith("linux"):
        return b"\0" + name.encode()
    import tempfile

    return os.path.join(tempfile.gettempdir(), name)


def send(name: str, payload: dict[str, Any]) -> bool:
    """Deliver ``payload`` to a running instance; False when none answers."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_S)
        try:
            sock.connect(address(name))
            sock.sendall((json.dumps(payload) + "\n").encode())
        except OSError:
            return False
    return True


class _Connection:
    """One sender's socket, read as the event loop finds data on it."""

    def __init__(self, sock: socket.socket, owner: SingleInstance) -> None:
        self.sock = sock
        self.buffer = b""
        sock.setblocking(False)
        self.notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, owner)
        self.notifier.activated.connect(lambda *_: owner._read(self))

    def close(self) -> None:
        self.notifier.setEnabled(False)
        self.notifier.deleteLater()
        self.sock.close()


class SingleInstance(QObject):
    received = Signal(dict)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or instance_name()
        self._server: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._connections: list[_Connection] = []

    def claim(self, payload: dict[str, Any]) -> bool:
        """Become the instance (True), or hand ``payload`` to the one that is (False)."""
        for _ in range(3):
            if self._listen():
                return True
            if send(self.name, payload):
                return False
            self._remove_stale()  # a socket file from a crashed run (not on Linux)
        return self._listen()

    def _listen(self) -> bool:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(address(self.name))
            server.listen(BACKLOG)
        except OSError:
            server.close()
            return False
        server.setblocking(False)
        self._server = server
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(lambda *_: self._accept())
        return True

    def _remove_stale(self) -> None:
        where = address(self.name)
        if isinstance(where, str):
            with contextlib.suppress(OSError):
                os.unlink(where)

    def _accept(self) -> None:
        while self._server is not None:
            try:
                sock, _ = self._server.accept()
            except OSError:  # nothing more waiting (BlockingIOError) or closed
                return
            self._connections.append(_Connection(sock, self))

    def _read(self, connection: _Connection) -> None:
        try:
            data = connection.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        connection.buffer += data
        *lines, connection.buffer = connection.buffer.split(b"\n")
        for line in lines:
            try:
                payload = json.loads(line.decode(errors="replace"))
            except ValueError:
                continue
            if isinstance(payload, dict):
                self.received.emit(payload)
        if not data:  # the sender is done
            connection.close()
            self._connections.remove(connection)

    def close(self) -> None:
        for connection in self._connections:
            connection.close()
        self._connections.clear()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._server is not None:
            self._server.close()
            self._server = None
            self._remove_stale()
