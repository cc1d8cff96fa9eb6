"""``--to docx``: the Word intelligence summary an analyst forwards without editing it.

Reading order: handling banner (header and footer, with "Page N of M"), title block,
bottom line up front and key points, key entities, key figures, notable quotes, the
source text and its provenance. Sections with nothing in them are left out.

Looks come from named styles of a reference document (``templates/briefing-reference.docx``,
or ``--template``): restyling the template restyles every briefing. The output is
deterministic: same item and options, same bytes.

The package is read and written with lxml and zipfile (``package``), not python-docx,
whose import alone cost a one-file process about 65 ms; the bytes are those python-docx
gave (its own tests' oracle, ``tests/writers/test_docx_package.py``). python-docx stays
for the DOCX reader and the tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO, ClassVar, cast

from docexport.writers.docx.blocks import Briefing
from docexport.writers.docx.package import package_bytes
from docexport.writers.docx.page import set_up_pages, text_width
from docexport.writers.docx.properties import generation_stamp, set_core_properties
from docexport.writers.docx.scripts import W, script_for
from docexport.writers.docx.sections import add_sections
from docexport.writers.docx.template import open_template

if TYPE_CHECKING:
    from docexport.model import NewsItem
    from docexport.writers import WriterOptions
    from docexport.writers.docx.scripts import Element

__all__ = ["DocxWriter", "render_docx"]


class DocxWriter:
    name: ClassVar[str] = "docx"
    media_type: ClassVar[str] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    extension: ClassVar[str] = ".docx"
    binary: ClassVar[bool] = True

    def __init__(self, options: WriterOptions) -> None:
        self.options = options

    def write(self, item: NewsItem, out: BinaryIO) -> None:
        """Write the briefing; raises ``WriterError`` for an unusable ``--template``."""
        out.write(render_docx(item, self.options))


def render_docx(item: NewsItem, options: WriterOptions) -> bytes:
    """The briefing for ``item`` as .docx bytes."""
    document, styles = open_template(options.template)
    script = script_for(item.language)
    set_up_pages(document, styles, script, options.classification, options.page_size)
    stamp = generation_stamp(item, options)
    end = cast("Element", document.body.find(W + "sectPr"))  # the blank has one
    briefing = Briefing(end, styles, script, text_width(document.sections[-1]))
    add_sections(briefing, item, stamp)
    set_core_properties(document.package, item, stamp, options.classification)
    return package_bytes(document.package)
