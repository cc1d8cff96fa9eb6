"""Build ``templates/briefing-reference.docx``, the styles of the DOCX briefing.

    python templates/build_reference_docx.py [OUT.docx]

Every part is written here from scratch rather than edited from python-docx's default
template: the result is small (it is parsed once per briefing; python-docx's default has
a 440 KB styles part), holds only the styles the briefing uses, and the tables below are
the reviewable source of truth for them. Users restyle the briefing by opening the output
in Word or LibreOffice, changing the *styles* (the sample text is ignored) and passing
the file with ``--template``. The output is byte-identical on every run.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

from docexport.writers.docx.package import deterministic_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OUT = Path(__file__).resolve().with_name("briefing-reference.docx")

# r: declared on every root, as Word does: python-docx adds r:id references (header,
# footer) to the document, and without it lxml would invent an ns0 prefix per element.
W = ElementMaker(namespace=W_NS, nsmap={"w": W_NS, "r": R_NS})
_W = "{" + W_NS + "}"
Element = etree._Element

# One navy for structure, slate for metadata, pale fills: restrained on purpose.
INK, NAVY, SLATE, RULE, BAND, PALE = "1A1A1A", "1F3A5F", "5B6B7F", "A9B6C8", "F2F4F7", "EBF0F6"
BANNER_GREEN = "007A33"  # the conventional colour of an UNCLASSIFIED banner
# Arial: on every Windows and macOS, with Arabic and Hebrew glyphs there; LibreOffice maps
# it to its metric twin Liberation Sans, so lines break alike in both.
FONT = "Arial"
# fontTable entries for CJK text: Word substitutes altName where the Noto font is missing.
CJK_FONTS = {
    "Noto Sans CJK SC": ("SimSun", "86"),
    "Noto Sans CJK TC": ("PMingLiU", "88"),
    "Noto Sans CJK JP": ("MS Gothic", "80"),
    "Noto Sans CJK KR": ("Malgun Gothic", "81"),
}
A4, CM = (11906, 16838), 567  # in twips (twentieths of a point)
USAGE = (
    "Reference document of the docexport DOCX briefing. Change the styles (Home → Styles), "
    "not this text: docexport keeps the styles, page margins and settings of this file "
    "and drops its text. Use it with: docexport convert article.txt --to docx "
    "--template this-file.docx"
)


@dataclass(frozen=True)
class Run:
    """Run properties: size in points, colour, and flags."""

    size: float | None = None
    colour: str | None = None
    bold: bool = False
    italic: bool = False
    caps: bool = False
    small_caps: bool = False
    tracking: int = 0
    """Letter spacing in twips."""


@dataclass(frozen=True)
class Para:
    """Paragraph properties. Spacing in twips; ``line`` in 240ths of a line (276 = 1.15)."""

    before: int = 0
    after: int = 0
    line: int = 240
    keep: bool = False
    """Keep with the next paragraph and keep the lines together (headings, quotes)."""
    rule_below: str | None = None
    bar_left: tuple[int, str] | None = None
    """Width in eighths of a point and colour of a bar on the left."""
    fill: str | None = None
    indent: tuple[int, int, int] | None = None
    """Left, right, hanging."""
    centred: bool = False
    outline: int | None = None
    bullet: bool = False
    pad: int = 0
    """Padding in points between a filled box's edges and its text (borders in the fill
    colour: Word and LibreOffice shade the space up to a paragraph's borders)."""


