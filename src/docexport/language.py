"""Guess an article's language (BCP 47) offline: by script, then by character n-grams.

A script used by one language decides alone (Greek, Hebrew, Thai, Hangul, kana, ...). For
Latin, Cyrillic, Arabic and Devanagari text a naive Bayes model over character 1-3-grams
(``data/language_ngrams.tsv``, built from UDHR translations by
``tests/data/languages/build_ngrams.py``) scores every language of that script, helped by
a hand-written list of frequent words per language (``data/language_words.tsv``) that
separates close pairs (Danish/Norwegian, Indonesian/Malay, Croatian/Serbian, ...). When
the best two scores are too close for the length of the text, the answer is ``und``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from functools import cache
from itertools import chain, repeat
from operator import add
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["UNDETERMINED", "guess_language", "supported_languages"]

UNDETERMINED = "und"

_READ = 300  # characters looked at: a few sentences decide, more only costs time
_MIN_LETTERS = 6  # below this nothing is said, whatever the script
_MIN_DISTINCT = 6  # distinct letters; "xxxx..." or "asdf asdf" is not a language
# How far ahead (nats per n-gram) the best language must be of the second: 0.2 below 30
# letters (no wrong headline on the dev set), then 1.5 / letters, i.e. about 5 nats in
# all whatever the length, which cut the wrong tags on Bible verses from 36 to 21 of 840
# (a close pair such as Danish/Norwegian often differs by 0.01 per n-gram).
_SHORT = 30
_MARGIN_SHORT = 0.2
_MARGIN_LETTERS = 1.5
# Nats per n-gram: worse than this is random letters. Text in a language we do not model
# scores like ours (6-8 nats), so this does not catch it: it gets its nearest neighbour.
_MAX_COST = 8.5
_WORD_BONUS = 40  # cost units (1/8 nat) taken off a language for each of its frequent words
_MARKER_BONUS = 120  # ... and for each of its distinctive words (language_words.tsv)
_LANE = 24  # bits per language in _Model's packed ints: 600 characters cost < 2**19
_SCALE = 8  # the table stores round(-ln p * _SCALE)

# First code point of each script block -> a language tag, or a group name for scripts
# shared by several languages (decided by n-grams), or "" for "not a letter we know".
_BLOCKS = (
    (0x0000, "Latn"), (0x0250, ""), (0x0370, "el"), (0x0400, "Cyrl"), (0x0530, "hy"),
    (0x0590, "he"), (0x0600, "Arab"), (0x0700, ""), (0x0750, "Arab"), (0x0780, ""),
    (0x0900, "Deva"), (0x0980, "bn"), (0x0A00, "pa"), (0x0A80, "gu"), (0x0B00, ""),
    (0x0B80, "ta"), (0x0C00, "te"), (0x0C80, "kn"), (0x0D00, "ml"), (0x0D80, "si"),
    (0x0E00, "th"), (0x0E80, "lo"), (0x0F00, ""), (0x10A0, "ka"), (0x1100, "ko"),
    (0x1200, ""), (0x1780, "km"), (0x1800, ""), (0x1E00, "Latn"), (0x1F00, "el"),
    (0x2000, ""), (0x3040, "ja"), (0x3100, ""), (0x3130, "ko"), (0x3190, ""),
    (0x3400, "zh"), (0x4DC0, ""), (0x4E00, "zh"), (0xA000, ""), (0xAC00, "ko"),
    (0xD7B0, ""), (0xF900, "zh"), (0xFB00, ""), (0xFB50, "Arab"), (0xFE00, ""),
    (0xFE70, "Arab"), (0xFF00, ""),
)  # fmt: skip
_STARTS = [start for start, _ in _BLOCKS]
_NAMES = [name for _, name in _BLOCKS]

_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-z]")
_LINK = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
# Everything that separates words: spaces, digits, punctuation and symbols. Not \W, which
# would also split Devanagari or Arabic words at their vowel signs (combining marks).
_SEPARATORS = re.compile(
    r"[\s\d_!-/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u02b9-\u02ff\u055a-\u055f\u05be\u05f3\u05f4"
    r"\u060c\u061b\u061f\u0660-\u066d\u06d4\u06f0-\u06f9\u0964-\u096f\u2000-\u2bff"
    r"\u3000-\u303f\ufe10-\ufe6f\uff01-\uff20\uff3b-\uff40\uff5b-\uff65]+"
)
# Letters that tell Yiddish or Assamese from the main language of the same script.
_NOT_HEBREW = re.compile("[\u05f0-\u05f2\ufb1f\ufb2e\ufb2f]")
_NOT_BENGALI = re.compile("[\u09f0\u09f1]")
_JAPANESE_MARKS = re.compile("[\u3005\u3006\u30fc]")  # 々 〆 ー


class _Model(NamedTuple):
    """One script's languages scored in parallel.

    Each value of ``table`` packs one cost per language into a Python int, ``_LANE`` bits
    per language, so that one ``sum()`` over the sample's n-grams scores every language at
    once, instead of one dict lookup per language and n-gram.
    """

    languages: tuple[str, ...]
    table: dict[str, int]
    floor: int  # the packed costs of an n-gram no language has


def guess_language(text: str, default: str = UNDETERMINED) -> str:
    """The BCP 47 tag of the language ``text`` is written in, or ``default`` ("und").

    Never raises. Short, mixed or unknown-language text gives ``default`` rather than a
    guess: a wrong tag is worse than none (it picks fonts, hyphenation, quote marks).
    """
    sample = _LINK.sub(" ", unicodedata.normalize("NFC", text[:_READ])).lower()
    letters = _LETTER.findall(sample)
    if len(letters) < _MIN_LETTERS or len(set(letters)) < _MIN_DISTINCT:
        return default
    if _clearly_english(sample):
        return "en"  # most articles: no need to load the n-gram tables (~45 ms a process)
    return _by_script(sample, _main_script(sample, len(letters)), default)


def _by_script(sample: str, script: str, default: str) -> str:
    """The language within the sample's main script (``""``: no main script)."""
    if not script:
        return default
    if script in ("Latn", "Cyrl", "Arab", "Deva"):
        return _by_ngrams(sample, script) or default
    if script == "zh":
        return _han_language(sample)
    if (script == "he" and _NOT_HEBREW.search(sample)) or (
        script == "bn" and _NOT_BENGALI.search(sample)
    ):
        return default
    return script


