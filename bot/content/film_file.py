"""Read one content file: YAML with line numbers, validated completely, every problem reported.

A file with any problem yields no film at all, so nothing of it can be half-loaded.
"""

from __future__ import annotations

import asyncio
import difflib
import functools
import hashlib
import json
import logging
import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from bot.content.schema import FilmDoc, consistency_problems
from bot.pydantic_errors import describe, error_location
from bot.yaml_lines import ParsedYaml, PathKey, YamlSyntaxError, format_path, parse_yaml

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024
MAX_FILE_SIZE = f"{MAX_FILE_BYTES // 2**20} MiB"
"""``MAX_FILE_BYTES`` as people read it."""


def too_large(size: int) -> str:
    """The refusal of a content file of ``size`` bytes: a film is one file, so it is shortened,
    never split (a second file naming the film is another version of it)."""
    return (
        f"is {size:,} bytes, larger than {MAX_FILE_SIZE} ({MAX_FILE_BYTES:,} bytes), the most a"
        " content file may be: shorten its longest texts (a film's content is all in its one"
        " file)"
    )


UNKNOWN = "is not a known field (check its spelling against the content format)"
PARSE_BUDGET_SECONDS = 10.0
"""How long the running bot waits for one file to be parsed and validated in a worker thread.
A 1 MiB file takes well under a second; the budget only stops a stall from becoming an outage."""

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, located for a person to fix."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(Exception):
    """A content file (or article) could not be read; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        # In the order an author reads the file: a problem of the whole file first, then by line.
        self.problems = sorted(problems, key=lambda p: (p.line is not None, p.line or 0))
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class FilmFile:
    """A validated film with where it came from and the hash that makes reloading idempotent."""

    doc: FilmDoc
    origin: str
    content_hash: str


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_HALF_SURROGATE = re.compile("[\ud800-\udfff]")


def path_name(path: Path | str) -> str:
    """A file's path as text every database stores and every terminal prints.

    A name saved in another encoding (Latin-1's ``café.yaml`` from an old archive) reaches
    Python with each byte that is not UTF-8 as half of a UTF-16 pair, which neither database
    nor a UTF-8 terminal takes: such a byte is written out (``caf\\xe9.yaml``), the same way at
    every load, so the stored film is still known by its file.
    """
    text = str(path)
    if not _HALF_SURROGATE.search(text):
        return text
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a half pair that is no byte of a name (not from a listing)
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def read_film_file(path: Path, *, display_name: str | None = None) -> FilmFile:
    """Read and validate ``path``; raise ContentError naming every problem."""
    name = display_name or path_name(path)
    return parse_film_bytes(read_content_bytes(path, name), name)


def read_content_bytes(path: Path, name: str) -> bytes:
    """The bytes of a content file, as ``content_hash`` hashes them; ContentError if unreadable."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # a huge file is never read whole
            size = os.fstat(file.fileno()).st_size if len(data) > MAX_FILE_BYTES else 0
    except OSError as exc:
        raise ContentError([Problem(name, None, "", f"cannot be read: {exc.strerror}")]) from exc
    if len(data) > MAX_FILE_BYTES:
        raise ContentError([Problem(name, None, "", too_large(max(size, len(data))))])
    return data


async def read_film_file_off_loop(path: Path, *, budget: float | None = None) -> FilmFile:
    """``read_film_file`` in a worker thread under ``budget``: the event loop keeps serving."""
    return await off_loop(read_film_file, path, name=path_name(path), budget=budget)


async def off_loop(
    parse: Callable[..., T], *args: Any, name: str, budget: float | None = None
) -> T:
    """``parse(*args)`` in a worker thread, so a large or hostile file cannot stall every
    server; past ``budget`` seconds (default ``PARSE_BUDGET_SECONDS``) it is given up as a
    ContentError naming ``name``.

    A thread cannot be stopped, so the abandoned parse runs on; the limits of ``parse_yaml`` and
    ``MAX_FILE_BYTES`` keep its work bounded.
    """
    budget = PARSE_BUDGET_SECONDS if budget is None else budget
    try:
        return await asyncio.wait_for(asyncio.to_thread(parse, *args), budget)
    except TimeoutError:
        raise ContentError(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"took longer than {budget:g} s to read, so it was skipped:"
                    " make it smaller or simpler",
                )
            ]
        ) from None


