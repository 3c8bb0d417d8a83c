"""The two ways to install (pip and conda) list the same packages; notebooks ship clean."""

from __future__ import annotations

import json
import re

import tomllib
import yaml

from kit import paths
from kit.report import notebooks


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(s) for s in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((paths.PROJECT_ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(s) for s in dep["pip"] if not s.startswith("-")}
        elif _name(dep) not in ("python", "pip"):
            listed.add(_name(dep))
    assert listed == wanted


def test_notebooks_are_committed_without_outputs_and_have_parameters():
    found = notebooks()
    assert [p.name for p in found][:2] == ["00_template.ipynb", "01_corpus.ipynb"] or found[0].name == "01_corpus.ipynb"
    for path in found:
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert "parameters" in code[0]["metadata"].get("tags", []), path.name
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), path.name
        assert not any(re.search(r"^\s*(def|class) ", "".join(c["source"]), re.M) for c in code), path.name
        assert path.with_suffix(".py").exists(), f"{path.name} has no paired py:percent script"


def test_each_notebook_matches_its_paired_script():
    import jupytext

    for path in notebooks():
        ipynb = json.loads(path.read_text())
        script = jupytext.read(path.with_suffix(".py"))
        cells = lambda nb: [(c["cell_type"], "".join(c["source"]).strip()) for c in nb["cells"]]  # noqa: E731
        assert cells(ipynb) == [(c.cell_type, c.source.strip()) for c in script.cells], (
            f"{path.name} and {path.with_suffix('.py').name} differ: run "
            f"jupytext --set-kernel python3 --to ipynb {path.with_suffix('.py')}"
        )


def test_import_kit_leaves_the_plotting_libraries_until_asked():
    """A store build's workers and the report runner import kit but never plot: matplotlib,
    seaborn and scipy (about 110 MB a process) come with ``kit.plots`` / ``kit.explore`` only."""
    import subprocess
    import sys

    code = (
        "import sys, kit\n"
        "heavy = {'matplotlib', 'seaborn', 'scipy', 'spacy', 'duckdb', 'dask'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
        "from kit import plots\n"
        "print(kit.explore.table.__module__, plots.set_theme.__module__, 'matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "kit.explore kit.plots True"
