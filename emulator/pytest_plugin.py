"""pytest fixtures: ``atlan_emulator`` (a running emulator, reset before each test) and
``atlan_client`` (a pyatlan AtlanClient pointed at it).

One server per test session, on a free port, served from its own thread; each test gets the
tenant back in its start state, which takes milliseconds. Override ``atlan_emulator_config``
in a conftest.py to change the dataset, seed, clock or deletion delay; the marker
``@pytest.mark.atlan_emulator(...)`` changes them for one test. ``atlan_emulator_aiohttp`` is an
async aiohttp session. With ``--atlan-emulator-url`` (or ATLAN_TEST_EMULATOR_URL) the fixtures use
a running per-token emulator instead, one token per xdist worker (see emulator/remote.py).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

import pytest

from .config import EmulatorConfig
from .controls import ClockControls, FaultControls, JournalControls
from .remote import RemoteEmulatorHandle
from .server import BackgroundServer
from .settings import apply_settings
from .tenant import Tenant

T = TypeVar("T")
DEFAULT_API_KEY = "emulator-test-key"


class EmulatorHandle:
    """What a test holds: the URL and key to give a client, and the emulator's controls."""

    def __init__(self, server: BackgroundServer, api_key: str) -> None:
        self.server = server
        self.api_key = api_key

    @property
    def url(self) -> str:
        return self.server.url

    def call(self, fn: Callable[[Tenant], T]) -> T:
        """Run ``fn(tenant)`` on the server's thread, where the tenant lives."""
        return self.server.call(lambda: fn(self.server.tenant))

    def reset(self) -> None:
        self.call(lambda tenant: tenant.reset())

    def configure(self, **settings: Any) -> None:
        """Change runtime settings (for example ``deletion_delay=2``) until the next reset; validated
        as PATCH /_emulator/config validates them (a bad value raises and changes nothing)."""

        def apply(tenant: Tenant) -> None:
            for key in settings:
                if not hasattr(tenant.settings, key):
                    raise AttributeError(f"unknown emulator setting {key!r}")
            apply_settings(tenant.settings, settings)

        self.call(apply)

    def advance(self, seconds: float) -> None:
        """Move the tenant's clock forward, running what falls due (virtual or real clock)."""
        self.call(lambda tenant: tenant.clock.advance(seconds))

    @property
    def faults(self) -> FaultControls:
        """Fault rules: ``.add(path=..., status=503, times=2)``, ``.get(id)``, ``.remove(id)``, ``.clear()``."""
        return FaultControls(self.call)

    @property
    def journal(self) -> JournalControls:
        """The request journal: ``.requests(method=, path=, path_regex=, status=)``, ``.clear()``."""
        return JournalControls(self.call)

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Journal entries, oldest first (same filters as ``journal.requests``)."""
        return self.journal.requests(**filters)

    @property
    def clock(self) -> ClockControls:
        """The tenant's clock: ``.info()``, ``.now_ms``, ``.advance(s)``, ``.use_virtual()``."""
        return ClockControls(self.call)


@pytest.fixture(scope="session")
def atlan_emulator_config() -> EmulatorConfig:
    """Override in a conftest.py to configure the session's emulator."""
    return EmulatorConfig(port=0, api_keys=[DEFAULT_API_KEY])


@pytest.fixture(scope="session")
def atlan_emulator_server(
    atlan_emulator_config: EmulatorConfig, pytestconfig: pytest.Config
) -> Iterator[BackgroundServer | None]:
    """The session's in-process emulator (None when the tests use a remote one)."""
    if _remote_url(pytestconfig):
        yield None
        return
    server = BackgroundServer(atlan_emulator_config).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _atlan_emulator_pool(atlan_emulator_config: EmulatorConfig) -> Iterator[dict[tuple[Any, ...], BackgroundServer]]:
    """In-process servers for other start states (a marker's dataset/seed/assets), one each, made on
    first use and kept for the session: switching between them costs a reset, not a reload."""
    pool: dict[tuple[Any, ...], BackgroundServer] = {}
    yield pool
    for server in pool.values():
        server.stop()


