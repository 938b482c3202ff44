"""A fake but plausible tenant of exactly N assets, the same for the same seed.

Everything random comes from ONE ``random.Random(seed)``: GUIDs, nano-ids, names (from word
pools Faker fills once, seeded alike), numbers and timestamps (offsets before a fixed epoch).
The output is a state document in the tenant export format (``GET /_emulator/state``).

Shape: connections of several connector types, each with databases, schemas, tables and views
with columns (qualifiedNames like ``default/snowflake/1712345678/DB/SCHEMA/TABLE``); glossaries
with categories and terms that tables use as meanings; data domains with sub-domains and data
products whose asset DSL selects a connection's tables; Atlan tags (with their typedefs) on some
assets; certificates, owners, descriptions; READMEs; lineage processes between tables; users
and groups (beyond the built-in ones) who own assets; workflow templates and past runs (a crawler
per connection, see ``workflows.py``), drawn after the entities so they change none of them.
Parents always come before children, so a dataset can be read in one pass.

Speed matters (a million assets in well under a minute): names come from pools picked with
the RNG, and each asset is one dict built in one go.
"""

from __future__ import annotations

import json
import random
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from faker import Faker

from .bulk import gc_paused
from .progress import Progress
from .workflows import BUILT_IN_CREATOR, GeneratedConnection, WorkflowHistory

EPOCH_MS = 1_700_000_000_000  # 2023-11-14T22:13:20Z: every generated time is before this
_YEAR_MS = 365 * 24 * 3600 * 1000
_NANO = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CONNECTORS = ("snowflake", "postgres", "databricks", "bigquery", "redshift", "mysql")
TAGS = ("PII", "Confidential", "Finance", "Customer Data", "Sensitive", "Public")
_TAG_COLORS = ("Red", "Yellow", "Green", "Gray", "Red", "Green")
CERTIFICATES = ("VERIFIED", "DRAFT", "DEPRECATED")
OWNERS = ("alice", "bob", "carol", "dave")
OWNER_GROUPS = ("data_team", "admins")
DATA_TYPES = ("VARCHAR", "NUMBER", "BOOLEAN", "DATE", "TIMESTAMP_NTZ", "FLOAT", "VARIANT", "INTEGER")
PRODUCT_ATTRIBUTES = ["__traitNames", "connectorName", "__customAttributes", "certificateStatus", "tenantId",
                      "anchor", "parentQualifiedName", "Query.parentQualifiedName", "AtlasGlossaryTerm.anchor",
                      "databaseName", "schemaName", "parent", "connectionQualifiedName", "collectionQualifiedName",
                      "name", "qualifiedName", "typeName", "description", "userDescription", "ownerUsers",
                      "ownerGroups", "meanings", "outputPortDataProducts"]


def guid_of(rng: random.Random) -> str:
    """A version-4 UUID from the RNG (as uuid.uuid4 formats it, without reading the OS)."""
    n = (rng.getrandbits(128) & ~(0xF000 << 64) & ~(0xC000 << 48)) | (0x4000 << 64) | (0x8000 << 48)
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def nanoid_of(rng: random.Random, size: int = 21) -> str:
    return "".join(rng.choices(_NANO, k=size))


def asset_selection_dsl(filters: list[dict[str, Any]]) -> str:
    """A data product's ``dataProductAssetsDSL``: the search pyatlan embeds, as a JSON string."""
    must = [{"term": {"__state": {"value": "ACTIVE", "case_insensitive": False}}}] + filters
    query = {"query": {"attributes": PRODUCT_ATTRIBUTES,
                       "dsl": {"from": 0, "query": {"bool": {"filter": {"bool": {"filter": must}}}}},
                       "suppressLogs": True},
             "filterScrubbed": True}
    return json.dumps(query)


def term_filter(field_name: str, value: str) -> dict[str, Any]:
    return {"term": {field_name: {"value": value, "case_insensitive": False}}}


