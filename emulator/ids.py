"""GUIDs and nano-ids from one seeded RNG, so the same seed always gives the same identifiers."""

from __future__ import annotations

import random
import uuid

_NANO_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class IdSource:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def guid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def nanoid(self, size: int = 21) -> str:
        return "".join(self.rng.choice(_NANO_ALPHABET) for _ in range(size))
