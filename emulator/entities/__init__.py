"""The entity store and its mutation semantics: pure domain code, no HTTP."""
