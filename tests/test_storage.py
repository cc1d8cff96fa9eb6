"""Object-store URLs (``docexport.storage``) on fsspec's in-memory store, and a whole
batch from ``memory://`` to ``memory://`` in this process (the local engine): the
batch side of object stores without a cluster or a fake S3."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from docexport.cli import cli
from docexport.errors import InputError, OutputError
from docexport.manifest import MANIFEST_NAME, Manifest, ObjectManifest
from docexport.storage import (
    ObjectPath,
    list_names,
    location,
    put_bytes,
    read_bytes,
    sha256,
    walk,
)
from tests.batch_helpers import EPOCH, write_batch

if TYPE_CHECKING:
    from collections.abc import Iterator

fsspec = pytest.importorskip("fsspec", reason="needs docexport[dask]")


@pytest.fixture
def store() -> Iterator[str]:
    """A fresh prefix in fsspec's process-wide memory store."""
    fs = fsspec.filesystem("memory")
    root = f"memory://t{id(fs)}-{len(fs.store)}"
    fs.mkdir(root.removeprefix("memory://"))
    yield root
    fs.rm(root.removeprefix("memory://"), recursive=True)


def test_location_of_arguments() -> None:
    assert location("archive/a.txt") == "archive/a.txt"
    assert location("file:///srv/news/a%20b.txt") == "/srv/news/a b.txt"
    assert location("s3://bucket//in/") == ObjectPath("s3://bucket/in")
    assert str(ObjectPath("s3://bucket/in/") / "sub/a.xml") == "s3://bucket/in/sub/a.xml"
    assert ObjectPath("s3://b/in/sub/a.xml").relative_to(ObjectPath("s3://b/in")) == "sub/a.xml"
    assert ObjectPath("s3://b/in/a.xml").parent == ObjectPath("s3://b/in")
    with pytest.raises(ValueError, match="not inside"):
        ObjectPath("s3://b/input/a.xml").relative_to(ObjectPath("s3://b/in"))


def test_put_refuses_what_is_there_unless_replacing(store: str) -> None:
    url = f"{store}/out/a.xml"
    put_bytes(url, b"<first/>", replace=False)
    with pytest.raises(OutputError, match="exists"):
        put_bytes(url, b"<second/>", replace=False)
    assert read_bytes(url) == b"<first/>"
    put_bytes(url, b"<second/>", replace=True)
    assert read_bytes(url) == b"<second/>"
    assert sha256(url) == sha256(url) is not None
    assert sha256(f"{store}/out/none.xml") is None


def test_read_refusals(store: str) -> None:
    with pytest.raises(InputError, match="no such object"):
        read_bytes(f"{store}/missing.txt")
    put_bytes(f"{store}/big.txt", b"x" * 50, replace=False)
    with pytest.raises(InputError, match="too big"):
        read_bytes(f"{store}/big.txt", limit=10)


def test_walk_order_extensions_and_own_objects(store: str) -> None:
    for key in ("b.txt", "a.md", "sub/c.txt", "sub/skip.png", ".docexport-manifest.jsonl",
                "out/d.txt", "z.html"):  # fmt: skip
        put_bytes(f"{store}/{key}", b"x", replace=False)
    root = ObjectPath(store)
    found = walk(root, frozenset({".txt", ".md", ".html"}), frozenset({f"{store}/out"}))
    assert [p.relative_to(root) for p in found] == ["a.md", "b.txt", "sub/c.txt", "z.html"]


def test_object_manifest_saves_and_reloads(store: str) -> None:
    prefix = ObjectPath(f"{store}/out")
    manifest = Manifest(prefix)
    assert isinstance(manifest, ObjectManifest)
    manifest.record(f"{prefix}/a.xml", "11" * 32, "in/a.txt", "aa" * 32, "opts")
    manifest.record(f"{prefix}/a.xml", "22" * 32, "in/a.txt", "bb" * 32, "opts")  # replaced
    manifest.record(f"{prefix}/sub/c.xml", "33" * 32, "in/sub/c.txt", "cc" * 32, "opts")
    segments = ObjectPath(f"{prefix}/{ObjectManifest.SEGMENTS}")
    assert list_names(segments) == []  # saved only when due, or at the end
    manifest.close()
    [segment] = list_names(segments)
    lines = read_bytes(f"{segments}/{segment}").decode("ascii").splitlines()
    assert [json.loads(line)["output"] for line in lines] == ["a.xml", "a.xml", "sub/c.xml"]
    again = Manifest(prefix)
    recorded = again.lookup(prefix / "a.xml")
    assert recorded is not None
    assert (recorded.input_sha256, recorded.sha256) == ("bb" * 32, "22" * 32)
    assert again.lookup(prefix / "b.xml") is None
    assert len(again) == 2


