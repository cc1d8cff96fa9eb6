"""``-j N``: worker processes give the same messages, in the same order, and the same
bytes as ``-j 1``; a worker that dies fails only the input it was converting."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.batch_helpers import MANIFEST, docexport, messages, tree, write_batch

KILLING_WRITER = '''
import os
import signal


class KillingWriter:
    """A writer whose process dies (SIGKILL) on one article, as an out-of-memory kill."""

    name = "killing"
    media_type = "text/plain"
    extension = ".txt"
    binary = False

    def __init__(self, options):
        self.options = options

    def write(self, item, out):
        if "Poison" in item.headline:
            os.kill(os.getpid(), signal.SIGKILL)
        out.write(item.headline.encode())
'''


def test_two_workers_give_the_messages_and_bytes_of_one(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 14, bad=True)
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        report = tmp_path / f"report{jobs}.json"
        result = docexport("convert", str(inputs), "--to", "newsml,json", "-o", str(out),
                           "-j", jobs, "--report", str(report))  # fmt: skip
        assert result.returncode == 1  # the two bad inputs
        assert "Traceback" not in result.stderr
        runs[jobs] = (result, tree(out), json.loads(report.read_text("utf-8")))
    (one, one_tree, one_report), (two, two_tree, two_report) = runs["1"], runs["2"]
    assert one_report["jobs"] == 1 and two_report["jobs"] == 2  # a pool really ran
    assert len(one_tree) == 28
    assert two_tree == one_tree
    # Paths differ only by the out folder's name: same lines, same order.
    assert messages(two.stderr.replace(str(tmp_path / "out2"), "OUT")) == messages(
        one.stderr.replace(str(tmp_path / "out1"), "OUT")
    )
    assert messages(one.stderr)[0].startswith(str(inputs / "a000.txt"))
    assert two_report["failures"] == one_report["failures"]
    assert two_report["outputs"] == one_report["outputs"]


def test_a_worker_killed_on_one_input_fails_that_input_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "killingplugin-1.0.dist-info").mkdir(parents=True)
    (site / "killingplugin.py").write_text(textwrap.dedent(KILLING_WRITER), "utf-8")
    info = site / "killingplugin-1.0.dist-info"
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: killingplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[docexport.writers]\nkilling = killingplugin:KillingWriter\n"
    )
    inputs = write_batch(tmp_path / "in", 9)
    (inputs / "a004.txt").write_text(" date 2024-10-22 Poison pill\n\nBody.\n", "utf-8")
    out = tmp_path / "out"
    result = docexport("convert", str(inputs), "--to", "killing", "-o", str(out), "-j", "2",
                       "--no-enrich", env={"PYTHONPATH": str(site)})  # fmt: skip
    assert result.returncode == 1, result.stderr
    [failure] = [line for line in result.stderr.splitlines() if " -> " not in line
                 and not line.startswith("converted")]  # fmt: skip
    assert failure.startswith(str(inputs / "a004.txt") + ": the worker process converting it died")
    assert "converted 8 of 9 inputs" in result.stderr
    written = sorted(tree(out))
    assert len(written) == 8 and "a004.txt" not in written
    # Every other input is reported once, in input order, despite the retries.
    done = [line.split(" -> ")[0] for line in result.stderr.splitlines() if " -> " in line]
    assert done == sorted(done) and len(done) == len(set(done)) == 8
    records = (out / MANIFEST).read_text("utf-8").splitlines()
    assert len(records) == 8


def test_small_batches_without_j_run_in_this_process(tmp_path: Path) -> None:
    inputs = write_batch(tmp_path / "in", 3)
    report = tmp_path / "r.json"
    result = docexport("convert", str(inputs), "-o", str(tmp_path / "out"), "--no-enrich",
                       "--report", str(report))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(report.read_text("utf-8"))["jobs"] == 1


def test_the_local_engine_yields_one_result_per_task_in_task_order(tmp_path: Path) -> None:
    """The engine contract (engines/__init__.py) every engine must keep, on the API."""
    from docexport.batch import Settings, build_tasks, plan_batch  # noqa: PLC0415
    from docexport.engines import create_engine  # noqa: PLC0415
    from docexport.writers import WriterOptions  # noqa: PLC0415

    inputs = write_batch(tmp_path / "in", 11, bad=True)
    settings = Settings(options=WriterOptions(), enrich=False)
    seen = {}
    for jobs in (1, 2):
        plan = plan_batch((str(inputs),), f"{tmp_path}/out{jobs}/", {"newsml": ".xml"})
        tasks = list(build_tasks(plan, {"newsml": "options"}, None))
        results = list(create_engine("local", jobs=jobs).run(iter(tasks), settings))
        assert [r.index for r in results] == [t.index for t in tasks] == list(range(13))
        assert [r.source for r in results] == [t.source for t in tasks]
        seen[jobs] = [(r.input_sha256, [o.sha256 for o in r.outputs], len(r.failures))
                      for r in results]  # fmt: skip
    assert seen[2] == seen[1]
    assert sum(1 for _, _, failed in seen[1] if failed) == 2
