"""Hostile markup: each attack is refused with one line, fast, in bounded memory."""

from __future__ import annotations

import resource
import socket
import time

import pytest

from docexport.errors import InputError
from docexport.xmlsafe import MAX_MARKUP_BYTES, parse_html, parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<newsItem>&lol9;</newsItem>"""
QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "' + b"x" * 50_000 + b'">]><newsItem>'
    + b"&a;" * 50_000 + b"</newsItem>"
)  # fmt: skip
XXE_FILE = b"""<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<newsItem>&x;</newsItem>"""
XXE_URL = b"""<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>
<newsItem>&x;</newsItem>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE n [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]><newsItem/>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE nitf SYSTEM "http://127.0.0.1:9/nitf.dtd"><nitf><head/></nitf>"""


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the parser tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, QUADRATIC, XXE_FILE, XXE_URL, PARAMETER_ENTITY],
    ids=["billion-laughs", "quadratic-blowup", "xxe-file", "xxe-url", "parameter-entity"],
)  # fmt: skip
def test_entity_attacks_are_refused_fast_in_bounded_memory(no_network, data: bytes) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    for parse in (parse_xml, parse_html):
        with pytest.raises(InputError, match="entit") as caught:
            parse(data)
        assert "\n" not in str(caught.value)
    assert time.perf_counter() - start < 1.0  # a bound on the attack, not a benchmark
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # < 100 MB


def test_a_dtd_reference_is_accepted_and_never_fetched(no_network) -> None:
    root = parse_xml(EXTERNAL_DTD)
    assert root.tag == "nitf"


def test_deep_nesting_and_oversized_markup_are_refused() -> None:
    deep = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(InputError):
        parse_xml(deep)
    with pytest.raises(InputError, match="markup over"):
        parse_xml(b"<a>" + b"x" * MAX_MARKUP_BYTES + b"</a>")


def test_broken_xml_is_one_line_with_the_line_number() -> None:
    with pytest.raises(InputError, match=r"not well-formed XML \(line 2"):
        parse_xml(b"<?xml version='1.0'?>\n<a><b></a>")
