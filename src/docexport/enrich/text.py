"""Sentences and capitalised name runs: the shared tokenisation of every extractor.

The splitter cuts at ``.``, ``!``, ``?`` and ellipses followed by white space and a word
that can open a sentence, and never:

* after a title that always precedes a name ("Gen. Kurilla", "Dr. Berg");
* after "No.", "Jan.", "pp." before a number ("No. 1", "Jan. 5");
* after another abbreviation ("Corp.", "etc.", "Calif."), an initial ("George W. Bush",
  "J. R. R. Tolkien") or a dotted acronym ("U.S.", "a.m."), unless a word that usually
  opens a sentence follows ("... in the U.S. The ...") — leading brackets and quote
  marks are ignored, so "(U.S." is an acronym too;
* before a lower-case word ("e.g. this", "talks ... that", '"Why?" he asked');
* inside a quotation or a bracket closed on the same line: a quotation of several
  sentences stays whole, so no half quotation becomes a sentence (or a key point); a
  closing quote mark after the full stop stays with its sentence ('"We will win." He left.').

Quotations longer than ``_MAX_QUOTE`` characters, or never closed, are cut as prose
(Reuters leaves a quotation that runs on to the next paragraph open). Decimals ("3.5") and
inner dots ("U.S.-led") are never cut: a cut needs white space after the stop.

Other scripts' stops: the Arabic question mark ``؟`` and the Urdu full stop ``۔`` follow the
rules of ``?`` (white space after them); the CJK stops ``。！？．`` and the Devanagari danda
``।``/``॥`` end a sentence with or without white space after them. Thai writes no sentence
punctuation: a space between two Thai letters marks a clause or a sentence. It is cut at
only when at least ``_THAI_MIN_SENTENCE`` characters precede it since the last cut and
follow it to the next one, and the word after it is not a conjunction that carries the
sentence on (``และ`` "and", ``เพื่อ`` "in order to", ``โดย`` "by", ``เพราะ`` "because" ...): a
space before a number or a Latin word ("PM2.5") never cuts either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docexport.normalise import word_set as _words

__all__ = ["FUNCTION_WORDS", "Sentence", "split_sentences"]


# Words that start sentences or sit between names without being names themselves.
FUNCTION_WORDS = _words(
    """
    a an the this that these those it its he she they we you i his her their our my your
    there here then now today yesterday tomorrow however furthermore moreover meanwhile
    lastly finally first second third also still yet but and or nor so because since
    although though while when whenever where wherever what who whom whose which why how if
    unless until despite after before during amid amidst among between through throughout
    against without within following according as at by for from in into of off on onto over
    under up down with about above across along around behind below beside beyond near past
    per via all any both each every few many more most much several some such no not only
    even just other another same new former late early recent last next earlier later
    officials analysts experts critics sources residents witnesses police authorities
    investors traders one two three four five six seven eight nine ten monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december is are was were be been being has have had do
    does did will would shall should can could may might must let lets once twice instead
    indeed overall together otherwise likewise similarly additionally consequently
    nevertheless nonetheless thus hence therefore accordingly
    """
)

# A full stop after these never ends a sentence: a name follows ("Gen. Kurilla").
_TITLES = _words(
    """mr mrs ms messrs mme dr prof gen gens lt col maj capt cmdr cdr sgt cpl adm brig rev
    sen sens rep reps gov supt insp det hon fr mt ft st pres amb atty"""
)
# ... nor before a number ("No. 1", "Jan. 5"); before a word it does ("He said no. Then").
_BEFORE_NUMBERS = _words(
    "no nos vol p pp ch sec art fig jan feb mar apr jun jul aug sep sept oct nov dec"
)
# After these (any case), a full stop ends a sentence only before a usual sentence opener.
_ABBREVIATIONS = _words(
    """inc corp co cos ltd plc bros jr sr etc vs v e.g i.e cf approx est dept govt assn
    intl univ ave blvd"""
)
# US state abbreviations, only when capitalised: "Seattle, Wash." but not "he was ill."
_STATES = _words(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo"""
)
_NOT_OPENERS = _words(
    """january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday"""
)
_OPENERS = FUNCTION_WORDS - _NOT_OPENERS
_MAX_QUOTE = 1000  # a "quotation" longer than this is more likely an unclosed one
_MAX_BRACKET = 300
# A stop, the closing marks that stay with it, and the white space before the next sentence;
# CJK stops need no space.
_STOP = re.compile(r"(?P<stop>[.!?…؟۔]+)[\"'”’»)\]]*\s+|[。！？．।॥]+[」』”’）]*\s*")
_NEXT = re.compile(r"(?P<open>[\"“‘'(\[«]*)(?P<word>\S{0,40})")
_LEADING = "\"“‘'([{«"
_INITIAL = re.compile(r"[A-Z]")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # "U.S", "a.m", "U.S.A" (the last dot is the stop)
_MARKS = re.compile(r"[\"“”«»()]")
_OPENING_AFTER = frozenset(" \t([{—–-/")
_THAI = re.compile(r"[\u0e01-\u0e4e]")
# A space between Thai letters: a sentence boundary candidate (Thai has no full stop).
_THAI_SPACE = re.compile(r"(?<=[\u0e01-\u0e4e]) +(?=[\u0e01-\u0e4e])")
_THAI_MIN_SENTENCE = 30  # characters: shorter chunks are a phrase ("ตามข้อมูลของ ...")
# Words that carry a Thai sentence on after a space: never cut before them.
_THAI_CONTINUATIONS = tuple(
    sorted(
        _words(
            """และ หรือ แต่ เพื่อ โดย เพราะ ซึ่ง ที่ ว่า จึง จน หาก ถ้า เมื่อ ขณะ รวมถึง ตลอดจน กับ
    ของ ใน ให้ แม้ อีก ทั้ง"""
        )
    )
)