# Words frequent in English and absent or rare as words in every other modelled language.
_ENGLISH_ONLY = frozenset(
    ["the", "and", "of", "to", "that", "was", "with", "for", "from", "this", "which", "were",
     "have", "has", "are", "been", "by", "said", "its", "their", "would", "could", "they",
     "what", "when", "there"]
)  # fmt: skip
_ENGLISH_SHARE = 0.2  # English prose: 25-35 % of its words are these; other languages ~0
_ENGLISH_MIN_HITS = 8


def _clearly_english(sample: str) -> bool:
    """ASCII text of which a fifth or more of the words are English-only function words."""
    if not sample.isascii():
        return False
    words = sample.split()
    hits = sum(1 for word in words if word.strip(".,;:!?\"'()") in _ENGLISH_ONLY)
    return hits >= _ENGLISH_MIN_HITS and hits >= _ENGLISH_SHARE * len(words)


def supported_languages() -> frozenset[str]:
    """Every tag ``guess_language`` may return, besides ``und``."""
    by_ngrams = (lang for rows in _rows_by_script().values() for lang, _, _ in rows)
    by_script = (name for name in _NAMES if name and name not in ("Latn", "Cyrl", "Arab", "Deva"))
    return frozenset(chain(by_ngrams, by_script, ["ja", "ko"]))


def _main_script(sample: str, letters: int) -> str:
    """The script (a tag or a group name) of most letters, or "" when none has most."""
    if sample.isascii():
        return "Latn"
    # Only the non-ASCII letters are looked up, and at most about 100 of them (every
    # step-th): most Latin text has few, and 100 letters show the script as well as 600.
    others = _NON_ASCII_LETTER.findall(sample)
    step = len(others) // 100 + 1
    counts = Counter(map(_script_at, others[::step]))
    for script in counts:
        counts[script] *= step
    counts["Latn"] += letters - sum(counts.values())
    cjk = counts["zh"] + counts["ja"] + counts["ko"]
    if cjk * 2 >= letters:
        return _cjk_script(counts)
    script, n = counts.most_common(1)[0]
    return script if n * 3 >= letters * 2 else ""


def _script_at(letter: str) -> str:
    return _NAMES[bisect_right(_STARTS, ord(letter)) - 1]


def _cjk_script(counts: Counter[str]) -> str:
    # Korean may quote Han characters, Japanese always mixes kana with them.
    if counts["ko"] * 3 >= counts["zh"] + counts["ja"]:
        return "ko"
    return "ja" if counts["ja"] * 10 >= counts["zh"] else "zh"


def _han_language(sample: str) -> str:
    # Han alone: Chinese, unless the text leans on characters only Japanese writes this way.
    return "ja" if _JAPANESE_MARKS.search(sample) else "zh"


