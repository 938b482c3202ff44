"""Slow and abandoned connections do not hold up anyone else: while some sockets stall half-way
through a request, never send one, vanish mid-body, never read their answer, or wait on a hung
fault, other clients' requests are all answered (asserted as completing, not as a timing)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx

from emulator.server import BackgroundServer

from .conftest import API_KEY

AUTH = f"Authorization: Bearer {API_KEY}\r\n".encode()


@contextmanager
def stalled_connections(port: int) -> Iterator[list[socket.socket]]:
    """Sockets left in every awkward state a client can leave a server in."""
    with ExitStack() as stack:
        socks: list[socket.socket] = []

        def connect() -> socket.socket:
            sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=10))
            socks.append(sock)
            return sock

        for _ in range(10):
            connect()  # connected, never a byte
        for i in range(10):  # half a request line / half the headers, then silence
            connect().sendall(b"POST /api/meta/entity/bulk HT" if i % 2 else b"GET /api/service/whoami HTTP/1.1\r\nHo")
        for _ in range(10):  # headers promise a body that never comes
            connect().sendall(b"POST /api/meta/entity/bulk HTTP/1.1\r\nHost: x\r\n" + AUTH +
                              b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"entities\": [")
        for _ in range(10):  # a large answer asked for and never read (nor the socket closed)
            sock = connect()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(b"GET /_emulator/state HTTP/1.1\r\nHost: x\r\n" + AUTH + b"\r\n" * 1)
        for _ in range(20):  # abandoned: opened and closed, some mid-request
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"POST /api/meta/entity/bulk HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{")
            sock.close()
        yield socks


def test_stalled_and_abandoned_connections_do_not_block_other_clients(fresh: BackgroundServer) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=fresh.url, headers=headers, timeout=30) as http:
        # a big enough state that its answer does not fit in the stalled readers' buffers
        big = [{"typeName": "Table", "attributes": {"qualifiedName": f"default/slow/1/db/sc/t{i}", "name": f"t{i}",
                                                    "description": "x" * 500}} for i in range(400)]
        http.post("/api/meta/entity/bulk", json={"entities": big}).raise_for_status()
        http.post("/_emulator/faults", json={"path": "/api/service/users/current", "action": "hang",
                                             "delay_ms": 20_000}).raise_for_status()

    hung: list[BaseException | None] = []

    def hung_client() -> None:  # a request that a hang rule holds; it gives up on its own
        try:
            httpx.get(fresh.url + "/api/service/users/current", headers=headers, timeout=5)
            hung.append(None)
        except httpx.HTTPError as exc:
            hung.append(exc)

    waiter = threading.Thread(target=hung_client)
    with stalled_connections(fresh.port):
        waiter.start()
        answered = []
        with httpx.Client(base_url=fresh.url, headers=headers, timeout=10) as http:
            for i in range(100):
                created = http.post("/api/meta/entity/bulk", json={"entities": [{"typeName": "Table", "attributes": {
                    "qualifiedName": f"default/fast/1/db/sc/t{i}", "name": f"t{i}"}}]})
                found = http.post("/api/meta/search/indexsearch", json={"dsl": {"size": 1, "query": {
                    "term": {"qualifiedName": f"default/fast/1/db/sc/t{i}"}}}})
                answered.append((created.status_code, found.status_code, found.json()["approximateCount"]))
        assert answered == [(200, 200, 1)] * 100
        waiter.join(timeout=30)
    assert len(hung) == 1 and isinstance(hung[0], httpx.TimeoutException), hung

    with httpx.Client(base_url=fresh.url, headers=headers, timeout=10) as http:
        assert http.get("/_emulator/health").json()["status"] == "ok"
        state = http.get("/_emulator/state").json()
    # the half-sent and abandoned creates changed nothing: only the complete ones are there
    assert len(state["entities"]) == 400 + 100
