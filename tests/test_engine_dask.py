"""``--engine dask`` on a real local Dask cluster (a scheduler and 2 worker processes, one
per module), and inputs and outputs on S3 (moto's server, a local fake, started here).

The CLI runs as a real process (``batch_helpers.docexport``) connecting with
``--scheduler``; one test starts its own ``LocalCluster`` (no ``--scheduler``).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from docexport.cli import cli
from tests.batch_helpers import EPOCH, docexport, messages, tree, write_batch
from tests.test_batch_parallel import KILLING_WRITER

if TYPE_CHECKING:
    from collections.abc import Iterator

distributed = pytest.importorskip("distributed", reason="needs docexport[dask]")

S3_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str | None]:
    """A moto S3 server on a free port, its address in this process's environment (the
    cluster's workers, started after it, inherit it); ``None`` if moto cannot start."""
    try:
        from moto.server import ThreadedMotoServer  # noqa: PLC0415 - optional
    except ImportError:
        yield None
        return
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    try:
        server.start()
    except OSError:
        yield None
        return
    endpoint = f"http://127.0.0.1:{port}"
    saved = {k: os.environ.get(k) for k in [*S3_ENV, "AWS_ENDPOINT_URL", *EPOCH]}
    os.environ.update({**S3_ENV, **EPOCH, "AWS_ENDPOINT_URL": endpoint})
    try:
        yield endpoint
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def scheduler(s3_endpoint: str | None) -> Iterator[str]:
    """The address of a local cluster: a scheduler and 2 worker processes."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _report(path: Path) -> dict[str, object]:
    report = json.loads(path.read_text("utf-8"))
    return {k: report[k] for k in ("inputs", "outputs", "failures")}


def test_dask_output_identical_to_one_process(tmp_path: Path, scheduler: str) -> None:
    source = write_batch(tmp_path / "in", 14, bad=True)
    one = docexport(
        "convert",
        str(source),
        "--to",
        "newsml,ninjs",
        "-o",
        str(tmp_path / "one"),
        "-j",
        "1",
        "--report",
        str(tmp_path / "one.json"),
    )
    run = docexport(
        "convert",
        str(source),
        "--to",
        "newsml,ninjs",
        "-o",
        str(tmp_path / "dask"),
        "--engine",
        "dask",
        "--scheduler",
        scheduler,
        "--report",
        str(tmp_path / "dask.json"),
    )
    assert (one.returncode, run.returncode) == (1, 1), one.stderr + run.stderr
    assert tree(tmp_path / "dask") == tree(tmp_path / "one")
    assert len(tree(tmp_path / "one")) == 28
    # Same lines in the same (input) order, the paths aside.
    assert messages(run.stderr) == [
        line.replace(str(tmp_path / "one"), str(tmp_path / "dask")) for line in messages(one.stderr)
    ]
    assert _report(tmp_path / "dask.json") == _report(tmp_path / "one.json")
    assert json.loads((tmp_path / "dask.json").read_text("utf-8"))["engine"] == "dask"


def test_bad_input_fails_alone(tmp_path: Path, scheduler: str) -> None:
    source = write_batch(tmp_path / "in", 5, bad=True)
    run = docexport(
        "convert",
        str(source),
        "-o",
        str(tmp_path / "out"),
        "--engine",
        "dask",
        "--scheduler",
        scheduler,
        "--report",
        str(tmp_path / "r.json"),
    )
    assert run.returncode == 1
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert sorted(Path(f["input"]).name for f in report["failures"]) == ["empty.txt", "photo.txt"]
    assert report["inputs"]["converted"] == 5
    assert len(tree(tmp_path / "out")) == 5


def test_resume_with_dask(tmp_path: Path, scheduler: str) -> None:
    source = write_batch(tmp_path / "in", 6)
    args = (str(source), "-o", str(tmp_path / "out"), "--engine", "dask", "--scheduler", scheduler)
    assert docexport("convert", *args).returncode == 0
    (source / "a001.txt").write_text("Changed headline\n\nA new first paragraph.\n", "utf-8")
    again = docexport("convert", *args, "--report", str(tmp_path / "r.json"))
    assert again.returncode == 0
    assert messages(again.stderr) == [f"{source / 'a001.txt'} -> {tmp_path / 'out' / 'a001.xml'}"]
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert report["inputs"]["converted"] == 1
    assert report["inputs"]["up_to_date"] == 5
    assert b"Changed headline" in (tmp_path / "out" / "a001.xml").read_bytes()


def test_an_input_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    """A writer plugin (on the workers' path, as the local engine's test) kills its
    process on one article; the cluster is this run's own, so its workers see the plugin."""
    site = tmp_path / "site"
    info = site / "killingplugin-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "killingplugin.py").write_text(textwrap.dedent(KILLING_WRITER), "utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: killingplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[docexport.writers]\nkilling = killingplugin:KillingWriter\n"
    )
    inputs = write_batch(tmp_path / "in", 6)
    (inputs / "a004.txt").write_text(" date 2024-10-22 Poison pill\n\nBody.\n", "utf-8")
    out = tmp_path / "out"
    result = docexport(
        *("convert", str(inputs), "--to", "killing", "-o", str(out), "-j", "2", "--no-enrich"),
        *("--engine", "dask"),
        env={"PYTHONPATH": str(site)},
    )
    assert result.returncode == 1, result.stderr
    failures = [line for line in messages(result.stderr) if " -> " not in line]
    died = "the Dask worker converting it died (killed, out of memory or crashed) on every try"
    assert failures == [f"{inputs / 'a004.txt'}: {died}"]
    done = [line.split(" -> ")[0] for line in result.stderr.splitlines() if " -> " in line]
    assert done == sorted(done) and len(done) == 5
    assert sorted(tree(out)) == ["a000.txt", "a001.txt", "a002.txt", "a005.txt", "sub/a003.txt"]


