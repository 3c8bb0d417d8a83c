"""Shared fixtures: the real sample corpus (loaded once) and figure hygiene."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import kit
from kit import paths

SAMPLE_IDS = [
    "000_31cb83dccb87126a",
    "001_df108479b042bae5",
    "002_78ddb5b181b4799f",
    "003_9fca3681f5eb94e2",
    "004_09bcae2d0884f6e2",
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def sample() -> kit.Corpus:
    return kit.load(paths.SAMPLE_CORPUS)


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory):
    """Every notebook run once on the sample, with its HTML pages and index (shared by the
    notebook and browser tests): ``(folder, manifest)``."""
    from kit.report import run_all

    out = tmp_path_factory.mktemp("report")
    return out, run_all(paths.SAMPLE_CORPUS, out=out)


@pytest.fixture(scope="session")
def articles(sample):
    return sample.articles.set_index("doc_id", drop=False)
