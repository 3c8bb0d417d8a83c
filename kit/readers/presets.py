"""Which columns of this platform's CSV export hold the text, the date and the source?

Named column presets for table exports of news platforms, used as
``kit.load(path, preset="mediacloud")``. Each preset lists, for every column of the
articles table, the export's column names that can fill it (the first present wins).
An export without any text column (many platforms give only URLs) is not an error:
the load report says so in one row, and what to do.

* ``mediacloud``: Media Cloud story lists. The legacy Explorer CSV
  (``stories_id, publish_date, title, url, language, ap_syndicated, themes, media_id,
  media_name, media_url``, checked on a real export) and the current Search CSV
  (``id, indexed_date, language, media_name, media_url, publish_date, title, url``);
  neither holds article text, so their rows are reported, not loaded; a table with a
  ``text`` column (from the API) loads.
* ``gdelt``: GDELT DOC 2.0 article lists as ``gdeltdoc`` returns them (``url,
  url_mobile, title, seendate, socialimage, domain, language, sourcecountry``): URLs only.
  No real export file was found to check this preset against.

>>> resolve("mediacloud", ["stories_id", "publish_date", "title", "url", "media_name"])
{'doc_id': 'stories_id', 'title': 'title', 'date': 'publish_date', 'source': 'media_name', 'url': 'url', 'text': None}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kit.errors import CorpusError


@dataclass(frozen=True)
class Preset:
    """Column names of one platform's export, for each column of the articles table."""

    name: str
    columns: dict[str, tuple[str, ...]]
    note: str


PRESETS: dict[str, Preset] = {
    "mediacloud": Preset(
        name="mediacloud",
        columns={
            "doc_id": ("stories_id", "id"),
            "title": ("title",),
            "date": ("publish_date",),
            "source": ("media_name",),
            "url": ("url",),
            "text": ("text", "story_text", "full_text"),
        },
        note="Media Cloud story list (legacy Explorer or current Search CSV)",
    ),
    "gdelt": Preset(
        name="gdelt",
        columns={
            "doc_id": (),
            "title": ("title",),
            "date": ("seendate",),
            "source": ("domain",),
            "url": ("url",),
            "text": ("text",),
        },
        note="GDELT DOC 2.0 article list",
    ),
}


def get(name: str) -> Preset:
    """The preset called ``name``; an unknown name is an error listing the known ones.

    >>> get("mediacloud").columns["source"]
    ('media_name',)
    """
    try:
        return PRESETS[name]
    except KeyError:
        raise CorpusError(
            f"unknown preset {name!r}. Known presets: {', '.join(sorted(PRESETS))}; "
            "or pass text_col=, date_col=, source_col=... yourself."
        ) from None


def resolve(name: str, header: Iterable[str]) -> dict[str, str | None]:
    """For each articles column, the export column that fills it (``None`` when absent).

    >>> resolve("gdelt", ["url", "title", "seendate", "domain"])["text"] is None
    True
    """
    present = list(header)
    return {key: next((c for c in names if c in present), None) for key, names in get(name).columns.items()}
