"""What a money, percentage or measure figure counts: a light head-noun reading of its clause.

The nearest noun before a figure is often the wrong one: "Shares in VinaTech rose 6.9%"
counts shares, "inflation across the currency bloc eased to 2.1%" inflation, "fell 0.5%
against the dollar to $1.0850" the currency that fell. So the words before the figure are
read backwards, as phrases rather than words:

* prepositional phrases ("against the dollar", "on hold", "of gilts"), earlier figures of
  the same clause ("rose 9.8 percent to ..."), adverbs and commas are stepped over;
* a noun phrase right before the figure is the figure's own ("a further") or an indirect
  object ("fined the company €1m"), and is stepped over too;
* a noun phrase that a verb governs is the verb's object, which the verb sets to the
  figure ("kept interest rates on hold at 4.25%" → rates);
* a verb with no object hands over to its subject, whose head is its first noun before a
  preposition ("Shares in VinaTech" → Shares; "the number of investigations it runs" →
  investigations); a comma right before the verb closes an inserted phrase, skipped back
  to the comma that opened it ("Clearing in the Cerrado, the vast savanna ..., rose").

Before all that the noun after the figure wins ("a 5% stake", "5% of its average daily
worldwide turnover", and for money "$4 million in prize money"). Everything is one pass
over at most a few dozen words: linear and well under a microsecond a word.
"""

from __future__ import annotations

import re

from docexport.enrich.text import FUNCTION_WORDS

__all__ = ["figure_context"]


def _words(text: str) -> frozenset[str]:
    """A word list written as prose (ruff would put a list literal one word a line)."""
    return frozenset(text.split())


_TOKEN = re.compile(r"[A-Za-z][\w'’.&-]*(?<!\.)|[\d$€£¥₹₦₫₩+][\w.,$%-]*|[^\w\s]")
_AFTER = re.compile(
    r"(?:\s*\([^()]{0,40}\))?\s+(?:(?P<of>of)\s+|(?P<in>in)\s+(?:an?\s+)?)?"
    r"(?P<words>[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){0,5})"
)
_PREPOSITIONS = _words(
    """in into across against on onto for of at from by to over under within among between
    during near after before since through toward towards per via than about around amid
    following versus vs"""
)
_QUALIFIERS = _words("nearly almost roughly approximately some just only more less fewer least")
_ADVERBS = _words(
    """now already alone also still just only even again recently currently further back
    sharply slightly steadily respectively so too then yet once overall down up higher lower
    off"""
)
_NOT_LY = _words("daily weekly monthly quarterly yearly early family supply assembly rally ally")
_AUXILIARIES = _words(
    "has have had is are was were be been being will would could should may might must can"
    " did does do not n't"
)
_MODALS = _words("will would could should may might must can to did does do")
_DETERMINERS = _words("the a an its their his her our this that these those my your")
_PRONOUNS = _words("it they he she we i you which that who whom whose this these those")
_BOUNDARIES = _words(
    """said says say told tells added and but or while whereas when as after before because
    if although though despite that which who whom where with according"""
)
_STRONG_VERBS = _words(
    """was were is are be been rose fell grew slowed jumped climbed dropped increased
    decreased declined eased edged surged plunged slipped gained hit reached stood totalled
    totaled stands remained held kept cut set shrank sank lost won paid spent sold bought put
    took gave got brought made owes costs cost rises falls grows gains hits reaches stand
    stay stays stayed worth valued estimated equivalent amounting amounted remain remains
    expects intends seeks wants needs"""
)
_MONEY_VERBS = _words(
    """paid pays sold sells bought buys spent spends lost loses won wins cost costs brought
    brings made makes put puts set sets took takes gave gives got gets owes needs seeks wants
    earned earns posted posts reported reports forecast forecasts expects sees raised raises
    raise"""
)
_CHANGE_VERBS = _words(
    """was were is are be been rose fell grew slowed jumped climbed dropped increased
    decreased declined eased edged surged plunged slipped gained hit reached stood totalled
    totaled stands remained held shrank sank rises falls grows gains hits reaches stay stays
    stayed worth valued estimated equivalent remain remains"""
)
# verb forms that are nouns as well ("forecast", "cut"), read as nouns after a determiner
_AMBIGUOUS = _words("forecast forecasts cut cuts set sets cost costs hit hits put rise rises falls")
_QUANTITY_NOUNS = _words("number amount volume share proportion total")
_TIME_NOUNS = _words("year years quarter month months week weeks day days period session")
_FIGURE_WORDS = _words(
    """percent per cent % basis points point percentage million billion trillion bn bln mln mn
    tn m k thousand hundred dozen lakh crore"""
)
_POSTMODIFIERS = _words("worth valued equivalent estimated totalling totaling amounting priced")
_NOT_HEADS = _DETERMINERS | _PRONOUNS | _PREPOSITIONS | _AUXILIARIES | _FIGURE_WORDS | _BOUNDARIES
_SHORT = 4  # "fly", "only", "bed", "red": too short to be an adverb or a past form
_SPAN_LIMIT = 240  # characters read before a figure: a clause, never the whole paragraph


