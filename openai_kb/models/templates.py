"""How a record model words and draws itself: a small template language, and the declarations that use it.

Each record model declares beside its fields how it reads and draws (``Record`` documents the class
variables): its one-line label, its node's caption, its edges (each a ``Link``), and which of its
texts also find another record (``Titles``). The declarations are checked against the model's
fields when its class is declared, so a misspelt field fails at once, naming the model, the
declaration and the field.

A template is text with fields in braces, as ``str.format`` writes them, and optional parts in
square brackets: ``"{company} funding round[ of {amount}]"``,
``"{organization}: {lead:lead investor|investor|investor} in {round}"``,
``"funding round[ {amount}][ / {amount.text}][, {date}]"``.

- A field names a field of the model, then any ``.field`` of a model inside it (``amount.text``) or
  ``[index]`` of a tuple (``organizations[0]``). Its value shows as: a reference, the name of the
  record it points at; an amount (``Money``, ``Quantity``), in words (``US$6.6 billion``); a tuple,
  its items shown so and joined with ``", "``; ``None``, nothing; anything else, as ``str()`` gives it.
- After a colon, a spec says how it shows instead: ``{flag:yes|no}`` one of two texts by a flag
  (either may be empty; a flag shows only so), and nothing when the flag is ``None`` (the source does
  not say), or ``{flag:yes|no|unsaid}`` the third text then; ``{basis:hyphens}`` or
  ``{progress:spaces}`` with its underscores as hyphens or spaces; ``{organizations:join= and }`` a
  tuple joined with the text after ``=``; ``{names:first=zh}`` the first of a tuple of names in a
  language starting so, or nothing when it repeats the record's own name (``name`` for ``names``,
  ``title`` for ``title_names``); ``{assertion:hide=stated}`` nothing when the value is ``stated``.
- An optional part ``[...]`` vanishes when all its fields show nothing; otherwise the fields that
  show nothing are left out, each shown field after the first keeping the text just before it:
  ``"competes with[ ({primary:main|}, {barred_by_exclusivity:barred by exclusivity|})]"`` reads
  ``competes with (main)`` or ``competes with``. Optional parts do not nest.
- ``{{``, ``}}``, ``[[`` and ``]]`` are literal braces and brackets.
"""

from __future__ import annotations

import itertools
import re
import string
import types
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

__all__ = ["LINES", "SHAPES", "Link", "Show", "Template", "Titles", "bare", "check_declarations", "template", "unsaid"]

Show = Callable[[object, bool], str]
"""Shows one value as text; the flag says whether it is a reference (an id to show by name)."""

SHAPES = ("box", "rounded", "hexagon", "stadium", "subroutine")
"""The shapes a node may take (as Mermaid names them); Graphviz draws them as box, ellipse, hexagon,
parallelogram and component."""
LINES = ("plain", "thick", "dashed", "dotted", "both")
"""The lines an edge may take: ``both`` has an arrow at each end."""

SpecKind = Literal["", "choice", "hyphens", "spaces", "join", "first", "hide"]
_SPECS = "specs: yes|no or yes|no|unsaid (a flag), hyphens, spaces, join=TEXT, first=LANGUAGE, hide=VALUE"
_PLAIN_SPECS: dict[str, SpecKind] = {"": "", "hyphens": "hyphens", "spaces": "spaces"}
_SPECS_WITH_ARGUMENT: dict[str, SpecKind] = {"join": "join", "first": "first", "hide": "hide"}
_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*")
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")
_LINK_END = re.compile(r"(?P<field>[A-Za-z_]\w*)(?:\[(?P<index>\d+)(?P<rest>:)?\])?")


