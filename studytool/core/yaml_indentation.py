"""A key or list item out of line, named in the author's terms.

libyaml reports a misindented key as "did not find expected '-' indicator", "did not
find expected key" or "mapping values are not allowed here", at the line at fault or
just after it. `misindentation` reads the lines up to that point the way YAML's block
structure does (which mappings and lists are open, at which indentation, under which
key) and says which key or item is out of line and how its siblings are indented. It
answers None whenever the text does not show that plainly, and the parser's own message
stands.

Pure core: text in, a position and a sentence out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from studytool.core.wording import plural

__all__ = ["misindentation"]

#: The farthest a key or item may be from its siblings for us to say which they are.
_REACH = 2

_BREAK = re.compile(r"\r\n|\r|\n")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*) *:(?= |$)")
#: A value that starts a block of text (`|`, `>-`, ...): the lines indented past its key are text.
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]* *(#.*)?$")
_QUOTED = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"")
_COMMENT = re.compile(r"(^| )#.*$")


@dataclass(frozen=True, slots=True)
class _Line:
    """A line that opens a key or a list item (0-based columns, 1-based number)."""

    number: int
    indent: int
    dash: bool  # a list item: `- ...`
    key: str | None  # the key it starts, after the dash on an item
    key_column: int  # where that key (or an item's content) starts
    colon: int  # the column of the key's colon, -1 without a key
    value: str  # what follows the colon (or the dash, without a key)


@dataclass(slots=True)
class _Level:
    """A mapping or list open at a column."""

    column: int
    is_list: bool
    owner: str | None  # the key it is the value of; an item's mapping: its list's key
    item: bool = False  # a mapping begun on a list item's line: `- key: ...`
    members: list[_Line] = field(default_factory=list)


def misindentation(text: str, line: int, column: int) -> tuple[int, int, str] | None:
    """(line, column, message) for a key or list item out of line, when a YAML syntax
    error at 1-based `line`/`column` of `text` is one; else None."""
    lines = _BREAK.split(text)
    if not 1 <= line <= len(lines):
        return None
    stack, previous, in_flow = _structure(lines[: line - 1])
    here = _parse(lines[line - 1], line)
    if in_flow or here is None or column - 1 not in (here.indent, here.colon):
        return None
    following = next(
        (
            parsed
            for number in range(line, len(lines))
            if (parsed := _parse(lines[number], number + 1))
        ),
        None,
    )
    if here.dash:
        return _item_out_of_line(stack, here) if column - 1 == here.indent else None
    if here.key is None:
        return None
    if (
        previous is not None
        and previous.key is not None
        and previous.value
        and not previous.dash
        and here.indent > previous.key_column
        and not here.key.islower()  # "Tip:", "Note:": words of the text, not a deck key
    ):
        return _key_or_text(previous, here)
    return _dash_out_of_line(stack, here, previous, following) or _key_out_of_line(
        stack, here, following
    )


def _key_or_text(previous: _Line, here: _Line) -> tuple[int, int, str]:
    """A capitalised `Word:` indented past a key whose text is on the line above: most
    likely more of that text with a ': ' in it, perhaps a key out of line. Both are
    said, with their fixes."""
    return (
        here.number,
        here.indent + 1,
        f"'{here.key}' is indented {_spaces(here.indent)}, past '{previous.key}' above it:"
        f" if it is a key, line it up with '{previous.key}' ({_spaces(previous.key_column)});"
        f" if it goes on with the text of '{previous.key}', put that text in quotes"
        " (': ' in plain text reads as a key)",
    )


def _parse(raw: str, number: int) -> _Line | None:
    """The line as a key or list item; None for blank lines, comments and anything else."""
    content = raw.lstrip(" ")
    indent = len(raw) - len(content)
    if not content or content.startswith(("#", "\t")):
        return None
    dash = content == "-" or content.startswith("- ")
    key_column = indent
    if dash:
        after = content[1:]
        content = after.lstrip(" ")
        key_column = indent + 1 + len(after) - len(content)
    match = _KEY.match(content)
    if match is None:
        return _Line(number, indent, True, None, key_column, -1, content) if dash else None
    colon = key_column + match.end() - 1
    value = content[match.end() :].strip(" ")
    return _Line(number, indent, dash, match.group(1), key_column, colon, value)


def _structure(lines: list[str]) -> tuple[list[_Level], _Line | None, bool]:
    """The mappings and lists open after `lines`, outermost first; the last key or item
    line; and whether the lines end inside a flow collection (`[...]`, `{...}`)."""
    stack: list[_Level] = []
    previous: _Line | None = None
    flow = 0
    text_past: int | None = None  # inside a block of text: lines indented past this
    for number, raw in enumerate(lines, start=1):
        if flow > 0:
            flow += _flow_balance(raw)
            continue
        if text_past is not None:
            if not raw.strip(" ") or len(raw) - len(raw.lstrip(" ")) > text_past:
                continue
            text_past = None
        parsed = _parse(raw, number)
        if parsed is None:
            continue
        _place(stack, parsed, previous)
        previous = parsed
        if _BLOCK_SCALAR.match(parsed.value):
            text_past = parsed.indent
        elif parsed.value.startswith(("[", "{")):
            flow = _flow_balance(parsed.value)
    return stack, previous, flow > 0


def _flow_balance(text: str) -> int:
    text = _COMMENT.sub("", _QUOTED.sub("", text))
    return sum(text.count(c) for c in "[{") - sum(text.count(c) for c in "]}")


def _place(stack: list[_Level], line: _Line, previous: _Line | None) -> None:
    """Open, continue or close levels for one line, as YAML's block structure would."""
    column = line.indent
    if line.dash:
        while stack and stack[-1].column > column:
            stack.pop()
        top = stack[-1] if stack else None
        opens_here = previous is not None and previous.key is not None and not previous.value
        if top is not None and top.is_list and top.column == column:
            top.members.append(line)
        elif top is not None and top.column == column and not opens_here:
            return  # a list item where a key belongs: nothing to learn from it
        else:
            stack.append(_Level(column, True, _last_key(stack), members=[line]))
        if line.key is not None:
            owner = stack[-1].owner
            stack.append(_Level(line.key_column, False, owner, item=True, members=[line]))
        return
    while stack and (
        stack[-1].column > column or (stack[-1].is_list and stack[-1].column >= column)
    ):
        stack.pop()
    if stack and stack[-1].column == column:
        stack[-1].members.append(line)
    else:
        stack.append(_Level(column, False, _last_key(stack), members=[line]))


