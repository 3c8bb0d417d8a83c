"""How right are the kit's name counts on pages it was not built from? Name matching measured apart from cleaning.

For every labelled page of a development set with mention labels (:func:`labelled_sets`) whose file
is in ``devset/pages/``, the page's text is rebuilt from its gold ``lead``, ``body`` and
``subheading`` lines (joined with blank lines, as the kit's ``articles.text``), annotated with
:func:`kit.annotate`, and matched with :func:`kit.mentions`. Mentions with ``how`` in (name, short)
are counted per actor and compared with ``labels/mentions_*.csv`` ``n_name`` over every (page,
actor) cell where either side is non-zero, for the actors of the gazetteer. Cells of people outside
the gazetteer (``other:<Name>``) are not scored themselves: they are there to check that another Kim
is not counted as Kim Jong Un, which shows up in the ``kim_jong_un`` cell of that page.

Only pages with at least one mention label are scored (listing pages and off-topic pages carry
none and were not counted by hand).

Usage: ``python devset/evaluate_names.py [A B ...] [--cells]`` prints cells right / total per set,
and with ``--cells`` every wrong cell. Tests import :func:`evaluate` and :func:`gold_articles`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import kit

DEVSET = Path(__file__).resolve().parent
TEXT_ROLES = ("lead", "body", "subheading")


def labelled_sets(devset: Path = DEVSET) -> list[str]:
    """The sets with name-mention labels (``labels/mentions_<set>.csv``), in order."""
    return sorted(p.stem.removeprefix("mentions_") for p in (devset / "labels").glob("mentions_*.csv"))


@dataclass(frozen=True)
class NameScore:
    """Cells right / total for one set, and the table of every scored cell
    (``page_id, actor_id, gold, kit, right``)."""

    set_name: str
    cells: pd.DataFrame
    n_pages: int
    missing_pages: tuple[str, ...]

    @property
    def right(self) -> int:
        return int(self.cells["right"].sum())

    @property
    def total(self) -> int:
        return len(self.cells)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else float("nan")

    def __str__(self) -> str:
        return (
            f"set {self.set_name}: {self.right}/{self.total} (page, actor) cells right "
            f"({self.share:.1%}) on {self.n_pages} pages"
            + (f"; {len(self.missing_pages)} labelled pages absent on disk" if self.missing_pages else "")
        )


def labels(set_name: str, devset: Path = DEVSET) -> pd.DataFrame:
    """The mention labels of one set: ``page_id, actor_id, n_name``."""
    return pd.read_csv(devset / "labels" / f"mentions_{set_name}.csv", dtype={"page_id": str, "actor_id": str})


def gold_articles(set_name: str, devset: Path = DEVSET) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """An articles table (``doc_id, text, date``) of the labelled pages present on disk, each
    text built from the page's gold lead/body/subheading lines; and the labelled pages absent."""
    lines = pd.read_csv(devset / "labels" / f"lines_{set_name}.csv", dtype={"page_id": str})
    pages = pd.read_csv(devset / "labels" / f"pages_{set_name}.csv", dtype={"page_id": str})
    wanted = sorted(labels(set_name, devset)["page_id"].unique())
    rows, missing = [], []
    for page_id in wanted:
        path = devset / "pages" / f"{page_id}.txt"
        if not path.exists():
            missing.append(page_id)
            continue
        raw = path.read_text(encoding="utf-8").splitlines()
        keep = lines[(lines["page_id"] == page_id) & lines["role"].isin(TEXT_ROLES)].sort_values("line_no")
        text = "\n\n".join(raw[n - 1].strip() for n in keep["line_no"] if raw[n - 1].strip())
        date = pages.loc[pages["page_id"] == page_id, "date"]
        rows.append({"doc_id": page_id, "text": text, "date": pd.to_datetime(date.iloc[0]) if len(date) else pd.NaT})
    return pd.DataFrame(rows, columns=["doc_id", "text", "date"]), tuple(missing)


def evaluate(set_name: str, *, actors=None, devset: Path = DEVSET) -> NameScore:
    """Score the kit's name counts on one set's labelled pages (see the module docstring)."""
    gaz = kit.load_actors(actors) if not isinstance(actors, kit.Gazetteer) else actors
    known = set(gaz.aliases["actor_id"])
    articles, missing = gold_articles(set_name, devset)
    gold = labels(set_name, devset)
    gold = gold[gold["actor_id"].isin(known) & gold["page_id"].isin(articles["doc_id"])]
    gold = gold.groupby(["page_id", "actor_id"])["n_name"].sum()
    if len(articles):
        ann = kit.annotate(articles)
        found = kit.mentions(articles, sentences=ann.sentences, actors=gaz)
        found = found[found["how"].isin(["name", "short"]) & found["actor_id"].isin(known)]
        counted = found.groupby(["doc_id", "actor_id"]).size().rename_axis(["page_id", "actor_id"])
    else:
        counted = pd.Series(dtype="int64")
    cells = pd.concat([gold.rename("gold"), counted.rename("kit")], axis=1).fillna(0).astype("int64")
    cells = cells[(cells["gold"] > 0) | (cells["kit"] > 0)].reset_index()
    cells["right"] = cells["gold"] == cells["kit"]
    return NameScore(set_name, cells, n_pages=len(articles), missing_pages=missing)


# The baseline the issue compares with: spaCy's own PER entities, mapped to the main people by
# any of their surnames written inside the entity (as tests/test_actors.py does on the sample).
SURNAMES = {
    "putin": ("poutine", "putin"),
    "kim_jong_un": ("kim",),
    "lavrov": ("lavrov",),
    "choe_son_hui": ("choe", "choi"),
    "peskov": ("peskov",),
    "shoigu": ("choigou", "shoigu"),
}


def model_baseline(set_name: str, devset: Path = DEVSET) -> tuple[int, int, int]:
    """``(kit right, model right, cells)`` over the (page, person) cells of the main people
    (:data:`SURNAMES`) where the labels, the kit or spaCy's PER entities count a name."""
    articles, _ = gold_articles(set_name, devset)
    if not len(articles):
        return 0, 0, 0
    ann = kit.annotate(articles, entities=True)  # the baseline is spaCy's own PER entities
    ents: dict[tuple[str, str], int] = {}
    for doc_id, group in ann.tokens.groupby("doc_id"):
        spans, words = [], []
        for row in group.itertuples():
            if words and (row.ent_iob == "B" or row.ent_type != "PER"):
                spans.append(" ".join(words))
                words = []
            if row.ent_type == "PER":
                words.append(kit.fold(row.text))
        if words:
            spans.append(" ".join(words))
        for span in spans:
            for actor, names in SURNAMES.items():
                if any(n in span.replace("-", " ").split() for n in names):
                    ents[(doc_id, actor)] = ents.get((doc_id, actor), 0) + 1
    cells = evaluate(set_name, devset=devset).cells.set_index(["page_id", "actor_id"])
    keys = {k for k in cells.index if k[1] in SURNAMES} | set(ents)
    kit_right = model_right = 0
    for key in keys:
        gold = int(cells["gold"].get(key, 0))
        kit_right += int(cells["kit"].get(key, 0)) == gold
        model_right += ents.get(key, 0) == gold
    return kit_right, model_right, len(keys)


def main(argv: list[str]) -> None:
    show = "--cells" in argv
    sets = [a for a in argv if not a.startswith("--")] or labelled_sets()
    for set_name in sets:
        score = evaluate(set_name)
        print(score)
        if show:
            wrong = score.cells[~score.cells["right"]]
            if len(wrong):
                print(wrong.to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1:])
