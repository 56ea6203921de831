"""A model of who may read what, and a judge that checks every payload against it.

Tests that attack the spoiler promise write films whose every piece of text carries a unique
canary token (``qx0001zq``). The ``Ledger`` remembers, for each token, the level of the text it
sits in (an inline ``||span||`` counts as ending), which film it belongs to (its identity: title
and year) and which server owns it (0: global content). ``Judge`` then reads a payload as
Discord's client would (``tests.support.discord_markdown``) and reports every token a reader
could see that the rules in force *now* do not allow.

The judge errs on the side of the reader: it only reports what is shown too widely, never text
that is hidden more than needed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.replies import EPHEMERAL, Reply
from tests.support.discord_markdown import HOSTILE, visible_text

CANARY = re.compile(r"qx\d{5}zq")
SPOILER_LEVELS = frozenset({"plot", "ending"})
Identity = tuple[str, int]
"""A work: (casefolded title, year). Every server copy of a film shares its identity."""

# A stray footnote marker would cite a source the file does not have (and be refused).
NOISE = tuple(piece for piece in HOSTILE if "[^" not in piece)
# Noise for text around a span the test must keep intact: no bars, and nothing that could
# make a reader's client (or the bot) read the span's bars differently (code, escapes).
BARLESS = tuple(piece for piece in NOISE if not set(piece) & set("|`\\｜∣¦‖\u200b"))
# How authors type the bars of a span: Discord's own, or in full width (an input method in
# full-width mode), alone or mixed with ASCII ones, or as other look-alikes (``∣∣``, ``‖``, bars
# with a zero-width space between them). Discord shows those as text, so the bot must read them
# as the bars the author meant. (opening, closing)
TYPED_BARS = (
    *(("||", "||"),) * 4,
    ("｜｜", "｜｜"),
    ("|｜", "｜|"),
    ("∣∣", "¦¦"),
    ("‖", "|\u200b|"),
)


@dataclass(frozen=True)
class Canary:
    token: str
    level: str  # "none", "plot" or "ending"
    identity: Identity
    owner: int  # the server whose content holds it; 0 for global content
    where: str  # the field it was written in, for messages


@dataclass
class Ledger:
    """Every canary written so far."""

    canaries: dict[str, Canary] = field(default_factory=dict)
    count: int = 0

    def new(self, level: str, identity: Identity, owner: int, where: str) -> str:
        self.count += 1
        token = f"qx{self.count:05d}zq"
        self.canaries[token] = Canary(token, level, identity, owner, where)
        return token

    def relevel(self, token: str, level: str) -> None:
        old = self.canaries[token]
        self.canaries[token] = Canary(token, level, old.identity, old.owner, old.where)

    def found(self, text: str) -> list[Canary]:
        return [self.canaries[t] for t in CANARY.findall(text) if t in self.canaries]


def identity(title: str, year: int) -> Identity:
    return (title.casefold(), year)


# --- writing hostile text ------------------------------------------------------------------------


class Writer:
    """Hostile text for one film, every piece with canaries recorded at their effective level."""

    def __init__(self, ledger: Ledger, rnd: random.Random, ident: Identity, owner: int) -> None:
        self.ledger, self.rnd, self.ident, self.owner = ledger, rnd, ident, owner

    def noise(self, *, bars: bool) -> str:
        pool = NOISE if bars else BARLESS
        return "".join(self.rnd.choice(pool) for _ in range(self.rnd.randint(0, 3)))

    def text(
        self, level: str, where: str, *, spans: bool = True, short: bool = False, cite: int = 0
    ) -> str:
        """Text at ``level``; with ``spans``, some canaries inside author ``||spans||`` (ending).

        Spans come first and noise with stray bars only after the last one (and after the
        citation ``[^cite]``, if any), so the bars the test writes are the bars a reader's
        client pairs up. ``short`` text is one line, without long runs.
        """
        parts: list[str] = []
        for _ in range(self.rnd.randint(1, 2 if short else 3)):
            token = self.ledger.new(level, self.ident, self.owner, where)
            parts.append(f"{self.noise(bars=False)} {token} {self.noise(bars=False)}")
            if spans and self.rnd.random() < 0.5:
                hidden = self.ledger.new("ending", self.ident, self.owner, where)
                opening, closing = self.bars()
                parts.append(f"{opening}{self.noise(bars=False)} {hidden} {closing}")
        if cite:
            if spans and self.rnd.random() < 0.4:
                hidden = self.ledger.new("ending", self.ident, self.owner, where)
                parts.append(f"||{hidden} [^{cite}] ||")  # a source cited only from a span
            else:
                parts.append(f"[^{cite}]")
        if not short and self.rnd.random() < 0.2:
            parts.append("a" * self.rnd.randint(80, 400))  # a long run
        if not short and self.rnd.random() < 0.15:
            # Long enough for several pages, a canary on each stretch, so paging shows new text.
            for _ in range(self.rnd.randint(8, 20)):
                token = self.ledger.new(level, self.ident, self.owner, where)
                parts.append(f"{'lorem ipsum dolor ' * self.rnd.randint(10, 25)}{token}\n\n")
        if level in SPOILER_LEVELS or self.rnd.random() < 0.5:
            # Stray bars can only hide more; they trail, so they never move the test's spans.
            parts.append(self.noise(bars=True))
        text = " ".join(parts)
        if short:
            text = " ".join(text.split())
        return text.strip() or self.ledger.new(level, self.ident, self.owner, where)

    def bars(self) -> tuple[str, str]:
        """The bars of one span, as an author may type them."""
        return self.rnd.choice(TYPED_BARS)

    def plain(self, level: str, where: str) -> str:
        """A short single-line field: no bars, no newlines."""
        token = self.ledger.new(level, self.ident, self.owner, where)
        noise = " ".join(self.noise(bars=False).split())
        return f"{noise} {token}".strip()[:90]


LEVELS = ("none", "plot", "ending")
KINDS = ("quick_answer", "recap", "ending", "final_shot", "themes", "symbolism", "faq", "notes")


def film_document(
    ledger: Ledger,
    rnd: random.Random,
    title: str,
    year: int,
    owner: int,
    *,
    kinds: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """A content file's data with hostile text and canaries in every field."""
    ident = identity(title, year)
    w = Writer(ledger, rnd, ident, owner)
    sources = []
    for number in range(1, rnd.randint(1, 3) + 1):
        source = {
            "id": number,
            "author": w.plain("none", f"sources[{number}].author"),
            "title": w.plain("none", f"sources[{number}].title"),
        }
        if rnd.random() < 0.7:
            source["outlet"] = w.plain("none", f"sources[{number}].outlet")
        if rnd.random() < 0.7:
            slug = ledger.new("none", ident, owner, f"sources[{number}].url")
            source["url"] = f"https://example.org/ending-explained/{slug}"
        sources.append(source)
    chosen = kinds or tuple(rnd.sample(KINDS, rnd.randint(2, 4)))
    sections = []
    for kind in chosen:
        # Sections are plot or ending: an edit's new body takes the section's level, and the
        # test must know it is a spoiler level (items and headings still take every level).
        level = rnd.choice(("plot", "ending"))
        section: dict[str, Any] = {"kind": kind, "level": level}
        if rnd.random() < 0.4:
            section["heading_level"] = rnd.choice(LEVELS)
            section["heading"] = w.text(section["heading_level"], f"{kind}.heading", short=True)
        items = []
        if kind in {"faq", "themes", "symbolism"}:
            for index in range(rnd.randint(1, 3)):
                item_level = rnd.choice(LEVELS)
                heading_level = rnd.choice(("none", item_level))
                items.append(
                    {
                        "heading": w.text(
                            heading_level, f"{kind}.items[{index}].heading", short=True
                        ),
                        "heading_level": heading_level,
                        "level": item_level,
                        "body": w.text(
                            item_level, f"{kind}.items[{index}].body", cite=pick(rnd, sources)
                        ),
                    }
                )
            section["items"] = items
        if not items or rnd.random() < 0.5:
            section["body"] = w.text(level, f"{kind}.body", cite=pick(rnd, sources))
        sections.append(section)
    doc: dict[str, Any] = {
        "title": title,
        "year": year,
        "synopsis": w.text("none", "synopsis"),
        "director": w.plain("none", "director"),
        "cast": [w.plain("none", f"cast[{i}]") for i in range(rnd.randint(0, 3))],
        "sources": sources,
        "sections": sections,
    }
    if rnd.random() < 0.5:
        token = ledger.new("ending", ident, owner, "director")
        opening, closing = w.bars()
        doc["director"] = f"{doc['director']} {opening}{token}{closing}"
    if doc["cast"] and rnd.random() < 0.5:
        token = ledger.new("ending", ident, owner, "cast")
        opening, closing = w.bars()
        doc["cast"][0] = f"{doc['cast'][0]} {opening}{token}{closing}"
    if rnd.random() < 0.5:
        doc["aliases"] = [w.plain("none", "aliases[0]")]
    settle_source_levels(ledger, doc)
    return doc


