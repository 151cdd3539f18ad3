"""A real TCP server on 127.0.0.1 that counts the connections made to it: the target of a SPARQL
`SERVICE` clause in the request-forgery tests (it answers nothing)."""

from __future__ import annotations

import socket
import threading


class Listener:
    """Accepts and closes connections on an ephemeral port, counting them, until `close()`."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()