@dataclass(frozen=True, slots=True)
class Sentence:
    block: int
    start: int
    end: int
    text: str


def split_sentences(block: int, text: str) -> list[Sentence]:
    """Split one body block into sentences with offsets (rules in the module docstring).

    A line break always ends a sentence: preformatted blocks (tables, verse) keep theirs,
    and no name, figure or quote may run across one (fuzzing found "00\\nauthors").
    Linear in the text's length: one pass for quotation marks, one for stops.
    """
    if "\n" not in text:
        return _split_line(block, text, 0)
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        sentences += _split_line(block, line, offset)
        offset += len(line) + 1
    return sentences


def _split_line(block: int, text: str, base: int) -> list[Sentence]:
    sentences = _split_stops(block, text, base)
    if _THAI.search(text) is None:
        return sentences
    return [part for sentence in sentences for part in _split_thai(sentence)]


def _split_thai(sentence: Sentence) -> list[Sentence]:
    """``sentence`` cut at the spaces between Thai letters that end one (module docstring)."""
    text = sentence.text
    parts: list[Sentence] = []
    start = 0
    for space in _THAI_SPACE.finditer(text):
        after = space.end()
        if (
            space.start() - start < _THAI_MIN_SENTENCE
            or len(text) - after < _THAI_MIN_SENTENCE
            or text.startswith(_THAI_CONTINUATIONS, after)
        ):
            continue
        parts.append(
            Sentence(
                sentence.block,
                sentence.start + start,
                sentence.start + space.start(),
                text[start : space.start()],
            )
        )
        start = after
    if not parts:
        return [sentence]
    parts.append(Sentence(sentence.block, sentence.start + start, sentence.end, text[start:]))
    return parts


def _split_stops(block: int, text: str, base: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = len(text) - len(text.lstrip())
    for end, after in _cuts(text):
        if end > start:
            sentences.append(Sentence(block, base + start, base + end, text[start:end]))
        start = after
    tail = text[start:].rstrip()
    if tail:
        sentences.append(Sentence(block, base + start, base + start + len(tail), tail))
    return sentences


def _cuts(text: str) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) for every cut, in order."""
    regions = iter(_protected(text))
    region = next(regions, None)
    floor = 0
    reach = -1  # the furthest end of a protected region that starts before the stop
    for match in _STOP.finditer(text):
        after = match.end()
        if after >= len(text):
            break
        while region is not None and region[0] < match.start():
            reach = max(reach, region[1])
            region = next(regions, None)
        if reach >= after:
            continue  # inside a quotation or brackets closed further on
        stop = match.group("stop")
        if stop is None or _ends_sentence(text, match.start(), stop, after, floor):
            yield len(match.group().rstrip()) + match.start(), after
        floor = after


def _ends_sentence(text: str, at: int, stop: str, after: int, floor: int) -> bool:
    """Whether the stop at ``at`` ends a sentence; ``floor``: where the word before may start
    at the earliest (the end of the last stop, so the search back stays linear)."""
    nxt = _NEXT.match(text, after)
    opening, word = (nxt["open"], nxt["word"]) if nxt else ("", "")
    first = word[:1]
    if not opening and not (first.isalnum() and not first.islower()):
        return False  # "e.g. this", "talks ... that", '"Why?" he asked', "Inc. — the"
    if stop != ".":
        return True
    space = text.rfind(" ", floor, at)
    previous = text[space + 1 if space >= 0 else floor : at].lstrip(_LEADING)
    return _ends_after(previous, opening, word)


def _ends_after(previous: str, opening: str, word: str) -> bool:
    """Whether a full stop after ``previous`` ends a sentence, given what follows it."""
    key = previous.lower()
    if key in _TITLES:
        return False
    if (
        key in _ABBREVIATIONS
        or previous in _STATES
        or _INITIAL.fullmatch(previous)
        or _DOTTED.fullmatch(previous)
    ):
        return opening[-1:] in ('"', "“") or _is_opener(word)  # not "p.m. (0400 GMT)"
    return key not in _BEFORE_NUMBERS or not word[:1].isdigit()


def _is_opener(word: str) -> bool:
    """A word that usually opens a sentence ("The", "He", "But"), not a name or initial."""
    bare = word.rstrip(".,;:!?\"'”’)")
    return bare[:1].isupper() and bare.lower() in _OPENERS and not word.endswith(".")


def _protected(text: str) -> list[tuple[int, int]]:
    """(opening, closing) offsets of quotations and brackets closed on this line."""
    regions: list[tuple[int, int]] = []
    quote = paren = -1
    depth = 0
    for mark in _MARKS.finditer(text):
        index, char = mark.start(), mark.group()
        if char in '"“”«»':
            if _opens(text, index, char):
                quote = index  # an earlier quotation never closed is dropped
            elif quote >= 0:
                if index - quote <= _MAX_QUOTE:
                    regions.append((quote, index))
                quote = -1
        elif char == "(":
            paren = index if depth == 0 else paren
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0 and index - paren <= _MAX_BRACKET:
                regions.append((paren, index))
    return sorted(regions)


def _opens(text: str, index: int, char: str) -> bool:
    if char in "“«":
        return True
    if char in "”»":
        return False
    before = text[index - 1] if index else " "
    after = text[index + 1 : index + 2]
    return before in _OPENING_AFTER and after not in ("", " ")