# Paragraph styles: id → (name Word shows, next style, paragraph, run). Custom styles are
# the ones Word does not have built in (customStyle="1").
PARAGRAPH_STYLES: dict[str, tuple[str, str | None, Para, Run]] = {
    "Normal": ("Normal", None, Para(after=120, line=264), Run()),
    "Title": ("Title", "Subtitle", Para(after=100, keep=True), Run(17, NAVY, bold=True)),
    "Subtitle": ("Subtitle", "Normal", Para(after=120, line=252), Run(11.5, SLATE)),
    "Heading1": (
        "heading 1", "Normal",
        # The thin rule under every section heading.
        Para(before=320, after=120, keep=True, rule_below=RULE, outline=0),
        Run(9.5, NAVY, bold=True, caps=True, tracking=14),
    ),
    "Heading2": (
        "heading 2", "Normal", Para(before=200, after=60, keep=True, outline=1),
        Run(10.5, NAVY, bold=True),
    ),
    "BodyText": ("Body Text", None, Para(after=140, line=276), Run(10)),
    "ListBullet": (
        "List Bullet", None, Para(after=80, line=264, indent=(340, 0, 227), bullet=True), Run(10)
    ),
    # keep: a quote stays on the page of its attribution line.
    "Quote": (
        "Quote", "QuoteAttribution",
        Para(before=120, after=20, line=276, keep=True, bar_left=(18, RULE),
             indent=(284, 567, 0)),
        Run(10.5, italic=True),
    ),
    "Header": ("header", None, Para(centred=True), Run(8, SLATE)),
    "Footer": ("footer", None, Para(before=60, after=60, centred=True), Run(8, SLATE)),
    "HandlingBanner": (
        "Handling Banner", None, Para(before=20, after=20, fill=BANNER_GREEN, centred=True),
        Run(8.5, "FFFFFF", bold=True, caps=True, tracking=30),
    ),
    "BottomLine": (
        "Bottom Line", None,
        Para(before=140, after=240, line=276, bar_left=(24, NAVY), fill=PALE,
             indent=(340, 227, 0), pad=7),
        Run(11),
    ),
    "QuoteAttribution": (
        "Quote Attribution", "Quote", Para(after=160, indent=(284, 0, 0)), Run(8.5, SLATE)
    ),
    "MetaLabel": (
        "Meta Label", None, Para(before=20, after=20),
        Run(8, SLATE, bold=True, small_caps=True, tracking=8),
    ),
    "MetaValue": ("Meta Value", None, Para(before=20, after=20), Run(9)),
    # No colour here: the table style's header row sets white, and a paragraph style's
    # colour would win over it (paragraph styles rank above table styles).
    "TableText": ("Table Text", None, Para(before=10, after=10), Run(9)),
}  # fmt: skip
BUILT_IN = {"Normal", "Title", "Subtitle", "Heading1", "Heading2", "BodyText", "ListBullet",
            "Quote", "Header", "Footer"}  # fmt: skip
CHARACTER_STYLES = {
    "Strong": ("Strong", Run(bold=True)),
    "MetaNote": ("Meta Note", Run(8, SLATE)),
}


def val(tag: str, value: str | int) -> Element:
    return W(tag, {_W + "val": str(value)})


def attrs(tag: str, **values: str | int) -> Element:
    return W(tag, {_W + key: str(value) for key, value in values.items()})


def border(side: str, eighths: int, colour: str, space: int = 0) -> Element:
    return attrs(side, val="single", sz=eighths, space=space, color=colour)


def shade(fill: str) -> Element:
    return attrs("shd", val="clear", color="auto", fill=fill)


def run_properties(run: Run) -> Element:
    """``w:rPr`` in schema order. Bold, italic and size are doubled for complex scripts
    (``bCs``, ``iCs``, ``szCs``): Word draws Arabic and Hebrew with those."""
    rpr = W("rPr")
    for flag, on in (("b", run.bold), ("i", run.italic)):
        if on:
            rpr.extend([W(flag), W(flag + "Cs")])
    rpr.extend(W(flag) for flag, on in (("caps", run.caps), ("smallCaps", run.small_caps)) if on)
    if run.colour:
        rpr.append(val("color", run.colour))
    if run.tracking:
        rpr.append(val("spacing", run.tracking))
    if run.size is not None:
        rpr.extend([val("sz", round(run.size * 2)), val("szCs", round(run.size * 2))])
    return rpr


