"""The README's configuration reference is the one generated from EmulatorConfig: adding a config
field without regenerating it (`atlan-emulator config reference --readme README.md`) fails here."""

from __future__ import annotations

from pathlib import Path

from emulator.config_flags import README_END, README_START, readme_with_reference

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_configuration_reference_matches_the_config_dataclass() -> None:
    text = README.read_text(encoding="utf-8")
    assert README_START in text and README_END in text
    assert readme_with_reference(text) == text, (
        "README.md's configuration table is out of date: run `atlan-emulator config reference --readme README.md`"
    )


def test_readme_has_the_standalone_sections() -> None:
    headings = {line[3:].strip() for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("## ")}
    assert {"Quick start", "pytest", "Container and CI", "Configuration reference", "Admin API reference"} <= headings