def figure_context(text: str, start: int, end: int, *, money: bool) -> str | None:
    """What the figure at ``text[start:end]`` counts: the noun after it, else the head of
    the noun phrase its clause sets to it; ``None`` when neither reads as a noun."""
    noun = _noun_after(text, end, money=money)
    if noun is not None:
        return noun
    tokens = _TOKEN.findall(text[max(0, start - _SPAN_LIMIT) : start])
    first = tokens[0] if start <= _SPAN_LIMIT and tokens else ""
    found = _before(tokens)
    if found is None:
        return None
    word, verb = found
    if word == first or word == first.lstrip("\"“‘'("):
        word = word if word.isupper() else word.lower()  # capitalised as the first word
    return f"{word} {verb}" if verb else word


def _noun_after(text: str, end: int, *, money: bool) -> str | None:
    """ "a 5% stake", "40% of their annual bill", "$4 million in prize money"."""
    after = _AFTER.match(text, end)
    if after is None or (after["in"] and not money):
        return None
    words = after["words"].split()
    own = words[0].lower() not in _NOT_HEADS | _NOT_NOUNS_AFTER | FUNCTION_WORDS
    if not (after["of"] or after["in"] or own):
        return None  # "3% after the company", "$25 a barrel": no noun of its own
    while words[1:] and words[0].lower() in _DETERMINERS:
        words = words[1:]
    head = words[0]
    for word in words[1:]:
        low = word.lower()
        if low in _NOT_HEADS or low in FUNCTION_WORDS or low.endswith(("ing", "ed")):
            break  # "a high-speed rail corridor linking ...", "a round led by ..."
        head = word
    if head.lower() in _NOT_HEADS | _NOT_NOUNS_AFTER or not (head.islower() or head.isupper()):
        return None
    if after["in"] and head.lower() in _TIME_NOUNS:
        return None
    return head


_NOT_NOUNS_AFTER = _words(
    """higher lower up down ahead respectively year-on-year annually worth away apart long
    high wide deep tall old ago apiece each north south east west out last this next"""
)


def _is_adverb(word: str) -> bool:
    low = word.lower()
    return low in _ADVERBS or (
        word.islower() and low.endswith("ly") and len(low) > _SHORT and low not in _NOT_LY
    )


def _is_figure(word: str) -> bool:
    return word[0].isdigit() or word[0] in "$€£¥₹₦₫₩+%" or word.lower() in _FIGURE_WORDS


def _is_verb(tokens: list[str], index: int) -> bool:
    """A finite or infinitive verb as news reports figures in: a known one, a past form in
    -ed, anything after a modal or "to", or an -ing form after an auxiliary or adverb."""
    word = tokens[index]
    before = tokens[index - 1] if index else ""
    if not word.islower() or before.lower() in _DETERMINERS:
        return False  # "the plan", "its forecast", "a cut"
    compound = 1 < index < len(tokens) - 1 and tokens[index - 2].lower() in _DETERMINERS
    if word in _AMBIGUOUS and compound:
        return False  # "its growth forecast to 1%" (but "the deal cost $5m")
    if word in _STRONG_VERBS or word in _MONEY_VERBS or before in _MODALS:  # "to raise"
        return True
    if word.endswith("ed") and len(word) > _SHORT and not word.endswith("eed"):
        return True
    return word.endswith("ing") and (before in _AUXILIARIES or _is_adverb(before))


