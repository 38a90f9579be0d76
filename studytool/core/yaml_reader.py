"""Read YAML into plain Python values while remembering where every value came from.

We read the *event* stream of PyYAML's safe parser (libyaml when available) and build
dicts, lists and scalars ourselves, with an explicit stack instead of recursion. That

* constructs nothing from tags, so no YAML input can run code;
* cannot overflow the C stack however deeply a hostile file nests (PyYAML's C composer
  recurses and crashes the interpreter on ~20,000 nested brackets);
* counts values as aliases repeat them, so an alias bomb ("billion laughs") is refused
  in time linear in the size of the file, before it can eat memory;
* reports duplicate keys and unsupported tags, all at once, with their positions;
* finds every key and value holding a control character, at the character itself;
* is faster than `yaml.load` with the C loader, because no node graph is built.

Lines and columns in this module's results are 1-based, as compilers print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from studytool.core.control_characters import ControlCharacter, find_control_character
from studytool.core.terminal_text import UNSAFE_CHARACTER, printable
from studytool.core.yaml_indentation import misindentation

try:  # libyaml parses several times faster; pure Python is the fallback.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

__all__ = ["MAX_DEPTH", "MAX_VALUES", "Document", "Position", "YamlIssue", "parse_yaml"]

#: A deck is about five levels deep; anything far deeper is hostile or a mistake.
MAX_DEPTH = 64
#: How many values a document may hold once aliases are expanded (a deck of 4,000
#: muscles holds about 130,000).
MAX_VALUES = 2_000_000

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + t for t in ("str", "null", "bool", "int", "float"))
_TIMESTAMP, _MERGE, _SEQ, _MAP = (_TAG + t for t in ("timestamp", "merge", "seq", "map"))

_UNUSUAL_BREAKS = ("\x85", "\u2028", "\u2029")
#: What libyaml (and PyYAML's own parser) say when a key or list item is out of line.
_INDENTATION_PROBLEMS = (
    "did not find expected",
    "mapping values are not allowed",
    "expected <block end>",
    "expected '<document start>'",
)
_AS_SPACES = str.maketrans(dict.fromkeys(_UNUSUAL_BREAKS, " "))

Position = tuple[int, int]
PathItem = str | int
Path = tuple[PathItem, ...]
# Where a mapping's entries are: key -> (position of the key, position of the value).
MapPositions = dict[str, tuple[Position, Position]]
SeqPositions = list[Position]


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A problem found while reading YAML, at a 1-based line and column."""

    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML document: its plain value and where each part of it was written."""

    value: object
    start: Position = (1, 1)
    # id(container) -> positions of its entries; the containers live as long as `value`.
    _positions: dict[int, MapPositions | SeqPositions] = field(default_factory=dict, repr=False)
    #: Keys and values holding a control character, in file order.
    control_characters: tuple[ControlCharacter, ...] = ()

    def position(self, path: Path) -> Position:
        """Line and column of the value at `path`, or of its deepest existing ancestor."""
        return self._walk(path)[1]

    def key_position(self, path: Path) -> Position:
        """Line and column of the key naming the value at `path` (or the value's own)."""
        return self._walk(path)[0]

    def _walk(self, path: Path) -> tuple[Position, Position]:
        here: tuple[Position, Position] = (self.start, self.start)
        container = self.value
        for item in path:
            entries = self._positions.get(id(container))
            if isinstance(entries, dict) and isinstance(container, dict) and item in entries:
                here = entries[str(item)]
                container = container[item]
            elif isinstance(entries, list) and isinstance(item, int) and 0 <= item < len(entries):
                assert isinstance(container, list)
                here = (entries[item], entries[item])
                container = container[item]
            else:
                break
        return here


def parse_yaml(text: str) -> tuple[Document | None, list[YamlIssue]]:
    """Parse one YAML document safely.

    Returns the document (None when it cannot be read at all) and every issue found.
    Issues that still leave a usable value (a duplicate key, an unsupported tag) come
    back together with the document.
    """
    # YAML also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR; editors do
    # not, so our line numbers would drift from the author's. Read them as spaces, which
    # is what they fold to in ordinary (non-block) text anyway.
    if any(mark in text for mark in _UNUSUAL_BREAKS):
        text = text.translate(_AS_SPACES)
    builder = _Builder()
    try:
        document = builder.run(text)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_issue(error, text)]
    except yaml.reader.ReaderError as error:
        line, column = _offset_position(text, error.position)
        reason = printable(str(error.reason), newlines=False)
        return None, [YamlIssue(line, column, f"unreadable character: {reason}")]
    except yaml.YAMLError as error:  # pragma: no cover - every parser error carries a mark
        return None, [YamlIssue(1, 1, f"YAML error: {printable(str(error), newlines=False)}")]
    except _Abort as abort:
        return None, [abort.issue]
    return document, builder.issues