def pick(rnd: random.Random, sources: list[dict[str, Any]]) -> int:
    """The id of one source to cite (0: none)."""
    return int(rnd.choice(sources)["id"]) if sources and rnd.random() < 0.8 else 0


def settle_source_levels(ledger: Ledger, doc: dict[str, Any]) -> None:
    """A source takes the highest level of the text that cites it (inline spans: ending)."""
    levels: dict[int, str] = {}

    def note(text: str | None, level: str) -> None:
        text = (text or "").replace("｜", "|")  # the writer's full-width bars are bars
        for match in re.finditer(r"\[\^(\d+)\]", text or ""):
            inside = text[: match.start()].count("||") % 2 == 1
            effective = "ending" if inside else level
            number = int(match[1])
            levels[number] = max(levels.get(number, "none"), effective, key=LEVELS.index)

    for section in doc["sections"]:
        note(section.get("body"), section["level"])
        for item in section.get("items", []):
            note(item["body"], item["level"])
    for source in doc["sources"]:
        level = levels.get(source["id"], "none")
        for value in source.values():
            for token in CANARY.findall(str(value)):
                if ledger.canaries[token].level == "none":
                    ledger.relevel(token, level)


def dump(doc: dict[str, Any]) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000).encode()


# --- what a reader sees --------------------------------------------------------------------------


