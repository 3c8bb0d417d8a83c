"""The README's Guarantees section names only tests that exist."""

from __future__ import annotations

import ast
import re

from kit import paths

HERE = paths.PROJECT_ROOT / "tests" / "adversarial"


def _tests(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}


def test_every_test_the_guarantees_name_exists():
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    named = 0
    for row in section.splitlines():
        if not row.startswith("| ") or row.startswith(("| promise", "|---")):
            continue
        backing = row.rsplit("|", 2)[-2]
        current = None
        for file, name in re.findall(r"`(?:([\w/]+\.py))?(?:::(\w+))?`", backing):
            if file:
                current = paths.PROJECT_ROOT / file if "/" in file else HERE / file
                assert current.exists(), file
            if name:
                assert current is not None and name in _tests(current), f"{name} is not a test of {current}"
                named += 1
        assert current is not None, f"a promise without a test: {row[:80]}"
    assert named >= 25
