"""Batch throughput per format, scaling, peak RSS and pandoc, whole processes (issue #15).

    python benchmarks/bench_throughput.py [--data DIR] [--items 2000] [--rss 2000,10000]
        [--jobs N] [--pandoc-items 200] [--formats newsml-bare,newsml,ninjs,docx,pdf]

``--data DIR``: a corpus from ``benchmarks/make_corpus.py`` (else one is generated into a
temporary folder with the default seed: the same articles every run). Everything is
measured in one run, on the same articles, and printed as one Markdown table:

- ``docexport convert DIR --to F -o OUT/ -q -j 1`` and ``-j N`` as a user runs it (whole
  process: start-up, pool, manifest included), items/s; scaling = ``-j N`` / ``-j 1``.
- The bare-library floor of each format, in-process on the same articles (pre-read, so
  no reading and no start-up): lxml rebuilding the very NewsML tree we wrote, ``json``
  dumping the ninjs fields, python-docx saving a document with the headline and
  paragraphs, reportlab drawing the same lines. What any Python writer must pay.
- Peak RSS (``ru_maxrss`` of the main process and of its largest worker) converting 2,000
  and 10,000 items to NewsML without enrichment: flat means the batch is streamed.
- pandoc, the tool a user reaches for instead: Markdown → DOCX and → HTML, one whole
  process per document (pandoc has no batch mode), against docexport per document in a
  batch (``-j 1`` wall / items) and against one whole docexport process for one file.
- ``--engine dask`` against the process pool, when the installed docexport has it.

The machine's load average is printed before and after: the figures are only as quiet
as the machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _timing import table
from make_corpus import write_corpus

FORMATS = {  # row name -> (--to, extra options, output extension)
    "newsml-bare": ("newsml", ("--no-enrich",), ".xml"),
    "newsml": ("newsml", (), ".xml"),
    "ninjs": ("ninjs", (), ".json"),
    "docx": ("docx", (), ".docx"),
    "pdf": ("pdf", (), ".pdf"),
}
TARGETS = {"newsml-bare": 2500, "newsml": 350, "docx": 100, "pdf": 100}
# Processes run as from an installed package: pip writes .pyc files at install, while a
# PYTHONDONTWRITEBYTECODE environment (as in our CI shells) recompiles every module of
# docexport at each start-up (~45 ms). The bytecode goes to a cache outside the tree.
CPU: dict[str, float] = {}
"""CPU seconds of the main process and the children it waited for, by CLI options: with
``-j 1`` all the work, and a per-core rate that other load on the machine hardly moves."""
FAILED: dict[str, int] = {}
"""Lines on stderr (one per failed input) by CLI options: printed under the tables."""
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV |= {"SOURCE_DATE_EPOCH": "1729555200",
        "PYTHONPYCACHEPREFIX": os.path.join(tempfile.gettempdir(), "docexport-bench-pycache")}  # fmt: skip


def convert(inputs: Path, out: Path, *args: str) -> tuple[float, int, int]:
    """Wall seconds and peak RSS in MiB of one CLI run: the main process's high-water mark
    (``VmHWM``) and main + workers together (``VmRSS`` summed over the process tree),
    both sampled from ``/proc`` every 20 ms. Not ``ru_maxrss``: Linux carries it across
    ``exec`` from the forked copy of this (much larger) benchmark process, and pool workers
    are not the main process's waited-for children."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "docexport", "convert", str(inputs), "-o", f"{out}/", "-q",
               *args]  # fmt: skip
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        main_peak = tree_peak = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:  # reaped here, so Popen must not wait for it again
                child.returncode = os.waitstatus_to_exitcode(status)
                break
            main_hwm, tree = _rss_kib(child.pid)
            main_peak, tree_peak = max(main_peak, main_hwm), max(tree_peak, tree)
            time.sleep(0.02)
        wall = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if child.returncode not in (0, 1):  # 1: some inputs failed, each said on stderr
        raise SystemExit(f"{' '.join(command)}\n{stderr[-2000:]}")
    FAILED[" ".join(args)] = sum(1 for line in stderr.splitlines() if line.strip())
    CPU[" ".join(args)] = usage.ru_utime + usage.ru_stime
    return wall, main_peak // 1024, tree_peak // 1024


