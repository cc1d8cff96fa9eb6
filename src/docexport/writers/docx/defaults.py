"""Parts a briefing needs and a template may lack: header, footer, settings, core properties.

They are the parts python-docx's writer added in that case, element for element and with
the same namespace declarations, so that a briefing's bytes did not change when the
writer stopped importing python-docx. A header or footer is emptied before use: only its
root element (with its declarations) is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from docexport.writers.docx.package import XML_PARSER, Part

if TYPE_CHECKING:
    from docexport.writers.docx.scripts import Element

__all__ = ["CORE_TYPE", "new_core_properties", "new_settings", "new_story"]

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_O = "urn:schemas-microsoft-com:office:office"
_V = "urn:schemas-microsoft-com:vml"
_W10 = "urn:schemas-microsoft-com:office:word"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_OFFICE_2010 = "http://schemas.microsoft.com/office/word/2010/"
_STORY_NAMESPACES = (
    ("m", _M),
    ("mc", _MC),
    ("mo", "http://schemas.microsoft.com/office/mac/office/2008/main"),
    ("mv", "urn:schemas-microsoft-com:mac:vml"),
    ("o", _O),
    ("r", _R),
    ("v", _V),
    ("w10", _W10),
    ("w14", _W14),
    ("w", _MAIN),
    ("wne", "http://schemas.microsoft.com/office/word/2006/wordml"),
    ("wp14", _OFFICE_2010 + "wordprocessingDrawing"),
    ("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    ("wpc", _OFFICE_2010 + "wordprocessingCanvas"),
    ("wpg", _OFFICE_2010 + "wordprocessingGroup"),
    ("wpi", _OFFICE_2010 + "wordprocessingInk"),
    ("wps", _OFFICE_2010 + "wordprocessingShape"),
)
_SETTINGS_NAMESPACES = (
    ("m", _M),
    ("mc", _MC),
    ("o", _O),
    ("r", _R),
    ("sl", "http://schemas.openxmlformats.org/schemaLibrary/2006/main"),
    ("v", _V),
    ("w10", _W10),
    ("w14", _W14),
    ("w", _MAIN),
)
_WORD = "http://schemas.microsoft.com/office/word"
# Word 2010's compatibility settings (mode 14), as python-docx's default settings hold them.
_COMPAT = (
    ("compatibilityMode", "14"),
    ("overrideTableStyleFontSizeAndJustification", "1"),
    ("enableOpenTypeFeatures", "1"),
    ("doNotFlipMirrorIndents", "1"),
)
_COLOUR_MAP = ("bg1", "light1", "t1", "dark1", "bg2", "light2", "t2", "dark2",
               "accent1", "accent1", "accent2", "accent2", "accent3", "accent3",
               "accent4", "accent4", "accent5", "accent5", "accent6", "accent6",
               "hyperlink", "hyperlink", "followedHyperlink", "followedHyperlink")  # fmt: skip
_CORE_NAMESPACES = (
    ("cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
)


def new_story(kind: str, name: str) -> Part:
    """An empty header or footer part (``kind``: ``hdr`` or ``ftr``) named ``name``."""
    content_type = _WML + ("header+xml" if kind == "hdr" else "footer+xml")
    root = _root(f"w:{kind}", _STORY_NAMESPACES, ' mc:Ignorable="w14 wp14"')
    return Part(name, content_type, root)


def new_settings() -> Part:
    """``/word/settings.xml`` with Word 2010's defaults, for a template without one."""
    root = _root("w:settings", _SETTINGS_NAMESPACES, ' mc:Ignorable="w14"')
    w = "{" + _MAIN + "}"
    etree.SubElement(root, w + "defaultTabStop", {w + "val": "720"})
    etree.SubElement(root, w + "characterSpacingControl", {w + "val": "doNotCompress"})
    etree.SubElement(root, w + "savePreviewPicture")
    compat = etree.SubElement(root, w + "compat")
    etree.SubElement(compat, w + "useFELayout")
    for name, value in _COMPAT:
        attributes = {w + "name": name, w + "uri": _WORD, w + "val": value}
        etree.SubElement(compat, w + "compatSetting", attributes)
    pairs = zip(_COLOUR_MAP[::2], _COLOUR_MAP[1::2], strict=True)
    etree.SubElement(root, w + "clrSchemeMapping", {w + key: value for key, value in pairs})
    etree.SubElement(root, w + "doNotAutoCompressPictures")
    return Part("/word/settings.xml", _WML + "settings+xml", root)


def new_core_properties() -> Part:
    """``/docProps/core.xml`` for a template without one: title, last modified by and
    revision, which the briefing's own values then replace."""
    root = _root("cp:coreProperties", _CORE_NAMESPACES, "")
    for prefix, tag, text in (("dc", "title", "Word Document"),
                              ("cp", "lastModifiedBy", "python-docx"),
                              ("cp", "revision", "1")):  # fmt: skip
        uri = dict(_CORE_NAMESPACES)[prefix]
        child = root.makeelement(f"{{{uri}}}{tag}", nsmap={prefix: uri})
        child.text = text
        root.append(child)
    return Part("/docProps/core.xml", CORE_TYPE, root)


def _root(tag: str, namespaces: tuple[tuple[str, str], ...], attributes: str) -> Element:
    """An empty root element declaring ``namespaces`` in this order (parsed from text:
    lxml keeps the order of declarations it reads, not of an ``nsmap`` it is given)."""
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in namespaces)
    return etree.fromstring(f"<{tag} {declarations}{attributes}/>", XML_PARSER)