class _Abort(Exception):
    """Stops reading: the document cannot be turned into a value at all."""

    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


_NO_KEY = object()  # a mapping frame waiting for its next key
_BAD_KEY = object()  # the pending key was unusable: drop the value that follows
_MERGE_KEY = object()  # the pending key is YAML's merge key `<<`


class _Frame:
    """An open mapping or sequence on the builder's stack."""

    __slots__ = ("anchor", "first", "key", "key_pos", "merges", "positions", "start", "value")

    def __init__(
        self,
        value: dict[str, object] | list[object],
        anchor: str | None,
        first: int,
        start: Position,
    ) -> None:
        self.value = value
        self.anchor = anchor
        self.first = first  # value count when it opened, to size it for aliases
        self.start = start
        self.positions: MapPositions | SeqPositions = {} if isinstance(value, dict) else []
        self.key: object = _NO_KEY
        self.key_pos: Position = (0, 0)
        self.merges: list[tuple[object, Position]] = []


@dataclass
class _Anchored:
    value: object
    size: int


class _Builder:
    """Builds plain values from parser events, collecting issues on the way."""

    def __init__(self) -> None:
        self.issues: list[YamlIssue] = []
        self._positions: dict[int, MapPositions | SeqPositions] = {}
        self._anchors: dict[str, _Anchored] = {}
        self._open_anchors: set[str] = set()
        self._stack: list[_Frame] = []
        self._count = 0
        self._root: object = None
        self._root_pos: Position = (1, 1)
        self._resolver = Resolver()
        self._constructor = SafeConstructor()
        self._text = ""
        self._may_hold_control = True
        self._control: list[ControlCharacter] = []

    def run(self, text: str) -> Document | None:
        self._text = text
        # A value holds a control character only if the file has one raw (a carriage
        # return just ends a line) or has an escape: most files have neither, and then
        # no value needs looking at.
        raw = text.replace("\r", "") if "\r" in text else text
        self._may_hold_control = "\\" in text or UNSAFE_CHARACTER.search(raw) is not None
        documents = 0
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, ScalarEvent):
                self._scalar(event)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                self._open(event)
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                self._close()
            elif isinstance(event, AliasEvent):
                self._alias(event)
            elif isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._abort(event, "a deck file holds one YAML document; remove the '---'")
        if documents == 0:
            return None
        return Document(self._root, self._root_pos, self._positions, tuple(self._control))

    # -- events --------------------------------------------------------------

    def _scalar(self, event: ScalarEvent) -> None:
        self._count += 1
        frame = self._stack[-1] if self._stack else None
        is_key = frame is not None and frame.key is _NO_KEY and isinstance(frame.value, dict)
        if self._may_hold_control and UNSAFE_CHARACTER.search(event.value):
            self._control_character(event, is_key)
        if frame is not None and is_key:
            # A mapping key: keep the text the author wrote, whatever it would resolve to.
            frame.key = _MERGE_KEY if self._tag(event) == _MERGE else event.value
            frame.key_pos = _pos(event)
            return
        self._place(self._convert(event), _pos(event), event.anchor)

    def _open(self, event: MappingStartEvent | SequenceStartEvent) -> None:
        self._count += 1
        if len(self._stack) >= MAX_DEPTH:
            self._abort(event, f"nested more than {MAX_DEPTH} levels deep")
        is_map = isinstance(event, MappingStartEvent)
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            what = "a mapping" if is_map else "a list"
            tag = _short(event.tag)
            self._issue(event, f"unsupported YAML tag '{tag}'; write {what} without it")
        container: dict[str, object] | list[object] = {} if is_map else []
        if event.anchor is not None:
            self._open_anchors.add(event.anchor)
        self._stack.append(_Frame(container, event.anchor, self._count, _pos(event)))

    def _close(self) -> None:
        frame = self._stack.pop()
        if frame.merges:
            self._apply_merges(frame)
        self._positions[id(frame.value)] = frame.positions
        if frame.anchor is not None:
            self._open_anchors.discard(frame.anchor)
            self._anchors[frame.anchor] = _Anchored(frame.value, self._count - frame.first + 1)
        self._place(frame.value, frame.start, None)

    def _alias(self, event: AliasEvent) -> None:
        name = str(event.anchor)
        shown = printable(name, newlines=False)
        if name in self._open_anchors:
            self._abort(event, f"alias '*{shown}' refers to a value that contains it")
        target = self._anchors.get(name)
        if target is None:
            self._abort(event, f"alias '*{shown}' names no anchor '&{shown}' defined before it")
        self._count += target.size
        if self._count > MAX_VALUES:
            self._abort(event, f"aliases expand this document past {MAX_VALUES:,} values")
        frame = self._stack[-1] if self._stack else None
        if frame is not None and frame.key is _NO_KEY and isinstance(frame.value, dict):
            if isinstance(target.value, dict | list):
                self._issue(event, "a key must be plain text, not a list or mapping")
                frame.key = _BAD_KEY
            else:
                frame.key = str(target.value)
            frame.key_pos = _pos(event)
            return
        self._place(target.value, _pos(event), None)

    def _control_character(self, event: ScalarEvent, is_key: bool) -> None:
        """Record a scalar holding a control character, at the character if the source shows it."""
        path: list[PathItem] = []
        for frame in self._stack:  # each open container names the next one (or the scalar)
            if isinstance(frame.value, list):
                path.append(len(frame.value))
            elif frame.key is not _NO_KEY:
                path.append(frame.key if isinstance(frame.key, str) else "<<")
        if is_key:
            path.append(event.value)
        start, end = event.start_mark, event.end_mark
        assert start is not None  # the parser marks every event
        assert end is not None
        line, column = start.line + 1, start.column + 1
        first = UNSAFE_CHARACTER.search(event.value)
        assert first is not None
        found = find_control_character(self._text, start.index, end.index, event.style)
        if found is not None and found[0] == first.group():
            offset = found[1]
            breaks = self._text.count("\n", start.index, offset)
            if breaks:
                line += breaks
                column = offset - self._text.rfind("\n", start.index, offset)
            else:
                column += offset - start.index
        self._control.append(ControlCharacter(tuple(path), is_key, first.group(), line, column))

    # -- building --------------------------------------------------------------

    def _place(self, value: object, pos: Position, anchor: str | None) -> None:
        """Put a finished value into the open container (or make it the root)."""
        if anchor is not None:
            self._anchors[anchor] = _Anchored(value, 1)
        if self._count > MAX_VALUES:
            line, column = pos
            raise _Abort(YamlIssue(line, column, f"the document holds over {MAX_VALUES:,} values"))
        if not self._stack:
            self._root, self._root_pos = value, pos
            return
        frame = self._stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
            frame.positions.append(pos)  # type: ignore[union-attr]
            return
        key = frame.key
        if key is _NO_KEY:  # a list or mapping used as a key
            self._issue_at(pos, "a key must be plain text, not a list or mapping")
            frame.key = _BAD_KEY
            frame.key_pos = pos
            return
        frame.key = _NO_KEY
        if key is _BAD_KEY:
            return
        if key is _MERGE_KEY:
            frame.merges.append((value, pos))
            return
        assert isinstance(key, str)
        positions = frame.positions
        assert isinstance(positions, dict)
        if key in positions:
            first = positions[key][0][0]
            shown = printable(key, newlines=False)
            self._issue_at(frame.key_pos, f"duplicate key '{shown}' (first given on line {first})")
        frame.value[key] = value
        positions[key] = (frame.key_pos, pos)

    def _apply_merges(self, frame: _Frame) -> None:
        """YAML merge keys (`<<: *base`): bring in entries the mapping does not set itself."""
        mapping = frame.value
        positions = frame.positions
        assert isinstance(mapping, dict)
        assert isinstance(positions, dict)
        for value, pos in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    self._issue_at(pos, "a merge key '<<' takes a mapping or a list of mappings")
                    continue
                source_positions = self._positions.get(id(source))
                assert isinstance(source_positions, dict)
                for key, item in source.items():
                    if key not in mapping:
                        mapping[key] = item
                        positions[key] = source_positions[key]

    def _convert(self, event: ScalarEvent) -> object:
        tag = self._tag(event)
        if tag in (_STR, _TIMESTAMP, _MERGE):
            # Dates stay text: no deck field is a date, and text is what an author typed.
            return event.value
        node = ScalarNode(tag, event.value)
        try:
            if tag == _INT:
                return self._constructor.construct_yaml_int(node)
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return self._constructor.construct_yaml_bool(node)
            if tag == _FLOAT:
                return self._constructor.construct_yaml_float(node)
        except (ConstructorError, ValueError):
            shown = printable(event.value, newlines=False)
            self._issue(event, f"'{shown}' is not a valid {tag.removeprefix(_TAG)}")
            return event.value
        self._issue(event, f"unsupported YAML tag '{_short(tag)}'; write the value as plain text")
        return event.value

    def _tag(self, event: ScalarEvent) -> str:
        if event.tag is None or event.tag == "!":
            resolved = self._resolver.resolve(  # type: ignore[no-untyped-call]
                ScalarNode, event.value, event.implicit
            )
            return str(resolved)
        return str(event.tag)

    # -- issues ----------------------------------------------------------------

    def _issue(self, event: yaml.Event, message: str) -> None:
        self._issue_at(_pos(event), message)

    def _issue_at(self, pos: Position, message: str) -> None:
        self.issues.append(YamlIssue(pos[0], pos[1], message))

    def _abort(self, event: yaml.Event, message: str) -> NoReturn:
        line, column = _pos(event)
        raise _Abort(YamlIssue(line, column, message))