@pytest.fixture
def atlan_emulator(
    request: pytest.FixtureRequest,
    atlan_emulator_server: BackgroundServer | None,
    atlan_emulator_config: EmulatorConfig,
) -> EmulatorHandle | RemoteEmulatorHandle:
    """A running emulator in its start state, for this test alone.

    ``@pytest.mark.atlan_emulator(dataset="docs", deletion_delay=2, clock="virtual", faults=[...])``
    picks the start state and settings for one test (or a module, via ``pytestmark``)."""
    options = _marker_options(request)
    start = {key: options.pop(key) for key in START_KEYS if key in options}
    clock = options.pop("clock", None)
    faults = options.pop("faults", [])
    remote = _remote_url(request.config)
    handle: EmulatorHandle | RemoteEmulatorHandle
    if remote:
        wanted = {key: start.get(key, getattr(atlan_emulator_config, key)) for key in START_KEYS}
        handle = RemoteEmulatorHandle(remote, _remote_token(), admin_token=_remote_admin_token(), start=wanted)
    else:
        assert atlan_emulator_server is not None
        server = atlan_emulator_server
        if start and any(start[k] != getattr(atlan_emulator_config, k) for k in start):
            server = _pooled_server(request, atlan_emulator_config, start)
        api_key = atlan_emulator_config.api_keys[0] if atlan_emulator_config.api_keys else DEFAULT_API_KEY
        handle = EmulatorHandle(server, api_key)
    handle.reset()
    if clock is not None:
        if clock not in ("real", "virtual"):
            raise pytest.UsageError(f"atlan_emulator marker: clock must be 'real' or 'virtual', got {clock!r}")
        handle.clock.use_virtual() if clock == "virtual" else handle.clock.use_real()
    if options:
        handle.configure(**options)
    for rule in faults:
        handle.faults.add(rule)
    return handle


START_KEYS = ("dataset", "seed", "assets")
MARKER_HELP = (
    "atlan_emulator(dataset=, seed=, assets=, clock='virtual'|'real', faults=[rule, ...], **settings): "
    "the start state, clock, fault rules and runtime settings (deletion_delay=2, ...) of the "
    "atlan_emulator fixture for this test"
)
REMOTE_URL_ENV = "ATLAN_TEST_EMULATOR_URL"
REMOTE_TOKEN_ENV = "ATLAN_TEST_EMULATOR_TOKEN"
REMOTE_ADMIN_ENV = "ATLAN_TEST_EMULATOR_ADMIN_TOKEN"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("atlan-emulator")
    group.addoption(
        "--atlan-emulator-url",
        default=None,
        help=f"use the emulator running at this URL (a per-token server; each xdist worker gets its own "
             f"token) instead of one in-process; also {REMOTE_URL_ENV}",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)


def _remote_url(config: pytest.Config) -> str | None:
    url = config.getoption("--atlan-emulator-url", default=None) or os.environ.get(REMOTE_URL_ENV)
    return str(url) if url else None


def _remote_token() -> str:
    """This process's tenant on a shared per-token server: ``<base>-<xdist worker>``; set the base
    per CI job (``ATLAN_TEST_EMULATOR_TOKEN=$CI_JOB_ID``) when several jobs share one server."""
    return f"{os.environ.get(REMOTE_TOKEN_ENV, 'pytest')}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _remote_admin_token() -> str:
    return os.environ.get(REMOTE_ADMIN_ENV, "")


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The atlan_emulator markers' keywords, the closest (the test's own) winning."""
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("atlan_emulator"))):
        if marker.args:
            raise pytest.UsageError("atlan_emulator marker: keywords only, e.g. atlan_emulator(dataset='docs')")
        options.update(marker.kwargs)
    return options


def _pooled_server(request: pytest.FixtureRequest, config: EmulatorConfig, start: dict[str, Any]) -> BackgroundServer:
    pool: dict[tuple[Any, ...], BackgroundServer] = request.getfixturevalue("_atlan_emulator_pool")
    wanted = dataclasses.replace(config, **start)
    key = tuple(getattr(wanted, k) for k in START_KEYS)
    if key not in pool:
        pool[key] = BackgroundServer(wanted).start()
    return pool[key]


def _async_fixture(fn: Any) -> Any:
    try:
        import pytest_asyncio
    except ImportError:  # pragma: no cover - pytest-aiohttp brings pytest-asyncio
        return pytest.fixture(fn)
    return pytest_asyncio.fixture(fn)


@_async_fixture
async def atlan_emulator_aiohttp(atlan_emulator: EmulatorHandle | RemoteEmulatorHandle) -> AsyncIterator[Any]:
    """An aiohttp ClientSession on the emulator, authenticated (paths relative to its URL)."""
    import aiohttp

    async with aiohttp.ClientSession(
        base_url=atlan_emulator.url, headers={"Authorization": f"Bearer {atlan_emulator.api_key}"}
    ) as session:
        yield session


@pytest.fixture
def atlan_client(atlan_emulator: EmulatorHandle | RemoteEmulatorHandle) -> Any:
    """A pyatlan AtlanClient pointed at the emulator (skipped where pyatlan is not installed)."""
    client_module = pytest.importorskip("pyatlan.client.atlan", reason="atlan_client needs pyatlan installed")
    return client_module.AtlanClient(base_url=atlan_emulator.url, api_key=atlan_emulator.api_key)