def _noun_start(tokens: list[str], index: int) -> int:
    """Where the noun phrase ending at ``index`` starts: back over nouns, adjectives,
    names, possessives and one determiner."""
    while index > 0:
        word = tokens[index - 1]
        low = word.lower()
        if low in _DETERMINERS:
            return index - 1
        if (
            not word[0].isalpha()
            or low in _PREPOSITIONS
            or low in _AUXILIARIES
            or low in _BOUNDARIES
            or _is_verb(tokens, index - 1)
        ):
            return index
        index -= 1
    return index


def _before(tokens: list[str]) -> tuple[str, str] | None:
    """(head, verb or "") of the phrase the clause before a figure sets to it."""
    index = len(tokens) - 1
    adjacent = True  # nothing but the figure's own words between here and the figure
    while index >= 0:
        word = tokens[index]
        low = word.lower()
        if low == "of" and adjacent:  # "revenue of roughly $38 billion"
            return _as_found(_head(tokens[_noun_start(tokens, index - 1) : index]))
        if low in _POSTMODIFIERS and index and _is_noun(tokens[index - 1]):
            return _as_found(_head(tokens[index - 1 : index]))  # "cryptocurrency worth £5"
        if low in _PREPOSITIONS or low in _QUALIFIERS or low == "," or _is_figure(word):
            adjacent = adjacent and low in _QUALIFIERS
        elif _is_verb(tokens, index) or low in _POSTMODIFIERS:
            if index and tokens[index - 1].lower() == "to":  # "on course to raise $2bn"
                index, adjacent = index - 2, False
                continue
            head = _subject(tokens, index)
            return (head, "" if low in _CHANGE_VERBS else word) if head else None  # "fund raised"
        elif not _is_adverb(word):
            if not word[0].isalpha() or word in _AUXILIARIES or low in _BOUNDARIES:
                return None  # "may" is an auxiliary, "May" a month
            first = _noun_start(tokens, index)
            before = tokens[first - 1].lower() if first else ""
            if not adjacent and (before == "with" or before not in _PREPOSITIONS):
                return _as_found(_head(tokens[first : index + 1]))  # the object the verb sets
            adjacent, index = False, first  # "a further $5m", "fined Helixa €1bn", "on hold"
        index -= 1
    return None


def _is_noun(word: str) -> bool:
    return word[0].isalpha() and word.lower() not in _NOT_HEADS


def _as_found(head: str | None) -> tuple[str, str] | None:
    return (head, "") if head else None


def _subject(tokens: list[str], verb: int) -> str | None:
    """The head of the verb's subject: back over auxiliaries and adverbs; a comma right
    before the verb closes an inserted phrase, skipped back to the comma that opened it."""
    index = verb - 1
    while index >= 0 and (tokens[index].lower() in _AUXILIARIES or _is_adverb(tokens[index])):
        index -= 1
    if index >= 0 and tokens[index] == ",":
        opening = next((i for i in range(index - 1, -1, -1) if tokens[i] == ","), None)
        index = (opening if opening is not None else index) - 1
    if index >= 0 and tokens[index].lower() in ("which", "that", "who"):
        index -= 1 + (index > 0 and tokens[index - 1] == ",")  # "reserves, which fell"
    end = index + 1
    while index >= 0:
        word = tokens[index]
        low = word.lower()
        if not word[0].isalnum() or low in _BOUNDARIES or _is_verb(tokens, index):
            break
        index -= 1
    return _head(tokens[index + 1 : end])


def _head(phrase: list[str]) -> str | None:
    """The head of a noun phrase that may carry prepositional phrases or a relative clause:
    the last noun before the first preposition or pronoun ("Shares in VinaTech" → Shares),
    past "number of" ("the number of investigations it runs" → investigations)."""
    while phrase and (phrase[0].lower() in _DETERMINERS or phrase[0].endswith(("'s", "’s"))):
        phrase = phrase[1:]
    head = None
    for index, word in enumerate(phrase):
        low = word.lower()
        if low in _PREPOSITIONS or low in _PRONOUNS or not word[0].isalnum():
            if low == "of" and head is not None and head.lower() in _QUANTITY_NOUNS:
                return _head(phrase[index + 1 :])
            break
        if not _is_adverb(word) and not word.endswith(("'s", "’s")):
            head = word
    if head is None or head.lower() in _NOT_HEADS or not head[0].isalpha():
        return None
    return head
