"""The shape of the package: stages import only what comes before them, siblings never
import each other, nobody imports another module's private names, and notebooks use only
the public API (``kit.__all__``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kit
from kit import paths

KIT = paths.PROJECT_ROOT / "kit"
# The order of the flow (DESIGN.md): a module may import only modules listed before it.
ORDER = [
    "paths",
    "errors",
    "phrases",
    "stats",
    "tables",  # shared helpers
    "clean",
    "line_model",
    "readers",
    "corpus",
    "nlp",
    "actors",  # loading, cleaning, annotation, actors
    "measures",
    "cooccurrence",
    "keyness",
    "lexicons",
    "quotes",  # analysis stages: siblings
    "store",  # the same tables on disk (the study reads a store)
    "study",
    "export",
    "plots",
    "explore",  # explorer cells: after the analysis stages, whose functions it calls for the evidence
    "site",
    "report",
    "__init__",
    "__main__",
]
SIBLINGS = {"measures", "cooccurrence", "keyness", "lexicons", "quotes"}
ANALYSIS = SIBLINGS | {"actors", "study"}


def _module_of(path: Path) -> str:
    rel = path.relative_to(KIT).with_suffix("")
    return rel.parts[0]


def _kit_imports(path: Path) -> list[tuple[str, str | None, int]]:
    """``(module, imported name or None, line)`` for every import of a kit module in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and (node.module == "kit" or node.module.startswith("kit."))
        ):
            target = node.module.split(".")[1] if "." in node.module else None
            for alias in node.names:
                found.append((target or alias.name, alias.name if target else None, node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kit."):
                    found.append((alias.name.split(".")[1], None, node.lineno))
    return found


MODULES = sorted(p for p in KIT.rglob("*.py"))


def test_every_module_has_a_place_in_the_flow():
    assert {_module_of(p) for p in MODULES} <= set(ORDER), "add new modules to ORDER in the flow's place"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(KIT)))
def test_imports_follow_the_flow(path):
    here = _module_of(path)
    for target, name, line in _kit_imports(path):
        where = f"{path.relative_to(KIT)}:{line} imports kit.{target}"
        if target == here:
            continue
        assert target in ORDER, where
        assert ORDER.index(target) < ORDER.index(here), f"{where}, which comes later in the flow"
        assert not (here in SIBLINGS and target in SIBLINGS), f"{where}: analysis stages are siblings"
        assert not (here in {"plots", "site", "report"} and target in ANALYSIS), f"{where}: {here} knows no analysis"
        assert name is None or not name.startswith("_"), f"{where}.{name}, a private name"


def test_no_module_reaches_into_a_private_attribute_of_another():
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\b(?:kit\.)?(\w+)\._[a-z]\w*\(", text):
            assert m.group(1) not in ORDER or m.group(1) == _module_of(path), f"{path.name}: {m.group(0)}"


def test_every_public_module_says_the_question_it_answers():
    for path in MODULES:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.name} has no module docstring"
        if _module_of(path) not in ("__init__", "__main__"):
            first = doc.splitlines()[0]
            assert "?" in first, f"{path.name}: the docstring's first line should ask the module's question"


def test_public_api_is_listed_and_importable():
    assert len(kit.__all__) == len(set(kit.__all__))
    for name in kit.__all__:
        assert hasattr(kit, name), name


@pytest.mark.parametrize(
    "script", sorted((paths.PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.py")), ids=lambda p: p.name
)
def test_notebooks_use_only_the_public_api(script):
    text = script.read_text(encoding="utf-8")
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kit"):
            assert node.module == "kit", f"{script.name}: import from {node.module}; use kit.<name>"
            assert all(a.name in kit.__all__ for a in node.names), f"{script.name}: {[a.name for a in node.names]}"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "kit":
            assert node.attr in kit.__all__, f"{script.name}: kit.{node.attr} is not public"
        assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda)), f"{script.name}: no def in a notebook"


@pytest.mark.parametrize("script", sorted((paths.PROJECT_ROOT / "notebooks").glob("0[1-4]_*.py")), ids=lambda p: p.name)
def test_each_analysis_notebook_starts_with_one_call(script):
    """The first code cell after the parameters: ``import kit`` and one call to kit.study or kit.load."""
    cells = [c for c in script.read_text(encoding="utf-8").split("# %%") if c.strip()]
    code = [c for c in cells if not c.lstrip().startswith("[markdown]")]
    first = [ln for ln in code[1].splitlines()[1:] if ln.strip() and not ln.lstrip().startswith("#")]
    calls = [ast.parse("\n".join(first)).body[1]] if len(first) >= 2 else []
    assert first[0] == "import kit" and len(ast.parse("\n".join(first)).body) == 2, first
    call = calls[0].value
    assert isinstance(call, ast.Call) and ast.unparse(call.func) in ("kit.study", "kit.load"), first
