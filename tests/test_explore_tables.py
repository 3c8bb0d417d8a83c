"""Browsable tables stay small enough to page through: at most ``EMBED_ROWS`` rows are written
into a notebook or the report index, and the caption says which file holds every row."""

from __future__ import annotations

import json
import re

import pandas as pd

from kit import explore, site


def _embedded_rows(page: str) -> list:
    """The rows an itables table carries (its ``data_json``)."""
    found = re.search(r'"data_json": (".*?[^\\]")', page)
    assert found, "no itables data in the page"
    return json.loads(json.loads(found.group(1)))


def test_a_long_table_embeds_its_first_rows_and_names_the_file():
    data = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5_000)], "n": range(5_000)})
    page = explore.table(data, caption="Every article", saved_as="tables/articles.csv").data
    rows = _embedded_rows(page)
    assert len(rows) == explore.EMBED_ROWS == 2_000
    assert rows[0] == ["d0", 0] and rows[-1] == ["d1999", 1999]
    assert "Every article (first 2,000 of 5,000 rows; every row is in tables/articles.csv)" in page


def test_a_short_table_is_embedded_whole_with_its_caption_unchanged():
    data = pd.DataFrame({"actor": ["Kim Jong Un", "Vladimir Poutine"], "n": [3, 2]}, index=[7, 9])
    page = explore.table(data, caption="Actor pairs by sentence").data
    assert _embedded_rows(page) == [["Kim Jong Un", 3], ["Vladimir Poutine", 2]]
    assert '"caption": "Actor pairs by sentence"' in page
    assert "first" not in page.split('"caption"')[1][:60]


def test_max_rows_none_embeds_every_row():
    data = pd.DataFrame({"n": range(2_345)})
    assert len(_embedded_rows(explore.table(data, max_rows=None).data)) == 2_345
    assert len(_embedded_rows(explore.table(data, max_rows=10).data)) == 10


def test_the_report_index_bounds_its_load_report(tmp_path):
    (tmp_path / "tables").mkdir()
    report = pd.DataFrame(
        {
            "level": ["skip"] * 3_000,
            "code": ["empty_file"] * 3_000,
            "doc_id": [f"p{i}" for i in range(3_000)],
            "path": [f"p{i}.txt" for i in range(3_000)],
            "message": ["the file is empty"] * 3_000,
        }
    )
    report.to_csv(tmp_path / "tables" / "load_report_rows.csv", index=False)
    pd.DataFrame({"source": ["Le Monde"], "n_articles": [4]}).to_csv(tmp_path / "tables" / "articles_by_source.csv")
    index = site.build(tmp_path, {"parameters": {"CORPUS": "x"}, "notebooks": []}).read_text(encoding="utf-8")
    assert len(_embedded_rows(index)) == 2_000
    assert "The load report (first 2,000 of 3,000 rows; every row is in tables/load_report_rows.csv)" in index
    # the paragraph above it counts every row
    assert "4 articles from 1 source, loaded from x; 3000 item(s) skipped (empty_file 3000)" in index
