"""A TCP proxy the tests control, between the app and PostgreSQL: forward, refuse, hang."""

from __future__ import annotations

import select
import socket
import threading


class Proxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.mode = "forward"
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.pairs: list[tuple[socket.socket, socket.socket | None]] = []
        self.lock = threading.Lock()
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def set(self, mode: str) -> None:
        """forward: pass bytes; refuse: drop every connection, turn new ones away;
        hang: keep connections open and pass nothing (a server that stopped answering)."""
        self.mode = mode
        if mode == "refuse":
            with self.lock:
                for client, upstream in self.pairs:
                    for s in (client, upstream):
                        if s is not None:
                            s.close()
                self.pairs.clear()

    def close(self) -> None:
        self.running = False
        self.set("refuse")
        self.listener.close()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "refuse":
                client.close()
                continue
            upstream = None
            if self.mode == "forward":
                upstream = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, client: socket.socket, upstream: socket.socket | None) -> None:
        while self.running:
            if self.mode != "forward" or upstream is None:
                if self.mode == "refuse":
                    return
                threading.Event().wait(0.05)  # hanging: hold the connection, pass nothing
                continue
            try:
                readable, _, _ = select.select([client, upstream], [], [], 0.05)
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        client.close()
                        upstream.close()
                        return
                    (upstream if source is client else client).sendall(data)
            except OSError:
                return
