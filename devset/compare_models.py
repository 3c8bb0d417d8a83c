"""Compare learners for the line-role model on the same leave-one-outlet-out folds.

    python devset/compare_models.py            # the shipped logistic regression and a stacked one
    python devset/compare_models.py --trees    # also gradient-boosted trees (about 5 minutes)
    python devset/compare_models.py --curve    # the shipped learner trained on a share of the outlets
    python devset/compare_models.py --grow     # held-apart sets scored with two others added to training

Every learner is scored by ``train_line_model.leave_one_outlet_out`` on the committed feature
table, through the same decision step (``kit.line_model.decide``), so only the learner differs:

* ``logistic``: the shipped model (multinomial logistic regression over the line features);
* ``stacked``: a second logistic regression that also reads the first one's probabilities for
  the neighbouring lines (previous and next non-blank line, means over three lines each side,
  and the share of kept lines above and below), trained on out-of-fold probabilities of
  inner outlet folds, so a block of related teasers or comments can be seen as a block;
* ``trees``: scikit-learn's HistGradientBoostingClassifier over the same features.

Prints boilerplate removed, body kept, headlines and dates, overall and per set.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import sys
from pathlib import Path

import numpy as np
import pandas as pd

DEVSET = Path(__file__).resolve().parent
sys.path.insert(0, str(DEVSET))
import train_line_model as trainer  # noqa: E402

from kit import line_model  # noqa: E402

NAMES = line_model.feature_names()
WINDOW = 3


def neighbour_features(p: np.ndarray, doc_ids: np.ndarray, blank: np.ndarray, kept_col: int) -> np.ndarray:
    """For each line, the probabilities of its neighbouring non-blank lines (see the module docstring)."""
    n, k = p.shape
    out = np.zeros((n, 4 * k + 2), dtype=np.float32)
    idx = np.flatnonzero(~blank)
    pages = doc_ids[idx]
    starts = np.flatnonzero(np.r_[True, pages[1:] != pages[:-1]])
    for s, e in zip(starts, np.r_[starts[1:], len(idx)]):
        q, m = p[idx[s:e]], e - s
        pad = np.vstack([np.zeros((WINDOW, k)), q, np.zeros((WINDOW, k))])
        before = sum(pad[WINDOW - j : WINDOW - j + m] for j in range(1, WINDOW + 1)) / WINDOW
        after = sum(pad[WINDOW + j : WINDOW + j + m] for j in range(1, WINDOW + 1)) / WINDOW
        kept = q[:, kept_col]
        above = np.r_[0, np.cumsum(kept)[:-1]] / np.maximum(np.arange(m), 1)
        below = (np.cumsum(kept[::-1])[::-1] - kept) / np.maximum(np.arange(m)[::-1], 1)
        prev1, next1 = pad[WINDOW - 1 : WINDOW - 1 + m], pad[WINDOW + 1 : WINDOW + 1 + m]
        out[idx[s:e]] = np.hstack([prev1, next1, before, after, above[:, None], below[:, None]])
    return out


def _in_order(model, x: np.ndarray, classes: tuple[str, ...]) -> np.ndarray:
    """A model's probabilities in the column order of ``classes`` (a fold may lack a rare class)."""
    p = model.probabilities(x)
    out = np.zeros((len(p), len(classes)), dtype=np.float32)
    out[:, [classes.index(c) for c in model.classes]] = p
    return out


class Stacked:
    def __init__(self, table: pd.DataFrame, inner: int = 5, c: float = 0.3):
        from sklearn.linear_model import LogisticRegression

        self.first = trainer.fit(table)
        self.classes = self.first.classes
        folds = trainer.outlet_folds(table, inner)
        x = table[NAMES].to_numpy(np.float32)
        oof = np.zeros((len(table), len(self.classes)), dtype=np.float32)
        for k in range(inner):
            oof[folds == k] = _in_order(trainer.fit(table[folds != k]), x[folds == k], self.classes)
        rows = (table["gold"] != "empty").to_numpy()
        self.second = LogisticRegression(C=c, max_iter=500, tol=1e-3)
        self.second.fit(self._inputs(table, x, oof)[rows], table["gold"][rows].map(line_model.target_class))
        assert tuple(self.second.classes_) == self.classes

    def _inputs(self, table: pd.DataFrame, x: np.ndarray, p: np.ndarray) -> np.ndarray:
        kept_col = self.classes.index(line_model.KEPT)
        context = neighbour_features(p, table["page_id"].to_numpy(), table["blank"].to_numpy(bool), kept_col)
        return np.hstack([(x - self.first.mean) / self.first.scale, context])

    def table_probabilities(self, table: pd.DataFrame) -> np.ndarray:
        x = table[NAMES].to_numpy(np.float32)
        return self.second.predict_proba(self._inputs(table, x, self.first.probabilities(x)))


