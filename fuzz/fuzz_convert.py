"""Coverage-guided fuzzing of every reader and writer (run on demand, not in CI).

    pip install atheris
    mkdir -p fuzz/corpus && python fuzz/fuzz_convert.py fuzz/corpus fuzz/seeds -max_total_time=1800
    python fuzz/fuzz_convert.py -runs=1 crash-<sha>                    # replay a crash

Each input goes to the reader detection picks for it (as the CLI does), and to the
plain-text and JSON readers as well. What a reader accepts is
enriched and written in every format, and each output is checked: NewsML-G2 against
IPTC's 2.35 XSD (from ``DOCEXPORT_SHARED``, default ``../shared``), JSON against the
news-item schema and read back, DOCX reopened by python-docx, PDF one page in pypdf.
Anything but docexport's own ``DocExportError`` is a finding: save the input under
``tests/data/crashes/`` so that the test suite keeps it fixed.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import docx
    from lxml import etree
    from pypdf import PdfReader

    from docexport import render
    from docexport.enrich import enrich
    from docexport.errors import DocExportError
    from docexport.model import NewsItem, validate_dict
    from docexport.readers import detect, get_reader, read_data
    from docexport.writers import WriterOptions

_SHARED = Path(os.environ.get("DOCEXPORT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
_XSD = _SHARED / "newsml-g2" / "NewsML-G2_2.35-spec-All-Power.xsd"
SCHEMA = etree.XMLSchema(etree.parse(str(_XSD), etree.XMLParser(no_network=True)))
OPTIONS = WriterOptions(generated=None)
# The slow formats run on one input in this many, so the fuzzer keeps its speed.
SLOW_EVERY = int(os.environ.get("DOCEXPORT_FUZZ_SLOW_EVERY", "10"))
_count = 0


def _render(item: NewsItem, fmt: str) -> bytes:
    out = io.BytesIO()
    render(item, fmt, out, OPTIONS)
    return out.getvalue()


def check(item: NewsItem, *, slow: bool) -> None:
    root = etree.fromstring(_render(item, "newsml"))
    if not SCHEMA.validate(root):
        raise AssertionError(f"invalid NewsML-G2: {SCHEMA.error_log.last_error}")
    data = json.loads(_render(item, "json"))
    validate_dict(data)
    if NewsItem.from_dict(data) != item:
        raise AssertionError("JSON does not read back to the same item")
    if slow:
        docx.Document(io.BytesIO(_render(item, "docx")))
        try:
            pages = len(PdfReader(io.BytesIO(_render(item, "pdf"))).pages)
        except DocExportError as exc:  # the one documented refusal: CJK without its extra
            if "cjk" not in str(exc):
                raise
            return
        if pages != 1:
            raise AssertionError(f"the one-pager has {pages} pages")


def test_one_input(data: bytes) -> None:
    global _count  # noqa: PLW0603 - a counter across libFuzzer's calls
    _count += 1
    try:
        names = {detect(data, "fuzz"), "text", "json"}
    except DocExportError:
        names = {"text", "json"}
    for name in sorted(names):
        try:
            item = read_data(data, "fuzz", get_reader(name))
        except DocExportError:
            continue
        if item.entities is None:
            item = enrich(item)
        check(item, slow=_count % SLOW_EVERY == 0)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