def paragraph_properties(para: Para) -> Element:
    """``w:pPr`` in the order the schema prescribes (Word calls other orders corrupt)."""
    ppr = W("pPr")
    if para.keep:
        ppr.extend([W("keepNext"), W("keepLines")])
    if para.bullet:
        ppr.append(W("numPr", val("ilvl", 0), val("numId", 1)))
    if para.bar_left or para.rule_below:
        sides = W("pBdr")  # schema order: top, left, bottom, right
        box = para.fill if para.pad and para.fill else None
        if box:
            sides.append(border("top", 4, box, space=para.pad))
        if para.bar_left:
            sides.append(border("left", *para.bar_left, space=max(10, para.pad)))
        if para.rule_below:
            sides.append(border("bottom", 4, para.rule_below, space=3))
        elif box:
            sides.append(border("bottom", 4, box, space=para.pad))
        if box:
            sides.append(border("right", 4, box, space=para.pad))
        ppr.append(sides)
    if para.fill:
        ppr.append(shade(para.fill))
    ppr.append(attrs("spacing", before=para.before, after=para.after, line=para.line,
                     lineRule="auto"))  # fmt: skip
    if para.indent:
        left, right, hanging = para.indent
        ppr.append(attrs("ind", left=left, right=right, hanging=hanging))
    if para.centred:
        ppr.append(val("jc", "center"))
    if para.outline is not None:
        ppr.append(val("outlineLvl", para.outline))
    return ppr


def style(
    kind: str, style_id: str, name: str, *props: Element, based_on: str | None = None,
    next_style: str | None = None, custom: bool = False, default: bool = False,
) -> Element:  # fmt: skip
    """A ``w:style``; ``props`` are its pPr/rPr/tblPr/tcPr/tblStylePr, in schema order."""
    element = W("style", {_W + "type": kind, _W + "styleId": style_id})
    if default:
        element.set(_W + "default", "1")
    if custom:
        element.set(_W + "customStyle", "1")
    element.append(val("name", name))
    if based_on:
        element.append(val("basedOn", based_on))
    if next_style:
        element.append(val("next", next_style))
    element.extend([W("qFormat"), *props])
    return element


def doc_defaults() -> Element:
    fonts = attrs("rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia="Noto Sans CJK SC")
    lang = attrs("lang", val="en-GB", eastAsia="zh-CN", bidi="ar-SA")
    run = W("rPr", fonts, val("color", INK), val("sz", 20), val("szCs", 20), lang)
    return W("docDefaults", W("rPrDefault", run), W("pPrDefault", W("pPr")))


def paragraph_styles() -> list[Element]:
    return [
        style(
            "paragraph", style_id, name, paragraph_properties(para), run_properties(run),
            based_on=None if style_id == "Normal" else "Normal", next_style=next_style,
            custom=style_id not in BUILT_IN, default=style_id == "Normal",
        )
        for style_id, (name, next_style, para, run) in PARAGRAPH_STYLES.items()
    ]  # fmt: skip


def character_styles() -> list[Element]:
    styles = [style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True)]
    for style_id, (name, run) in CHARACTER_STYLES.items():
        styles.append(style("character", style_id, name, run_properties(run),
                            custom=style_id != "Strong"))  # fmt: skip
    return styles


def cell_margins(top: int, side: int) -> Element:
    sides = {"top": top, "left": side, "bottom": top, "right": side}
    return W("tblCellMar", *(attrs(name, w=w, type="dxa") for name, w in sides.items()))


def table_styles() -> list[Element]:
    """Normal Table; Briefing Table (entities: navy header row, banded rows); Briefing
    Facts (label / value rows of the title block and provenance, a rule below)."""
    header_run = W("rPr", W("b"), W("bCs"), W("caps"), val("color", "FFFFFF"), val("sz", 15),
                   val("szCs", 15))  # fmt: skip
    return [
        style("table", "TableNormal", "Normal Table", W("tblPr", cell_margins(0, 108)),
              default=True),
        style(
            "table", "BriefingTable", "Briefing Table",
            W("tblPr", val("tblStyleRowBandSize", 1),
              W("tblBorders", border("top", 8, NAVY), border("bottom", 6, NAVY),
                border("insideH", 2, "D5DCE6")),
              cell_margins(45, 85)),
            W("tcPr", val("vAlign", "center")),
            W("tblStylePr", {_W + "type": "firstRow"}, header_run, W("tcPr", shade(NAVY))),
            # With a header row, band 1 is the first data row: rows 2, 4, ... get the band.
            W("tblStylePr", {_W + "type": "band2Horz"}, W("tcPr", shade(BAND))),
            based_on="TableNormal", custom=True,
        ),
        style(
            "table", "BriefingFacts", "Briefing Facts",
            W("tblPr", W("tblBorders", border("bottom", 4, RULE)), cell_margins(15, 85)),
            based_on="TableNormal", custom=True,
        ),
    ]  # fmt: skip