@dataclass(frozen=True, slots=True)
class _Field:
    path: str  # as written: "amount.text", "organizations[0]"
    name: str  # the model's field it starts from
    spec: str  # as written: "", "lead investor|investor", "hyphens", "join= and "...
    kind: SpecKind
    argument: str  # of join=, first= or hide=
    direct: bool  # the field's own value or an item of it, not a field inside it: a reference shows by name

    @classmethod
    def of(cls, path: str, spec: str) -> _Field:
        """The field at ``path`` shown as ``spec`` says; a ValueError for a spec that is none."""
        name = re.split(r"[.\[]", path, maxsplit=1)[0]
        direct = "." not in path
        word, equals, argument = spec.partition("=")
        if spec in _PLAIN_SPECS:
            return cls(path, name, spec, _PLAIN_SPECS[spec], "", direct)
        if equals and word in _SPECS_WITH_ARGUMENT:
            return cls(path, name, spec, _SPECS_WITH_ARGUMENT[word], argument, direct)
        if spec.count("|") in (1, 2):
            return cls(path, name, spec, "choice", "", direct)
        if "|" in spec:
            raise ValueError(
                f"{{{path}:{spec}}} chooses between two texts, or three: write yes|no, or yes|no|unsaid "
                "for a flag that may be None (not stated)"
            )
        raise ValueError(f"{{{path}:{spec}}} has an unknown spec; {_SPECS}")


@dataclass(frozen=True, slots=True)
class _Optional:
    literals: tuple[str, ...]  # one more than the fields: before the first, between them, after the last
    fields: tuple[_Field, ...]


class _Formatter(string.Formatter):
    """``str.format``'s parser and field lookup, reading fields from one object and refusing conversions."""

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        return getattr(args[0], str(key))

    def value_of(self, field: _Field, obj: object) -> object:
        """The value at the field's path in ``obj``; None where the path runs through a missing value or item."""
        if field.path == field.name:  # most fields: no need to parse the path again
            return getattr(obj, field.name, None)
        try:
            return self.get_field(field.path, (obj,), {})[0]
        except (AttributeError, IndexError, TypeError):
            return None


_FORMATTER = _Formatter()


class Template:
    """A parsed template (see the module): ``template(text).render(record, show, references)``."""

    __slots__ = ("_items", "_only", "text")

    def __init__(self, text: str) -> None:
        """Parse ``text``; a ValueError says what is wrong with it."""
        self.text = text
        self._items = tuple(_parse(text))
        only = self._items[0] if len(self._items) == 1 else None  # "{name}": a label read often
        self._only = only.name if isinstance(only, _Field) and only.path == only.name and not only.spec else None

    def __repr__(self) -> str:
        return f"Template({self.text!r})"

    @property
    def fields(self) -> tuple[_Field, ...]:
        """Every field the template names, in order."""
        return tuple(field for item in self._items for field in _fields_of(item))

    def render(self, obj: object, show: Show, references: Collection[str] = ()) -> str:
        """The text of the template for ``obj``; ``references`` names its fields that hold ids."""
        if self._only is not None and self._only not in references:
            value = getattr(obj, self._only, None)
            if type(value) is str:
                return value
        parts: list[str] = []
        for item in self._items:
            if isinstance(item, str):
                parts.append(item)
            elif isinstance(item, _Field):
                parts.append(_shown(item, obj, show, references))
            else:
                parts.append(_optional(item, obj, show, references))
        return "".join(parts)

    def variants(self, optional: Collection[str] = ()) -> tuple[str, ...]:
        """Every text a template of flags only can give, the first flag's true text first; the flags
        named in ``optional`` may also be None (``unsaid(model)`` names them)."""
        names = list(dict.fromkeys(field.name for field in self.fields))
        choices = [(True, False, None) if name in optional else (True, False) for name in names]
        found = (
            self.render(types.SimpleNamespace(**dict(zip(names, flags, strict=True))), _plain)
            for flags in itertools.product(*choices)
        )
        return tuple(dict.fromkeys(found))


@cache
def template(text: str) -> Template:
    """The parsed template of ``text`` (parsed once)."""
    return Template(text)


def _plain(value: object, reference: bool) -> str:
    return str(value)


