"""Save one re-collected page of the development set and check it against its manifest.

A page found with the stored-pages search is saved as the result's ``excerpt`` string, JSON
decoded and unedited. Put the excerpt, as the JSON string literal the search returned (quotes
included), in a file, then:

    python devset/save_window.py A001 excerpt.json

writes ``devset/pages/A001.txt`` only when its sha256 is the manifest's, and says so; a
mismatch writes nothing and exits with status 1 (compare the excerpt's first and last lines
with the manifest's ``n_lines`` and notes).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

DEVSET = Path(__file__).resolve().parent


def expected(page_id: str) -> pd.Series:
    for manifest in sorted(DEVSET.glob("manifest_*.csv")):
        rows = pd.read_csv(manifest, dtype=str, keep_default_na=False)
        hit = rows[rows["page_id"] == page_id]
        if len(hit):
            return hit.iloc[0]
    raise SystemExit(f"{page_id}: in no manifest")


def main(page_id: str, excerpt_file: str) -> int:
    row = expected(page_id)
    text = json.loads(Path(excerpt_file).read_text(encoding="utf-8"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != row["sha256"]:
        print(
            f"MISMATCH {page_id}: {len(text.splitlines())} lines (manifest {row['n_lines']}), "
            f"sha256 {digest[:12]}… (manifest {row['sha256'][:12]}…); nothing written"
        )
        return 1
    (DEVSET / "pages").mkdir(exist_ok=True)
    (DEVSET / "pages" / f"{page_id}.txt").write_bytes(text.encode("utf-8"))
    print(f"OK {page_id}: {len(text.splitlines())} lines saved")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