def test_local_cluster_without_scheduler(tmp_path: Path) -> None:
    source = write_batch(tmp_path / "in", 3)
    one = docexport("convert", str(source), "--to", "json", "-o", str(tmp_path / "one"), "-j", "1")
    run = docexport(
        "convert",
        str(source),
        "--to",
        "json",
        "-o",
        str(tmp_path / "dask"),
        "--engine",
        "dask",
        "-j",
        "2",
        "--report",
        str(tmp_path / "r.json"),
    )
    assert (one.returncode, run.returncode) == (0, 0), run.stderr
    assert tree(tmp_path / "dask") == tree(tmp_path / "one")
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert (report["engine"], report["jobs"]) == ("dask", 2)


def test_s3_round_trip(tmp_path: Path, scheduler: str, s3_endpoint: str | None) -> None:
    if s3_endpoint is None:
        pytest.skip("moto's S3 server cannot be imported or started here")
    s3fs = pytest.importorskip("s3fs")
    fs = s3fs.S3FileSystem(endpoint_url=s3_endpoint, skip_instance_cache=True)
    fs.mkdir("bucket")
    source = write_batch(tmp_path / "in", 5, bad=True)
    for path in sorted(source.rglob("*.txt")):
        fs.pipe_file(f"bucket/in/{path.relative_to(source).as_posix()}", path.read_bytes())
    one = docexport(
        "convert", str(source), "--to", "newsml,json", "-o", str(tmp_path / "one"), "-j", "1"
    )
    args = (
        "s3://bucket/in/",
        "--to",
        "newsml,json",
        "-o",
        "s3://bucket/out/",
        "--engine",
        "dask",
        "--scheduler",
        scheduler,
    )
    run = docexport("convert", *args, "--report", str(tmp_path / "r.json"))
    assert (one.returncode, run.returncode) == (1, 1), run.stderr
    fs.invalidate_cache()
    stored = {
        key.removeprefix("bucket/out/"): fs.cat_file(key)
        for key in fs.find("bucket/out/")
        if "/.docexport-manifest" not in key  # the manifest: its object and segments
    }
    assert stored == tree(tmp_path / "one")
    assert sorted(stored) == [
        f"{n}.{ext}" for n in ("a000", "a001", "a002", "a004") for ext in ("json", "xml")
    ] + ["sub/a003.json", "sub/a003.xml"]
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert sorted(f["input"] for f in report["failures"]) == [
        "s3://bucket/in/empty.txt",
        "s3://bucket/in/photo.txt",
    ]
    # The manifest (one segment for this small batch) lets a rerun skip what is current.
    [segment] = fs.find("bucket/out/.docexport-manifest.d/")
    assert len(fs.cat_file(segment).decode("ascii").splitlines()) == 10
    again = docexport("convert", *args, "--report", str(tmp_path / "again.json"))
    assert again.returncode == 1
    assert json.loads((tmp_path / "again.json").read_text("utf-8"))["inputs"]["up_to_date"] == 5


def test_missing_extra_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_batch(tmp_path / "in", 2)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    monkeypatch.delitem(sys.modules, "docexport.engines.dask", raising=False)
    result = CliRunner().invoke(
        cli, ["convert", str(source), "-o", str(tmp_path / "out"), "--engine", "dask"]
    )
    assert result.exit_code == 2
    assert "pip install 'docexport[dask]'" in result.output
    assert not (tmp_path / "out").exists()


def test_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    source = write_batch(tmp_path / "in", 2)
    result = CliRunner().invoke(
        cli, ["convert", str(source), "-o", str(tmp_path / "out"), "--scheduler", "tcp://x:1"]
    )
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.output
