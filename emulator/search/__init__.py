"""Index search: the Elasticsearch query DSL over the tenant's assets (and any JSON documents).

- ``dsl.py``: ``compile_query`` / ``compile_sort``, the generic evaluator (validate first, then
  predicates); ``document.py``: the ``Document`` protocol, ``DictDocument`` and the suffix rule;
  ``analysis.py``: tokens, stemming, keys, dates; ``aggregations.py``: terms/metrics/top_hits.
- ``entity_document.py``: an asset in the index's naming (``__guid``, ``__typeName``, ...);
  ``entity_index.py``: field indexes and the planner; ``request.py``: the indexsearch body;
  ``service.py``: ``AssetSearch`` (``tenant.search``), kept in step with the store.
"""
