"""The ``docs`` dataset: every asset the seed documents (the public developer docs) name, so
that each of their REST examples and SDK snippets runs verbatim against the emulator.

``python -m emulator.seeding.docs`` writes fixtures/docs.json; the committed file is its output
(a test checks they agree). What the documents need, and where it comes from:

- 000 deleting assets: glossaries b4113341-..., 21e5be62-..., a0fb35e5-... (with terms, so a
  delete shows what a glossary anchors).
- 001 connection delete: the connection default/snowflake/1234567890 with databases, schemas,
  tables, views and columns (its workflows live in docs-workflows.json, another area's part).
- 002 data products: the domain default/domain/marketing and the super domain
  default/domain/8S8vbC9hT6iPLMY2ydXqf/super of the REST example; products 49abc625-...
  (name ``marketingInfluence``, qualifiedName default/product/marketingInfluence, verified, as the
  find-by-name and updater examples use it) and 218c8144-... (the one deleted); verified tables
  tagged ``Marketing`` and ``Digital Marketing`` for the asset selections.
- 003 restoring assets: glossary 51a28d46-... (qualifiedName FzCMyPR2LxkPFgr8eNGrq) holding the
  archived term ``Example`` gsNccqJraDZqM6WyGP3ea@FzCMyPR2LxkPFgr8eNGrq.

GUIDs the documents do not name come from a fixed seed, times from the generator's epoch.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

from .generator import EPOCH_MS, asset_selection_dsl, guid_of, nanoid_of, term_filter

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "docs.json"
CONNECTION = "default/snowflake/1234567890"
MARKETING_DOMAIN = "default/domain/marketing"
SUPER_DOMAIN = "default/domain/8S8vbC9hT6iPLMY2ydXqf/super"
# Tag display name -> internal (hashed) name, as Atlan stores them.
TAGS = {"Marketing": "Xk3wPpM2nQ8vR4tLm9cJaB", "Digital Marketing": "Zq7hT2sWd5yNf8gKc3vLpE"}
_TAG_COLORS = {"Marketing": "Green", "Digital Marketing": "Yellow"}


class _Builder:
    def __init__(self) -> None:
        self.rng = random.Random("atlan-emulator docs dataset")
        self.entities: list[dict[str, Any]] = []
        self.tick = 0

    def add(self, type_name: str, attributes: dict[str, Any], *, guid: str | None = None,
            relationships: dict[str, Any] | None = None, tags: tuple[str, ...] = (),
            status: str = "ACTIVE") -> str:
        self.tick += 1
        created = EPOCH_MS - 30 * 24 * 3600 * 1000 + self.tick * 60_000
        entity = {
            "guid": guid or guid_of(self.rng), "typeName": type_name, "status": status,
            "attributes": attributes, "relationships": relationships or {},
            "createTime": created, "updateTime": created + (3600_000 if status == "DELETED" else 0),
            "createdBy": "alice", "updatedBy": "alice", "version": 2 if status == "DELETED" else 1,
            "classifications": [{"typeName": TAGS[tag], "propagate": False,
                                 "removePropagationsOnEntityDelete": True,
                                 "restrictPropagationThroughLineage": False,
                                 "restrictPropagationThroughHierarchy": False} for tag in tags],
            "labels": [], "businessAttributes": {}, "customAttributes": {},
        }
        self.entities.append(entity)
        return str(entity["guid"])


def _glossaries(b: _Builder, terms: dict[str, str]) -> None:
    glossaries = [
        ("b4113341-251b-4adc-81fb-2420501c30e6", "Marketing Glossary", "hUn7pB3kQmW9xZr2TsYcE",
         ["Campaign", "Lead", "Conversion Rate"]),
        ("21e5be62-7a0b-4547-ab7a-6ddf273d0640", "Sales Glossary", "Vb4nLq8RtYw2Kp6ZsXmJd", ["Order", "Revenue"]),
        ("a0fb35e5-690d-4a5b-8918-9ee267c8fa55", "Finance Glossary", "Gc9sTz1HvNb5Rw3YqLpKe", ["Margin"]),
    ]
    for guid, name, qn, term_names in glossaries:
        b.add("AtlasGlossary", {"name": name, "qualifiedName": qn, "userDescription": f"Terms of the {name}.",
                                "ownerUsers": ["alice"]}, guid=guid)
        category = b.add("AtlasGlossaryCategory", {"name": "Core", "qualifiedName": f"{nanoid_of(b.rng)}@{qn}"},
                         relationships={"anchor": guid})
        for term in term_names:
            terms[term] = b.add("AtlasGlossaryTerm", {
                "name": term, "qualifiedName": f"{term.replace(' ', '')}Term{len(terms)}@{qn}",
                "userDescription": f"What {term.lower()} means here.", "certificateStatus": "VERIFIED"},
                relationships={"anchor": guid, "categories": [category]})
    # Seed 003: an archived term to restore, in its own glossary.
    business = "51a28d46-b700-4c9d-807d-397f25f2b6d6"
    b.add("AtlasGlossary", {"name": "Business Glossary", "qualifiedName": "FzCMyPR2LxkPFgr8eNGrq"}, guid=business)
    b.add("AtlasGlossaryTerm", {"name": "Example", "qualifiedName": "gsNccqJraDZqM6WyGP3ea@FzCMyPR2LxkPFgr8eNGrq",
                                "userDescription": "An archived term, waiting to be restored."},
          relationships={"anchor": business}, status="DELETED")
    b.add("AtlasGlossaryTerm", {"name": "Customer", "qualifiedName": "Rk2mW8nQpT5vZx1LcYbHd@FzCMyPR2LxkPFgr8eNGrq"},
          relationships={"anchor": business})


_TABLES: dict[str, dict[str, list[tuple[str, str, str | None, tuple[str, ...], list[tuple[str, str]]]]]] = {
    # database -> schema -> [(name, type, certificate, tags, [(column, data type)])]
    "ANALYTICS": {
        "MARKETING": [
            ("CAMPAIGNS", "Table", "VERIFIED", ("Marketing",),
             [("CAMPAIGN_ID", "NUMBER"), ("NAME", "VARCHAR"), ("CHANNEL", "VARCHAR"), ("BUDGET", "FLOAT")]),
            ("CUSTOMERS", "Table", "VERIFIED", ("Marketing", "Digital Marketing"),
             [("CUSTOMER_ID", "NUMBER"), ("EMAIL", "VARCHAR"), ("SEGMENT", "VARCHAR"), ("CREATED_AT", "TIMESTAMP_NTZ")]),
            ("WEB_EVENTS", "Table", "VERIFIED", ("Digital Marketing",),
             [("EVENT_ID", "NUMBER"), ("CUSTOMER_ID", "NUMBER"), ("PAGE_URL", "VARCHAR"), ("EVENT_TIME", "TIMESTAMP_NTZ")]),
            ("LEADS", "Table", "DRAFT", ("Marketing",),
             [("LEAD_ID", "NUMBER"), ("SOURCE", "VARCHAR"), ("SCORE", "NUMBER")]),
            ("CAMPAIGN_PERFORMANCE", "View", "VERIFIED", ("Marketing",),
             [("CAMPAIGN_ID", "NUMBER"), ("CLICKS", "NUMBER"), ("CONVERSIONS", "NUMBER")]),
        ],
        "SALES": [
            ("ORDERS", "Table", "VERIFIED", (),
             [("ORDER_ID", "NUMBER"), ("CUSTOMER_ID", "NUMBER"), ("AMOUNT", "FLOAT"), ("ORDERED_AT", "TIMESTAMP_NTZ")]),
            ("ORDER_ITEMS", "Table", None, (), [("ORDER_ID", "NUMBER"), ("SKU", "VARCHAR"), ("QUANTITY", "NUMBER")]),
        ],
    },
    "RAW": {
        "STAGING": [
            ("RAW_EVENTS", "Table", None, (), [("PAYLOAD", "VARIANT"), ("LOADED_AT", "TIMESTAMP_NTZ")]),
        ],
    },
}


def _connection(b: _Builder, terms: dict[str, str]) -> dict[str, str]:
    """The snowflake connection of seed 001 with everything in it; returns table name -> guid."""
    b.add("Connection", {"name": "development", "qualifiedName": CONNECTION, "connectorName": "snowflake",
                         "category": "warehouse", "adminUsers": ["alice"], "adminGroups": [], "adminRoles": [],
                         "allowQuery": True, "allowQueryPreview": True})
    base = {"connectorName": "snowflake", "connectionQualifiedName": CONNECTION, "connectionName": "development"}
    tables: dict[str, str] = {}
    meanings = {"CAMPAIGNS": "Campaign", "LEADS": "Lead", "ORDERS": "Order"}
    for db_name, schemas in _TABLES.items():
        db_qn = f"{CONNECTION}/{db_name}"
        db = b.add("Database", dict(base, name=db_name, qualifiedName=db_qn, schemaCount=len(schemas)))
        in_db = dict(base, databaseName=db_name, databaseQualifiedName=db_qn)
        for schema_name, members in schemas.items():
            schema_qn = f"{db_qn}/{schema_name}"
            schema = b.add("Schema", dict(in_db, name=schema_name, qualifiedName=schema_qn,
                                          tableCount=sum(t == "Table" for _, t, *_ in members),
                                          viewCount=sum(t == "View" for _, t, *_ in members)),
                           relationships={"database": db})
            in_schema = dict(in_db, schemaName=schema_name, schemaQualifiedName=schema_qn)
            for name, type_name, certificate, tags, columns in members:
                qn = f"{schema_qn}/{name}"
                attributes = dict(in_schema, name=name, qualifiedName=qn, columnCount=len(columns),
                                  description=f"{name.replace('_', ' ').title()} of the {schema_name.lower()} team.",
                                  ownerUsers=["alice"], ownerGroups=["data_team"])
                if certificate:
                    attributes.update(certificateStatus=certificate, certificateUpdatedBy="alice",
                                      certificateUpdatedAt=EPOCH_MS - 86_400_000)
                relationships: dict[str, Any] = {"atlanSchema": schema}
                if name in meanings:
                    relationships["meanings"] = [terms[meanings[name]]]
                guid = b.add(type_name, attributes, relationships=relationships, tags=tags)
                tables[name] = guid
                key = "view" if type_name == "View" else "table"
                for order, (column, data_type) in enumerate(columns, start=1):
                    b.add("Column", dict(in_schema, **{f"{key}Name": name, f"{key}QualifiedName": qn},
                                         name=column, qualifiedName=f"{qn}/{column}", dataType=data_type,
                                         order=order, isPrimary=order == 1, isNullable=order != 1),
                          relationships={key: guid})
    b.add("Readme", {"name": "CAMPAIGNS Readme", "qualifiedName": f"{tables['CAMPAIGNS']}/readme",
                     "description": "<h1>Campaigns</h1><p>One row per marketing campaign, refreshed nightly.</p>"},
          relationships={"asset": tables["CAMPAIGNS"]})
    for source, target in (("RAW_EVENTS", "WEB_EVENTS"), ("ORDERS", "CUSTOMERS")):
        b.add("Process", {"name": f"{source} -> {target}", "qualifiedName": f"{CONNECTION}/{b.rng.getrandbits(128):032x}",
                          "connectorName": "snowflake", "connectionQualifiedName": CONNECTION,
                          "code": f"INSERT INTO {target} SELECT * FROM {source}"},
              relationships={"inputs": [tables[source]], "outputs": [tables[target]]})
    return tables


def _data_mesh(b: _Builder) -> None:
    playbook = '{"condition":"AND","isGroupLocked":false,"rules":[]}'
    marketing = b.add("DataDomain", {"name": "Marketing", "qualifiedName": MARKETING_DOMAIN,
                                     "userDescription": "Everything marketing owns.", "ownerUsers": ["alice"]})
    b.add("DataDomain", {"name": "Digital", "qualifiedName": f"{MARKETING_DOMAIN}/domain/digital",
                         "parentDomainQualifiedName": MARKETING_DOMAIN, "superDomainQualifiedName": MARKETING_DOMAIN},
          relationships={"parentDomain": marketing})
    b.add("DataDomain", {"name": "Enterprise", "qualifiedName": SUPER_DOMAIN,
                         "userDescription": "The root domain of the REST examples."})
    verified_marketing = asset_selection_dsl([term_filter("__typeName.keyword", "Table"),
                                              term_filter("certificateStatus", "VERIFIED"),
                                              term_filter("__traitNames", "Marketing")])
    b.add("DataProduct", {"name": "marketingInfluence", "qualifiedName": "default/product/marketingInfluence",
                          "certificateStatus": "VERIFIED", "dataProductAssetsDSL": verified_marketing,
                          "dataProductAssetsPlaybookFilter": playbook, "parentDomainQualifiedName": MARKETING_DOMAIN,
                          "superDomainQualifiedName": MARKETING_DOMAIN, "daapStatus": "Active",
                          "daapVisibility": "Private", "ownerUsers": ["alice"]},
          guid="49abc625-9a03-4733-bdfb-ec0cb5315cac", relationships={"dataDomain": marketing})
    churn = asset_selection_dsl([term_filter("__typeName.keyword", "Table"),
                                 term_filter("schemaQualifiedName", f"{CONNECTION}/ANALYTICS/SALES")])
    b.add("DataProduct", {"name": "Customer Churn", "qualifiedName": f"{MARKETING_DOMAIN}/product/customerChurn",
                          "certificateStatus": "DRAFT", "dataProductAssetsDSL": churn,
                          "dataProductAssetsPlaybookFilter": playbook, "parentDomainQualifiedName": MARKETING_DOMAIN,
                          "superDomainQualifiedName": MARKETING_DOMAIN, "daapStatus": "Active",
                          "daapVisibility": "Private"},
          guid="218c8144-dc39-43a5-b0c0-9eeb4d11e74a", relationships={"dataDomain": marketing})


def build() -> dict[str, Any]:
    """The docs dataset as a state document."""
    b = _Builder()
    terms: dict[str, str] = {}
    _glossaries(b, terms)
    _connection(b, terms)
    _data_mesh(b)
    tag_defs = [{
        "category": "CLASSIFICATION", "name": name, "displayName": display,
        "description": f"Assets of the {display.lower()} team.", "guid": guid_of(b.rng), "typeVersion": "1.0",
        "version": 1, "attributeDefs": [], "superTypes": [], "entityTypes": [], "subTypes": [],
        "options": {"color": _TAG_COLORS[display], "iconType": "icon", "iconName": "atlanTags"},
    } for display, name in TAGS.items()]
    return {"version": 1, "entities": b.entities, "classificationDefs": tag_defs}


def render() -> str:
    return json.dumps(build(), indent=1) + "\n"


def main() -> int:
    FIXTURE.write_text(render(), encoding="utf-8")
    print(f"wrote {FIXTURE} ({len(build()['entities'])} entities)", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
