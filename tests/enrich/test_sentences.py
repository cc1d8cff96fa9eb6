"""The sentence splitter on hand-written examples of each pattern of issue #13, and key
points that are whole sentences."""

from __future__ import annotations

import pytest

from docexport.enrich.summary import summarise
from docexport.enrich.text import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(0, text)]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # titles before a name never end a sentence
        (
            "Gen. Mara Oduya met Dr. Ilse Brandt. They talked.",
            ["Gen. Mara Oduya met Dr. Ilse Brandt.", "They talked."],
        ),
        # dotted acronyms, inside brackets too, end one only before a usual sentence opener
        (
            "Sales of U.S. cars rose. Exports (U.S. data show) fell.",
            ["Sales of U.S. cars rose.", "Exports (U.S. data show) fell."],
        ),
        (
            "The plant moved to the U.S. The old one closed.",
            ["The plant moved to the U.S.", "The old one closed."],
        ),
        (
            "The talks ended (U.S. officials left early). Prices fell.",
            ["The talks ended (U.S. officials left early).", "Prices fell."],
        ),
        # company suffixes and numbered abbreviations
        (
            "Hollin Corp. Chairman Ray Tull resigned. Hollin Corp. The firm denied it.",
            ["Hollin Corp. Chairman Ray Tull resigned.", "Hollin Corp.", "The firm denied it."],
        ),
        (
            "She is ranked No. 3 after Jan. 12. He said no. Then he left.",
            ["She is ranked No. 3 after Jan. 12.", "He said no.", "Then he left."],
        ),
        (
            "The plant in Fresno, Calif. opened. Its owner was ill. Doctors came.",
            ["The plant in Fresno, Calif. opened.", "Its owner was ill.", "Doctors came."],
        ),
        # initials
        (
            "J. R. R. Tolkien wrote it. George W. Bush read it.",
            ["J. R. R. Tolkien wrote it.", "George W. Bush read it."],
        ),
        # decimals, inner dots and ellipses
        (
            "Growth was 2.5 percent in U.S.-led markets. Rates held.",
            ["Growth was 2.5 percent in U.S.-led markets.", "Rates held."],
        ),
        (
            "He paused ... then went on. It was late... Nobody stayed.",
            ["He paused ... then went on.", "It was late...", "Nobody stayed."],
        ),
        # a sentence ending inside a quotation keeps its closing mark
        ('"We will win." He left.', ['"We will win."', "He left."]),
        ("“We will win.” He left.", ["“We will win.”", "He left."]),
        # a quotation of several sentences stays whole
        (
            '"Rates must fall. They will fall soon," Ana Ruiz said. Markets rose.',
            ['"Rates must fall. They will fall soon," Ana Ruiz said.', "Markets rose."],
        ),
        (
            "Ruiz said: “Rates must fall. They will.” Markets rose.",
            ["Ruiz said: “Rates must fall. They will.”", "Markets rose."],
        ),
        # a question or exclamation inside a quotation, then the attribution
        (
            '"Why now?" she asked. "Because!" he said.',
            ['"Why now?" she asked.', '"Because!" he said.'],
        ),
        # "e.g." before a lower-case word
        (
            "Some crops, e.g. maize, failed. Others grew.",
            ["Some crops, e.g. maize, failed.", "Others grew."],
        ),
    ],
)
def test_split(text: str, sentences: list[str]) -> None:
    assert texts(text) == sentences


def test_a_quotation_never_closed_is_cut_as_prose() -> None:
    # Reuters leaves a quotation open when it runs on to the next paragraph.
    assert texts('"We are ready. The army is ready.') == ['"We are ready.', "The army is ready."]


def test_offsets_point_at_the_text_and_line_breaks_end_sentences() -> None:
    text = "  First one. Second one.\nThird"
    found = split_sentences(4, text)
    assert [s.text for s in found] == ["First one.", "Second one.", "Third"]
    for sentence in found:
        assert sentence.block == 4
        assert text[sentence.start : sentence.end] == sentence.text


def test_cjk_stops_need_no_space() -> None:
    assert texts("今天下雨。明天晴！") == ["今天下雨。", "明天晴！"]
    assert texts("会议结束了．大家回家了？是的。") == ["会议结束了．", "大家回家了？", "是的。"]


def test_devanagari_danda_and_arabic_stops_end_sentences() -> None:
    assert texts("बारिश हुई। सड़कें बंद रहीं॥ लोग घर लौटे।") == [
        "बारिश हुई।",
        "सड़कें बंद रहीं॥",
        "लोग घर लौटे।",
    ]
    assert texts("هل انتهى الاجتماع؟ نعم انتهى. عاد الجميع.") == [
        "هل انتهى الاجتماع؟",
        "نعم انتهى.",
        "عاد الجميع.",
    ]
    assert texts("یہ بات ختم ہوئی۔ سب گھر گئے۔") == ["یہ بات ختم ہوئی۔", "سب گھر گئے۔"]