def _pos(event: yaml.Event) -> Position:
    mark = event.start_mark
    assert mark is not None  # the parser marks every event
    return (mark.line + 1, mark.column + 1)


def _short(tag: str | None) -> str:
    tag = tag or "!"
    return printable("!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag, newlines=False)


def _syntax_issue(error: yaml.MarkedYAMLError, text: str) -> YamlIssue:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "invalid YAML"
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        return YamlIssue(line, column, "tab character: indent YAML with spaces, not tabs")
    if "maximum nesting depth" in problem:
        # Newer libyaml stops deep nesting itself, before our own limit is reached:
        # the instructor hears the same words either way.
        return YamlIssue(line, column, f"nested more than {MAX_DEPTH} levels deep")
    if (
        error.problem_mark is not None
        and problem.startswith(_INDENTATION_PROBLEMS)
        and "flow" not in (error.context or "")
        and (found := misindentation(text, line, column)) is not None
    ):
        return YamlIssue(found[0], found[1], printable(found[2], newlines=False))
    message = f"YAML syntax error: {problem}"
    if error.context and error.context_mark is not None:
        message += f" ({error.context} started on line {error.context_mark.line + 1})"
    elif error.context:
        message += f" ({error.context})"
    return YamlIssue(line, column, printable(message, newlines=False))


def _offset_position(text: str, offset: int) -> Position:
    """1-based line and column of a character offset into `text`."""
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return (text.count("\n", 0, offset) + 1, offset - line_start + 1)
