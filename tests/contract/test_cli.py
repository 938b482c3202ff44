"""`atlan-emulator contracts list | check FILE...` over JSON Lines, the request journal's export
and HAR captures: PASS/FAIL per exchange with the JSON path and rule, exit 1 on any violation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from emulator.cli import main

DATA = Path(__file__).parent / "data"
BAD_BULK = {"method": "POST", "path": "/api/meta/entity/bulk/?replaceTags=false", "status": 200,
            "request": {"entities": [{"typeName": 5}]},
            "response": {"mutatedEntities": {"CREATE": [{"typeName": "Table", "status": "PURGED"}]}}}
GOOD_GET = {"method": "GET", "path": "/api/meta/entity/guid/g1", "status": 200, "request": None,
            "response": {"entity": {"typeName": "Table", "guid": "g1", "attributes": {"qualifiedName": "q"}}}}
NOT_FOUND = {"method": "GET", "url": "http://tenant.example.com/api/meta/entity/guid/nope", "status": 404,
             "response": '{"errorCode": "ATLAS-404-00-005", "errorMessage": "Given instance guid nope is invalid/not found"}'}


def write_jsonl(path: Path, exchanges: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in exchanges))
    return path


def test_list_shows_every_route_and_its_contracts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contracts", "list"]) == 0
    out = capsys.readouterr().out
    assert "POST   /api/meta/entity/bulk" in out
    assert "request:  contracts/entity/bulk-post.request.json" in out
    assert "contracts/defs/entity.json" in out


def test_check_passes_recorded_pyatlan_traffic(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(DATA / "reference" / "pyatlan-requests.jsonl"), str(DATA / "reference" / "workflow-requests.jsonl")]
    assert main(["contracts", "check", *files]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and " 0 failed, 0 skipped" in out


def test_check_reports_each_violation_and_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capture = write_jsonl(tmp_path / "traffic.jsonl", [GOOD_GET, BAD_BULK, NOT_FOUND,
                                                       {"method": "GET", "path": "/not/an/api", "status": 200}])
    assert main(["contracts", "check", str(capture)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("PASS traffic.jsonl:1 GET /api/meta/entity/guid/g1 200")
    assert lines[1].startswith("FAIL traffic.jsonl:2 POST /api/meta/entity/bulk/ 200 (bulkUpsertEntities)")
    assert "request $.entities[0].typeName: 5 is not of type 'string' (rule 'type'" in lines[2]
    assert "response $.mutatedEntities.CREATE[0].status: 'PURGED' is not one of" in lines[3]
    assert lines[4].startswith("PASS traffic.jsonl:3 GET /api/meta/entity/guid/nope 404")
    assert lines[5].startswith("SKIP traffic.jsonl:4 GET /not/an/api")
    assert lines[-1] == "2 passed, 1 failed, 1 skipped"


def test_check_reads_har(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    har = {"log": {"version": "1.2", "entries": [
        {"request": {"method": "POST", "url": "https://t.atlan.com/api/meta/search/indexsearch",
                     "postData": {"mimeType": "application/json", "text": json.dumps({"dsl": {"size": "x"}})}},
         "response": {"status": 200, "content": {"mimeType": "application/json", "text": json.dumps({"approximateCount": 0})}}},
        {"request": {"method": "GET", "url": "https://t.atlan.com/api/service/whoami"},
         "response": {"status": 200, "content": {"text": json.dumps({"username": "u", "roles": [{"name": "$admin"}]})}}},
    ]}}
    (tmp_path / "capture.har").write_text(json.dumps(har))
    assert main(["contracts", "check", str(tmp_path / "capture.har")]) == 1
    out = capsys.readouterr().out
    assert "FAIL capture.har#0 POST /api/meta/search/indexsearch 200" in out and "$.dsl.size" in out
    assert "PASS capture.har#1 GET /api/service/whoami 200" in out


def test_check_an_unreadable_capture_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.jsonl").write_text('{"method": "GET"\n')
    assert main(["contracts", "check", str(tmp_path / "broken.jsonl"), str(tmp_path / "absent.jsonl")]) == 1
    out = capsys.readouterr().out
    assert "ERROR " in out and "broken.jsonl:1: not JSON" in out


def test_check_reads_the_request_journal_export(api: httpx.Client, tmp_path: Path) -> None:
    api.delete("/_emulator/requests")
    api.post("/api/meta/entity/bulk/", json={"entities": [{"typeName": "Table", "guid": "-1",
                                                           "attributes": {"qualifiedName": "q/t", "name": "t"}}]})
    api.get("/api/service/whoami")
    journal = api.get("/_emulator/requests").json()["requests"]
    assert len(journal) == 2
    capture = write_jsonl(tmp_path / "journal.jsonl", journal)
    saved = tmp_path / "requests.json"
    saved.write_text(api.get("/_emulator/requests").text)
    assert main(["contracts", "check", str(saved)]) == 0
    # the installed console script, as a user runs it
    result = subprocess.run([sys.executable, "-m", "emulator", "contracts", "check", str(capture)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 0 failed" in result.stdout