def _last_key(stack: list[_Level]) -> str | None:
    if not stack or stack[-1].is_list:
        return None
    return stack[-1].members[-1].key


def _nearest(levels: list[_Level], column: int) -> list[_Level]:
    """The level nearest `column` within reach; both, when two are as near (the inner
    one first). Neither when something open is in line with `column`: then the fault is
    elsewhere."""
    if any(level.column == column for level in levels):
        return []
    near = [level for level in levels if abs(level.column - column) <= _REACH]
    if not near:
        return []
    best = min(abs(level.column - column) for level in near)
    return [level for level in reversed(near) if abs(level.column - column) == best]


def _key_out_of_line(
    stack: list[_Level], here: _Line, following: _Line | None
) -> tuple[int, int, str] | None:
    nearest = _nearest([level for level in stack if not level.is_list], here.indent)
    if not nearest:
        return None
    start = f"'{here.key}' {_indented(here.indent)}, but "
    if len(nearest) > 1:
        inner, outer = nearest
        message = (
            f"{start}the {_whose_keys(inner)} {_are_indented(inner.column)} and the "
            f"{_whose_keys(outer)} {_are_indented(outer.column)}; line it up with the ones it "
            "belongs with"
        )
        return here.number, here.indent + 1, message
    (level,) = nearest
    agreed = (
        following is not None
        and not following.dash
        and following.key is not None
        and following.indent == level.column
    )
    if len(level.members) > 1 or agreed:
        others = f"the other {_whose_keys(level)} {_are_indented(level.column)}"
        message = f"{start}{others}; line it up with them"
    else:
        (sibling,) = level.members
        after_dash = " (after its '-')" if sibling.dash else ""
        message = (
            f"{start}'{sibling.key}' on line {sibling.number} "
            f"{_indented(level.column)}{after_dash}; line them up"
        )
    return here.number, here.indent + 1, message


def _dash_out_of_line(
    stack: list[_Level], here: _Line, previous: _Line | None, following: _Line | None
) -> tuple[int, int, str] | None:
    """The first key after a list item's `- key:` line, and the keys after it, agree on
    an indentation that the item's first key misses: its `-` is out of line."""
    if not stack or previous is None:
        return None
    level = stack[-1]
    if not level.item or level.members != [previous] or here.indent < previous.indent:
        return None
    if following is None or following.dash or following.indent != here.indent:
        return None
    if here.indent == level.column or abs(here.indent - level.column) > _REACH:
        return None
    dash_at = here.indent - (previous.key_column - previous.indent)
    if dash_at < 0:
        return None
    message = (
        f"{_this_item(level.owner)}'s '-' {_indented(previous.indent)}, which puts "
        f"'{previous.key}' at {previous.key_column}, but its other keys are indented "
        f"{here.indent}; indent the '-' {_spaces(dash_at)}"
    )
    return previous.number, previous.indent + 1, message


def _item_out_of_line(stack: list[_Level], here: _Line) -> tuple[int, int, str] | None:
    nearest = _nearest([level for level in stack if level.is_list], here.indent)
    if not nearest:
        return None
    which = (
        f"item of '{nearest[0].owner}'" if len(nearest) == 1 and nearest[0].owner else "list item"
    )
    start = f"this {which} {_indented(here.indent)}, but "
    if len(nearest) > 1:
        inner, outer = nearest
        message = (
            f"{start}the {_whose_items(inner)} {_are_indented(inner.column)} and the "
            f"{_whose_items(outer)} {_are_indented(outer.column)}; line its '-' up with the "
            "ones it belongs with"
        )
    elif len(nearest[0].members) > 1:
        level = nearest[0]
        message = f"{start}the others {_are_indented(level.column)}; line its '-' up with theirs"
    else:
        level = nearest[0]
        (sibling,) = level.members
        message = f"{start}the one on line {sibling.number} {_indented(level.column)}; line them up"
    return here.number, here.indent + 1, message


def _whose_items(level: _Level) -> str:
    return f"items of '{level.owner}'" if level.owner else "items of this list"


def _whose_keys(level: _Level) -> str:
    if level.item:
        return f"keys of {_this_item(level.owner)}"
    if level.owner is None:
        return "top-level keys"
    return f"keys under '{level.owner}'"


def _this_item(owner: str | None) -> str:
    """`this muscle` for an item of `muscles`."""
    if owner is None:
        return "this list item"
    if len(owner) > 1 and owner.endswith("s") and not owner.endswith("ss"):
        return f"this {owner[:-1]}"
    return f"this item of '{owner}'"


def _spaces(count: int) -> str:
    return plural(count, "space")


def _indented(count: int) -> str:
    return f"is indented {_spaces(count)}" if count else "is not indented"


def _are_indented(count: int) -> str:
    return f"are indented {count}" if count else "are not indented"
