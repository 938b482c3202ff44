"""pyatlan (latest) against injected failures, over a real socket: retries on 503 and 429, the
delete wait loop against 404s, connection errors, the URI limit, deletion delays on the virtual
clock, and latency. The journal, not the wall clock, is the witness.

Retries are turned off (or made fast) wherever the retry itself is not the point, so the area
stays fast; only the "delete gives up after twenty 404s" test takes pyatlan's full ~20 s.
"""

from __future__ import annotations

import httpx
import pytest
from httpx_retries import Retry
from pyatlan.client.atlan import AtlanClient
from pyatlan.errors import AtlanError, NotFoundError
from pyatlan.model.assets import Asset, AtlasGlossary, Table
from pyatlan.model.fluent_search import CompoundQuery, FluentSearch

BULK = "/api/meta/entity/bulk"
INDEXSEARCH = "/api/meta/search/indexsearch"
GUID_PATH = r"/api/meta/entity/guid/.*"


@pytest.fixture
def api(atlan_emulator):
    with httpx.Client(base_url=atlan_emulator.url, headers={"Authorization": f"Bearer {atlan_emulator.api_key}"},
                      timeout=30) as client:
        yield client


def client_with(atlan_emulator, retry: Retry, **kwargs) -> AtlanClient:
    return AtlanClient(base_url=atlan_emulator.url, api_key=atlan_emulator.api_key, retry=retry, **kwargs)


@pytest.fixture
def no_retry_client(atlan_emulator) -> AtlanClient:
    return client_with(atlan_emulator, Retry(total=0))


def create_tables(api: httpx.Client, count: int, prefix: str = "t") -> list[str]:
    entities = [{"typeName": "Table", "guid": f"-{i + 1}", "attributes": {
        "qualifiedName": f"default/snowflake/1/db/sc/{prefix}{i}", "name": f"{prefix}{i}"}} for i in range(count)]
    r = api.post(BULK, json={"entities": entities})
    assert r.status_code == 200, r.text
    return [r.json()["guidAssignments"][f"-{i + 1}"] for i in range(count)]


def statuses(api: httpx.Client) -> dict[str, str]:
    return {e["guid"]: e["status"] for e in api.get("/_emulator/state").json()["entities"]}


def search_tables(client: AtlanClient, *, active_only: bool = False) -> dict[str, str]:
    """One indexsearch call: the first (and only) page of tables, name -> status."""
    search = FluentSearch().where(Asset.TYPE_NAME.eq("Table")).page_size(50)
    if active_only:
        search = search.where(CompoundQuery.active_assets())
    return {asset.name: asset.status.value for asset in client.asset.search(search.to_request()).current_page()}


# --- retries on status codes ---------------------------------------------------------------
def test_503_twice_on_indexsearch_then_success(atlan_emulator, atlan_client, api) -> None:
    create_tables(api, 3)
    atlan_emulator.faults.add(method="POST", path=INDEXSEARCH, status=503, times=2, headers={"Retry-After": "1"})
    atlan_emulator.journal.clear()
    assert sorted(search_tables(atlan_client)) == ["t0", "t1", "t2"]
    sent = atlan_emulator.requests(path=INDEXSEARCH)
    assert [e["status"] for e in sent] == [503, 503, 200]


def test_503_twice_on_get_by_guid_then_success(atlan_emulator, atlan_client, api) -> None:
    guid = create_tables(api, 1)[0]
    rule = atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, status=503, times=2,
                                     headers={"Retry-After": "1"})
    assert atlan_client.asset.get_by_guid(guid, asset_type=Table).name == "t0"
    assert [e["status"] for e in atlan_emulator.requests(method="GET", path_regex=GUID_PATH)] == [503, 503, 200]
    assert atlan_emulator.faults.get(rule["id"])["fired"] == 2


