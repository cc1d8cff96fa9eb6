"""Hypothesis strategies for fuzzing: arbitrary bytes, plain-text articles, JSON items.

The article and JSON strategies aim at the edges the attack session found: odd dates and
offsets, control characters and non-characters, every script, empty and huge fields,
spans that point nowhere, numbers JSON should not carry.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from hypothesis import strategies as st

# Text from every plane, including controls, non-characters and lone surrogates.
ANY_TEXT = st.text(st.characters(codec=None), max_size=120)
SCRIPTS = st.sampled_from(
    [
        "Latin text with accents: café, naïve, Øresund",
        "Ελληνικά κείμενα εδώ",
        "Русский текст здесь",
        "نص عربي هنا مع لا و\u200dلا",
        "טקסט בעברית כאן",
        "中文文本在这里",
        "日本語のテキスト",
        "한국어 텍스트",
        "हिन्दी पाठ यहाँ",
        "ข้อความภาษาไทย",
        "emoji 👩\u200d👩\u200d👧 flags 🇺🇦 and ZWJ\u200d sequences",
        "RTL\u202eoverride\u202c and bidi marks \u200f\u200e",
    ]
)
WORDS = st.one_of(SCRIPTS, ANY_TEXT, st.text(min_size=1, max_size=40))
# Mostly text a reader accepts, so that the writers get exercised, with hostile text mixed in.
FAIR_WORDS = st.one_of(SCRIPTS, st.text(st.characters(categories=["L", "N", "P", "Zs", "S"]),
                                        min_size=1, max_size=60), WORDS)  # fmt: skip

_RECENT = {"min_value": date(1950, 1, 1), "max_value": date(2100, 12, 31)}
DATE_TOKENS = st.one_of(
    st.dates(**_RECENT).map(date.isoformat),
    st.datetimes(  # hypothesis takes naive bounds and adds the drawn zone itself
        min_value=datetime(1950, 1, 1),  # noqa: DTZ001
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.timezones(),
    ).map(datetime.isoformat),
    st.dates().map(lambda d: d.isoformat() if d.year >= 1000 else f"{d.year:04d}-01-01"),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.builds(
        lambda day, hours, minutes, seconds, sign: (
            f"{day.isoformat()}T12:00:00{sign}{hours:02d}:{minutes:02d}"
            + (f":{seconds:02d}" if seconds else "")
        ),
        st.dates(),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.sampled_from("+-"),
    ),
    st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2024-02-30"]),
    st.text(max_size=20),
)


@st.composite
def articles(draw: st.DrawFn) -> bytes:
    """A plain-text article, often well-formed, with hostile parts drawn in."""
    headline = draw(FAIR_WORDS)
    first = draw(st.sampled_from(["date", " date", "DATE", ""]))
    lines = [f"{first} {draw(DATE_TOKENS)} {headline}" if first else headline]
    if draw(st.booleans()):
        lines.append("By " + draw(st.sampled_from(["Jane Roe", "Ana de Souza and Li Wei", "x"])))
    lead = draw(st.sampled_from(["", "FRANKFURT (Reuters) — ", "CAIRO — ", "X - ", "(AP) — "]))
    paragraphs = draw(
        st.lists(FAIR_WORDS, min_size=draw(st.sampled_from([0, 1, 1, 2])), max_size=6)
    )
    lines += [lead + p if i == 0 else p for i, p in enumerate(paragraphs)]
    separator = draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n \n", "\n"]))
    text = separator.join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


def _span(block_count: int) -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries(
        {
            "block": st.integers(-2, block_count + 1),
            "start": st.integers(-1, 60),
            "end": st.integers(0, 80),
        }
    )


@st.composite
def json_items(draw: st.DrawFn, seed: dict[str, Any]) -> bytes:
    """A docexport JSON item: the seed's, with some fields replaced by hostile values."""
    item = json.loads(json.dumps(seed))
    blocks = len(item["body"])
    mutations = {
        "headline": FAIR_WORDS,
        "created": DATE_TOKENS,
        "language": st.one_of(st.sampled_from(["en", "und", "ar", "zh-Hant", "x"]), ANY_TEXT),
        "version": st.one_of(st.integers(1, 10**6), st.integers(-2, 10**30), st.floats()),
        "urgency": st.one_of(st.integers(1, 9), st.integers(-1, 12), st.floats()),
        "provider": FAIR_WORDS,
        "rights": st.fixed_dictionaries({}, optional={"holder": FAIR_WORDS, "notice": FAIR_WORDS}),
        "keywords": st.lists(FAIR_WORDS, max_size=3),
        "body": st.lists(
            st.fixed_dictionaries(
                {"kind": st.sampled_from(["paragraph", "heading", "x"]), "text": FAIR_WORDS}
            ),
            max_size=4,
        ),
        "quotes": st.lists(
            st.fixed_dictionaries({"text": FAIR_WORDS, "span": _span(blocks)}), max_size=3
        ),
        "figures": st.lists(
            st.fixed_dictionaries(
                {
                    "text": FAIR_WORDS,
                    "value": st.floats(allow_nan=True, allow_infinity=True),
                    "unit": FAIR_WORDS,
                    "span": _span(blocks),
                }
            ),
            max_size=3,
        ),
        "entities": st.lists(
            st.fixed_dictionaries(
                {
                    "name": FAIR_WORDS,
                    "type": st.sampled_from(["person", "organisation", "place"]),
                    "mentions": st.lists(_span(blocks), min_size=1, max_size=3),
                },
                optional={
                    "geonames_id": st.integers(-1, 10**12),
                    "country_code": st.sampled_from(["FR", "US", "xx"]),
                    "subdivision_code": st.sampled_from(["US-VA", "GB-LND", "bad"]),
                    "place_kind": st.sampled_from(["city", "country", "planet"]),
                },
            ),
            max_size=3,
        ),
        "subjects": st.lists(
            st.fixed_dictionaries(
                {"qcode": st.sampled_from(["medtop:20000053", "genre:Current", "x:y", "nope"])},
                optional={"name": FAIR_WORDS, "broader": st.lists(st.just("medtop:16000000"))},
            ),
            max_size=3,
        ),
    }
    for key in draw(st.lists(st.sampled_from(sorted(mutations)), max_size=3, unique=True)):
        item[key] = draw(mutations[key])
    return json.dumps(item, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
