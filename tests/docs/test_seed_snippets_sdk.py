"""Every Python snippet of seeds 000 (deleting assets), 002 (data products) and 003 (restoring
assets), run verbatim through pyatlan against the docs dataset over a real socket.

The snippets are copied from the seed documents line for line (the documents flatten each code
block onto one line; the line breaks are restored here). Each snippet runs with ``exec`` in a
fresh namespace, as a user would paste it, and the test asserts the outcome the page describes.
Two snippets cannot run as printed, and the test says so where it runs them:
- 002 "list linked assets" has a ``// Do something...`` line, which is not Python; it runs with
  that one line turned into a Python comment plus ``pass``.
- 002 "update a data product" uses FluentSearch, CompoundQuery, Table and CertificateStatus
  without importing them (the page's create snippet imports them), so it runs after the create
  snippet's imports; pyatlan then refuses its qualifiedName before any request is sent.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("pyatlan")

from pyatlan.errors import AtlanError  # noqa: E402

from emulator.entities.model import DELETED  # noqa: E402

pytestmark = [pytest.mark.atlan_emulator(dataset="docs", clock="virtual"), pytest.mark.usefixtures("sdk_env")]

GLOSSARY = "b4113341-251b-4adc-81fb-2420501c30e6"
GLOSSARIES = [GLOSSARY, "21e5be62-7a0b-4547-ab7a-6ddf273d0640", "a0fb35e5-690d-4a5b-8918-9ee267c8fa55"]
PRODUCT_TO_DELETE = "218c8144-dc39-43a5-b0c0-9eeb4d11e74a"
PRODUCT_WITH_ASSETS = "49abc625-9a03-4733-bdfb-ec0cb5315cac"
ARCHIVED_TERM = "gsNccqJraDZqM6WyGP3ea@FzCMyPR2LxkPFgr8eNGrq"


def run(code: str, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    namespace = {} if namespace is None else namespace
    exec(compile(code, "<seed snippet>", "exec"), namespace)  # noqa: S102 - the point of the test
    return namespace


def status_of(atlan_emulator, guid: str) -> str | None:
    atlan_emulator.call(lambda tenant: tenant.settle())
    return atlan_emulator.call(lambda tenant: getattr(tenant.store.get(guid), "status", None))


# --- seed 000: deleting assets ------------------------------------------------------------------

SOFT_DELETE = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import AtlasGlossary

client = AtlanClient()
response = client.asset.delete_by_guid("b4113341-251b-4adc-81fb-2420501c30e6") # (1)
if deleted := response.assets_deleted(asset_type=AtlasGlossary): # (2)
    term = deleted[0] # (3)
'''

PURGE = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import AtlasGlossary

client = AtlanClient()
response = client.asset.purge_by_guid("b4113341-251b-4adc-81fb-2420501c30e6") # (1)
if deleted := response.assets_deleted(asset_type=AtlasGlossary): # (2)
    term = deleted[0] # (3)
'''

PURGE_MANY = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import AtlasGlossary

client = AtlanClient()
response = client.asset.purge_by_guid([  # (1)
    "b4113341-251b-4adc-81fb-2420501c30e6",
    "21e5be62-7a0b-4547-ab7a-6ddf273d0640",
    "a0fb35e5-690d-4a5b-8918-9ee267c8fa55"
])
if deleted := response.assets_deleted(asset_type=AtlasGlossary):  # (2)
    term = deleted[0]  # (3)
'''


def test_000_soft_delete_archives_the_glossary(atlan_emulator) -> None:
    ns = run(SOFT_DELETE)
    assert ns["term"].guid == GLOSSARY
    assert ns["term"].status.value == DELETED
    assert status_of(atlan_emulator, GLOSSARY) == DELETED  # archived: still there, DELETED


def test_000_purge_removes_the_glossary(atlan_emulator) -> None:
    ns = run(PURGE)
    assert ns["term"].guid == GLOSSARY
    assert status_of(atlan_emulator, GLOSSARY) is None  # purged: gone from the back-end


def test_000_purge_many_removes_all_three_glossaries(atlan_emulator) -> None:
    ns = run(PURGE_MANY)
    assert {a.guid for a in ns["deleted"]} == set(GLOSSARIES)
    assert ns["term"].guid in GLOSSARIES
    assert [status_of(atlan_emulator, guid) for guid in GLOSSARIES] == [None, None, None]


# --- seed 002: data products ---------------------------------------------------------------------

CREATE_PRODUCT = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import DataProduct, Table
from pyatlan.model.fluent_search import CompoundQuery, FluentSearch
from pyatlan.model.enums import CertificateStatus

client = AtlanClient()

assets = (
  FluentSearch()
  .where(CompoundQuery.active_assets())
  .where(CompoundQuery.asset_type(Table))
  .where(Table.CERTIFICATE_STATUS.eq(CertificateStatus.VERIFIED.value))
  .where(Table.ATLAN_TAGS.eq("Marketing"))
).to_request()  # (1)

product = DataProduct.creator(
  name="Marketing Influence",  # (2)
  asset_selection=assets,  # (3)
  domain_qualified_name="default/domain/marketing"  # (4)
)

response = client.asset.save(product)  # (5)
'''

FIND_PRODUCT = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import DataProduct

client = AtlanClient()

product = client.asset.find_product_by_name( # (1)
    name="marketingInfluence",
    attributes=["certificateStatus"]
)

assert product
assert product.certificate_status
'''

PRODUCT_ASSETS = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import DataProduct

client = AtlanClient()

product = client.asset.get_by_guid( # (1)
    guid="49abc625-9a03-4733-bdfb-ec0cb5315cac",
    asset_type=DataProduct
)

response = product.get_assets(client) # (2)

for assets in response:
    // Do something with the assets retrieved...

assert product
assert response
'''

UPDATE_PRODUCT = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import DataProduct

client = AtlanClient()

assets = (
  FluentSearch()
  .where(CompoundQuery.active_assets())
  .where(CompoundQuery.asset_type(Table))
  .where(Table.CERTIFICATE_STATUS.eq(CertificateStatus.VERIFIED.value))
  .where(Table.ATLAN_TAGS.eq("Digital Marketing"))
).to_request()  # (1)

product = DataProduct.updater( # (2)
    qualified_name="default/product/marketingInfluence", # (3)
    name="Marketing Influence", # (4)
    asset_selection=assets, # (5)
)
product.user_description = "Now with a description!" # (6)

response = client.asset.save(product) # (7)
'''

DELETE_PRODUCT = '''\
from pyatlan.client.atlan import AtlanClient

client = AtlanClient()

client.asset.delete_by_guid("218c8144-dc39-43a5-b0c0-9eeb4d11e74a") # (1)
'''

PURGE_PRODUCT = '''\
from pyatlan.client.atlan import AtlanClient

client = AtlanClient()

client.asset.purge_by_guid("218c8144-dc39-43a5-b0c0-9eeb4d11e74a") # (1)
'''


def test_002_create_a_data_product_in_the_marketing_domain(atlan_emulator) -> None:
    ns = run(CREATE_PRODUCT)
    created = ns["response"].assets_created(asset_type=ns["DataProduct"])
    assert len(created) == 1
    product = created[0]
    assert product.qualified_name == "default/domain/marketing/product/Marketing Influence"
    stored = atlan_emulator.call(lambda tenant: tenant.store.get(product.guid))
    domain = atlan_emulator.call(lambda tenant: tenant.store.find("DataDomain", "default/domain/marketing"))
    assert stored.relationships["dataDomain"] == domain.guid
    assert '"__traitNames"' in stored.attributes["dataProductAssetsDSL"]


def test_002_find_a_data_product_by_name(atlan_emulator) -> None:
    ns = run(FIND_PRODUCT)  # the snippet's own asserts are the documented outcome
    assert ns["product"].guid == PRODUCT_WITH_ASSETS


def test_002_list_the_assets_linked_to_a_data_product(atlan_emulator) -> None:
    # As printed, the loop body is "// Do something ...": not Python. Only that line changes.
    code = PRODUCT_ASSETS.replace("    // Do something with the assets retrieved...",
                                  "    pass  # Do something with the assets retrieved...")
    ns = run(code)
    # The product selects the verified tables tagged Marketing (its asset DSL). The snippet's
    # loop consumed the results, so they are read again for the names.
    assert ns["response"].count == 2
    names = {asset.name for asset in ns["product"].get_assets(ns["client"])}
    assert names == {"CAMPAIGNS", "CUSTOMERS"}


def test_002_update_snippet_as_printed_is_refused_by_pyatlan_itself(atlan_emulator) -> None:
    # The page's create snippet supplies the imports this one lacks.
    namespace = run(CREATE_PRODUCT.split("client = AtlanClient()")[0])
    with pytest.raises(ValueError, match="Invalid data product qualified_name"):
        run(UPDATE_PRODUCT, namespace)
    # Nothing reached the tenant: the product keeps its name and has no description.
    product = atlan_emulator.call(lambda tenant: tenant.store.get(PRODUCT_WITH_ASSETS))
    assert product.attributes["name"] == "marketingInfluence"
    assert "userDescription" not in product.attributes


def test_002_soft_delete_a_data_product(atlan_emulator) -> None:
    run(DELETE_PRODUCT)
    assert status_of(atlan_emulator, PRODUCT_TO_DELETE) == DELETED


def test_002_purge_a_data_product(atlan_emulator) -> None:
    run(PURGE_PRODUCT)
    assert status_of(atlan_emulator, PRODUCT_TO_DELETE) is None


# --- seed 003: restoring assets -------------------------------------------------------------------

RESTORE = '''\
from pyatlan.client.atlan import AtlanClient
from pyatlan.model.assets import AtlasGlossaryTerm

client = AtlanClient()
restored = client.asset.restore(
    asset_type=AtlasGlossaryTerm,
    qualified_name="gsNccqJraDZqM6WyGP3ea@FzCMyPR2LxkPFgr8eNGrq"  # (1)
)
'''


def test_003_restore_the_archived_term(atlan_emulator) -> None:
    term = atlan_emulator.call(lambda tenant: tenant.store.find("AtlasGlossaryTerm", ARCHIVED_TERM))
    assert term.status == DELETED
    ns = run(RESTORE)
    assert ns["restored"] is True
    assert status_of(atlan_emulator, term.guid) == "ACTIVE"


def test_003_restore_of_an_unknown_name_is_false_or_not_found(atlan_emulator) -> None:
    # The page: "If no archived version of the asset could be found the operation will return false."
    code = RESTORE.replace("gsNccqJraDZqM6WyGP3ea@FzCMyPR2LxkPFgr8eNGrq", "noSuchTerm@FzCMyPR2LxkPFgr8eNGrq")
    try:
        ns = run(code)
    except AtlanError as exc:  # pyatlan raises NotFoundError from the lookup before restoring
        assert exc.error_code.http_error_code == 404
    else:
        assert ns["restored"] is False