def styles_part() -> Element:
    root = W("styles", doc_defaults(), *paragraph_styles(), *character_styles())
    root.extend(table_styles())
    root.append(style("numbering", "NoList", "No List", default=True))
    return root


def numbering_part() -> Element:
    """One bullet list (numId 1) for List Bullet: a navy bullet, three levels."""
    levels = [
        W(
            "lvl", {_W + "ilvl": str(level)}, val("start", 1), val("numFmt", "bullet"),
            val("lvlText", "•"), val("lvlJc", "left"),
            W("pPr", attrs("ind", left=340 * (level + 1), hanging=227)),
            W("rPr", attrs("rFonts", ascii=FONT, hAnsi=FONT, cs=FONT), val("color", NAVY)),
        )
        for level in range(3)
    ]  # fmt: skip
    abstract = W("abstractNum", {_W + "abstractNumId": "0"}, *levels)
    return W("numbering", abstract, W("num", {_W + "numId": "1"}, val("abstractNumId", 0)))


def font_table_part() -> Element:
    fonts = [W("font", {_W + "name": FONT}, val("charset", "00"), val("family", "swiss"))]
    for name, (fallback, charset) in CJK_FONTS.items():
        fonts.append(W("font", {_W + "name": name}, val("altName", fallback),
                       val("charset", charset), val("family", "swiss")))  # fmt: skip
    return W("fonts", *fonts)


def settings_part() -> Element:
    mode = attrs("compatSetting", name="compatibilityMode", val=15,
                 uri="http://schemas.microsoft.com/office/word")  # fmt: skip
    return W(
        "settings",
        attrs("zoom", percent=100),
        val("defaultTabStop", 709),
        val("characterSpacingControl", "doNotCompress"),
        W("compat", mode),
        attrs("themeFontLang", val="en-GB", eastAsia="zh-CN", bidi="ar-SA"),
    )


def paragraph(style_id: str, text: str) -> Element:
    return W("p", W("pPr", val("pStyle", style_id)), W("r", W("t", text)))


