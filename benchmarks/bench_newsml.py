"""Read+write speed of the seed to NewsML-G2, against a bare-lxml floor, in one run.

    python benchmarks/bench_newsml.py

Prints a Markdown table (paste it into the README's performance section). The floor is
the very tree our writer makes, rebuilt and serialised with bare lxml calls from
pre-extracted tags, attributes and strings: what any NewsML writer in Python must pay.
"""

from __future__ import annotations

import io

from _timing import SEED, process_ms, python, rate, table
from lxml import etree

from docexport.model import validate_dict
from docexport.readers.text import read_bytes
from docexport.writers import WriterOptions
from docexport.writers.newsml import NewsMLWriter

DATA = SEED.read_bytes()
WRITER = NewsMLWriter(WriterOptions())


def read_write() -> bytes:
    out = io.BytesIO()
    WRITER.write(read_bytes(DATA, SEED.name), out)
    return out.getvalue()


def read_validate_write() -> bytes:
    item = read_bytes(DATA, SEED.name)
    validate_dict(item.to_dict())
    out = io.BytesIO()
    WRITER.write(item, out)
    return out.getvalue()


def bare_lxml_floor():
    """Rebuild exactly the tree our writer makes (same elements, attributes, text) with bare
    lxml calls from pre-extracted data: no model, no reader, no per-field logic."""
    root = etree.fromstring(read_write())
    plan = [
        (
            parent_index,
            el.tag,
            dict(el.attrib),
            el.text if len(el) == 0 else None,
            el.nsmap if el.nsmap != el.getparent().nsmap else None,  # only where it changes
        )
        for parent_index, el in _walk(root)
    ]
    first_tag, first_attrib, first_nsmap = root.tag, dict(root.attrib), root.nsmap

    def build() -> bytes:
        elements = [etree.Element(first_tag, first_attrib, nsmap=first_nsmap)]
        append = elements.append
        for parent_index, tag, attrib, text, nsmap in plan:
            el = etree.SubElement(elements[parent_index], tag, attrib, nsmap=nsmap)
            if text is not None:
                el.text = text
            append(el)
        return etree.tostring(
            elements[0], xml_declaration=True, encoding="UTF-8", pretty_print=True
        )

    return build


def _walk(root):
    """(index of parent in document order, element) for every element below the root."""
    order = {root: 0}
    for el in root.iterdescendants():
        order[el] = len(order)
        yield order[el.getparent()], el


def main() -> None:
    floor = rate(bare_lxml_floor())
    ours = rate(read_write)
    validated = rate(read_validate_write)
    rows = [
        ("measure", "articles/s", "vs floor", "target"),
        ("floor: same tree, bare lxml", f"{floor:,.0f}", "1.00", ""),
        ("read + write (seed → NewsML)", f"{ours:,.0f}", f"{ours / floor:.2f}", "≥ 0.40"),
        ("read + validate + write", f"{validated:,.0f}", f"{validated / floor:.2f}", "≥ 2,000/s"),
    ]
    import_floor = process_ms(python("-c", "import lxml.etree, click"))
    rows.append(
        ("process: python -c 'import lxml.etree, click'", f"{import_floor:.0f} ms", "1.00", "")
    )
    for label, extra in [("--no-enrich", ["--no-enrich"]), ("(enrichment on)", [])]:
        argv = python("-m", "docexport", "convert", str(SEED), "--to", "newsml", *extra)
        cli = process_ms(argv)
        rows.append(
            (
                f"process: docexport convert seed --to newsml {label}",
                f"{cli:.0f} ms",
                f"{cli / import_floor:.2f}",
                "≤ 2.00" if extra else "",
            )
        )
    print(table(rows))


if __name__ == "__main__":
    main()
