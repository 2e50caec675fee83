"""The speech process as seen from the app: a plain child process on one end of a socket
pair, sending and receiving pickled messages (``multiprocessing.connection.Connection``).

Not multiprocessing's spawn, which also started its resource tracker: a third process of
12 MB for as long as the app ran, tracking nothing we use.
"""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

# The speech process's first lines: put the app's import path in place, connect the
# socket it was handed, and run the target (a module's function, as multiprocessing would).
_CHILD = """
import importlib, json, sys
from multiprocessing.connection import Connection
module, name, fd, path = sys.argv[1:5]
sys.path[:0] = [p for p in json.loads(path) if p not in sys.path]
target = importlib.import_module(module)
for part in name.split("."):
    target = getattr(target, part)
target(Connection(int(fd)))
"""


class EngineProcess:
    """The speech process (running ``target``, a module-level function) and its pipe."""

    def __init__(self, target: Callable[[Connection], None]) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _CHILD,
                    target.__module__,
                    target.__qualname__,
                    str(theirs.fileno()),
                    json.dumps(sys.path),
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())

    def send(self, message: object) -> None:
        self.conn.send(message)

    def receive(self, timeout: float) -> tuple[Any, ...]:
        if not self.conn.poll(timeout):
            raise TimeoutError
        reply = self.conn.recv()
        return tuple(reply)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        try:
            self.process.wait(0.5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(1)
        self.conn.close()