def _rss_kib(pid: int) -> tuple[int, int]:
    """``pid``'s peak resident KiB so far, and the resident KiB of it and all its
    descendants now (0 for processes already gone)."""
    main_hwm, total, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        total += int(fields.get("VmRSS", "0 kB").split()[0])
        if current == pid:
            main_hwm = int(fields.get("VmHWM", "0 kB").split()[0])
    return main_hwm, total


def process_ms(argv: list[str], runs: int = 11) -> tuple[float, float]:
    """Wall ms (best of ``runs``, after a warm-up) and CPU ms (user + system, least) of
    ``argv`` as a fresh process. The least, not the median: other engineers' load on the
    machine only ever adds time."""
    subprocess.run(argv, check=True, capture_output=True, env=ENV)
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
    return min(walls), min(cpus)


def best_rate(fn: Callable[[], object], count: int, rounds: int = 3) -> float:
    """Best items per CPU-second of ``fn`` (which handles ``count`` items) over ``rounds``
    rounds: CPU time, as the CLI rows' per-core rate, so other load hardly moves it."""
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        fn()
        best = max(best, count / (time.process_time() - start))
    return best


# --- floors: the bare libraries on the same articles, in-process -----------------------


def floors(inputs: list[Path], newsml_out: Path, root: Path) -> dict[str, float]:
    """Items/s of the bare library per format, on ``inputs`` (already read)."""
    from docexport import read  # noqa: PLC0415

    items = [read(path) for path in inputs]
    lines = [[item.headline, *(b.text for b in item.body)] for item in items]
    trees = [
        _newsml_plan(newsml_out / path.relative_to(root).with_suffix(".xml")) for path in inputs
    ]
    return {
        "newsml": best_rate(lambda: [_build_newsml(plan) for plan in trees], len(items)),
        "ninjs": best_rate(lambda: [_ninjs(item) for item in items], len(items)),
        "docx": best_rate(lambda: [_docx(text) for text in lines], len(items)),
        "pdf": best_rate(lambda: [_pdf(text) for text in lines], len(items)),
    }


def _newsml_plan(path: Path) -> tuple[object, list[tuple[object, ...]]]:
    """Our NewsML output as a flat build plan: element, attributes, text, parent index."""
    from lxml import etree  # noqa: PLC0415

    root = etree.parse(str(path)).getroot()
    order = {root: 0}
    plan = []
    for el in root.iterdescendants():
        order[el] = len(order)
        nsmap = el.nsmap if el.nsmap != el.getparent().nsmap else None
        text = el.text if len(el) == 0 else None
        plan.append((order[el.getparent()], el.tag, dict(el.attrib), text, nsmap))
    return (root.tag, dict(root.attrib), root.nsmap), plan


def _build_newsml(plan: tuple[object, list[tuple[object, ...]]]) -> bytes:
    from lxml import etree  # noqa: PLC0415

    (tag, attrib, nsmap), rows = plan  # type: ignore[misc]
    elements = [etree.Element(tag, attrib, nsmap=nsmap)]
    for parent, child_tag, child_attrib, text, child_nsmap in rows:
        el = etree.SubElement(elements[parent], child_tag, child_attrib, nsmap=child_nsmap)
        if text is not None:
            el.text = text
        elements.append(el)
    return etree.tostring(elements[0], xml_declaration=True, encoding="UTF-8")


def _ninjs(item: object) -> str:
    body = "".join(f"<p>{b.text}</p>" for b in item.body)  # type: ignore[attr-defined]
    fields = {"uri": item.guid, "headline": item.headline, "language": item.language,  # type: ignore[attr-defined]
              "body_html": body}  # fmt: skip
    return json.dumps(fields, ensure_ascii=False)


