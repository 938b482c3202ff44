"""Index search: the query DSL (generic, any JSON documents) and the tenant's asset index."""
