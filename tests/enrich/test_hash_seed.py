"""Enrichment, and so every output, is the same in every process: nothing may depend on
the order Python's per-process string hashing gives a set or a dict of words."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.batch_helpers import docexport, tree

DATA = Path(__file__).resolve().parents[1] / "data"


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in [*sorted((DATA / "gold").glob("*.txt")), *sorted((DATA / "briefs").glob("*.txt"))]:
        shutil.copy(path, inputs / path.name)
    trees = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"out-{seed}"
        result = docexport("convert", str(inputs), "--to", "json,newsml", "-o", str(out),
                           "-j", "1", "-q", env={"PYTHONHASHSEED": seed})  # fmt: skip
        assert result.returncode == 0, result.stderr
        trees.append(tree(out))
    assert len(trees[0]) == 2 * len(list(inputs.iterdir()))
    assert trees[0] == trees[1] == trees[2]
