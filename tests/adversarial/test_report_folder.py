"""A report folder is replaced whole: no table of an earlier run survives beside a new manifest,
and a folder that is not a report is never overwritten."""

from __future__ import annotations

import json

import pytest

from kit import KitError, paths
from kit.report import run_all


def test_a_reused_report_folder_keeps_no_stale_table(tmp_path):
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "tables" / "mentions_by_source_actor.csv").write_text("from,another,corpus\n")
    (out / "figures").mkdir()
    (out / "manifest.json").write_text("{}")
    manifest = run_all(paths.SAMPLE_CORPUS, out=out, only=["no-such-notebook"], html=False)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "notebooks"]
    assert json.loads((out / "manifest.json").read_text())["parameters"]["REPORTS"] == str(out)
    assert manifest["notebooks"] == []
    assert not list(tmp_path.glob(".out.*"))


def test_a_folder_that_is_not_a_report_is_never_replaced(tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"PK")
    with pytest.raises(KitError, match="chapter1.docx"):
        run_all(paths.SAMPLE_CORPUS, out=out, only=["no-such-notebook"], html=False)
    assert (out / "chapter1.docx").exists()


def test_a_killed_runs_building_folder_is_cleared_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    leftover = tmp_path / ".out.building-999999999"  # no such process
    (leftover / "tables").mkdir(parents=True)
    run_all(paths.SAMPLE_CORPUS, out=out, only=["no-such-notebook"], html=False)
    assert not leftover.exists() and (out / "manifest.json").exists()


def test_reports_nested_in_a_report_folder_and_hidden_files_are_carried_over(tmp_path):
    out = tmp_path / "reports"
    (out / "mine").mkdir(parents=True)
    (out / "mine" / "manifest.json").write_text("{}")
    (out / ".gitignore").write_text("*\n")
    (out / "tables").mkdir()
    (out / "tables" / "stale.csv").write_text("x\n")
    run_all(paths.SAMPLE_CORPUS, out=out, only=["no-such-notebook"], html=False)
    assert sorted(p.name for p in out.iterdir()) == [".gitignore", "manifest.json", "mine", "notebooks"]
    assert (out / "mine" / "manifest.json").read_text() == "{}"