@dataclass(frozen=True)
class Spot:
    """One place in a payload: its text, and whether Discord can hide a spoiler there."""

    where: str
    text: str
    hideable: bool


def spots(reply: Reply) -> Iterator[Spot]:
    """Every piece of text a payload shows (attachment contents excepted)."""
    data = reply.payload()
    if reply.modal is not None:
        yield Spot("modal title", data["title"], False)
        for row in data["components"]:
            for item in row["components"]:
                yield Spot("input label", item.get("label") or "", False)
                yield Spot("input placeholder", item.get("placeholder") or "", False)
                yield Spot("input value", item.get("value") or "", True)
        return
    yield Spot("content", data.get("content") or "", True)
    for embed in data.get("embeds", []):
        yield Spot("embed title", embed.get("title") or "", False)
        yield Spot("embed author", (embed.get("author") or {}).get("name") or "", False)
        yield Spot("embed footer", (embed.get("footer") or {}).get("text") or "", False)
        yield Spot("embed description", embed.get("description") or "", True)
        for item in embed.get("fields", []):
            yield Spot("field name", item.get("name") or "", False)
            yield Spot("field value", item.get("value") or "", True)
    for row in data.get("components", []):
        for button in row.get("components", []):
            yield Spot("button label", button.get("label") or "", False)
    for attachment in data.get("attachments", []):
        yield Spot("file name", attachment.get("filename") or "", False)


def custom_ids(reply: Reply) -> list[tuple[str, str]]:
    """(label, custom_id) of every enabled button, read from the payload."""
    out = []
    for row in reply.payload().get("components", []):
        for button in row.get("components", []):
            if button.get("custom_id") and not button.get("disabled"):
                out.append((button.get("label") or "", button["custom_id"]))
    return out


def is_public(reply: Reply) -> bool:
    return not reply.payload().get("flags", 0) & EPHEMERAL


@dataclass(frozen=True)
class Audience:
    """Who reads a payload and what the rules allow them *now*."""

    guild_id: int
    public: bool
    spoiler_channel: bool  # the channel is a spoiler channel now
    # Identities whose spoiler text must not appear at all in a public message (no-spoiler
    # channel or embargo); None means every identity.
    withheld: frozenset[Identity] | None
    # Identities this reader may read unwrapped in private (opt-ins, or what they revealed).
    unwrapped_ok: frozenset[Identity] | None  # None: every identity
    # Admin flows show an admin the text they upload, export or edit: only scope is checked.
    own_text: bool = False
    # Canaries the reader typed themselves (a search query): theirs to see again in private.
    typed: frozenset[str] = frozenset()


def judge(ledger: Ledger, reply: Reply, audience: Audience, step: str) -> list[str]:
    """Every way this payload shows a canary more widely than the rules allow now."""
    problems: list[str] = []

    def bad(what: str) -> None:
        problems.append(f"{step}: {what}")

    if not isinstance(reply, Reply):
        return [f"{step}: answered {type(reply).__name__}, not a Reply"]
    data = reply.payload()
    if reply.modal is None and data.get("allowed_mentions", {}).get("parse") != []:
        bad("allows mentions")
    texts = [spot.text for spot in spots(reply)]
    texts += [a.data.decode("utf-8", "replace") for a in reply.attachments]
    for text in texts:
        for canary in ledger.found(text):
            if canary.owner not in (0, audience.guild_id):
                bad(
                    f"server {audience.guild_id} received {canary.token} ({canary.where}) of"
                    f" server {canary.owner}'s own film {canary.identity}"
                )
    for spot in spots(reply):
        spoilers = [c for c in ledger.found(spot.text) if c.level in SPOILER_LEVELS]
        if not spoilers:
            continue
        if not spot.hideable:
            for canary in spoilers:
                bad(f"{canary.level} text {canary.token} ({canary.where}) in the {spot.where}")
            continue
        if audience.own_text or audience.spoiler_channel:
            continue
        shown = set(CANARY.findall(visible_text(spot.text)))
        for canary in spoilers:
            if audience.public:
                withheld = audience.withheld is None or canary.identity in audience.withheld
                if withheld:
                    bad(
                        f"public {spot.where} carries {canary.level} text {canary.token}"
                        f" ({canary.where}) where spoilers are kept out"
                    )
                elif canary.token in shown:
                    bad(
                        f"public {spot.where} shows {canary.level} text {canary.token}"
                        f" ({canary.where}) outside a spoiler"
                    )
            elif (
                canary.token in shown
                and canary.token not in audience.typed
                and not (audience.unwrapped_ok is None or canary.identity in audience.unwrapped_ok)
            ):
                bad(
                    f"private {spot.where} shows {canary.level} text {canary.token}"
                    f" ({canary.where}) unwrapped to a reader who did not ask for it"
                )
    return problems
