"""Check the labelled development set under devset/ (every set: manifest_<set>.csv and its labels).

For every manifest row whose page file is present in devset/pages/, recompute the file's
sha256, its n_lines (len(text.splitlines())) and every line's line_sha1, and compare them
with the manifest and labels/lines_*.csv. Also check that every role is allowed, that each
page has exactly one labels/pages_*.csv row and a complete set of line rows, and that
labels/mentions_*.csv rows point at known pages and actors. Pages missing on disk
(devset/pages/ is git-ignored) are reported and skipped.

Usage: python devset/check_devset.py [devset_dir]      exit status 1 on any problem.
Needs pandas and the kit (for its list of line roles).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

from kit import clean

ROLES = set(clean.ROLES)  # the kit's own list of line roles: one source of truth
KINDS = {
    "article",
    "wire_reprint",
    "live_blog",
    "video",
    "tag_page",
    "paywall_teaser",
    "flattened",
    "embed",
    "financial_wire",
    "broadcaster",
    "other",
}
MANIFEST_COLS = ["page_id", "outlet", "country", "page_kind", "url", "origin", "sha256", "n_lines", "notes"]
LINES_COLS = ["page_id", "line_no", "line_sha1", "role"]
PAGES_COLS = ["page_id", "headline_line_no", "date", "date_stated", "date_line_no"]
MENTION_COLS = ["page_id", "actor_id", "n_name"]


def read(path: Path, cols: list[str]) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise SystemExit(f"FAIL {path}: missing columns {missing}")
    return df


def actor_ids(root: Path) -> set[str]:
    yml = root.parent / "data" / "actors.yml"
    if not yml.exists():
        return set()
    return set(re.findall(r"^\s*-\s*id:\s*([A-Za-z0-9_]+)\s*$", yml.read_text(encoding="utf-8"), re.M))


def check(root: Path) -> list[str]:
    problems: list[str] = []
    known_actors = actor_ids(root)
    n_checked = n_absent = 0
    sets = 0
    for tag in sorted(p.stem.removeprefix("manifest_") for p in root.glob("manifest_*.csv")):
        man_p = root / f"manifest_{tag}.csv"
        lines_p = root / "labels" / f"lines_{tag}.csv"
        pages_p = root / "labels" / f"pages_{tag}.csv"
        ment_p = root / "labels" / f"mentions_{tag}.csv"
        if not man_p.exists():
            print(f"note: {man_p.name} absent, set {tag} skipped")
            continue
        sets += 1
        man = read(man_p, MANIFEST_COLS)
        lines = read(lines_p, LINES_COLS) if lines_p.exists() else pd.DataFrame(columns=LINES_COLS)
        pages = read(pages_p, PAGES_COLS) if pages_p.exists() else pd.DataFrame(columns=PAGES_COLS)
        if not lines_p.exists():
            problems.append(f"{tag}: {lines_p} missing")
        if not pages_p.exists():
            problems.append(f"{tag}: {pages_p} missing")

        if man["page_id"].duplicated().any():
            problems.append(
                f"{tag}: duplicate page_id in manifest: {sorted(man.loc[man['page_id'].duplicated(), 'page_id'])}"
            )
        bad_kind = man.loc[~man["page_kind"].isin(KINDS), ["page_id", "page_kind"]]
        for r in bad_kind.itertuples():
            problems.append(f"{r.page_id}: page_kind {r.page_kind!r} not allowed")
        ids = set(man["page_id"])

        bad_roles = lines.loc[~lines["role"].isin(ROLES)]
        for r in bad_roles.itertuples():
            problems.append(f"{r.page_id} line {r.line_no}: role {r.role!r} not allowed")
        for pid in sorted(set(lines["page_id"]) - ids):
            problems.append(f"{pid}: line labels for a page not in manifest_{tag}")
        counts = pages["page_id"].value_counts()
        for pid in sorted(ids):
            if counts.get(pid, 0) != 1:
                problems.append(f"{pid}: {counts.get(pid, 0)} rows in pages_{tag}.csv (need exactly 1)")
        for pid in sorted(set(pages["page_id"]) - ids):
            problems.append(f"{pid}: pages_{tag}.csv row for a page not in manifest_{tag}")

        by_page = {pid: g for pid, g in lines.groupby("page_id")}
        for row in man.itertuples():
            pid = row.page_id
            path = root / "pages" / f"{pid}.txt"
            g = by_page.get(pid)
            if g is None:
                problems.append(f"{pid}: no line labels")
                g = pd.DataFrame(columns=LINES_COLS)
            try:
                line_nos = [int(x) for x in g["line_no"]]
            except ValueError:
                problems.append(f"{pid}: non-integer line_no")
                continue
            if sorted(line_nos) != list(range(1, len(line_nos) + 1)):
                problems.append(f"{pid}: line_no values are not 1..{len(line_nos)} exactly once")
            if str(len(line_nos)) != str(row.n_lines):
                problems.append(f"{pid}: {len(line_nos)} line rows but manifest n_lines={row.n_lines}")
            prow = pages.loc[pages["page_id"] == pid]
            if len(prow) == 1:
                p = prow.iloc[0]
                if p["headline_line_no"]:
                    h = int(p["headline_line_no"])
                    role = g.loc[g["line_no"].astype(int) == h, "role"]
                    if role.empty:
                        problems.append(f"{pid}: headline_line_no {h} out of range")
                    elif role.iloc[0] != "title":
                        problems.append(f"{pid}: headline line {h} is labelled {role.iloc[0]!r}, not title")
                if p["date_stated"] not in ("yes", "no"):
                    problems.append(f"{pid}: date_stated must be yes/no")
                if p["date_stated"] == "yes":
                    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["date"]) or not p["date_line_no"]:
                        problems.append(f"{pid}: date_stated=yes needs date YYYY-MM-DD and date_line_no")
                elif p["date"] or p["date_line_no"]:
                    problems.append(f"{pid}: date given but date_stated={p['date_stated']!r}")
            if not path.exists():
                n_absent += 1
                continue
            n_checked += 1
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != row.sha256:
                problems.append(f"{pid}: sha256 mismatch")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"{pid}: not UTF-8")
                continue
            tl = text.splitlines()
            if str(len(tl)) != str(row.n_lines):
                problems.append(f"{pid}: file has {len(tl)} lines, manifest says {row.n_lines}")
            sha = {int(r.line_no): r.line_sha1 for r in g.itertuples()}
            roles = {int(r.line_no): r.role for r in g.itertuples()}
            for i, line in enumerate(tl, 1):
                want = hashlib.sha1(line.encode("utf-8")).hexdigest()[:12]
                if sha.get(i) != want:
                    problems.append(f"{pid} line {i}: line_sha1 {sha.get(i)} != {want}")
                if (line.strip() == "") != (roles.get(i) == "empty"):
                    problems.append(
                        f"{pid} line {i}: role {roles.get(i)!r} but line is "
                        f"{'blank' if not line.strip() else 'not blank'}"
                    )

        if ment_p.exists():
            ment = read(ment_p, MENTION_COLS)
            for r in ment.itertuples():
                if r.page_id not in ids:
                    problems.append(f"mentions_{tag}: page {r.page_id} not in manifest")
                if not (r.actor_id.startswith("other:") or not known_actors or r.actor_id in known_actors):
                    problems.append(f"mentions_{tag}: {r.page_id} unknown actor_id {r.actor_id!r}")
                if not r.n_name.isdigit() or int(r.n_name) < 1:
                    problems.append(
                        f"mentions_{tag}: {r.page_id} {r.actor_id} n_name {r.n_name!r} is not a positive integer"
                    )
            dup = ment.duplicated(["page_id", "actor_id"])
            for r in ment.loc[dup].itertuples():
                problems.append(f"mentions_{tag}: duplicate row {r.page_id} {r.actor_id}")
    print(f"{sets} set(s); {n_checked} page file(s) checked, {n_absent} absent on disk")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    problems = check(root)
    for p in problems:
        print("FAIL", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