@dataclass
class Plan:
    """How many assets of each kind a tenant of ``total`` assets gets; SQL assets take the rest."""

    total: int
    glossaries: int = 0
    categories_per_glossary: int = 0
    terms: int = 0
    super_domains: int = 0
    sub_domains_per_domain: int = 0
    products_per_sub_domain: int = 0
    readmes: int = 0
    processes: int = 0
    tables_per_schema: int = 5
    schemas_per_database: int = 2
    databases_per_connection: int = 2

    @classmethod
    def for_size(cls, total: int) -> Plan:
        plan = cls(total)
        if total >= 50:
            plan.glossaries = max(1, total // 25_000)
            plan.categories_per_glossary = 3 if total < 1000 else 6
            plan.terms = max(3, total // 150)
            plan.super_domains = max(1, min(8, total // 20_000))
            plan.sub_domains_per_domain = 2
            plan.products_per_sub_domain = 1 if total < 1000 else 3
            plan.readmes = max(1, total // 200)
            plan.processes = max(1, total // 100)
        plan.tables_per_schema = max(3, min(60, total // 3000))
        plan.schemas_per_database = 2 if total < 20_000 else 4
        plan.databases_per_connection = 2 if total < 20_000 else 3
        return plan

    @property
    def governance(self) -> int:
        domains = self.super_domains * (1 + self.sub_domains_per_domain)
        products = self.super_domains * self.sub_domains_per_domain * self.products_per_sub_domain
        glossary = self.glossaries * (1 + self.categories_per_glossary) + self.terms
        return glossary + domains + products

    @property
    def sql(self) -> int:
        return self.total - self.governance - self.readmes - self.processes


@dataclass
class _Sql:
    """What later stages pick from: the generated tables and the connections' qualifiedNames."""

    tables: list[tuple[str, str, str]] = field(default_factory=list)  # (guid, qualifiedName, connection qn)
    connections: list[str] = field(default_factory=list)


class TenantGenerator:
    def __init__(self, seed: int, assets: int) -> None:
        if assets < 0:
            raise ValueError("assets must be >= 0")
        self.seed = seed
        self.assets = assets
        self.rng = random.Random(seed)
        self.plan = Plan.for_size(assets)
        faker = Faker("en_US")
        faker.seed_instance(seed)
        words = {w.lower() for w in faker.words(nb=1200) if w.isalpha()}
        words |= {w.lower() for w in (faker.last_name() for _ in range(300)) if w.isalpha()}
        self.words = sorted(words)
        self.sentences = [faker.sentence(nb_words=10) for _ in range(200)]
        self.titles = [faker.catch_phrase().title() for _ in range(200)]
        self.faker = faker
        self.owners = list(OWNERS)
        self.owner_groups = list(OWNER_GROUPS)
        self.tag_names: list[str] = []
        self.classification_defs: list[dict[str, Any]] = []
        self.progress = Progress(assets, "generating")
        self.connections: list[GeneratedConnection] = []

    # --- the document ------------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The whole tenant as a state document (entities in parent-before-child order)."""
        self._tag_defs()
        users, groups = self._people()
        entities = list(self.entities())
        self.progress.finish()
        creators = [BUILT_IN_CREATOR] + [(u["id"], u["username"]) for u in users if u["workspaceRole"] == "$admin"]
        workflows, runs = WorkflowHistory(self.rng, EPOCH_MS, creators, guid_of).build(self.connections)
        return {"version": 1, "entities": entities, "classificationDefs": self.classification_defs,
                "workflows": workflows, "runs": runs, "users": users, "groups": groups}

    def entities(self) -> Iterator[dict[str, Any]]:
        terms: list[str] = []
        yield from self._glossaries(terms)
        sql = _Sql()
        yield from self._sql(self.plan.sql, terms, sql)
        yield from self._readmes(sql)
        yield from self._processes(sql)
        yield from self._domains(sql)

    # --- pieces ------------------------------------------------------------------------------
    def _tag_defs(self) -> None:
        for display, color in zip(TAGS, _TAG_COLORS, strict=True):
            name = nanoid_of(self.rng, 22)
            self.tag_names.append(name)
            self.classification_defs.append({
                "category": "CLASSIFICATION", "name": name, "displayName": display,
                "description": f"Assets holding {display.lower()} data.", "guid": guid_of(self.rng),
                "typeVersion": "1.0", "version": 1, "attributeDefs": [], "superTypes": [],
                "entityTypes": [], "subTypes": [],
                "options": {"color": color, "iconType": "icon", "iconName": "atlanTags"},
            })

    def _people(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Users and groups beyond the built-in ones (alice, bob, ...), who then own assets too."""
        if self.assets < 50:
            return [], []
        rng, faker = self.rng, self.faker
        users: list[dict[str, Any]] = []
        seen = set(self.owners)
        for _ in range(max(3, min(200, self.assets // 1000))):
            first, last = faker.first_name(), faker.last_name()
            username = self._unique(seen, lambda f=first, la=last: f"{f}.{la}".lower())
            role = "$admin" if rng.random() < 0.1 else "$member"
            users.append({
                "id": guid_of(rng), "username": username, "firstName": first, "lastName": last,
                "email": f"{username}@example.com", "emailVerified": True, "enabled": True,
                "workspaceRole": role, "roles": [role], "defaultRoles": [role], "groupCount": 1,
                "createdTimestamp": EPOCH_MS - rng.randrange(_YEAR_MS), "attributes": {}, "personas": [],
            })
        groups: list[dict[str, Any]] = []
        seen_groups = set(self.owner_groups)
        for _ in range(max(2, min(20, len(users) // 5))):
            alias = self._unique(seen_groups, lambda: f"{self._name(' ', upper=False, words=1).title()} Team")
            name = alias.lower().replace(" ", "_")
            groups.append({"id": guid_of(rng), "name": name, "alias": alias, "path": f"/{name}",
                           "attributes": {"alias": [alias]}, "userCount": 1 + rng.randrange(len(users))})
        self.owners += [u["username"] for u in users]
        self.owner_groups += [g["name"] for g in groups]
        return users, groups

    def _entity(self, type_name: str, attributes: dict[str, Any], relationships: dict[str, Any] | None = None,
                classifications: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        rng = self.rng
        created = EPOCH_MS - rng.randrange(_YEAR_MS)
        updated = created + rng.randrange(EPOCH_MS - created + 1)
        owner = self.owners[rng.randrange(len(self.owners))]
        self.progress.advance()
        return {
            "guid": guid_of(rng), "typeName": type_name, "status": "ACTIVE", "attributes": attributes,
            "relationships": relationships or {}, "createTime": created, "updateTime": updated,
            "createdBy": owner, "updatedBy": owner, "version": 1 + rng.randrange(4),
            "classifications": classifications or [], "labels": [], "businessAttributes": {},
            "customAttributes": {},
        }

    def _enrich(self, attributes: dict[str, Any]) -> dict[str, Any]:
        """Description, certificate and owners on some assets, as a curated tenant has them."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            attributes["description"] = self.sentences[rng.randrange(len(self.sentences))]
        if roll < 0.3:
            attributes["certificateStatus"] = CERTIFICATES[rng.randrange(3)]
            attributes["certificateUpdatedBy"] = self.owners[rng.randrange(len(self.owners))]
            attributes["certificateUpdatedAt"] = EPOCH_MS - rng.randrange(_YEAR_MS)
        if roll < 0.6:
            attributes["ownerUsers"] = [self.owners[rng.randrange(len(self.owners))]]
            if roll < 0.2:
                attributes["ownerGroups"] = [self.owner_groups[rng.randrange(len(self.owner_groups))]]
        return attributes

    def _tags(self) -> list[dict[str, Any]]:
        if self.rng.random() >= 0.1:
            return []
        name = self.tag_names[self.rng.randrange(len(self.tag_names))]
        return [{"typeName": name, "propagate": False, "removePropagationsOnEntityDelete": True,
                 "restrictPropagationThroughLineage": False, "restrictPropagationThroughHierarchy": False}]

    def _name(self, sep: str = "_", upper: bool = True, words: int = 2) -> str:
        w = self.words
        name = sep.join(w[self.rng.randrange(len(w))] for _ in range(words))
        return name.upper() if upper else name

    def _unique(self, seen: set[str], make: Any) -> str:
        name: str = make()
        n = 2
        base = name
        while name in seen:
            name = f"{base}_{n}"
            n += 1
        seen.add(name)
        return name

    def _glossaries(self, terms: list[str]) -> Iterator[dict[str, Any]]:
        plan, rng = self.plan, self.rng
        glossaries: list[tuple[str, str, list[str]]] = []
        seen: set[str] = set()
        for _ in range(plan.glossaries):
            qn = nanoid_of(rng)
            name = self._unique(seen, lambda: self.titles[rng.randrange(len(self.titles))] + " Glossary")
            glossary = self._entity("AtlasGlossary", self._enrich({"name": name, "qualifiedName": qn}))
            yield glossary
            categories: list[str] = []
            for i in range(plan.categories_per_glossary):
                relationships: dict[str, Any] = {"anchor": glossary["guid"]}
                if i and categories and rng.random() < 0.4:
                    relationships["parentCategory"] = categories[rng.randrange(len(categories))]
                category = self._entity("AtlasGlossaryCategory", self._enrich({
                    "name": self._name(" ", upper=False).title(), "qualifiedName": f"{nanoid_of(rng)}@{qn}"}),
                    relationships)
                categories.append(category["guid"])
                yield category
            glossaries.append((glossary["guid"], qn, categories))
        for i in range(plan.terms):
            glossary_guid, glossary_qn, categories = glossaries[i % len(glossaries)]
            relationships = {"anchor": glossary_guid}
            if categories and rng.random() < 0.7:
                relationships["categories"] = [categories[rng.randrange(len(categories))]]
            term = self._entity("AtlasGlossaryTerm", self._enrich({
                "name": self._name(" ", upper=False, words=rng.choice((1, 2, 3))).title(),
                "qualifiedName": f"{nanoid_of(rng)}@{glossary_qn}"}), relationships)
            terms.append(term["guid"])
            yield term

    def _sql(self, budget: int, terms: list[str], sql: _Sql) -> Iterator[dict[str, Any]]:
        plan, rng = self.plan, self.rng
        number = 1_600_000_000 + rng.randrange(100_000_000)
        c = 0
        while budget > 0:
            connector = CONNECTORS[c % len(CONNECTORS)]
            number += 1 + rng.randrange(100_000)
            conn_qn = f"default/{connector}/{number}"
            c += 1
            sql.connections.append(conn_qn)
            conn_name = f"{connector}-{self._name('-', upper=False, words=1)}-{c}"
            connection = self._entity("Connection", self._enrich({
                "name": conn_name, "qualifiedName": conn_qn, "connectorName": connector, "category": "warehouse",
                "adminUsers": ["alice"], "adminGroups": [], "adminRoles": [], "allowQuery": True,
                "allowQueryPreview": True}))
            self.connections.append(GeneratedConnection(conn_qn, conn_name, connector, connection["createTime"]))
            yield connection
            budget -= 1
            base = {"connectorName": connector, "connectionQualifiedName": conn_qn, "connectionName": conn_name}
            db_names: set[str] = set()
            for _ in range(plan.databases_per_connection):
                if budget <= 0:
                    break
                db_name = self._unique(db_names, lambda: self._name(words=1) + "_DB")
                db_qn = f"{conn_qn}/{db_name}"
                database = self._entity("Database", self._enrich(dict(
                    base, name=db_name, qualifiedName=db_qn, schemaCount=plan.schemas_per_database)))
                yield database
                budget -= 1
                in_db = dict(base, databaseName=db_name, databaseQualifiedName=db_qn)
                schema_names: set[str] = set()
                for _ in range(plan.schemas_per_database):
                    if budget <= 0:
                        break
                    schema_name = self._unique(schema_names, lambda: self._name(words=1))
                    schema_qn = f"{db_qn}/{schema_name}"
                    schema = self._entity("Schema", self._enrich(dict(
                        in_db, name=schema_name, qualifiedName=schema_qn)), {"database": database["guid"]})
                    yield schema
                    budget -= 1
                    budget = yield from self._tables(budget, dict(in_db, schemaName=schema_name,
                                                                  schemaQualifiedName=schema_qn),
                                                     schema["guid"], terms, sql)

    def _tables(self, budget: int, in_schema: dict[str, Any], schema_guid: str, terms: list[str],
                sql: _Sql) -> Generator[dict[str, Any], None, int]:
        """Tables and views of one schema with their columns; returns the budget left."""
        rng = self.rng
        schema_qn = in_schema["schemaQualifiedName"]
        names: set[str] = set()
        for _ in range(self.plan.tables_per_schema):
            if budget <= 0:
                break
            is_view = rng.random() < 0.2
            type_name = "View" if is_view else "Table"
            name = self._unique(names, self._name)
            qn = f"{schema_qn}/{name}"
            columns = min(3 + rng.randrange(13), budget - 1)
            attributes = self._enrich(dict(in_schema, name=name, qualifiedName=qn, columnCount=columns))
            if not is_view:
                attributes["rowCount"] = rng.randrange(10_000_000)
                attributes["sizeBytes"] = attributes["rowCount"] * (20 + rng.randrange(200))
            relationships: dict[str, Any] = {"atlanSchema": schema_guid}
            if terms and rng.random() < 0.15:
                relationships["meanings"] = [terms[rng.randrange(len(terms))]]
            table = self._entity(type_name, attributes, relationships, self._tags())
            yield table
            budget -= 1
            if not is_view:
                sql.tables.append((table["guid"], qn, in_schema["connectionQualifiedName"]))
            parent_key = "view" if is_view else "table"
            in_table = dict(in_schema, **{f"{parent_key}Name": name, f"{parent_key}QualifiedName": qn})
            column_names: set[str] = set()
            for order in range(1, columns + 1):
                column_name = self._unique(column_names, lambda: self._name(words=1))
                data_type = DATA_TYPES[rng.randrange(len(DATA_TYPES))]
                column = dict(in_table, name=column_name, qualifiedName=f"{qn}/{column_name}", dataType=data_type,
                              order=order, isNullable=rng.random() < 0.7, isPrimary=order == 1)
                if rng.random() < 0.3:
                    column["description"] = self.sentences[rng.randrange(len(self.sentences))]
                yield self._entity("Column", column, {parent_key: table["guid"]},
                                   self._tags() if rng.random() < 0.3 else None)
            budget -= columns
        return budget

    def _readmes(self, sql: _Sql) -> Iterator[dict[str, Any]]:
        rng, tables = self.rng, sql.tables
        for index in sorted(rng.sample(range(len(tables)), min(self.plan.readmes, len(tables)))):
            guid, qn, conn_qn = tables[index]
            text = self.sentences[rng.randrange(len(self.sentences))]
            yield self._entity("Readme", {
                "name": f"{qn.rsplit('/', 1)[-1]} Readme", "qualifiedName": f"{guid}/readme",
                "description": f"<h1>{qn.rsplit('/', 1)[-1]}</h1><p>{text}</p>",
                "connectionQualifiedName": conn_qn}, {"asset": guid})

    def _processes(self, sql: _Sql) -> Iterator[dict[str, Any]]:
        rng, tables = self.rng, sql.tables
        for _ in range(self.plan.processes):
            source = tables[rng.randrange(len(tables))]
            target = tables[rng.randrange(len(tables))]
            while target is source and len(tables) > 1:
                target = tables[rng.randrange(len(tables))]
            conn_qn = source[2]
            yield self._entity("Process", {
                "name": f"{source[1].rsplit('/', 1)[-1]} -> {target[1].rsplit('/', 1)[-1]}",
                "qualifiedName": f"{conn_qn}/{rng.getrandbits(128):032x}",
                "connectorName": conn_qn.split("/")[1], "connectionQualifiedName": conn_qn,
                "code": f"INSERT INTO {target[1].rsplit('/', 1)[-1]} SELECT * FROM {source[1].rsplit('/', 1)[-1]}"},
                {"inputs": [source[0]], "outputs": [target[0]]})

    def _domains(self, sql: _Sql) -> Iterator[dict[str, Any]]:
        plan, rng = self.plan, self.rng
        seen: set[str] = set()
        n = 0
        for _ in range(plan.super_domains):
            qn = f"default/domain/{nanoid_of(rng)}/super"
            name = self._unique(seen, lambda: self._name(" ", upper=False, words=1).title())
            domain = self._entity("DataDomain", self._enrich({"name": name, "qualifiedName": qn}))
            yield domain
            for _ in range(plan.sub_domains_per_domain):
                sub_qn = f"{qn}/domain/{nanoid_of(rng)}"
                sub_name = self._unique(seen, lambda n=name: f"{n} {self._name(' ', upper=False, words=1).title()}")
                sub = self._entity("DataDomain", self._enrich({
                    "name": sub_name, "qualifiedName": sub_qn, "parentDomainQualifiedName": qn,
                    "superDomainQualifiedName": qn}), {"parentDomain": domain["guid"]})
                yield sub
                for _ in range(plan.products_per_sub_domain):
                    conn_qn = sql.connections[n % len(sql.connections)]
                    n += 1
                    words = self._name(" ", upper=False, words=2).split()
                    product_name = self._unique(seen, lambda w=words: " ".join(x.title() for x in w))
                    camel = product_name[0].lower() + product_name.replace(" ", "")[1:]
                    dsl = asset_selection_dsl([term_filter("__typeName.keyword", "Table"),
                                               term_filter("connectionQualifiedName", conn_qn)])
                    yield self._entity("DataProduct", self._enrich({
                        "name": product_name, "qualifiedName": f"{sub_qn}/product/{camel}",
                        "parentDomainQualifiedName": sub_qn, "superDomainQualifiedName": qn,
                        "dataProductAssetsDSL": dsl,
                        "dataProductAssetsPlaybookFilter": '{"condition":"AND","isGroupLocked":false,"rules":[]}',
                        "daapStatus": "Active", "daapVisibility": "Private"}), {"dataDomain": sub["guid"]})


def generate(seed: int, assets: int) -> dict[str, Any]:
    """A tenant of exactly ``assets`` entities as a state document; same seed, same document."""
    with gc_paused():
        return TenantGenerator(seed, assets).document()


def count_types(document: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entity in document.get("entities", []):
        counts[entity["typeName"]] = counts.get(entity["typeName"], 0) + 1
    return counts
