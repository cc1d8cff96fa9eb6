"""Write a seeded corpus of varied news articles for the batch benchmarks (issue #15).

    python benchmarks/make_corpus.py OUT_DIR [--count 2000] [--seed 15]
        [--formats txt,md,html,json]

The same count and seed always give the same files, byte for byte (no clock, no
environment). Articles vary the way an archive does: 3 to 40 paragraphs, with or without
a byline (one or two names) and a dateline (with or without an agency), quotations with a
named speaker, figures (money, percentages, counts, scores), and about one in twelve in a
non-Latin script (Greek, Russian, Arabic, Hindi, Chinese). Inputs rotate through the
formats named: the plain-text article format (``.txt``), Markdown with YAML front matter
(``.md``), an HTML page (``.html``) and ninjs JSON (``.json``), in 20 sub-folders.

The corpus is generated, never committed: every name and sentence below is invented.
"""

from __future__ import annotations

import argparse
import html
import json
import random
from pathlib import Path

FIRST = ["Maria", "John", "Aiko", "Kwame", "Olga", "Ravi", "Fatima", "Lars", "Chen", "Ana"]
LAST = ["Lopez", "Smith", "Tanaka", "Mensah", "Petrova", "Nair", "Haddad", "Berg", "Wei"]
PLACES = ["PARIS", "LEEDS", "LAGOS", "OSAKA", "DENVER", "LYON", "TORONTO", "PUNE", "OSLO"]
AGENCIES = ["Reuters", "AP", "AFP", "dpa", "Lusa"]
ORGS = ["Acme Corp", "the city council", "the central bank", "Globex", "Northwind Rail",
        "the health ministry", "Harbour Authority", "United Lions"]  # fmt: skip
EVENTS = ["approved a plan", "cut jobs", "raised rates", "won the final", "opened a plant",
          "delayed the vote", "reported profits", "closed the bridge"]  # fmt: skip
VERBS = ["said", "told reporters", "added", "warned", "said in a statement"]
NOUNS = ["workers", "homes", "passengers", "patients", "students", "jobs", "flights"]
FILLER = [
    "Officials said the decision followed months of talks with local groups.",
    "The move drew criticism from opposition members, who called for a review.",
    "Analysts expect the change to take effect early next year.",
    "Residents gathered outside the building on Tuesday evening.",
    "The plan still needs the approval of the regional assembly.",
    "Similar measures were tried in two other cities last year.",
    "A spokesperson declined to comment on the timing.",
]
NON_LATIN = {
    "el": ("Το δημοτικό συμβούλιο ενέκρινε το σχέδιο", "Οι κάτοικοι συγκεντρώθηκαν έξω από το κτίριο."),
    "ru": ("Городской совет одобрил план", "Жители собрались у здания во вторник вечером."),
    "ar": ("وافق مجلس المدينة على الخطة", "تجمع السكان أمام المبنى مساء الثلاثاء."),
    "hi": ("नगर परिषद ने योजना को मंज़ूरी दी", "निवासी मंगलवार शाम इमारत के बाहर इकट्ठा हुए।"),
    "zh": ("市议会批准了该计划", "居民们周二晚上聚集在大楼外。"),
}  # fmt: skip
FORMATS = ("txt", "md", "html", "json")


