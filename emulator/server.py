"""Running the app on a socket: in the foreground (CLI) or on a background thread (pytest)."""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web

from .app import create_app, handler_args
from .config import EmulatorConfig
from .keys import TENANTS
from .logs import AccessLog
from .seeding.datasets import dataset_for
from .tenant import Tenant

T = TypeVar("T")


async def start_site(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None, **handler_args())
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    assert server is not None and server.sockets  # type: ignore[attr-defined]
    bound_port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    return runner, int(bound_port)


def base_url(host: str, port: int) -> str:
    # pyatlan rejects 'localhost' (its URL type wants a dotted host), so name the address.
    shown = "127.0.0.1" if host in ("localhost", "0.0.0.0", "") else host
    return f"http://{shown}:{port}"


def serve_forever(config: EmulatorConfig, *, on_ready: Callable[[str], None]) -> None:
    """Run until SIGINT/SIGTERM, then stop cleanly."""

    async def main() -> None:
        access = AccessLog(config.log_format) if config.log_format != "off" else None
        app = create_app(config, dataset=dataset_for(config), access=access)
        runner, port = await start_site(app, config.host, config.port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        on_ready(base_url(config.host, port))
        await stop.wait()
        await runner.cleanup()

    asyncio.run(main())


class BackgroundServer:
    """The emulator on a free port, served from its own thread and event loop.

    Sync clients such as pyatlan block the calling thread, so the server must not share it.
    """

    def __init__(self, config: EmulatorConfig, dataset: dict[str, Any] | None = None) -> None:
        self.config = config
        self._dataset = dataset if dataset is not None else dataset_for(config)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="atlan-emulator", daemon=True)
        self._runner: web.AppRunner | None = None
        self.app: web.Application | None = None
        self.port = 0

    def start(self) -> BackgroundServer:
        self._thread.start()

        async def go() -> None:
            self.app = create_app(self.config, dataset=self._dataset)
            self._runner, self.port = await start_site(self.app, self.config.host, self.config.port)

        asyncio.run_coroutine_threadsafe(go(), self._loop).result(timeout=120)
        return self

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the server's loop (where the tenant lives) and return its result."""

        async def run() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=120)

    @property
    def url(self) -> str:
        return base_url(self.config.host, self.port)

    @property
    def tenant(self) -> Tenant:
        assert self.app is not None
        return self.app[TENANTS].default

    def stop(self) -> None:
        if self._runner is not None:
            runner = self._runner
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self._loop).result(timeout=30)
            self._runner = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