SAVE_AS_UTF8 = "save it as UTF-8 (in the editor's Save As, Encoding: UTF-8) and try again"
_WIDE_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_CONTENT_KEYS = re.compile(r"^(title|sections)[ \t]*:", re.MULTILINE)
_JSON_KEYS = re.compile(r'"(title|sections)"\s*:')


def wide_encoding(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" for text saved so (Windows editors' "Unicode", with its byte-order
    mark, or without one, every other byte of its letters zero), else None."""
    for mark, encoding in _WIDE_MARKS:
        if data.startswith(mark):
            return encoding
    head = data[:200]
    if len(head) >= 8 and (head[1::2].count(0) == len(head[1::2]) or not any(head[0::2])):
        return "UTF-16"
    return None


def looks_like_content_file(data: bytes) -> bool:
    """Whether ``data``, whatever its file's name, is a content file: its ``title:`` and
    ``sections:`` start lines of their own (Notepad saves one as .txt; an article's text has
    neither at a line's start, and a page's front matter no sections), or it is written as
    JSON, which is YAML, with both keys at its top (a CMS's JSON article has no sections)."""
    text = data[:MAX_FILE_BYTES].decode("utf-8", errors="replace").removeprefix("\ufeff")
    if {match.group(1) for match in _CONTENT_KEYS.finditer(text)} == {"title", "sections"}:
        return True
    if not text.lstrip().startswith("{"):
        return False
    try:
        top = json.loads(text)
    except ValueError:
        # A content file with a JSON mistake is told it on its line, as YAML: not "no title".
        return {match.group(1) for match in _JSON_KEYS.finditer(text)} == {"title", "sections"}
    return isinstance(top, dict) and {"title", "sections"} <= top.keys()


EMPTY_FILE = (
    "is empty: a content file holds one film, with at least title:, year: and sections: (each"
    " with its kind: and body:); data/films/la-la-land.yaml shows every field"
)


def parse_film_bytes(data: bytes, name: str) -> FilmFile:
    """Validate raw file bytes (a file on disk or a Discord attachment) as one film.

    Every failure is a ContentError: a Python error that escaped the checks is reported as a
    problem with this file (and logged), never passed on to stop a load or a command.
    """
    try:
        return _parse_film_bytes(data, name)
    except (RecursionError, ValueError, TypeError, OverflowError) as exc:
        # Where in the code, never the file's name nor the error's text: an upload's name is a
        # member's (an explainer saved from the web is named by its headline, often the twist)
        # and an error may quote the file. Who loaded it reads the problem, with its name.
        log.error(
            "a content file: unexpected %s while reading it, at\n%s",
            type(exc).__name__,
            "".join(traceback.format_tb(exc.__traceback__)).rstrip(),
        )
        raise ContentError(
            [Problem(name, None, "", f"could not be read ({type(exc).__name__}); fix or remove it")]
        ) from None


def _parse_film_bytes(data: bytes, name: str) -> FilmFile:
    if len(data) > MAX_FILE_BYTES:
        raise ContentError([Problem(name, None, "", too_large(len(data)))])
    if (wide := wide_encoding(data)) is not None:
        raise ContentError([Problem(name, None, "", f"is {wide} text: {SAVE_AS_UTF8}")])
    if b"\x00" in data:
        raise ContentError([Problem(name, None, "", "is binary, not a YAML text file")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The line, not the byte offset: an editor shows lines.
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            [
                Problem(
                    name,
                    line,
                    "",
                    "is not UTF-8 text: a character on this line is saved in another encoding"
                    f" (Windows-1252 or Latin-1, most often); {SAVE_AS_UTF8}",
                )
            ]
        ) from exc
    try:
        parsed = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise ContentError(
            [Problem(name, exc.line, "", f"is not valid YAML: {exc.problem}")]
        ) from None
    if parsed.data is None:
        raise ContentError([Problem(name, None, "", EMPTY_FILE)])
    twice = [
        Problem(name, line, format_path(path), "appears twice")
        if _may_name_key(path)
        else Problem(name, line, format_path(path[:-1]), _unnamed_key(path, twice=True))
        for path, line in parsed.duplicate_keys
    ]
    try:
        doc = validate_film(parsed.data, name, parsed)
    except ContentError as exc:
        if not twice:
            raise
        # Told together, in the file's order: the file's other mistakes are not kept back
        # until the key given twice is fixed (the value read is the one given last).
        found = sorted([*twice, *exc.problems], key=lambda problem: problem.line or 0)
        raise ContentError(found) from None
    if twice:
        raise ContentError(twice)
    return FilmFile(doc=doc, origin=name, content_hash=content_hash(data))


def validate_film(raw: Any, name: str, parsed: ParsedYaml | None = None) -> FilmDoc:
    """Validate already-parsed data as a film; ``parsed`` supplies line numbers when known."""
    lines = parsed or ParsedYaml(raw)
    if not isinstance(raw, dict):
        raise ContentError([Problem(name, 1, "", "must be a mapping of fields (title:, year:, …)")])
    try:
        doc = FilmDoc.model_validate(raw)
    except ValidationError as exc:
        errors = _one_per_misspelling(exc.errors())
        found = [_problem_from_pydantic(error, name, lines) for error in errors]
        # The checks across fields run on what did validate, so a file's problems come in one
        # pass: a duplicate source id was told only once every field was right.
        cross = consistency_problems(_what_validates(FilmDoc, raw))
        if any(error["loc"][:1] == ("sources",) and len(error["loc"]) <= 2 for error in errors):
            # The sources did not read as a list of sources: every citation would be told it
            # cites nothing, though the fix is the list's alone.
            cross = [(p, m) for p, m in cross if not m.startswith("cites [^")]
        found += [Problem(name, _line_for_dotted(p, lines), p, m) for p, m in cross]
        raise ContentError(found) from None
    cross = consistency_problems(doc)
    if cross:
        raise ContentError([Problem(name, _line_for_dotted(p, lines), p, m) for p, m in cross])
    return doc


def _one_per_misspelling(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """The errors without a required field's "is required" where an unknown field beside it
    is that field misspelt (``Title:``, ``yaer:``): its own line already asks "did you mean
    title:?", and two problems for one mistake led authors to add the field twice."""
    unknown = {
        (tuple(error["loc"][:-1]), str(error["loc"][-1]))
        for error in errors
        if error["type"] == "extra_forbidden" and error["loc"]
    }

    def misspelt(error: ErrorDetails) -> bool:
        if error["type"] != "missing" or not error["loc"]:
            return False
        where, field = tuple(error["loc"][:-1]), str(error["loc"][-1])
        return any(
            place == where and difflib.get_close_matches(key, [field], n=1, cutoff=0.7)
            for place, key in unknown
        )

    return [error for error in errors if not misspelt(error)]


M = TypeVar("M", bound=BaseModel)


def _what_validates(model: type[M], raw: object) -> M:
    """``raw`` as ``model`` with each field that does not validate on its own left None (a
    list of models entry by entry, so paths keep their indexes): what the checks across fields
    can still read in a file with mistakes, never inventing a value they would object to."""
    fields = raw if isinstance(raw, dict) else {}
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = fields.get(name)
        inner = _model_in(info.annotation)
        listed = get_origin(info.annotation) is list
        if inner is not None and isinstance(value, list):
            values[name] = [_what_validates(inner, entry) for entry in value]
        elif listed and not isinstance(value, list):
            # A list written as one mapping ("- " left out): wrong, and told on its own.
            values[name] = []
        elif inner is not None and isinstance(value, dict):
            values[name] = _what_validates(inner, value)
        else:
            try:
                values[name] = _field_adapter(model, name).validate_python(value)
            except ValidationError:
                # Left out or wrong: read as nothing (a list as empty), which nothing objects to.
                values[name] = [] if get_origin(info.annotation) is list else None
    return model.model_construct(**values)


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    # The field's own constraints (ge=, max_length=) are its metadata, not its annotation.
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def _problem_from_pydantic(error: ErrorDetails, name: str, lines: ParsedYaml) -> Problem:
    loc: PathKey = error_location(error)
    if error["type"] == "extra_forbidden" and not _may_name_key(loc):
        return Problem(name, lines.line_of(loc), format_path(loc[:-1]), _unnamed_key(loc))
    unknown = _unknown_here(loc) if error["type"] == "extra_forbidden" else UNKNOWN
    message = describe(error, unknown_key=unknown)
    if error["type"] in {"greater_than_equal", "less_than_equal"}:
        message = _range_of(loc) or message
    if error["type"] == "missing" and (hint := _missing_hint(loc)):
        message = f"{message}: add {hint}"
    if (
        error["type"] == "enum"
        and loc
        and loc[-1] in LEVEL_FIELDS
        and "did you mean" not in message
    ):
        message += LEVELS_MEANT  # "level: spoiler": which of them is the author's meaning
    return Problem(name, lines.line_of(loc), format_path(loc), message)


LEVEL_FIELDS = frozenset({"level", "heading_level"})
LEVELS_MEANT = (
    " (none: spoiler-free, everyone reads it; plot: a story detail, hidden until asked for;"
    " ending: the ending or a twist, hidden alike; left out, the default for its kind)"
)
"""What each spoiler level means, told to an author who wrote another word for one
("spoiler", "yes", "safe") that no level is spelt like."""


MISSING_HINTS = {
    ("", "title"): "the film's title, e.g. title: La La Land",
    ("", "year"): "its release year, e.g. year: 2016",
    ("", "sections"): (
        "a sections: list with at least the quick answer: a line '- kind: quick_answer' under"
        " it, and 'body: how it ends' under that"
    ),
    ("sections", "kind"): (
        "what the section is, e.g. kind: quick_answer (or recap, ending, final_shot, themes,"
        " symbolism, faq, notes)"
    ),
    ("sources", "id"): "the number its [^N] markers cite, e.g. id: 1",
    ("sources", "author"): "who wrote it, e.g. author: Lexy Perez",
    ("sources", "title"): "the cited piece's title, e.g. title: Interview with the director",
    ("items", "heading"): "the theme, symbol or FAQ question it explains, e.g. heading: …",
    ("items", "body"): "its explanation (or the FAQ answer), e.g. body: …",
}
"""How to write a required field left out, by where it goes: its list's name and its own."""


def _missing_hint(loc: PathKey) -> str | None:
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    parent = names[-2] if len(names) > 1 else ""
    return MISSING_HINTS.get((parent, names[-1]))


def _range_of(loc: PathKey) -> str | None:
    """A bounded number's whole range ("must be from 1870 to 2100"): pydantic names only the
    bound that was crossed, so a fix could cross the other one."""
    model = _model_at(loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model is not None and loc else None
    if field is None:
        return None
    low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    return f"must be from {low} to {high}" if low is not None and high is not None else None


FIELD_SHAPED = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
"""A key typed as a field would be: one word, as every field is (``colour``, ``Title``)."""


def _may_name_key(loc: PathKey) -> bool:
    """Whether a problem may repeat the key ``loc`` ends with. A key shaped like a field, or
    close to one, is a field typed wrong; any other is the film's own text made a key (an FAQ
    item written ``Why does Mia marry Greg?: …``, a sentence holding ': ' left out of quotes),
    which may be a spoiler: the file's uploader is shown only its public text (the preview)."""
    if not loc or not isinstance(key := loc[-1], str):
        return True
    if FIELD_SHAPED.fullmatch(key):
        return True
    model = _model_at(loc[:-1])
    known = list(model.model_fields) if model is not None else []
    return bool(difflib.get_close_matches(key, known, n=1, cutoff=0.7))


def _unnamed_key(loc: PathKey, *, twice: bool = False) -> str:
    """The problem of a key ``_may_name_key`` keeps unsaid, told by its line and its place."""
    model = _model_at(loc[:-1])
    fields = f": the fields here are {', '.join(model.model_fields)}" if model is not None else ""
    what = "has a key given twice" if twice else "has a key that is not a field here"
    return (
        f"{what} (not repeated here: it may be the film's own text, such as an FAQ question"
        " written as 'question: answer', or a text holding ': ' outside quotes); put such text"
        f" in quotes or a | block, under one of the fields{fields}"
    )


FIELDS_MEANT: dict[str, tuple[str, ...]] = {
    "question": ("heading",),
    "q": ("heading",),
    "title": ("heading",),
    "name": ("title", "heading"),
    "theme": ("heading",),
    "symbol": ("heading",),
    "answer": ("body",),
    "a": ("body",),
    "text": ("body",),
    "content": ("body",),
    "explanation": ("body",),
    "description": ("synopsis", "body"),
    "summary": ("synopsis", "body"),
    "plot": ("synopsis",),
    "type": ("kind",),
    "section": ("kind",),
    "spoiler": ("level",),
    "spoilers": ("level",),
    "spoiler_level": ("level",),
    "date": ("release_date",),
    "release": ("release_date",),
    "released": ("release_date",),
    "directed_by": ("director",),
    "directors": ("director",),
    "actors": ("cast",),
    "starring": ("cast",),
    "stars": ("cast",),
    "alias": ("aliases",),
    "aka": ("aliases",),
    "also_known_as": ("aliases",),
    "source": ("sources",),
    "references": ("sources",),
    "citations": ("sources",),
    "link": ("url",),
    "links": ("url",),
    "questions": ("items",),
    "entries": ("items",),
    "publication": ("outlet",),
    "site": ("outlet",),
}
"""Names authors write for a field, other formats' or plain English ("question:" and
"answer:" for an FAQ item): each to the fields it means, the first one known where it stands."""


def _unknown_here(loc: PathKey) -> str:
    """An unknown key's message naming the fields known where it stands (guessing from the
    format's docs cost authors a round trip), and the one meant when it looks like a
    misspelling or is another name for it (an FAQ item's question: is its heading:)."""
    model = _model_at(loc[:-1])
    if model is None or not loc or not isinstance(loc[-1], str):
        return UNKNOWN
    known = list(model.model_fields)
    close = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.7)
    meant = [f for f in FIELDS_MEANT.get(loc[-1].casefold().replace("-", "_"), ()) if f in known]
    if close:
        hint = f"did you mean {close[0]}:? "
    elif meant:
        hint = f"write it as {meant[0]}:; "
    else:
        hint = ""
    return f"is not a known field here ({hint}the fields here are {', '.join(known)})"


def _model_at(path: PathKey) -> type[BaseModel] | None:
    """The content model a path inside a file leads to (``sections[0].items[1]``: an item)."""
    model: type[BaseModel] = FilmDoc
    for part in path:
        if isinstance(part, int):
            continue  # an entry of a list: the list's model, found with its field
        field = model.model_fields.get(part)
        inner = _model_in(field.annotation) if field is not None else None
        if inner is None:
            return None
        model = inner
    return model


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, itself or in a list or an optional."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        if (found := _model_in(argument)) is not None:
            return found
    return None


def _line_for_dotted(dotted: str, lines: ParsedYaml) -> int | None:
    parts: list[str | int] = []
    for chunk in dotted.replace("]", "").split("."):
        head, *indexes = chunk.split("[")
        parts.append(head)
        parts.extend(int(i) for i in indexes)
    return lines.line_of(tuple(parts))
