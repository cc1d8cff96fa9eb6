"""Speed of the DOCX briefing against a bare python-docx floor and pandoc, in one run.

    python benchmarks/bench_docx.py

Prints a Markdown table (paste it into the README's performance section). The floor is
a bare ``docx.Document()`` given the very text of our briefing (every paragraph, and the
tables filled cell by cell) and saved: what any python-docx writer must pay.

pandoc, when installed, is compared like with like: a whole ``pandoc`` process against a
whole ``docexport convert`` process for the same article (Markdown → DOCX), and for the
same briefing text. The in-process rows time the writer alone and are no comparison
with a process; per-document cost in a batch against pandoc is in
``benchmarks/bench_throughput.py``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from _timing import REPO, SEED, process_ms, python, rate, table

from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.docx import DocxWriter

sys.path.insert(0, str(REPO))  # the writer tests' hand enrichment: every section filled
from tests.writers.conftest import enrich_by_hand, stress

DATA = SEED.read_bytes()
WRITER = DocxWriter(WriterOptions())
ITEM = enrich_by_hand(read_bytes(DATA, SEED.name))
LONG = stress("sixty-paragraphs")


def write(item: object) -> bytes:
    out = io.BytesIO()
    WRITER.write(item, out)  # type: ignore[arg-type]
    return out.getvalue()


def read_write() -> bytes:
    """What ``docexport convert seed --to docx`` does in-process, without enrichment."""
    return write(read_bytes(DATA, SEED.name))


def content_of(data: bytes) -> list[str | list[list[str]]]:
    """The body of a briefing in order: a paragraph's text, or a table's rows of cells."""
    document = docx.Document(io.BytesIO(data))
    blocks: list[str | list[list[str]]] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            blocks.append([[cell.text for cell in row.cells] for row in block.rows])
        else:
            blocks.append(block.text)
    return blocks


def bare_floor(data: bytes):
    """Build the same text with bare python-docx calls from pre-extracted strings."""
    blocks = content_of(data)

    def build() -> bytes:
        document = docx.Document()
        for block in blocks:
            if isinstance(block, str):
                document.add_paragraph(block)
                continue
            grid = document.add_table(rows=len(block), cols=len(block[0]))
            for row, texts in zip(grid.rows, block, strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    cell.text = text
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    return build


def markdown_of(data: bytes) -> str:
    """The briefing's content as pandoc Markdown (pipe tables for the tables)."""
    lines = []
    for block in content_of(data):
        if isinstance(block, str):
            lines.append(block + "\n")
            continue
        lines.append("| " + " | ".join(block[0]) + " |")
        lines.append("|" + "---|" * len(block[0]))
        lines.extend("| " + " | ".join(row) + " |" for row in block[1:])
        lines.append("")
    lines[0] = "# " + lines[0]
    return "\n".join(lines)


def main() -> None:
    briefing = write(ITEM)
    floor = rate(bare_floor(briefing))
    ours = rate(lambda: write(ITEM))
    plain = rate(read_write)
    long = rate(lambda: write(LONG))
    long_floor = rate(bare_floor(write(LONG)))
    rows = [
        ("measure", "docs/s", "ms/doc", "vs floor", "target"),
        ("floor: same text, bare python-docx", f"{floor:,.0f}", f"{1000 / floor:.1f}", "1.00", ""),
        ("briefing, all sections (seed)", f"{ours:,.0f}", f"{1000 / ours:.1f}",
         f"{ours / floor:.2f}", "≥ 0.60"),
        ("read + write, seed not enriched", f"{plain:,.0f}", f"{1000 / plain:.1f}", "", ""),
        ("floor: 60-paragraph article", f"{long_floor:,.0f}", f"{1000 / long_floor:.1f}",
         "1.00", ""),
        ("briefing, 60-paragraph article", f"{long:,.0f}", f"{1000 / long:.1f}",
         f"{long / long_floor:.2f}", "≥ 0.60"),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        # Processes as from an installed package: with bytecode (see bench_throughput.py).
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.setdefault("PYTHONPYCACHEPREFIX", str(Path(tmp) / "pycache"))
        rows.extend(_processes(Path(tmp), briefing, ours))
    print(table(rows))


def _processes(tmp: Path, briefing: bytes, ours: float) -> list[tuple[str, ...]]:
    """Whole processes, one document each, as a user runs them: docexport and pandoc."""
    del ours  # an in-process rate is no comparison with a whole process
    article = tmp / "article.md"
    convert = python("-m", "docexport", "convert", str(SEED), "--to", "md", "--no-enrich",
                     "-o", str(article), "-q")  # fmt: skip
    subprocess.run(convert, check=True)
    rows = []
    timed = {}
    for label, extra in (("", ()), (" --no-enrich", ("--no-enrich",))):
        argv = python("-m", "docexport", "convert", str(article), "--to", "docx",
                      "-o", str(tmp / "ours.docx"), "-q", "--force", *extra)  # fmt: skip
        timed[label] = process_ms(argv)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        rows.extend(("process: docexport article.md → docx" + label, "", f"{ms:.0f}", "", "")
                    for label, ms in timed.items())  # fmt: skip
        return [*rows, ("process: pandoc (not installed)", "", "", "", "")]
    pandoc_ms = process_ms([pandoc, str(article), "-o", str(tmp / "pandoc.docx")])
    rows.append(("process: pandoc, article.md → docx", "", f"{pandoc_ms:.0f}", "", ""))
    for label, ms in timed.items():
        rows.append((f"process: docexport, article.md → docx{label}", "", f"{ms:.0f}", "",
                     f"{ms / pandoc_ms:.2f}× pandoc (≤ 1.5)"))  # fmt: skip
    source = tmp / "briefing.md"
    source.write_text(markdown_of(briefing), encoding="utf-8")
    brief_ms = process_ms([pandoc, str(source), "-o", str(tmp / "pandoc-brief.docx")])
    rows.append(("process: pandoc, our briefing's text .md → docx", "", f"{brief_ms:.0f}", "", ""))
    return rows


if __name__ == "__main__":
    main()