class OnShare:
    """The shipped learner trained on the lines of ``outlets`` only: a point of the learning curve."""

    def __init__(self, table: pd.DataFrame, *, outlets: set[str]):
        self.model = trainer.fit(table[table["outlet"].isin(outlets)])
        self.classes = self.model.classes

    def table_probabilities(self, table: pd.DataFrame) -> np.ndarray:
        return self.model.probabilities(table[NAMES].to_numpy(np.float32))


def learning_curve(table: pd.DataFrame, shares=(0.25, 0.5, 0.75, 1.0), draws: int = 3) -> pd.DataFrame:
    """Leave-one-outlet-out figures when each fold's model sees only a random share of the
    training outlets (``draws`` random draws a share, averaged): would more labelled outlets
    of the same kinds close the gap to the aims?"""
    outlets = table["outlet"].unique()
    rows = []
    for share in shares:
        for seed in range(draws if share < 1 else 1):
            chosen = set(np.random.default_rng(seed).choice(outlets, int(len(outlets) * share), replace=False))
            roles, dates = trainer.leave_one_outlet_out(table, learner=functools.partial(OnShare, outlets=chosen))
            r = trainer.score(table, roles, dates)
            rows.append({"share": share, **{k: r[k] for k in ("boilerplate_removed", "body_kept", "headline_right")}})
    return pd.DataFrame(rows).groupby("share").mean()


def grown_training(table: pd.DataFrame, held: pd.DataFrame) -> pd.DataFrame:
    """Would more pages of new outlets lift the held-apart figures? For each pair of held-apart
    sets, the shipped learner is trained on the training table alone and with the pair's pages
    added (half as many pages again), and both models score each of the other two sets: a
    measure of more data, not a new model (no model trained so is shipped or tuned on)."""
    sets = sorted(held["page_id"].str[0].unique())
    base = trainer.fit(table)
    rows = []
    for pair in itertools.combinations(sets, 2):
        grown = trainer.fit(pd.concat([table, held[held["page_id"].str[0].isin(pair)]], ignore_index=True))
        for scored in (s for s in sets if s not in pair):
            part = held[held["page_id"].str[0] == scored]
            for name, model in (("training sets", base), ("+ " + " + ".join(pair), grown)):
                r = trainer.score(part, *trainer.predict(model, part))
                rows.append(
                    {
                        "scored": scored,
                        "trained on": name,
                        **{k: r[k] for k in ("boilerplate_removed", "body_kept", "headline_right", "date_right")},
                    }
                )
    return pd.DataFrame(rows)


class Trees:
    def __init__(self, table: pd.DataFrame):
        from sklearn.ensemble import HistGradientBoostingClassifier

        rows = table[table["gold"] != "empty"]
        self.model = HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=15, random_state=0)
        self.model.fit(rows[NAMES].to_numpy(np.float32), rows["gold"].map(line_model.target_class))
        self.classes = tuple(self.model.classes_)

    def table_probabilities(self, table: pd.DataFrame) -> np.ndarray:
        return self.model.predict_proba(table[NAMES].to_numpy(np.float32))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", action="store_true", help="also gradient-boosted trees (slow)")
    parser.add_argument("--curve", action="store_true", help="the learning curve over the share of outlets")
    parser.add_argument("--grow", action="store_true", help="held-apart sets scored with two others added to training")
    args = parser.parse_args()
    table = pd.read_parquet(trainer.TABLE)
    if args.curve:
        print(learning_curve(table).to_string(float_format=lambda x: f"{x:.1%}"))
        return 0
    if args.grow:
        grown = grown_training(table, pd.read_parquet(trainer.HELD_APART_TABLE))
        print(grown.to_string(index=False, float_format=lambda x: f"{x:.1%}"))
        return 0
    results = {"rules": trainer.rules_prediction(table), "logistic": trainer.leave_one_outlet_out(table)}
    results["stacked"] = trainer.leave_one_outlet_out(table, learner=Stacked)
    if args.trees:
        results["trees"] = trainer.leave_one_outlet_out(table, learner=Trees)
    print("learner   set  boilerplate removed  body kept  (whole lines)  headline  date")
    for name, (roles, dates) in results.items():
        for part in ("all", "A", "B", "C"):
            mask = np.ones(len(table), bool) if part == "all" else table["set"].eq(part).to_numpy()
            r = trainer.score(table[mask], roles[mask], dates)
            print(
                f"{name:9s} {part:4s} {r['boilerplate_removed']:19.1%}  {r['body_kept']:9.1%}  "
                f"{r['body_kept_whole_lines']:13.1%}  {r['headline_right']:8.1%}  {r['date_right']:5.1%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
