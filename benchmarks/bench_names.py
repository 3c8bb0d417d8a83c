"""Benchmark: how right are name counts on pages from outlets the kit was not built from?

Prints, for each development set with name labels (A: developed on; the others held apart), the (page, actor)
cells whose name count matches the labels, with name matching measured apart from cleaning
(see devset/evaluate_names.py), and the same cells for the main people counted by spaCy's own
PER entities mapped by surname. Needs the pages in devset/pages/ (git-ignored; see devset/README.md); a set is scored on
those of its labelled pages that are present.

Run: ``python benchmarks/bench_names.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _evaluation():
    spec = importlib.util.spec_from_file_location("evaluate_names", ROOT / "devset" / "evaluate_names.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    evaluation = _evaluation()
    for set_name in evaluation.labelled_sets():
        present, missing = evaluation.gold_articles(set_name)
        if not len(present):
            print(f"set {set_name}: none of its {len(missing)} labelled pages is in devset/pages/; skipped")
            continue
        # scored on the pages present; the line says how many labelled pages are absent
        print(evaluation.evaluate(set_name))
        kit_right, model_right, n = evaluation.model_baseline(set_name)
        print(f"  main people only: kit {kit_right}/{n}, spaCy PER entities mapped by surname {model_right}/{n}")


if __name__ == "__main__":
    main()
