"""atlan-emulator: a local, stateful emulator of the Atlan metadata API."""

__version__ = "0.1.0"