def _by_ngrams(sample: str, script: str) -> str | None:
    """The language of the best score if it is far enough ahead of the second, else None."""
    model = _model(script)
    words = _words(sample)
    joined = " ".join(words)
    letters = len(joined) - len(words) + 1
    grams = letters + 2 * len(joined) + 3  # how many _grams() yields
    costs = sorted(zip(_costs(model, words, joined), model.languages, strict=True))
    (best, lang), (second, _) = costs[0], costs[1]
    if best > _MAX_COST * _SCALE * grams:
        return None
    need = _MARGIN_SHORT if letters < _SHORT else _MARGIN_LETTERS / letters
    return lang if second - best >= need * _SCALE * grams else None


def _costs(model: _Model, words: list[str], joined: str) -> list[int]:
    """Each language's cost (-ln p * _SCALE) of the n-grams and words, in model order."""
    total = sum(map(model.table.get, _grams(joined), repeat(model.floor)))
    # Words are keyed "#word": "#" separates words, so no n-gram has it.
    total += sum(map(model.table.get, ["#" + w for w in words], repeat(0)))
    mask = (1 << _LANE) - 1
    return [(total >> (_LANE * i)) & mask for i in range(len(model.languages))]


def _words(sample: str) -> list[str]:
    """The words of ``sample``: runs of letters and combining marks."""
    return _SEPARATORS.sub(" ", sample).split()


def _grams(joined: str) -> Iterator[str]:
    """Letters, then 2- and 3-grams of ``joined`` padded with a space on both sides.

    The space alone is left out: how often it comes depends on word length more than on
    the language (it was the largest single term between Malay and Indonesian).
    """
    padded = f" {joined} "
    pairs = map(add, padded, padded[1:])
    triples = map(add, map(add, padded, padded[1:]), padded[2:])
    return chain(joined.replace(" ", ""), pairs, triples)


@cache
def _model(script: str) -> _Model:
    """One script's n-gram table and frequent words, built on first use of that script:
    Cyrillic text does not wait for the 62 Latin-script languages (30 of the 40 ms that
    building every table took), nor Latin text for the other 18."""
    return _build(_rows_by_script()[script], _language_words())


@cache
def _rows_by_script() -> dict[str, list[tuple[str, int, str]]]:
    """Script → its languages' rows (tag, floor, n-grams as written), read once, unparsed."""
    grouped: dict[str, list[tuple[str, int, str]]] = {}
    for lang, rest in _rows(_data_text("language_ngrams.tsv")):
        floor, body = rest.split("\t")
        grouped.setdefault(_script_of(body), []).append((lang, int(floor), body))
    return grouped


@cache
def _language_words() -> dict[str, list[str]]:
    return {lang: rest.split("\t") for lang, rest in _rows(_data_text("language_words.tsv"))}


def _data_text(name: str) -> str:
    from importlib import resources  # noqa: PLC0415 - 4 ms, only paid when text is read

    return resources.files("docexport").joinpath("data", name).read_text(encoding="utf-8")


def _rows(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        if line and not line.startswith("#"):
            lang, _, rest = line.partition("\t")
            yield lang, rest


def _script_of(body: str) -> str:
    # The most frequent n-grams come first: single letters of the language's script.
    letters = Counter(map(_script_at, _LETTER.findall(body[:200])))
    return letters.most_common(1)[0][0]


def _build(rows: list[tuple[str, int, str]], words: dict[str, list[str]]) -> _Model:
    floor = sum(lang_floor << (_LANE * i) for i, (_, lang_floor, _) in enumerate(rows))
    table: dict[str, int] = {}
    for i, (_, lang_floor, body) in enumerate(rows):
        shift = _LANE * i
        for item in body.split(" "):
            gram, _, cost = item.rpartition(":")
            key = gram.replace("_", " ")
            table[key] = table.get(key, floor) - ((lang_floor - int(cost)) << shift)
    # A listed word adds the bonus to the cost of every language that does not list it
    # (adding, not subtracting, keeps lanes positive; only differences count).
    for column, bonus in enumerate((_WORD_BONUS, _MARKER_BONUS)):
        everyone = sum(bonus << (_LANE * i) for i in range(len(rows)))
        for i, (lang, _, _) in enumerate(rows):
            listed = words.get(lang, [])
            for word in listed[column].split() if column < len(listed) else ():
                key = "#" + word
                table[key] = table.get(key, 0) + everyone - (bonus << (_LANE * i))
    return _Model(tuple(lang for lang, _, _ in rows), table, floor)