def test_thai_spaces_cut_long_chunks_but_not_before_a_conjunction_or_number() -> None:
    # "The city opened a new park for residents on Monday" | "it has a long cycle path
    # along the river": two long chunks between Thai letters, the second not a conjunction.
    first = "เทศบาลเมืองเปิดสวนสาธารณะแห่งใหม่ให้ประชาชนเมื่อวันจันทร์"
    second = "มีทางจักรยานยาวริมแม่น้ำและลานกีฬาสำหรับเด็กหลายแห่ง"
    assert texts(f"{first} {second}") == [first, second]
    # "... and ..." (และ) carries the sentence on; a short chunk is a phrase, not a sentence
    joined = f"{first} และ{second}"
    assert texts(joined) == [joined]
    short = f"ตามข้อมูลของเทศบาล {second}"
    assert texts(short) == [short]
    # a space before a number or a Latin word is never a cut
    number = f"{first} 120 {second}"
    assert texts(number) == [number]
    found = split_sentences(2, f"  {first} {second}")
    assert [(s.start, s.end) for s in found] == [
        (2, 2 + len(first)),
        (3 + len(first), 3 + len(first) + len(second)),
    ]


def test_chinese_and_thai_articles_get_key_points_and_cjk_joins_without_a_space() -> None:
    chinese = [
        "新的图书馆周一在河边开放，馆内藏书超过二十万册。市文化局表示，图书馆每天开放十二小时。",
        "附近的学生说，图书馆开放后他们有了安静的学习地方，但希望增加座位。",
        "该项目总投资约三亿元，其中一半来自市级财政，其余来自社会捐款和企业赞助。",
        "图书馆还设有儿童阅读区和一个展示本地历史的小型展览馆，周末会举办免费讲座。",
    ]
    sentences = [s for i, p in enumerate(chinese) for s in split_sentences(i, p)]
    summary = summarise("河边新图书馆开放", sentences, ())
    assert summary is not None
    assert "。 " not in summary.bluf
    first = "新的图书馆周一在河边开放，馆内藏书超过二十万册。"
    assert summary.bluf.startswith(first)
    assert len(summary.bluf) > len(first)  # a second sentence joined right after "。"
    assert len(summary.key_points) >= 2
    thai = [
        "เทศบาลเมืองเปิดสวนสาธารณะแห่งใหม่ให้ประชาชนเมื่อวันจันทร์ หลังจากใช้เวลาก่อสร้างนานสองปีเต็ม",
        "ผู้ว่าราชการจังหวัดกล่าวว่าสวนแห่งนี้จะช่วยลดความร้อนในเมืองและเพิ่มพื้นที่สีเขียวให้ชุมชน",
        "ชาวบ้านในละแวกนั้นบอกว่าพวกเขาดีใจมาก แต่อยากให้มีที่จอดรถและห้องน้ำสาธารณะเพิ่มขึ้นอีก",
        "โครงการนี้ใช้งบประมาณทั้งหมดประมาณสามร้อยล้านบาทจากรัฐบาลกลางและเงินบริจาคของภาคเอกชน",
    ]
    sentences = [s for i, p in enumerate(thai) for s in split_sentences(i, p)]
    summary = summarise("เทศบาลเปิดสวนสาธารณะแห่งใหม่", sentences, ())
    assert summary is not None
    assert len(summary.key_points) >= 2


def test_key_points_are_whole_sentences_never_half_a_quotation() -> None:
    paragraphs = [
        "Parliament in Valdora approved the new water tariff on Tuesday after a long debate.",
        (
            '"The tariff protects poor households. It also funds new pipes for the northern '
            'districts," said Energy Minister Tomas Ekberg after the vote in the capital.'
        ),
        (
            "The opposition said the tariff would raise prices for farmers in the dry south "
            "(U.S. advisers had warned of this) and vowed to fight it."
        ),
        '"We will take this to the courts. Farmers cannot pay more for water this year.',
        (
            "Water prices for farmers in the south rose sharply last year after the long "
            "drought hit the region."
        ),
    ]
    sentences = [s for i, p in enumerate(paragraphs) for s in split_sentences(i, p)]
    summary = summarise("Valdora approves water tariff", sentences, ())
    assert summary is not None
    whole = {s.text for s in sentences}
    for point in summary.key_points:
        assert point in whole
        assert point.count('"') % 2 == 0  # never a half quotation
    chosen = [summary.bluf, *summary.key_points]
    assert any(p.startswith('"The tariff protects') for p in chosen)
    assert any("(U.S. advisers had warned of this) and vowed" in p for p in chosen)
    assert not any("We will take" in p for p in chosen)
    assert not any("Farmers cannot pay" in p for p in chosen)  # inside the open quotation