def make_article(rng: random.Random, n: int) -> dict[str, object]:
    """One article as plain fields: headline, date, bylines, dateline, paragraphs, language."""
    date = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if n % 12 == 11:  # about one in twelve in a non-Latin script
        language = sorted(NON_LATIN)[(n // 12) % len(NON_LATIN)]
        headline, sentence = NON_LATIN[language]
        paragraphs = [" ".join([sentence] * rng.randint(1, 4)) for _ in range(rng.randint(3, 10))]
        return {"headline": headline, "date": date, "bylines": [], "dateline": "",
                "paragraphs": paragraphs, "language": language}  # fmt: skip
    org, where = rng.choice(ORGS), rng.choice(PLACES)
    bylines = [_person(rng) for _ in range(rng.choice((0, 1, 1, 2)))]
    dateline = "" if rng.random() < 0.3 else f"{where} ({rng.choice(AGENCIES)})"
    if dateline and rng.random() < 0.3:
        dateline = where
    paragraphs = [_paragraph(rng, org, where) for _ in range(_length(rng))]
    headline = f"{org[0].upper()}{org[1:]} {rng.choice(EVENTS)} in {where.title()}"
    return {"headline": headline, "date": date, "bylines": bylines, "dateline": dateline,
            "paragraphs": paragraphs, "language": "en"}  # fmt: skip


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _length(rng: random.Random) -> int:
    """Paragraph counts skewed short, as wire copy is: mostly 3-12, a few up to 40."""
    return rng.randint(30, 40) if rng.random() < 0.05 else rng.randint(3, 12)


def _paragraph(rng: random.Random, org: str, where: str) -> str:
    kind = rng.random()
    if kind < 0.3:
        speaker = _person(rng)
        return (f'"We will {rng.choice(["act", "not wait", "review the figures"])}," '
                f"{rng.choice(VERBS)} {speaker}, who spoke in {where.title()}.")  # fmt: skip
    if kind < 0.6:
        figure = rng.choice([
            f"${rng.randint(1, 900)} million", f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%",
            f"{rng.randint(2, 90_000):,} {rng.choice(NOUNS)}", f"{rng.randint(0, 5)}-{rng.randint(0, 5)}",
        ])  # fmt: skip
        return f"{org[0].upper()}{org[1:]} said on Monday the figure stood at {figure}."
    return " ".join(rng.sample(FILLER, rng.randint(1, 3)))


def render(article: dict[str, object], fmt: str) -> str:
    """``article`` in the input format ``fmt`` (one of ``FORMATS``)."""
    headline, date = str(article["headline"]), str(article["date"])
    bylines, dateline = list(article["bylines"]), str(article["dateline"])  # type: ignore[call-overload]
    paragraphs = list(article["paragraphs"])  # type: ignore[call-overload]
    if fmt == "txt":
        lead = f"{dateline} — {paragraphs[0]}" if dateline else paragraphs[0]
        head = [f" date {date} {headline}"] + ([f"By {' and '.join(bylines)}"] if bylines else [])
        return "\n\n".join([*head, lead, *paragraphs[1:]]) + "\n"
    if fmt == "md":
        front = [f"title: {json.dumps(headline, ensure_ascii=False)}", f"date: '{date}'",
                 f"lang: {article['language']}"]  # fmt: skip
        if bylines:
            front.append("authors: [" + ", ".join(bylines) + "]")
        if dateline:
            front.append(f"dateline: {json.dumps(dateline)}")
        return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    if fmt == "html":
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        author = "".join(f'<meta name="author" content="{html.escape(b)}">' for b in bylines)
        return (f'<!doctype html><html lang="{article["language"]}"><head><meta charset="utf-8">'
                f"<title>{html.escape(headline)}</title>{author}"
                f'<meta property="article:published_time" content="{date}"></head>'
                f"<body><article><h1>{html.escape(headline)}</h1>{body}</article></body></html>\n")  # fmt: skip
    ninjs: dict[str, object] = {
        "uri": f"urn:example:corpus:{date}:{len(paragraphs)}:{len(headline)}",
        "headline": headline, "versioncreated": f"{date}T12:00:00Z",
        "language": article["language"],
        "body_html": "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
    }  # fmt: skip
    if bylines:
        ninjs["byline"] = " and ".join(bylines)
    return json.dumps(ninjs, ensure_ascii=False, indent=1) + "\n"


def write_corpus(
    folder: Path, count: int, seed: int = 15, formats: tuple[str, ...] = FORMATS
) -> int:
    """Write ``count`` articles under ``folder``; returns the number of bytes written."""
    rng = random.Random(seed)  # noqa: S311 - varied text, not secrets
    total = 0
    for n in range(count):
        fmt = formats[n % len(formats)]
        text = render(make_article(rng, n), fmt).encode("utf-8")
        sub = folder / f"d{n % 20:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{n:06d}.{fmt}").write_bytes(text)
        total += len(text)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(
            f"unknown format(s) {', '.join(sorted(unknown))} (known: {', '.join(FORMATS)})"
        )
    size = write_corpus(args.out, args.count, args.seed, formats)
    print(f"{args.count} articles, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