def test_object_manifest_writes_small_segments_then_compacts(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each save writes only the new lines; past COMPACT_AT segments, one object again."""
    monkeypatch.setattr(ObjectManifest, "COMPACT_AT", 3)
    prefix = ObjectPath(f"{store}/out")
    segments = ObjectPath(f"{prefix}/{ObjectManifest.SEGMENTS}")
    for run in range(2):  # two runs, two segments: not yet compacted
        manifest = Manifest(prefix)
        manifest.record(f"{prefix}/a.xml", f"{run}1" * 32, "a.txt", f"{run}a" * 32, "o")
        manifest.close()
    assert len(list_names(segments)) == 2
    assert sha256(f"{prefix}/{MANIFEST_NAME}") is None
    manifest = Manifest(prefix)
    manifest.record(f"{prefix}/b.xml", "22" * 32, "b.txt", "bb" * 32, "o")
    manifest.close()  # the third segment: compacted, segments deleted
    assert list_names(segments) == []
    lines = read_bytes(f"{prefix}/{MANIFEST_NAME}").decode("ascii").splitlines()
    assert json.loads(lines[0]) == {"compacted_through": 2}
    assert [json.loads(line)["output"] for line in lines[1:]] == ["a.xml", "b.xml"]
    again = Manifest(prefix)
    assert again.lookup(prefix / "a.xml").sha256 == "11" * 32  # the second run's record
    assert len(again) == 2
    again.record(f"{prefix}/c.xml", "33" * 32, "c.txt", "cc" * 32, "o")
    again.close()
    assert list_names(segments) == ["000000000003.jsonl"]  # numbering goes on
    assert len(Manifest(prefix)) == 3


def test_object_manifest_skips_segments_its_compacted_object_holds(store: str) -> None:
    """A run killed after compacting, before deleting the segments: the old segment must
    not be replayed over the newer record (nor an old-style single object misread)."""
    prefix = ObjectPath(f"{store}/out")
    old = {"output": "a.xml", "sha256": "11" * 32, "input": "a.txt", "input_sha256": "aa" * 32,
           "options": "o"}  # fmt: skip
    new = {**old, "sha256": "22" * 32, "input_sha256": "bb" * 32}
    segment = f"{prefix}/{ObjectManifest.SEGMENTS}/000000000000.jsonl"
    put_bytes(segment, json.dumps(old).encode() + b"\n", replace=False)
    header = json.dumps({"compacted_through": 0})
    put_bytes(f"{prefix}/{MANIFEST_NAME}", f"{header}\n{json.dumps(new)}\n".encode(),
              replace=False)  # fmt: skip
    manifest = Manifest(prefix)
    assert manifest.lookup(prefix / "a.xml").sha256 == "22" * 32
    manifest.close()  # and the left-over segment is deleted now
    assert list_names(ObjectPath(f"{prefix}/{ObjectManifest.SEGMENTS}")) == []
    put_bytes(f"{prefix}/{MANIFEST_NAME}", f"{json.dumps(old)}\n{json.dumps(new)}\n".encode(),
              replace=True)  # fmt: skip  # a manifest written before segments existed
    assert Manifest(prefix).lookup(prefix / "a.xml").sha256 == "22" * 32


def test_object_manifest_saves_every_so_many(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ObjectManifest, "FLUSH_LINES", 2)
    prefix = ObjectPath(f"{store}/out")
    manifest = Manifest(prefix)
    manifest.record(f"{prefix}/a.xml", "11" * 32, "a.txt", "aa" * 32, "o")
    manifest.record(f"{prefix}/b.xml", "22" * 32, "b.txt", "bb" * 32, "o")
    # A run killed now (no close) leaves these two recorded.
    assert len(Manifest(prefix)) == 2


def test_batch_memory_to_memory(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in EPOCH.items():
        monkeypatch.setenv(name, value)
    source = write_batch(tmp_path / "in", 4, bad=True)
    for path in sorted(source.rglob("*.txt")):
        put_bytes(f"{store}/in/{path.relative_to(source).as_posix()}", path.read_bytes(), replace=False)  # fmt: skip
    runner = CliRunner()
    local = runner.invoke(cli, ["convert", str(source), "-o", str(tmp_path / "local"), "-j", "1"])
    args = ["convert", f"{store}/in/", "-o", f"{store}/out/", "-j", "1", "--report"]
    first = runner.invoke(cli, [*args, str(tmp_path / "r1.json")])
    assert (local.exit_code, first.exit_code) == (1, 1), first.output
    for name in ("a000.xml", "a001.xml", "a002.xml", "sub/a003.xml"):
        assert read_bytes(f"{store}/out/{name}") == (tmp_path / "local" / name).read_bytes()
    failed = json.loads((tmp_path / "r1.json").read_text("utf-8"))["failures"]
    assert [f["input"] for f in failed] == [f"{store}/in/empty.txt", f"{store}/in/photo.txt"]
    # A changed input is redone, the rest skipped; an object not ours is refused.
    put_bytes(f"{store}/in/a001.txt", b"New headline\n\nNew text.\n", replace=True)
    put_bytes(f"{store}/out/a002.xml", b"<not ours/>", replace=True)
    second = runner.invoke(cli, [*args, str(tmp_path / "r2.json")])
    report = json.loads((tmp_path / "r2.json").read_text("utf-8"))
    assert report["inputs"]["up_to_date"] == 2
    assert b"New headline" in read_bytes(f"{store}/out/a001.xml")
    assert read_bytes(f"{store}/out/a002.xml") == b"<not ours/>"
    assert f"{store}/out/a002.xml: output exists (use --force to overwrite)" in second.output


def test_url_output_without_a_known_scheme_is_a_usage_error(tmp_path: Path) -> None:
    source = write_batch(tmp_path / "in", 2)
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", "nosuchscheme://x/out/"])
    assert result.exit_code == 2
    assert "nosuchscheme" in result.output
