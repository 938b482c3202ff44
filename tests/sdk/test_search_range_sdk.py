"""pyatlan's range queries on the asset timestamps: what it builds (datetimes as epoch millis,
date math strings, format and time_zone) finds assets; a garbage bound reaches the caller as
pyatlan's InvalidRequestError (a 400), as Elasticsearch's parse_exception does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pyatlan.errors import InvalidRequestError
from pyatlan.model.assets import Table
from pyatlan.model.fluent_search import CompoundQuery, FluentSearch
from pyatlan.model.search import Range

from .test_search_sdk import create_tables


def names(atlan_client, where) -> list[str]:
    request = FluentSearch().where(CompoundQuery.asset_type(Table)).where(where).include_on_results(
        Table.NAME).to_request()
    return sorted(asset.name for asset in atlan_client.asset.search(request))


def test_the_ranges_pyatlan_builds_find_the_asset(atlan_client, api) -> None:
    create_tables(api, ["dated"])
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    assert names(atlan_client, Table.CREATE_TIME.gt(int(long_ago.timestamp() * 1000))) == ["dated"]
    assert names(atlan_client, Range.with_create_time_as_timestamp(gte=long_ago)) == ["dated"]
    assert names(atlan_client, Range.with_update_time_as_timestamp(gte="now-7d/d", lte="now")) == ["dated"]
    assert names(atlan_client, Range(field="__timestamp", gte="2020-01-01T00:00:00Z",
                                     format="strict_date_optional_time", time_zone="+01:00")) == ["dated"]
    assert names(atlan_client, Table.CREATE_TIME.lt(int(long_ago.timestamp() * 1000))) == []


@pytest.mark.parametrize("bound", ["not-a-date", "now-garbage", "2020-13-45"])
def test_a_garbage_bound_raises_invalid_request(atlan_client, api, bound: str) -> None:
    create_tables(api, ["dated"])
    request = FluentSearch().where(CompoundQuery.asset_type(Table)).where(
        Range(field="__timestamp", gte=bound)).to_request()
    with pytest.raises(InvalidRequestError, match="__timestamp"):
        atlan_client.asset.search(request)
