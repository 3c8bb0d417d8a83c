"""The report read in a real browser, from disk with no network, and the mentions notebook
run in a real JupyterLab: Chromium from the Debian packages driven by Playwright.

Skipped, with the reason, when Chromium or Playwright is missing (``make setup`` installs
Chromium with apt-get when it runs as root)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kit import paths

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
if CHROMIUM is None:
    pytest.skip(
        "no Chromium on this machine: install the Debian package (apt-get install chromium) to run the browser tests",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Watched:
    """A page with every console error, page error and request recorded."""

    def __init__(self, browser):
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.remote: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("request", self._request)

    def _request(self, request):
        if not request.url.startswith(("file:", "data:", "blob:")):
            self.remote.append(request.url)

    def clean(self):
        assert not self.errors, self.errors
        assert not self.failed, self.failed
        assert not self.remote, f"requests to the network: {self.remote}"


def _url(path: Path) -> str:
    return path.resolve().as_uri()


def test_index_and_every_page_open_from_disk_without_errors(browser, sample_report):
    out, manifest = sample_report
    w = Watched(browser)
    w.page.goto(_url(out / "index.html"))
    w.page.wait_for_selector("table.dataTable")  # the load report, drawn by the offline table code
    assert w.page.title() == "Report on sample"
    text = w.page.inner_text("p.corpus")
    assert text.startswith("5 articles from 5 sources") and "no file was skipped" in text
    links = w.page.eval_on_selector_all("table.nb a", "as => as.map(a => a.getAttribute('href'))")
    assert links == [e["html"] for e in manifest["notebooks"]]
    figures = w.page.locator("figure")
    assert figures.count() == len(list((out / "figures").glob("*.png")))
    assert all(c.strip() for c in w.page.locator("figcaption").all_inner_texts())
    w.clean()
    for entry in manifest["notebooks"]:
        page = Watched(browser)
        page.page.goto(_url(out / entry["html"]))
        heading = page.page.inner_text("h1")
        assert page.page.title() == heading.replace("¶", "").strip(), entry["html"]
        code = page.page.locator(".jp-CodeCell .jp-Cell-inputWrapper").first
        assert not code.is_visible()  # code hidden by default
        page.page.check("#kit-show-code")
        assert code.is_visible()
        if page.page.locator("table.dataTable").count():
            page.page.wait_for_selector("table.dataTable tbody tr")
        page.clean()
        page.page.close()


def test_a_table_filters_as_one_types(browser, sample_report):
    out, _ = sample_report
    w = Watched(browser)
    w.page.goto(_url(out / "notebooks" / "01_corpus.html"))
    table = w.page.locator("table.dataTable", has_text="003_9fca3681f5eb94e2").first
    wrapper = w.page.locator("div.dt-container", has=table).first
    rows = wrapper.locator("tbody tr")
    assert rows.count() == 5
    wrapper.locator("input[type=search]").fill("003_9fca")
    w.page.wait_for_function("n => document.querySelectorAll('div.dt-container tbody tr').length <= n", arg=1000)
    assert rows.count() == 1 and "003_9fca3681f5eb94e2" in rows.first.inner_text()
    wrapper.locator("th", has_text="n_words").first.click()  # sorting works too
    w.clean()


def test_a_thumbnail_leads_to_its_notebook(browser, sample_report):
    out, _ = sample_report
    w = Watched(browser)
    w.page.goto(_url(out / "index.html"))
    w.page.locator("figure", has_text="Mentions per 1,000 words, by source, with 95 % intervals").locator("a").click()
    w.page.wait_for_load_state()
    assert w.page.url.endswith("notebooks/02_mentions.html")
    assert w.page.title().startswith("02 · Who is named")
    w.clean()


def test_the_keyness_explorer_shows_a_word_in_context(browser, sample_report):
    out, _ = sample_report
    pages = sorted((out / "explore").glob("keyness_*.html"))
    assert pages
    w = Watched(browser)
    w.page.goto(_url(pages[0]))
    words = w.page.locator("text.w")
    assert words.count() >= 50
    data = json.loads(re.search(r"const D = (.*);\n", pages[0].read_text(encoding="utf-8")).group(1))
    term = next(x["t"] for x in sorted(data["words"], key=lambda x: -x["a"]) if data["kwic"].get(x["t"]))
    w.page.locator(f'text.w[data-term="{term}"]').click()
    assert w.page.inner_text("#kwic h2").startswith(term)
    assert w.page.locator("#kwic td.m").count() >= 1
    assert term.lower() in w.page.locator("#kwic td.m").first.inner_text().lower() or data["kwic"][term]
    w.clean()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab, headless, on a free port with a token, serving a copy of the notebooks."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(paths.NOTEBOOKS_DIR / "02_mentions.ipynb", root)
    (root / "reports").mkdir()  # REPORTS = "reports" resolves here, not in the project
    port, token = _free_port(), "kit-test-token"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(root / ".config"),
        "JUPYTER_RUNTIME_DIR": str(root / ".run"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".ws"),
        "JUPYTERLAB_SETTINGS_DIR": str(root / ".settings"),
    }
    env.pop("KIT_STATIC", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.terminate()
                pytest.fail("JupyterLab did not start within 60 s")
            time.sleep(0.5)
    yield base, token
    proc.terminate()
    proc.wait(timeout=30)


def _accept_kernel(page) -> None:
    """Accept the preferred kernel if JupyterLab asks which one to start."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=8_000)
    except sync_api.TimeoutError:
        return
    dialog.get_by_role("button", name="Select").click()
    dialog.wait_for(state="detached")


def test_the_mentions_explorer_in_jupyterlab(browser, lab):
    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/lab/tree/02_mentions.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    _accept_kernel(page)
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_text("Run All Cells", exact=True).click()
    _accept_kernel(page)
    explorer = page.locator(".kit-explorer")
    explorer.wait_for(timeout=180_000)
    table = explorer.locator("table.dataTable")
    table.first.wait_for(timeout=60_000)
    before = explorer.inner_text()
    assert "Every mention of Vladimir Poutine" in before
    explorer.locator(".kit-picker select").select_option(label="Kim Jong Un")
    page.wait_for_function(
        "() => document.querySelector('.kit-explorer').innerText.includes('Every mention of Kim Jong Un')",
        timeout=60_000,
    )
    rows = explorer.locator("table.dataTable tbody tr")
    rows.first.wait_for()
    assert "Kim" in rows.first.inner_text()
    assert explorer.locator("img").count() == 1  # the chart was redrawn for the new actor
    page.close()
