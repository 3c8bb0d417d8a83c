"""Small builders shared by the adversarial tests (no fixtures of their own: each test builds its case)."""

from __future__ import annotations

import pandas as pd

from kit import paths

SAMPLE = sorted(paths.SAMPLE_CORPUS.glob("*.txt"))
FRENCH = (
    "Le président russe a reçu lundi à Moscou la ministre nord-coréenne des Affaires étrangères, "
    "pour un entretien consacré à la coopération militaire entre la Russie et la Corée du Nord."
)


def page(k: int = 0) -> str:
    """A real sample page's text."""
    return SAMPLE[k].read_text(encoding="utf-8")


def rows(report: pd.DataFrame, code: str) -> pd.DataFrame:
    """The report rows with one code."""
    return report[report["code"] == code]