def _docx(lines: list[str]) -> bytes:
    import docx  # noqa: PLC0415

    document = docx.Document()
    document.add_heading(lines[0], 0)
    for line in lines[1:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(lines: list[str]) -> bytes:
    """reportlab drawing the headline and paragraphs, wrapped at 95 characters."""
    import textwrap  # noqa: PLC0415

    from reportlab.pdfgen import canvas  # noqa: PLC0415

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    y = 800.0
    for text in lines:
        for line in textwrap.wrap(text, 95) or [""]:
            if y < 40:
                page.showPage()
                y = 800.0
            page.drawString(40, y, line)
            y -= 12
        y -= 6
    page.save()
    return out.getvalue()


# --- the run ------------------------------------------------------------------------------


def throughput(
    data: Path, tmp: Path, count: int, jobs: int, names: list[str]
) -> list[tuple[str, ...]]:
    first = sorted(p for p in data.rglob("*") if p.is_file())
    floor: dict[str, float] = {}
    rows = []
    for name in names:
        to, extra, _ = FORMATS[name]
        one, _, _ = convert(data, tmp / f"{name}-1", "--to", to, "-j", "1", *extra)
        cpu = CPU[" ".join(("--to", to, "-j", "1", *extra))]
        if name == "newsml-bare":  # floors rebuild the very trees this run wrote
            floor = floors(first[:200], tmp / f"{name}-1", data)
        many, _, _ = convert(data, tmp / f"{name}-n", "--to", to, "-j", str(jobs), *extra)
        r1, rn = count / one, count / many
        base = floor.get(to, 0.0)
        target = TARGETS.get(name)
        rows.append((
            name, f"{r1:,.0f}", f"{count / cpu:,.0f}", f"{rn:,.0f}", f"{rn / r1:.2f}×",
            f"{(rn / r1 - 1) / max(1, jobs - 1):.0%}", f"{base:,.0f}",
            f"{count / cpu / base:.2f}" if base else "",
            f"≥ {target:,}: {'met' if count / cpu >= target else 'not met'}" if target else "",
            f"≥ 1.8×: {'met' if rn / r1 >= 1.8 else 'not met'}",
        ))  # fmt: skip
    return rows


def by_input(data: Path, tmp: Path) -> list[tuple[str, ...]]:
    """NewsML without enrichment, -j 1, for each input format of the corpus on its own,
    beside the bare library that reads that format (in-process, on the same bytes): what
    any Python tool reading it pays before building a model or writing anything."""
    rows = []
    for ext in ("txt", "md", "html", "json"):
        files = sorted(data.rglob(f"*.{ext}"))
        if not files:
            continue
        subset = tmp / f"only-{ext}"
        shutil.rmtree(subset, ignore_errors=True)
        subset.mkdir()
        for path in files:
            shutil.copy(path, subset / path.name)
        options = ("--to", "newsml", "--no-enrich", "-j", "1")
        wall, _, _ = convert(subset, tmp / "only-out", *options)
        cpu = CPU[" ".join(options)]
        blobs = [path.read_bytes() for path in files]
        label, floor = _reading_floor(ext, blobs)
        rows.append((f".{ext} only ({len(files):,})", f"{len(files) / wall:,.0f}",
                     f"{len(files) / cpu:,.0f}", label, f"{floor:,.0f}",
                     f"{len(files) / cpu / floor:.2f}"))  # fmt: skip
    return rows


def _reading_floor(ext: str, blobs: list[bytes]) -> tuple[str, float]:
    """The bare reading library's items per CPU-second on ``blobs``, and what it is."""
    if ext == "json":
        return "json.loads", best_rate(lambda: [json.loads(b) for b in blobs], len(blobs))
    texts = [b.decode("utf-8") for b in blobs]
    if ext == "md":
        from markdown_it import MarkdownIt  # noqa: PLC0415

        parser = MarkdownIt("commonmark")
        return "markdown-it parse", best_rate(lambda: [parser.parse(t) for t in texts], len(texts))
    if ext == "html":
        import trafilatura  # noqa: PLC0415

        def extract() -> None:
            for text in texts:
                trafilatura.bare_extraction(text, include_formatting=True, include_links=True,
                                            include_tables=True, include_images=False,
                                            with_metadata=False, deduplicate=False)  # fmt: skip

        return "trafilatura bare_extraction", best_rate(extract, len(texts))
    return "decode + split paragraphs", best_rate(
        lambda: [b.decode("utf-8").split("\n\n") for b in blobs], len(blobs)
    )


def rss(tmp: Path, counts: list[int], jobs: int) -> list[tuple[str, ...]]:
    """Peak RSS and items/s at each size; with two sizes, also the marginal rate (the
    extra items over the extra seconds), which leaves out what every run pays once
    (start-up, the pool, lazy imports): the steady-state scaling of a long batch."""
    rows, walls = [], {}
    for count in counts:
        data = tmp / f"corpus-{count}"
        if not data.exists():
            write_corpus(data, count)
        for j in sorted({1, jobs}):
            wall, me, kids = convert(
                data, tmp / "rss-out", "--to", "newsml", "--no-enrich", "-j", str(j)
            )
            walls[count, j] = wall
            rows.append(
                (f"{count:,} items, -j {j}", f"{count / wall:,.0f}/s", f"{me} MiB", f"{kids} MiB")
            )
    if len(counts) >= 2 and jobs > 1:
        small, large = min(counts), max(counts)
        one, many = ((large - small) / (walls[large, j] - walls[small, j]) for j in (1, jobs))
        for count in (small, large):
            speed_up = walls[count, 1] / walls[count, jobs]
            rows.append((f"speed-up -j {jobs} / -j 1, {count:,} items", f"{speed_up:.2f}×", "", ""))
        rows.append((f"marginal, items {small:,} → {large:,}, -j 1", f"{one:,.0f}/s", "", ""))
        rows.append((f"marginal, items {small:,} → {large:,}, -j {jobs}",
                     f"{many:,.0f}/s ({many / one:.2f}×)", "", ""))  # fmt: skip
    return rows


def pandoc_rows(data: Path, tmp: Path, count: int) -> list[tuple[str, ...]]:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return [("pandoc not installed: apt-get install pandoc", "", "", "")]
    sources = sorted(data.rglob("*.md"))[:count]
    md = tmp / "md"
    shutil.rmtree(md, ignore_errors=True)
    md.mkdir()
    for path in sources:
        shutil.copy(path, md / path.name)
    n = len(sources)
    rows = []
    for to in ("docx", "html"):
        start = time.perf_counter()
        for path in sources:
            subprocess.run([pandoc, str(path), "-o", str(tmp / f"p.{to}")], check=True, env=ENV)
        rows.append(
            (
                f"pandoc .md → {to}, a process per document",
                f"{(time.perf_counter() - start) * 1000 / n:.1f}",
            )
        )
    for to, extra in (
        ("docx", ()),
        ("docx", ("--no-enrich",)),
        ("html", ("--no-enrich",)),
        ("pdf", ()),
    ):
        wall, _, _ = convert(md, tmp / "md-out", "--to", to, "-j", "1", *extra)
        label = (
            f"docexport .md → {to}{' --no-enrich' if extra else ''}, per document in a -j 1 batch"
        )
        rows.append((label, f"{wall * 1000 / n:.1f}"))
    return rows


def startup_rows(data: Path, tmp: Path) -> list[tuple[str, ...]]:
    pandoc = shutil.which("pandoc")
    source = sorted(data.rglob("*.md"))[0]
    runs: list[tuple[str, list[str]]] = []
    if pandoc is not None:
        runs.append(("pandoc one.md → docx", [pandoc, str(source), "-o", str(tmp / "one.docx")]))
    # What any process of ours pays before its first line: the interpreter, then click and
    # lxml (both named by the design), then the writing libraries.
    codes = ("pass", "import click, lxml.etree", "import docx", "import reportlab.pdfgen.canvas")
    runs.extend((f"python -c '{code}'", [sys.executable, "-c", code]) for code in codes)
    for to, extra in (
        ("docx", ()),
        ("docx", ("--no-enrich",)),
        ("pdf", ()),
        ("pdf", ("--no-enrich",)),
    ):
        argv = [sys.executable, "-m", "docexport", "convert", str(source), "--to", to,
                "-o", str(tmp / f"one.{to}"), "-q", "--force", *extra]  # fmt: skip
        runs.append((f"docexport one.md → {to}{' --no-enrich' if extra else ''}", argv))
    rows = []
    base: tuple[float, float] | None = None
    for label, argv in runs:
        wall, cpu = process_ms(argv)
        if base is None and pandoc is not None:
            base = (wall, cpu)
        ratio = f"{wall / base[0]:.2f} / {cpu / base[1]:.2f}" if base else ""
        rows.append((label, f"{wall:.0f}", f"{cpu:.0f}", ratio))
    return rows


def dask_rows(data: Path, tmp: Path, count: int, jobs: int) -> list[tuple[str, ...]]:
    try:
        from docexport.engines import ENGINES  # noqa: PLC0415
    except ImportError:
        ENGINES = ()
    if "dask" not in ENGINES:
        return [("--engine dask", "not available in this tree: skipped", "")]
    pool, _, _ = convert(data, tmp / "pool", "--to", "newsml", "--no-enrich", "-j", str(jobs))
    dask, _, _ = convert(data, tmp / "dask", "--to", "newsml", "--no-enrich", "-j", str(jobs),
                         "--engine", "dask")  # fmt: skip
    return [(f"-j {jobs} process pool", f"{count / pool:,.0f}/s", ""),
            (f"-j {jobs} --engine dask (LocalCluster)", f"{count / dask:,.0f}/s",
             f"+{dask - pool:.1f} s")]  # fmt: skip


def _file_system(path: Path) -> str:
    """The type of the file system holding ``path`` (Linux ``/proc/mounts``), or "?"."""
    best, kind = "", "?"
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return kind
    resolved = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) > 2 and resolved.startswith(fields[1]) and len(fields[1]) > len(best):
            best, kind = fields[1], fields[2]
    return kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=os.environ.get("DOCEXPORT_CORPUS"))
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rss", default="2000,10000")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--pandoc-items", type=int, default=200)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where outputs are written (default: the temporary folder); "
                        "creating a file costs ~170 us of CPU on this machine's overlay /tmp "
                        "and ~4 us on /dev/shm: give both to tell our cost from the disk's")  # fmt: skip
    args = parser.parse_args()
    names = [n for n in args.formats.split(",") if n]
    tmp = Path(tempfile.mkdtemp(prefix="bench-throughput-", dir=args.work_dir))
    try:
        data = args.data or tmp / "corpus"
        if args.data is None:
            write_corpus(data, args.items)
        count = sum(1 for p in data.rglob("*") if p.is_file())
        load = os.getloadavg()
        print(f"{count:,} articles in {data}; {args.jobs} cores; load average {load[0]:.2f} at "
              f"start; outputs on {_file_system(tmp)} ({tmp})")  # fmt: skip
        head = ("format", "-j 1 items/s", "-j 1 items/CPU-s", f"-j {args.jobs} items/s", "speed-up", "per added core",
                "floor items/CPU-s", "CPU rate / floor", "target per core", "target scaling")  # fmt: skip
        print(table([head, *throughput(data, tmp, count, args.jobs, names)]))
        print()
        print(table([("newsml --no-enrich, -j 1, by input", "items/s", "items/CPU-s",
                      "reading floor", "floor items/CPU-s", "CPU rate / floor"),
                     *by_input(data, tmp)]))  # fmt: skip
        print()
        rss_counts = [int(c) for c in args.rss.split(",") if c]
        print(table([("newsml --no-enrich", "items/s", "peak RSS, main process", "peak RSS, main + workers"),
                     *rss(tmp, rss_counts, args.jobs)]))  # fmt: skip
        print()
        print(table([("per document", "ms"), *pandoc_rows(data, tmp, args.pandoc_items)]))
        print()
        print(table([("one file, whole process", "wall ms (best of 11)", "CPU ms",
                     "vs pandoc: wall / CPU"),
                     *startup_rows(data, tmp)]))  # fmt: skip
        print()
        print(table([("dask", "items/s", "overhead"), *dask_rows(data, tmp, count, args.jobs)]))
        failures = {options: n for options, n in FAILED.items() if n}
        for options, n in failures.items():
            print(f"failed inputs (counted in items/s): {n} with {options}")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
