"""Seeded fake tenants: the Faker-based generator and the docs' own dataset."""

from .generator import count_types, generate

__all__ = ["count_types", "generate"]
