"""Rebuild ``src/docexport/data/language_ngrams.tsv`` from UDHR translations (run by hand).

    python tests/data/languages/build_ngrams.py UDHR_DIR BIBLE_DIR > \
        src/docexport/data/language_ngrams.tsv

UDHR_DIR holds one HTML/Markdown file per translation named by its ISO 639-3 code
(``eng.md`` or ``eng.html``, ...), as in the Unicode UDHR project. BIBLE_DIR holds the
book of Genesis as ``vie.html`` and ``tgl.html``: the UDHR "vie" file is in Chữ Nôm, not
the Latin alphabet, and the "tgl" file has only the preamble.
The texts themselves are not kept in this repository; README.md says where they came from.
"""

from __future__ import annotations

import html
import math
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

# Our tag -> UDHR file. hr is trained on the Bosnian (ijekavian) text: the Croatian file of
# the collection has č, ž and đ all replaced by ć. sr (Cyrillic) is transliterated from srp.
UDHR = {
    "en": "eng", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "pt": "por",
    "nl": "nld", "pl": "pol", "sv": "swe", "tr": "tur", "ca": "cat", "id": "ind",
    "ms": "zlm", "da": "dan", "nb": "nob", "fi": "fin", "cs": "ces", "sk": "slk",
    "hu": "hun", "ro": "ron", "hr": "bos", "sr-Latn": "srp", "sl": "slv", "et": "ekk",
    "lv": "lvs", "lt": "lit", "gl": "glg", "af": "afr", "sq": "als", "is": "isl",
    "eu": "eus", "sw": "swh", "cy": "cym", "ga": "gle", "eo": "epo",
    "az": "azj", "uz": "uzn", "lb": "ltz", "mt": "mlt", "oc": "oci", "fy": "fry",
    "la": "lat", "jv": "jav", "su": "sun", "ceb": "ceb", "ht": "hat", "so": "som",
    "ha": "hau", "yo": "yor", "zu": "zul", "xh": "xho", "rw": "kin", "sn": "sna",
    "ig": "ibo", "wo": "wol", "tk": "tuk", "br": "bre", "co": "cos", "gd": "gla",
    "fo": "fao", "rm": "roh",
    "ru": "rus", "uk": "ukr", "bg": "bul", "mk": "mkd", "be": "bel", "kk": "kaz",
    "ky": "kir", "tg": "tgk", "tt": "tat",
    "ar": "arb", "fa": "pes", "ur": "urd", "ps": "pbu",
    "hi": "hin", "mr": "mar", "ne": "npi",
}  # fmt: skip
BIBLE = {"vi": "vie", "tl": "tgl"}
BIBLE_CHARS = 15000  # about as much text as one UDHR translation
TOP = 1000  # n-grams kept per language (2000 or 3000: no better on dev)
SCALE = 8  # costs are stored as round(-ln p * SCALE)
_TAG = re.compile(r"<[^>]+>")
_SR_CYRILLIC = str.maketrans("abvgdđežzijklmnoprstćufhcčš", "абвгдђежзијклмнопрстћуфхцчш")


def main(udhr_dir: Path, bible_dir: Path) -> None:
    from docexport.language import _grams, _words  # noqa: PLC0415 (same tokens as at run time)

    print("# Character n-gram costs per language, from UDHR translations (and Genesis for vi, tl)")
    print("# by tests/data/languages/build_ngrams.py; sources and licences in the README there.")
    print("# lang\tfloor\tgram:cost ... with cost = round(-ln p * 8); a space in a gram is _")
    for tag in [*UDHR, "sr", "vi", "tl"]:
        if tag == "sr":
            text = _serbian_cyrillic(_plain(_udhr_file(udhr_dir, "srp")))
        elif tag in BIBLE:
            text = _plain(bible_dir / f"{BIBLE[tag]}.html")[:BIBLE_CHARS]
            text = text.replace("Ð", "Đ").replace("ð", "đ")  # that Bible writes Đ as Eth
        else:
            text = _plain(_udhr_file(udhr_dir, UDHR[tag]))
        counts: Counter[str] = Counter()
        for line in text.splitlines():
            if words := _words(line.lower()):
                counts.update(_grams(" ".join(words)))
        print(_line(tag, counts))


def _line(tag: str, counts: Counter[str]) -> str:
    total = sum(counts.values())
    kept = counts.most_common(TOP)
    costs = [(g, round(-math.log(n / total) * SCALE)) for g, n in kept]
    floor = costs[-1][1] + SCALE  # an unseen n-gram costs one nat more than the rarest kept
    body = " ".join(f"{g.replace(' ', '_')}:{c}" for g, c in costs)
    return f"{tag}\t{floor}\t{body}"


def _udhr_file(udhr_dir: Path, code: str) -> Path:
    return next(udhr_dir.glob(f"{code}.*"))


def _plain(path: Path) -> str:
    text = html.unescape(_TAG.sub("\n", path.read_text(encoding="utf-8")))
    return unicodedata.normalize("NFC", text)


def _serbian_cyrillic(text: str) -> str:
    text = text.lower().replace("dž", "џ").replace("lj", "љ").replace("nj", "њ")
    return text.translate(_SR_CYRILLIC)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
