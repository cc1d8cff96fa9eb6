"""YAML front matter from strangers: a mapping, or an ``InputError`` with a one-line reason.

At most 64 KiB, no aliases (a "billion laughs" needs them), at most 32 levels of nesting
and 10,000 values, checked on the event stream before any value is built; tags other than
the safe loader's are refused. The result, and every reason, is what PyYAML's own
(pure-Python) parser gives: two faster routes are taken only where they give the same.

- libyaml (PyYAML's C parser, ~12x faster) when PyYAML has it and the text has none of
  the constructs where the two parsers disagree (``_UNSURE``, found by differential
  fuzzing). libyaml accepts some text PyYAML refuses or reads otherwise: tabs, a byte-order
  mark, Unicode line separators, a tag (``!``) or ``?`` opening a node, a ``%`` directive,
  ``#`` against a block scalar header, and in flow collections ``?`` or a ``:`` not
  followed by a space.
- Else PyYAML in one pass, the checks applied to each event as the composer takes it.

Whatever either route refuses is read again as before (the checks over the whole event
stream, then ``safe_load``), so that a refusal gives the reason it always gave.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from docexport.errors import InputError, shorten

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["MAX_FRONT_MATTER_CHARS", "load_front_matter"]

MAX_FRONT_MATTER_CHARS = 64 * 1024
"""Front matter is a few lines of metadata; 64 KiB is generous and keeps YAML cheap."""
_MAX_YAML_EVENTS = 10_000
_MAX_YAML_DEPTH = 32  # PyYAML builds nested nodes recursively: keep it far from the limit
_UNSURE = re.compile(r"[\t\ufeff\u2028\u2029\x85]|(?:^|[\s\[\]{},:?-])[!?]|^%|[|>][-+\d]*#", re.M)
_FLOW_UNSURE = re.compile(r":[^ \n]|\?")
_C_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_REFUSED = (yaml.YAMLError, ValueError, TypeError)  # InputError is a ValueError


def load_front_matter(front: str) -> Mapping[Any, Any]:
    """The mapping ``front`` holds (empty for empty front matter); raises ``InputError``."""
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise InputError(f"front matter is over {MAX_FRONT_MATTER_CHARS // 1024} KiB")
    try:
        loaded = _load_yaml(front)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(f"front matter is not valid YAML{where}: {problem}") from exc
    except InputError:  # from the shape check
        raise
    except ValueError as exc:  # a 2024-02-30 timestamp, an int of 5,000 digits
        raise InputError(f"front matter has a value YAML cannot hold: {shorten(str(exc))}") from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InputError("front matter is not a set of 'key: value' lines")
    return loaded


def _load_yaml(front: str) -> Any:
    """``yaml.safe_load(front)`` after ``_check_yaml_shape``, by the fastest route that
    gives the same value; what a route refuses, the two full passes refuse."""
    if _C_LOADER is not None and _libyaml_agrees(front):
        try:
            _check_yaml_shape(front, _C_LOADER)
            return yaml.load(front, Loader=_C_LOADER)  # CSafeLoader: the safe loader
        except _REFUSED:
            pass
    else:
        try:
            return _load_in_one_pass(front)
        except _REFUSED:
            pass
    _check_yaml_shape(front, yaml.SafeLoader)
    return yaml.safe_load(front)


def _libyaml_agrees(front: str) -> bool:
    """Whether ``front`` has none of the constructs where libyaml and PyYAML differ."""
    if _UNSURE.search(front):
        return False
    return not (("[" in front or "{" in front) and _FLOW_UNSURE.search(front))


class _Shape:
    """The running checks over one event stream, in the order the events come."""

    def __init__(self) -> None:
        self.depth = 0
        self.count = -1

    def check(self, event: yaml.Event) -> None:
        self.count += 1
        if isinstance(event, yaml.AliasEvent):
            raise InputError("front matter uses a YAML alias (*name); write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            self.depth += 1
            if self.depth > _MAX_YAML_DEPTH:
                raise InputError(f"front matter nests deeper than {_MAX_YAML_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            self.depth -= 1
        if self.count > _MAX_YAML_EVENTS:
            raise InputError(f"front matter has more than {_MAX_YAML_EVENTS:,} values")


def _check_yaml_shape(front: str, loader: Any = yaml.SafeLoader) -> None:
    """Refuse aliases, deep nesting and huge documents before anything is built."""
    shape = _Shape()
    for event in yaml.parse(front, Loader=loader):
        shape.check(event)


class _CheckedLoader(yaml.SafeLoader):
    """PyYAML's safe loader checking each event as its composer takes it, before the
    node is built."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.shape = _Shape()
        self.ended = False

    def get_event(self) -> yaml.Event:
        event = super().get_event()
        self.shape.check(event)
        self.ended = isinstance(event, yaml.StreamEndEvent)
        return event


def _load_in_one_pass(front: str) -> Any:
    loader = _CheckedLoader(front)
    try:
        loaded = loader.get_single_data()
    finally:
        loader.dispose()
    if not loader.ended:  # a composer that only peeks at the stream's end: count it too
        loader.shape.check(yaml.StreamEndEvent())
    return loaded
