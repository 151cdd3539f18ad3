"""A real TCP relay in front of a real server that can drop connections mid-stream (for fault tests).

Nothing is simulated: bytes go to the real Neo4j or Fuseki through real sockets; the relay only
closes both sides of a connection once the client has sent more than `cut_after` bytes on it, for
the first `cuts` such connections (or all of them when `cuts` is None). With `cut_response=True`
the request is delivered whole and the connection is dropped before the answer comes back. With
`gone=True` the first cut takes the whole server away: every connection is dropped and new ones
are refused, as when the machine or the process dies.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttingProxy:
    def __init__(
        self,
        upstream_port: int,
        cut_after: int,
        cuts: int | None = 1,
        cut_response: bool = False,
        gone: bool = False,
        upstream_host: str = "127.0.0.1",
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.cut_after = cut_after
        self.cuts_left = cuts
        self.cut_response = cut_response
        self.gone = gone
        self.cut_count = 0
        self._lock = threading.Lock()
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = self._server.getsockname()[1]
        self._closing = False
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _may_cut(self) -> bool:
        with self._lock:
            if self.cuts_left is None:
                self.cut_count += 1
                return True
            if self.cuts_left > 0:
                self.cuts_left -= 1
                self.cut_count += 1
                return True
            return False

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self._sockets += [client, upstream]
            state = {"sent": 0, "cut": False, "armed": False}
            threading.Thread(target=self._pump, args=(client, upstream, state, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, state, False), daemon=True).start()

    def _kill(self, *socks: socket.socket) -> None:
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def _pump(self, src: socket.socket, dst: socket.socket, state: dict, upstream_bound: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if upstream_bound:
                    state["sent"] += len(data)
                    if not state["armed"] and state["sent"] > self.cut_after:
                        state["armed"] = True
                        state["cut"] = self._may_cut()
                        if state["cut"] and self.gone:
                            self.close()
                            return
                        if state["cut"] and not self.cut_response:
                            # forward part of the request, then drop the connection mid-stream
                            dst.sendall(data[: max(0, len(data) // 2)])
                            self._kill(src, dst)
                            return
                elif state["cut"] and self.cut_response:
                    self._kill(src, dst)  # the request arrived whole; its answer never comes back
                    return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._kill(src, dst)

    def close(self) -> None:
        self._closing = True
        self._kill(self._server, *self._sockets)

    def __enter__(self) -> CuttingProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