def test_429_with_retry_after_is_honoured(atlan_emulator, atlan_client, api) -> None:
    guid = create_tables(api, 1)[0]
    atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, status=429, times=1, headers={"Retry-After": "1"})
    assert atlan_client.asset.get_by_guid(guid, asset_type=Table).guid == guid
    limited, served = atlan_emulator.requests(method="GET", path_regex=GUID_PATH)
    assert (limited["status"], served["status"]) == (429, 200)
    # The SDK waited the second it was told to before asking again (journal arrival times).
    assert served["time"] - limited["time"] >= 950


def test_token_bucket_429_is_honoured(atlan_emulator, atlan_client, api) -> None:
    guid = create_tables(api, 1)[0]
    atlan_emulator.configure(rate_limit=1.0, rate_burst=1)
    assert atlan_client.asset.get_by_guid(guid, asset_type=Table).guid == guid
    assert atlan_client.asset.get_by_guid(guid, asset_type=Table).guid == guid  # after a 429 and a wait
    statuses_seen = [e["status"] for e in atlan_emulator.requests(method="GET")]
    assert statuses_seen[0] == 200 and statuses_seen[-1] == 200 and 429 in statuses_seen


def test_a_faulted_save_changes_nothing_so_the_sdks_retry_creates_once(atlan_emulator, api) -> None:
    fast = Retry(total=2, backoff_factor=0.01, status_forcelist=[500], allowed_methods=["POST"])
    client = client_with(atlan_emulator, fast)
    atlan_emulator.faults.add(method="POST", path=BULK, status=500, times=1)
    created = client.asset.save(AtlasGlossary.creator(name="G")).assets_created(asset_type=AtlasGlossary)
    assert len(created) == 1
    assert [e["status"] for e in atlan_emulator.requests(method="POST", path=BULK)] == [500, 200]
    glossaries = [e for e in api.get("/_emulator/state").json()["entities"] if e["typeName"] == "AtlasGlossary"]
    assert [g["guid"] for g in glossaries] == [created[0].guid]


# --- the delete wait loop ------------------------------------------------------------------
def test_404s_on_the_reads_after_a_delete_make_it_retry_once_a_second(atlan_emulator, atlan_client, api) -> None:
    guid = create_tables(api, 1)[0]
    # The first GET is delete_by_guid's pre-check; the two after the DELETE are its wait reads.
    atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, status=404, after=1, times=2)
    response = atlan_client.asset.delete_by_guid(guid)
    assert [a.guid for a in response.assets_deleted(asset_type=Table)] == [guid]
    reads = atlan_emulator.requests(method="GET", path_regex=GUID_PATH)
    assert [e["status"] for e in reads] == [200, 404, 404, 200]
    gaps = [b["time"] - a["time"] for a, b in zip(reads[1:], reads[2:], strict=False)]
    assert all(gap >= 950 for gap in gaps)  # tenacity's wait_fixed(1) between tries
    assert statuses(api)[guid] == "DELETED"


def test_404s_that_outlast_twenty_tries_make_delete_give_up_with_the_last_error(
    atlan_emulator, atlan_client, api
) -> None:
    guid = create_tables(api, 1)[0]
    atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, status=404, after=1, times=25)
    with pytest.raises(NotFoundError) as raised:
        atlan_client.asset.delete_by_guid(guid)
    assert "ATLAS-404-00-004" in str(raised.value)  # the injected fault's error, re-raised as is
    reads = atlan_emulator.requests(method="GET", path_regex=GUID_PATH)
    assert len(reads) == 21  # the pre-check and twenty wait reads
    assert statuses(api)[guid] == "DELETED"  # the delete itself went through


# --- connection errors ---------------------------------------------------------------------
@pytest.mark.parametrize(("action", "error"), [("reset", httpx.ReadError), ("truncate", httpx.RemoteProtocolError),
                                               ("empty", httpx.RemoteProtocolError),
                                               ("malformed", httpx.RemoteProtocolError)])
def test_network_faults_surface_as_connection_errors(atlan_emulator, no_retry_client, api, action, error) -> None:
    guid = create_tables(api, 1)[0]
    atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, action=action, times=1)
    with pytest.raises(error):
        no_retry_client.asset.get_by_guid(guid, asset_type=Table)
    assert no_retry_client.asset.get_by_guid(guid, asset_type=Table).guid == guid