def _parse(text: str) -> Iterator[str | _Field | _Optional]:
    """The literal texts, fields and optional parts of a template, in order."""
    inside: list[str] | None = None  # the text of an open optional part
    plain: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        double = text[index : index + 2] in ("[[", "]]", "{{", "}}")
        if char == "{" and not double:
            end = text.find("}", index)
            if end < 0:
                raise ValueError(f"the field opened at position {index} has no closing brace")
            (inside if inside is not None else plain).append(text[index : end + 1])
            index = end + 1
            continue
        if char in "[]" and double:
            (inside if inside is not None else plain).append(char)
        elif char == "[":
            if inside is not None:
                raise ValueError(f"optional parts do not nest: '[' at position {index} is inside another")
            yield from _segment("".join(plain))
            plain, inside = [], []
        elif char == "]":
            if inside is None:
                raise ValueError(f"']' at position {index} closes no optional part; write ']]' for a bracket")
            yield _optional_part("".join(inside))
            inside = None
        else:
            (inside if inside is not None else plain).append(text[index : index + 2] if double else char)
        index += 2 if double else 1
    if inside is not None:
        raise ValueError("an optional part is not closed: add ']'")
    yield from _segment("".join(plain))


def _segment(text: str) -> Iterator[str | _Field]:
    """The literal texts and fields of text without optional parts."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as error:
        raise ValueError(f"{error} (write '{{{{' or '}}}}' for a brace)") from None
    for literal, path, spec, conversion in parsed:
        if literal:
            yield literal
        if path is None:
            continue
        if conversion is not None:
            raise ValueError(f"{{{path}!{conversion}}}: a field takes no conversion; a spec follows a colon")
        if not _PATH.fullmatch(path):
            raise ValueError(f"{{{path}}} is no field: a field is a name, then any .name or [index]")
        if "{" in (spec or ""):
            raise ValueError(f"{{{path}:{spec}}}: a spec holds no field")
        yield _Field.of(path, spec or "")


def _optional_part(text: str) -> _Optional:
    literals, fields = [""], []
    for item in _segment(text):
        if isinstance(item, _Field):
            fields.append(item)
            literals.append("")
        else:
            literals[-1] += item
    if not fields:
        raise ValueError(f"the optional part [{text}] holds no field, so nothing could make it vanish")
    return _Optional(tuple(literals), tuple(fields))


def _fields_of(item: str | _Field | _Optional) -> tuple[_Field, ...]:
    if isinstance(item, str):
        return ()
    return (item,) if isinstance(item, _Field) else item.fields


def _optional(part: _Optional, obj: object, show: Show, references: Collection[str]) -> str:
    shown = [_shown(field, obj, show, references) for field in part.fields]
    kept = [index for index, text in enumerate(shown) if text]
    if not kept:
        return ""
    middle = "".join(part.literals[index] + shown[index] for index in kept[1:])
    return part.literals[0] + shown[kept[0]] + middle + part.literals[-1]


def _shown(field: _Field, obj: object, show: Show, references: Collection[str]) -> str:
    value = _FORMATTER.value_of(field, obj)
    kind = field.kind
    if kind == "choice":
        texts = field.spec.split("|")
        if value is None:  # not stated: the third text, or nothing
            return texts[2] if len(texts) == 3 else ""
        return texts[0] if value else texts[1]
    if kind == "first":
        return _first_name(field, obj, value)
    if value is None or (kind == "hide" and str(value) == field.argument):
        return ""
    reference = field.direct and field.name in references
    if isinstance(value, tuple):
        separator = field.argument if kind == "join" else ", "
        text = separator.join(show(item, reference) for item in value)
    else:
        text = show(value, reference)
    if kind == "hyphens":
        return text.replace("_", "-")
    return text.replace("_", " ") if kind == "spaces" else text


def _first_name(field: _Field, obj: object, names: Any) -> str:
    """The first of ``names`` in the field's language (a prefix: ``zh``), unless it repeats the record's own name."""
    own = getattr(obj, "name" if field.name == "names" else field.name.removesuffix("_names"), None)
    found = next((name.text for name in names or () if name.language.startswith(field.argument)), None)
    return "" if found is None or found == own else str(found)


# -- declarations -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """An edge a record draws: from the record(s) at ``source`` to those at ``target``.

    ``source`` and ``target`` name a field holding a reference or a tuple of them (one edge per
    item; ``organizations[0]`` its first item, ``organizations[1:]`` the rest), or ``"id"``: the
    record itself (for a clause, the record holding it). ``relation`` names the kind of edge, and may
    choose by a flag (``"{lead:led|participated}"``); ``label`` is a template; ``line`` one of
    ``LINES``, or chosen by a flag. A ``fallback`` edge is drawn only when no other record draws an
    edge from the same source to the same target (a round's investors that have no investment record).
    """

    source: str
    target: str
    relation: str
    label: str
    line: str = "plain"
    fallback: bool = False

    def ends(self, owner: str, obj: object) -> Iterator[tuple[str, str]]:
        """Each (source id, target id) the link draws for ``obj``, held by the record ``owner``."""
        for source in _ids_at(self.source, owner, obj):
            for target in _ids_at(self.target, owner, obj):
                yield source, target


def _ids_at(end: str, owner: str, obj: object) -> tuple[str, ...]:
    if end == "id":
        return (owner,)
    match = _LINK_END.fullmatch(end)
    if match is None:
        return ()
    value = getattr(obj, match["field"], None)
    ids = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, tuple) else ()
    if match["index"] is None:
        return ids
    start = int(match["index"])
    return ids[start:] if match["rest"] else ids[start : start + 1]


@dataclass(frozen=True, slots=True)
class Titles:
    """Texts of a record that are search keys of it and of the record at ``of`` (a departure's title finds the person).

    ``texts`` lists the fields and the language of each: ``("title", "en")``; a tuple of names
    carries its own (``("title_names", None)``). ``at`` names a reference whose record's English and
    first Chinese names each title is also found after (``"OpenAI CTO"``, ``"OpenAI的首席技术官"``).
    """

    texts: tuple[tuple[str, str | None], ...]
    of: str
    at: str | None = None


_TEMPLATES = ("label_template", "graph_caption")
_FIELD_LISTS = ("jsonld_predicates", "english_fields")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}|[a-z]+")  # what a Mermaid style takes, and nothing that ends it


def check_declarations(model: type[BaseModel]) -> None:
    """Raise a TypeError naming the model, the declaration and the field when a declaration does not fit it."""
    fields = model.model_fields
    for attribute in _TEMPLATES:
        text = getattr(model, attribute, None)
        if text is not None:
            _check_template(model, f"{model.__name__}.{attribute}", text)
    for index, link in enumerate(getattr(model, "graph_links", ())):
        where = f"{model.__name__}.graph_links[{index}]"
        for end in (link.source, link.target):
            match = _LINK_END.fullmatch(end)
            if end != "id" and (match is None or match["field"] not in fields):
                raise TypeError(
                    f"{where} draws from or to {end!r}, which is neither 'id' nor a field of {model.__name__} "
                    f"(with [0] or [1:] after it); its fields are {', '.join(fields)}"
                )
        _check_template(model, f"{where}.label", link.label)
        _check_choice(model, f"{where}.relation", link.relation, None)
        _check_choice(model, f"{where}.line", link.line, LINES)
    colours = getattr(model, "graph_colours", None)
    if colours is not None and not (
        isinstance(colours, tuple) and len(colours) == 2 and all(map(_COLOUR.fullmatch, colours))
    ):
        raise TypeError(
            f"{model.__name__}.graph_colours {colours!r} is not a fill and a stroke colour, "
            "each a hex code or a colour name: ('#e8f0fe', '#4a6fa5')"
        )
    shape = getattr(model, "graph_shape", "box")
    if shape not in SHAPES:
        raise TypeError(f"{model.__name__}.graph_shape {shape!r} is not a shape: {', '.join(SHAPES)}")
    named = [(attribute, name) for attribute in _FIELD_LISTS for name in getattr(model, attribute, ())]
    named += [
        (f"jsonld_extra[{key!r}]", name) for key, names in getattr(model, "jsonld_extra", {}).items() for name in names
    ]
    titles = getattr(model, "search_titles", None)
    if titles is not None:
        ends = [name for name in (titles.of, titles.at) if name is not None]
        named += [("search_titles", name) for name in (*ends, *(text for text, _ in titles.texts))]
    named += [("topic_fields", name) for name in getattr(model, "topic_fields", {})]
    for attribute, name in named:
        if name not in fields:
            raise TypeError(f"{model.__name__}.{attribute} names {_field_of(model, name)}")


def _field_of(model: type[BaseModel], name: str) -> str:
    return f"{name!r}, which is not a field of {model.__name__}; its fields are {', '.join(model.model_fields)}"


def _check_template(model: type[BaseModel], where: str, text: str) -> Template:
    """The parsed template, once every field it names is one of ``model``'s and its spec fits its type."""
    where = f"{where} {text!r}"
    try:
        parsed = template(text)
    except ValueError as error:
        raise TypeError(f"{where}: {error}") from None
    for field in parsed.fields:
        annotation = _annotation_at(model, field, where)
        shown = f"{{{field.path}:{field.spec}}}"
        if annotation is bool and field.kind != "choice":
            raise TypeError(
                f"{where}: the flag {field.path!r} shows as words: write {{{field.path}:text if true|text if false}}"
            )
        if field.kind == "choice" and annotation not in (bool, _UNKNOWN):
            raise TypeError(f"{where}: {shown} chooses by a flag, but {field.path!r} is not a flag")
        if field.kind in ("join", "first") and annotation is not _UNKNOWN and get_origin(annotation) is not tuple:
            raise TypeError(f"{where}: {shown} takes a tuple, but {field.path!r} is not one")
    return parsed


def _check_choice(model: type[BaseModel], where: str, text: str, allowed: tuple[str, ...] | None) -> None:
    """A relation or a line: a word, or words chosen by the record's flags (and for a line, one of ``allowed``)."""
    parsed = _check_template(model, where, text)
    if any(field.kind != "choice" or not field.direct for field in parsed.fields):
        raise TypeError(f"{where} {text!r}: it is a word, or words chosen by flags, as {{lead:led|participated}}")
    optional = unsaid(model)
    if "" in parsed.variants(optional) and "" not in parsed.variants():
        flags = ", ".join(repr(f.name) for f in parsed.fields if f.name in optional)
        raise TypeError(
            f"{where} {text!r} gives no text when {flags} is None (not stated): give a third text for it, "
            "as {lead:led|participated|invested}"
        )
    wrong = [variant for variant in parsed.variants(optional) if allowed is not None and variant not in allowed]
    if wrong:
        raise TypeError(f"{where} {text!r}: {wrong[0]!r} is not a line; lines: {', '.join(allowed or ())}")


def unsaid(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that may be None: a flag among them may be unsaid, which a template words too."""
    return frozenset(name for name, info in model.model_fields.items() if _admits_none(info.annotation))


def _admits_none(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return _admits_none(get_args(annotation)[0])
    union = get_origin(annotation) in (Union, types.UnionType)
    return annotation in (None, type(None)) or (union and any(map(_admits_none, get_args(annotation))))


class _Unknown:
    """An annotation that cannot be read (a forward reference): the checks that need it are skipped."""


_UNKNOWN: Any = _Unknown


def _annotation_at(model: type[BaseModel], field: _Field, where: str) -> Any:
    """The bare annotation of the value at ``field.path`` in ``model``; a TypeError when there is none."""
    if field.name not in model.model_fields:
        raise TypeError(f"{where} names {_field_of(model, field.name)}")
    annotation = bare(model.model_fields[field.name].annotation)
    for attribute, index in _STEP.findall(field.path[len(field.name) :]):
        if annotation is _UNKNOWN:
            return _UNKNOWN
        if attribute and isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if attribute not in annotation.model_fields:
                raise TypeError(f"{where}: {field.path!r} names {_field_of(annotation, attribute)}")
            annotation = bare(annotation.model_fields[attribute].annotation)
        elif index and get_origin(annotation) is tuple:
            annotation = bare(get_args(annotation)[0])
        else:
            step, has = (f".{attribute}", "fields") if attribute else (f"[{index}]", "items")
            raise TypeError(f"{where}: {field.path!r} reads {step} of a value that has no {has}")
    return annotation


def bare(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``... | None``; ``_UNKNOWN`` for one not yet resolved."""
    while True:
        if annotation is None or isinstance(annotation, str) or type(annotation).__name__ == "ForwardRef":
            return _UNKNOWN
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        args = get_args(annotation)
        if get_origin(annotation) in (Union, types.UnionType) and type(None) in args:
            rest = [arg for arg in args if arg is not type(None)]
            if len(rest) == 1:
                annotation = rest[0]
                continue
        if get_origin(annotation) is Literal:
            return str if all(isinstance(arg, str) for arg in get_args(annotation)) else _UNKNOWN
        return annotation