def table(style_id: str, rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> Element:
    """A specimen table: Meta Label / Meta Value cells for facts, Table Text otherwise."""
    look = attrs("tblLook", val="0420", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0,
                 noHBand=0, noVBand=1)  # fmt: skip
    grid = W("tblGrid", *(attrs("gridCol", w=w) for w in widths))
    element = W("tbl", W("tblPr", val("tblStyle", style_id), look), grid)
    for row in rows:
        cells = []
        for index, (text, width) in enumerate(zip(row, widths, strict=True)):
            text_style = "TableText"
            if style_id == "BriefingFacts":
                text_style = "MetaValue" if index else "MetaLabel"
            width_of_cell = W("tcPr", attrs("tcW", w=width, type="dxa"))
            cells.append(W("tc", width_of_cell, paragraph(text_style, text)))
        element.append(W("tr", *cells))
    return element


def document_part() -> Element:
    """A specimen of every style, so a user sees what they restyle. docexport drops this
    body and keeps the styles, numbering, page margins and settings."""
    margins = {"top": 2 * CM, "right": 2 * CM, "bottom": 2 * CM, "left": 2 * CM}
    section = W(
        "sectPr",
        attrs("pgSz", w=A4[0], h=A4[1]),
        attrs("pgMar", **margins, header=CM, footer=CM, gutter=0),  # 2 cm; 1 cm to the banners
    )
    specimen = [
        paragraph("Normal", USAGE),
        paragraph("HandlingBanner", "UNCLASSIFIED (Handling Banner: page header and footer)"),
        paragraph("Title", "Headline of the article (Title)"),
        paragraph("Subtitle", "Subheadline, when the article has one (Subtitle)"),
        table("BriefingFacts", [("Date-time group", "221200Z OCT 24 (Meta Label, Meta Value)"),
                                ("Source", "Reuters (table style Briefing Facts)")],
              (1928, 7710)),
        paragraph("Heading1", "Bottom line up front (Heading 1)"),
        paragraph("BottomLine", "One to three sentences an analyst reads first (Bottom Line)."),
        paragraph("Heading1", "Key points"),
        paragraph("ListBullet", "A key point (List Bullet)."),
        paragraph("Heading1", "Key entities"),
        table("BriefingTable", [("Name", "Type", "Title / role", "Mentions"),
                                ("Jane Doe", "Person", "Minister", "3"),
                                ("Example Agency", "Organisation", "", "2"),
                                ("Frankfurt", "Place (DE)", "", "1")],
              (3181, 1928, 3181, 1348)),
        paragraph("Heading1", "Notable quotes"),
        paragraph("Quote", "“A direct quotation from the article.” (Quote)"),
        paragraph("QuoteAttribution", "— Speaker Name (Quote Attribution)"),
        paragraph("Heading1", "Source text"),
        paragraph("Heading2", "A heading inside the article (Heading 2)"),
        paragraph("BodyText", "A paragraph of the article, as written (Body Text)."),
        paragraph("Footer", "Page 1 of 1 (Footer)"),
    ]  # fmt: skip
    return W("document", W("body", *specimen, section))


def core_part() -> Element:
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc, dcterms = "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    nsmap = {"cp": cp, "dc": dc, "dcterms": dcterms, "xsi": xsi}
    root = etree.Element(f"{{{cp}}}coreProperties", nsmap=nsmap)
    etree.SubElement(root, f"{{{dc}}}title").text = "docexport briefing reference"
    etree.SubElement(root, f"{{{dc}}}creator").text = "docexport"
    for name in ("created", "modified"):
        stamp = etree.SubElement(root, f"{{{dcterms}}}{name}", {f"{{{xsi}}}type": "dcterms:W3CDTF"})
        stamp.text = "2024-01-01T00:00:00Z"  # fixed: the file is reproducible
    return root


def app_part() -> Element:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = "docexport"
    return root


def content_types() -> Element:
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    root = etree.Element(f"{{{ns}}}Types", nsmap={None: ns})
    rels = "application/vnd.openxmlformats-package.relationships+xml"
    etree.SubElement(root, f"{{{ns}}}Default", Extension="rels", ContentType=rels)
    etree.SubElement(root, f"{{{ns}}}Default", Extension="xml", ContentType="application/xml")
    overrides = {
        "/word/document.xml": wml + "document.main+xml",
        "/word/styles.xml": wml + "styles+xml",
        "/word/numbering.xml": wml + "numbering+xml",
        "/word/settings.xml": wml + "settings+xml",
        "/word/fontTable.xml": wml + "fontTable+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    for part, content_type in overrides.items():
        etree.SubElement(root, f"{{{ns}}}Override", PartName=part, ContentType=content_type)
    return root


def relationships(targets: dict[str, str]) -> Element:
    """A .rels part: relationship type → target, numbered rId1, rId2, ... in order."""
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    root = etree.Element(f"{{{ns}}}Relationships", nsmap={None: ns})
    for number, (kind, target) in enumerate(targets.items(), start=1):
        etree.SubElement(root, f"{{{ns}}}Relationship", Id=f"rId{number}", Type=kind,
                         Target=target)  # fmt: skip
    return root


def build() -> bytes:
    """The reference document as bytes (deterministic: sorted entries, fixed timestamps)."""
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    package = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
    package_rels = {
        office + "officeDocument": "word/document.xml",
        package + "core-properties": "docProps/core.xml",
        office + "extended-properties": "docProps/app.xml",
    }
    document_rels = {office + name: f"{name}.xml" for name in ("styles", "numbering", "settings")}
    document_rels[office + "fontTable"] = "fontTable.xml"
    parts = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": relationships(package_rels),
        "docProps/core.xml": core_part(),
        "docProps/app.xml": app_part(),
        "word/document.xml": document_part(),
        "word/_rels/document.xml.rels": relationships(document_rels),
        "word/styles.xml": styles_part(),
        "word/numbering.xml": numbering_part(),
        "word/settings.xml": settings_part(),
        "word/fontTable.xml": font_table_part(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, root in parts.items():
            xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            archive.writestr(name, xml)
    return deterministic_zip(buffer.getvalue())


def main(argv: list[str]) -> None:
    target = Path(argv[1]) if len(argv) > 1 else OUT
    target.write_bytes(build())


if __name__ == "__main__":
    main(sys.argv)