def test_a_reset_is_retried_by_the_sdk(atlan_emulator, api) -> None:
    guid = create_tables(api, 1)[0]
    client = client_with(atlan_emulator, Retry(total=2, backoff_factor=0.01))
    atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, action="reset", times=1)
    assert client.asset.get_by_guid(guid, asset_type=Table).guid == guid
    reads = atlan_emulator.requests(method="GET", path_regex=GUID_PATH)
    assert [(e["status"], (e["fault"] or {}).get("action")) for e in reads] == [(None, "reset"), (200, None)]


def test_a_hang_ends_in_the_sdks_read_timeout(atlan_emulator, api) -> None:
    guid = create_tables(api, 1)[0]
    client = client_with(atlan_emulator, Retry(total=0), read_timeout=0.5)
    atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, action="hang", times=1)
    with pytest.raises(httpx.ReadTimeout):
        client.asset.get_by_guid(guid, asset_type=Table)
    assert client.asset.get_by_guid(guid, asset_type=Table).guid == guid


# --- URI limit -------------------------------------------------------------------------------
def test_400_guids_in_one_delete_get_414_and_nothing_is_deleted(atlan_emulator, no_retry_client, api) -> None:
    guids = create_tables(api, 400)
    atlan_emulator.journal.clear()
    with pytest.raises(AtlanError) as raised:
        # purge: the same single DELETE as delete_by_guid, without its 400 pre-check reads (speed)
        no_retry_client.asset.purge_by_guid(guids)
    assert "ATLAS-414-00-001" in str(raised.value) and "8192" in str(raised.value)
    (delete,) = atlan_emulator.requests(method="DELETE")
    assert delete["status"] == 414 and len(delete["query"]["guid"]) == 400
    assert set(statuses(api).values()) == {"ACTIVE"} and len(statuses(api)) == 400


def test_50_guids_in_one_delete_pass(atlan_emulator, no_retry_client, api) -> None:
    guids = create_tables(api, 50)
    response = no_retry_client.asset.purge_by_guid(guids)
    assert len(response.assets_deleted(asset_type=Table)) == 50
    (delete,) = atlan_emulator.requests(method="DELETE")
    assert delete["status"] == 200 and len(delete["query"]["guid"]) <= 50
    assert statuses(api) == {}


# --- time and latency ------------------------------------------------------------------------
def test_deletion_delay_on_the_virtual_clock(atlan_emulator, atlan_client, api) -> None:
    atlan_emulator.clock.use_virtual()
    atlan_emulator.configure(deletion_delay=30)
    guid = create_tables(api, 1)[0]
    atlan_client.asset.delete_by_guid(guid)  # returns at once: the re-read finds the asset
    assert atlan_client.asset.get_by_guid(guid, asset_type=Table).status.value == "ACTIVE"
    assert search_tables(atlan_client) == {"t0": "ACTIVE"}
    assert atlan_emulator.clock.advance(30) == 1  # the delayed deletion, and nothing else
    assert atlan_client.asset.get_by_guid(guid, asset_type=Table).status.value == "DELETED"
    assert search_tables(atlan_client) == {"t0": "DELETED"}
    assert search_tables(atlan_client, active_only=True) == {}


def test_latency_rule_adds_the_asked_delay(atlan_emulator, no_retry_client, api) -> None:
    guid = create_tables(api, 1)[0]
    atlan_emulator.faults.add(method="GET", path_regex=GUID_PATH, delay_ms=400, times=1)
    no_retry_client.asset.get_by_guid(guid, asset_type=Table)
    no_retry_client.asset.get_by_guid(guid, asset_type=Table)
    slow, normal = atlan_emulator.requests(method="GET", path_regex=GUID_PATH)
    assert slow["status"] == normal["status"] == 200
    assert slow["durationMs"] >= 390  # the asked 400 ms, within a timer tolerance
    assert slow["fault"]["id"] and normal["fault"] is None
