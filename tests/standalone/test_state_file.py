"""--state-file: a server killed with SIGKILL right after acknowledged writes has every one of them
after a restart (creates, updates, purges and a reset), through the real CLI in a subprocess.
(Without the flag state is memory only: every other subprocess test starts from an empty tenant.)"""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .process import EmulatorProcess, asset

BULK = "/api/meta/entity/bulk"
ROUNDS = 20  # kill -9 this many times in all, in two chains run side by side
WRITES = 3  # acknowledged writes per round before the kill


def _names(server: EmulatorProcess) -> dict[str, str]:
    status, state = server.request("GET", "/_emulator/state")
    assert status == 200
    return {e["attributes"]["name"]: e["guid"] for e in state["entities"]}


def _chain(state_file: Path, rounds: int, chain: str) -> list[str]:
    """Each round: restart on the state file, check everything acknowledged so far, write, kill -9."""
    expected: dict[str, str] = {}  # name -> guid of every acknowledged write still alive
    problems: list[str] = []
    for round_no in range(rounds + 1):
        server = EmulatorProcess("--port", "0", "--dataset", "empty", "--state-file", str(state_file),
                                 "--log-format", "off")
        with server:
            found = _names(server)
            if found != expected:
                problems.append(f"{chain} round {round_no}: expected {sorted(expected)}, found {sorted(found)}")
                expected = found
            if round_no == rounds:
                server.terminate()
                break
            if round_no == 5:  # a reset (back to the empty dataset) is a write like any other
                assert server.request("POST", "/_emulator/reset")[0] == 200
                expected = {}
            for i in range(WRITES - 1):
                name = f"{chain}-r{round_no}-t{i}"
                status, body = server.request("POST", BULK, asset(name))
                assert status == 200, body
                expected[name] = body["mutatedEntities"]["CREATE"][0]["guid"]
            if round_no % 2:  # a purge of an earlier round's asset
                victim = sorted(expected)[0]
                status, body = server.request("DELETE", f"{BULK}?deleteType=PURGE&guid={expected[victim]}")
                assert status == 200, body
                del expected[victim]
            else:  # an update of an earlier round's asset (or of this round's)
                name = sorted(expected)[-1]
                update = asset(name)
                update["entities"][0]["attributes"]["description"] = f"round {round_no}"
                status, body = server.request("POST", BULK, update)
                assert status == 200, body
            assert server.kill() == -9
    return problems


def test_kill_9_loses_no_acknowledged_write(tmp_path: Path) -> None:
    chains = {"a": tmp_path / "a.db", "b": tmp_path / "b.db"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda kv: _chain(kv[1], ROUNDS // 2, kv[0]), chains.items()))
    assert results == [[], []]
    # the last update is in the file as well (checked without the emulator)
    with sqlite3.connect(chains["a"]) as db:
        bodies = [row[0] for row in db.execute("SELECT body FROM entities")]
    assert any('"description": "round' in body for body in bodies)
