"""The development set as tables: the pages present on disk, the gold role of every line, the
gold headline and date of every page. Scoring lives in devset/train_line_model.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DEVSET = Path(__file__).resolve().parent


#: The sets the line model is trained and tuned on; sets D to G are held apart (scored, never
#: trained on; E, F and G were each collected after the rules of their day and scored once). Set C was held
#: apart until it had been scored once (stop 14); it is trained on since set D took its place.
TRAIN_SETS = ("A", "B", "C")
HELD_APART_SETS = ("D", "E", "F", "G", "H", "I", "J")


def load_devset(
    folder: Path = DEVSET, sets: tuple[str, ...] = TRAIN_SETS
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(pages, lines, page_labels)`` of the given sets: pages present on disk with their
    outlet, the gold role of every line, and the gold headline and date per page."""
    manifests = [
        pd.read_csv(p, dtype=str, keep_default_na=False)
        for p in sorted(folder.glob("manifest_*.csv"))
        if p.stem.removeprefix("manifest_") in sets
    ]
    if not manifests:
        empty = pd.DataFrame(columns=["page_id", "outlet", "origin", "set", "page_text"])
        return empty, pd.DataFrame(columns=["page_id", "line_no", "role"]), pd.DataFrame(columns=["page_id"])
    manifest = pd.concat(manifests, ignore_index=True)
    sets = tuple(t for t in sets if (folder / f"manifest_{t}.csv").exists())
    manifest["set"] = manifest["page_id"].str[0]
    present = manifest[[(folder / "pages" / f"{p}.txt").exists() for p in manifest["page_id"]]].copy()
    present["page_text"] = [(folder / "pages" / f"{p}.txt").read_text(encoding="utf-8") for p in present["page_id"]]
    lines = pd.concat([pd.read_csv(folder / "labels" / f"lines_{t}.csv", dtype={"line_no": int}) for t in sets])
    labels = pd.concat(
        [pd.read_csv(folder / "labels" / f"pages_{t}.csv", dtype=str, keep_default_na=False) for t in sets],
        ignore_index=True,
    )
    keep = set(present["page_id"])
    return (
        present.reset_index(drop=True),
        lines[lines["page_id"].isin(keep)].reset_index(drop=True),
        labels[labels["page_id"].isin(keep)].reset_index(drop=True),
    )


if __name__ == "__main__":
    # the figures: python devset/train_line_model.py (leave-one-outlet-out, model and rules)
    pages, lines, labels = load_devset()
    print(f"{len(pages)} pages present, {len(lines)} labelled lines, {len(labels)} labelled pages")
