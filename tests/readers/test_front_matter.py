"""Front matter YAML: each fast route gives what PyYAML's own parser gives, refusals too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docexport.errors import InputError
from docexport.readers import front_matter

# Pieces of YAML, with the constructs where libyaml and PyYAML disagree among them.
YAML_PIECES = ["title", "x", ": ", ":", " ", "\n", "\n  ", "- ", "[", "]", "{", "}", ", ", "'",
               '"', "#", " #c", "|", ">-", "?", "? ", "!", "!!str ", "%", "\t", "&a ", "*a",
               "2024-01-02", "10:30", "1e3", "~", "yes", "\\u00e9", "\\x", "é", "\u2028"]  # fmt: skip


def _pyyaml_alone(front: str) -> object:
    """What the reader did before the fast routes: check every event, then load."""
    front_matter._check_yaml_shape(front, yaml.SafeLoader)
    return yaml.safe_load(front)


def _outcome(load: Callable[[str], object], front: str) -> tuple[str, str]:
    try:
        return ("value", repr(load(front)))
    except (yaml.YAMLError, ValueError, TypeError) as error:
        return (type(error).__name__, str(error))


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(front=st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_front_matter_loads_as_with_pyyaml_alone(front: str) -> None:
    expected = _outcome(_pyyaml_alone, front)
    assert _outcome(front_matter._load_yaml, front) == expected
    one_pass = _outcome(front_matter._load_in_one_pass, front)  # what it refuses, goes on
    assert one_pass == expected or "value" not in (one_pass[0], expected[0])


@pytest.mark.parametrize(
    ("count", "refused"), [(9_988, False), (9_989, False), (9_990, False), (9_991, True)]
)
def test_the_value_limit_counts_every_event_on_every_route(count: int, refused: bool) -> None:
    # 7 events before the list's values, 4 after: the 10,002nd event is one too many.
    front = "title: T\nx: [" + ", ".join(["1"] * count) + "]"
    for load in (front_matter._load_yaml, front_matter._load_in_one_pass, _pyyaml_alone):
        if refused:
            with pytest.raises(InputError, match="more than 10,000 values"):
                load(front)
        else:
            assert len(load(front)["x"]) == count  # type: ignore[index]


@pytest.mark.parametrize(("depth", "refused"), [(31, False), (32, True)])
def test_the_depth_limit_is_the_same_on_every_route(depth: int, refused: bool) -> None:
    front = "x: " + "[" * depth + "1" + "]" * depth  # the mapping is one level more
    for load in (front_matter._load_yaml, front_matter._load_in_one_pass, _pyyaml_alone):
        if refused:
            with pytest.raises(InputError, match="nests deeper than 32 levels"):
                load(front)
        else:
            load(front)


@pytest.mark.parametrize(
    "front", ["a: &x 1\nb: *x", "a: &x [1]\nb: *x\nc: !!str [", "a: 1\n---\nb: *x"]
)
def test_an_alias_is_refused_with_the_same_reason_on_every_route(front: str) -> None:
    reason = _outcome(_pyyaml_alone, front)
    assert _outcome(front_matter._load_yaml, front) == reason
    assert reason[0] in ("InputError", "ScannerError", "ParserError")
