"""Re-render the development set's full pages taken from other projects' HTML test files.

Rows of ``manifest_*.csv`` whose ``origin`` is ``github:<owner/name>:<path>@<commit>`` were
captured as Chromium renders them: the file decoded as UTF-8 (errors replaced), given to
``page.set_content`` with JavaScript off and every request refused, then
``document.body.innerText``. This script does the same and writes ``devset/pages/<page_id>.txt``
only when the text's sha256 is the manifest's.

The repositories must be mirrored first (the ``fetch`` tool puts them under
``/work/.mirror/<owner>+<name>/repo``; ``--mirrors DIR`` for another folder). Chromium comes
from the Debian package (``apt-get install chromium``), driven by Playwright.

Usage: python devset/render_pages.py [--mirrors DIR] [--chromium PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd

DEVSET = Path(__file__).resolve().parent


def github_rows() -> pd.DataFrame:
    manifests = [pd.read_csv(m, dtype=str, keep_default_na=False) for m in sorted(DEVSET.glob("manifest_*.csv"))]
    rows = pd.concat(manifests, ignore_index=True)
    return rows[rows["origin"].str.startswith("github:")]


def source_html(origin: str, mirrors: Path) -> bytes:
    """The file an ``origin`` names, read from the mirrored repository at the named commit."""
    _, repo, rest = origin.split(":", 2)
    path, commit = rest.rsplit("@", 1)
    git_dir = mirrors / repo.replace("/", "+") / "repo"
    command = ["git", "-C", str(git_dir), "show", f"{commit}:{path}"]
    return subprocess.run(command, capture_output=True, check=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    failed = 0
    (DEVSET / "pages").mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium)
        context = browser.new_context(java_script_enabled=False)
        context.route("**/*", lambda route: route.abort())
        page = context.new_page()
        for row in github_rows().itertuples():
            try:
                html = source_html(row.origin, args.mirrors).decode("utf-8", "replace")
            except (subprocess.CalledProcessError, FileNotFoundError) as error:
                print(f"ABSENT {row.page_id}: {row.origin} not readable ({error}); mirror the repository first")
                failed += 1
                continue
            page.set_content(html, wait_until="domcontentloaded")
            text = page.evaluate("document.body.innerText")
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != row.sha256:
                lines = len(text.splitlines())
                print(f"MISMATCH {row.page_id}: {lines} lines (manifest {row.n_lines}); nothing written")
                failed += 1
                continue
            (DEVSET / "pages" / f"{row.page_id}.txt").write_bytes(text.encode("utf-8"))
            print(f"OK {row.page_id}: {len(text.splitlines())} lines")
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
