"""The four spoiler invariants, checked on rendered payloads for random content and rules.

Each piece of content carries unique marker words; the payload is parsed as Discord would read it,
and every marker whose level is plot or ending is tracked to where a reader could see it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.features.film.documents import Block, Document, Topic, topic_document
from bot.features.film.render import AnswerButtons, render_pages, reply_for_page
from bot.levels import SectionKind, SpoilerLevel
from bot.replies import Colour
from bot.spoiler_policy.markup import Treatment, parse_spans
from bot.spoiler_policy.policy import REVEALED, ChannelMode, Plan, Standing, plan_reply
from tests.support.discord_markdown import (
    HOSTILE,
    MARKER,
    hidden_text,
    mentions_that_ping,
    visible_text,
)
from tests.support.hypothesis_profiles import examples

BUTTONS_WRAP = AnswerButtons("k", "0", "ending", None, Treatment.WRAP, 7)
BUTTONS_REVEALED = AnswerButtons("k", "0", "ending", None, Treatment.SHOW, 7, revealed=True)

LEVELS = list(SpoilerLevel)
FILLER = "abcdefghij klmnop. é"
# Filler drawn once; a piece takes a slice at a seeded offset. Drawing each character per piece
# was a fifth of the property test's time, and filler only pads content between markers.
FILLER_POOL = "".join(random.Random(0).choices(FILLER, k=1 << 16))


@dataclass
class Marked:
    """Generated content and the level each marker word was written at."""

    film: Any  # shaped like bot.db.models.Film
    levels: dict[str, SpoilerLevel]


class MarkerSource:
    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"QZX{self.count:03d}Q"


def piece(rnd: random.Random, markers: MarkerSource, *, long: bool) -> str:
    """Hostile author text with unique marker words, some inside the author's own ||spans||.

    Built from one seeded Random rather than many small draws, so generation stays cheap enough
    for ten thousand cases; a failure is reproduced from its seed.
    """
    parts: list[str] = []
    for _ in range(rnd.randint(1, 12 if long else 4)):
        size = rnd.randint(0, 900 if long else 60)
        start = rnd.randrange(len(FILLER_POOL) - size)
        filler = FILLER_POOL[start : start + size]
        body = f"{hostile(rnd)} {markers.next()} {filler} {hostile(rnd)}"
        parts.append(f"||{body}||" if rnd.random() < 0.4 else body)
        parts.append(rnd.choice([" ", "\n", "\n\n", ". "]))
    return "".join(parts).strip() or markers.next()


def hostile(rnd: random.Random) -> str:
    return "".join(rnd.choice(HOSTILE) for _ in range(rnd.randint(0, 4)))


def record(levels: dict[str, SpoilerLevel], text: str, level: SpoilerLevel) -> None:
    """Inline ||spans|| count as ending, whatever the level of the text around them."""
    for segment in parse_spans(text):
        effective = SpoilerLevel.ENDING if segment.inline_spoiler else level
        for word in MARKER.findall(segment.text):
            levels[word] = SpoilerLevel.highest(levels.get(word, SpoilerLevel.NONE), effective)


@st.composite
def films(draw: st.DrawFn, *, long: bool = False) -> Marked:
    rnd = random.Random(draw(st.integers(0, 2**32)))
    markers = MarkerSource()
    levels: dict[str, SpoilerLevel] = {}
    kinds = rnd.sample(list(SectionKind), rnd.randint(1, 4))
    sections = []
    for position, kind in enumerate(kinds):
        level = rnd.choice(LEVELS)
        body = piece(rnd, markers, long=long) if rnd.random() < 0.7 else None
        heading = piece(rnd, markers, long=False) if rnd.random() < 0.3 else None
        heading_level = rnd.choice(LEVELS)
        items = []
        for index in range(rnd.randint(0 if body else 1, 3)):
            item = SimpleNamespace(
                position=index,
                heading=piece(rnd, markers, long=False),
                heading_level=rnd.choice(LEVELS).value,
                level=rnd.choice(LEVELS).value,
                body=piece(rnd, markers, long=long),
            )
            record(levels, item.heading, SpoilerLevel(item.heading_level))
            record(levels, item.body, SpoilerLevel(item.level))
            items.append(item)
        if body:
            record(levels, body, level)
        if heading:
            record(levels, heading, heading_level)
        sections.append(
            SimpleNamespace(
                position=position,
                kind=kind.value,
                level=level.value,
                heading=heading,
                heading_level=heading_level.value,
                body=body,
                items=items,
            )
        )
    # Plain namespaces shaped like the ORM rows: instrumented models cost more than rendering.
    film = SimpleNamespace(
        id=1,
        guild_id=0,
        slug="film-2000",
        title=rnd.choice(["Film", "@everyone", "A || B", "<@123> *x*"]),
        year=2000,
        aliases=[],
        cast=[],
        synopsis="",
        origin="test",
        content_hash="x",
        sections=sections,
        sources=[
            SimpleNamespace(
                number=1, author="@here critic", outlet="<@&5>", title="A || review", url=None
            )
        ],
    )
    return Marked(film, levels)


standings = st.builds(
    Standing,
    in_guild=st.booleans(),
    mode=st.sampled_from(list(ChannelMode)),
    opted_in=st.booleans(),
    embargo_until=st.none() | st.just(dt.date(2099, 1, 1)),
)


def plain_texts(payload: dict[str, Any]) -> list[str]:
    """Every part of a payload Discord shows as plain text, unable to hide a spoiler."""
    out = []
    for embed in payload["embeds"]:
        out.append(embed.get("title", ""))
        out.append(embed.get("footer", {}).get("text", ""))
        out.extend(f["name"] for f in embed.get("fields", []))
        out.append(embed.get("author", {}).get("name", ""))
    for row in payload["components"]:
        for component in row["components"]:
            out.append(component.get("label", ""))
            out.append(component.get("custom_id", ""))
    return out


def hideable_texts(payload: dict[str, Any]) -> list[str]:
    out = [payload["content"]]
    for embed in payload["embeds"]:
        out.append(embed.get("description", ""))
        out.extend(f["value"] for f in embed.get("fields", []))
    return out


def check_reply_pages(
    marked: Marked, topic: Topic, standing: Standing, plan: Plan, *, revealed: bool
) -> None:
    document = topic_document(marked.film, topic)
    pages = render_pages(document, plan)
    seen_anywhere: set[str] = set()
    in_document = {w for block in document.blocks for w in MARKER.findall(block.text)}
    for page in range(len(pages)):
        reply = reply_for_page(
            document,
            plan,
            pages,
            page,
            BUTTONS_WRAP if not revealed else BUTTONS_REVEALED,
        )
        payload = reply.payload()
        # Discord's limits
        for embed in payload["embeds"]:
            assert len(embed.get("description", "")) <= 4096
            assert len(embed["title"]) <= 256
            size = len(embed["title"]) + len(embed.get("description", ""))
            assert size + len(embed.get("footer", {}).get("text", "")) <= 6000
        for row in payload["components"]:
            assert len(row["components"]) <= 5
            for button in row["components"]:
                assert 1 <= len(button["label"]) <= 80 and len(button["custom_id"]) <= 100
        # Invariant 3: text Discord cannot hide carries no content at all.
        for text in plain_texts(payload):
            assert not MARKER.search(text), f"content in plain text: {text!r}"
        # Invariant 4: nothing pings, previews are suppressed.
        assert payload["allowed_mentions"]["parse"] == []
        assert payload["flags"] & (1 << 2)
        for text in hideable_texts(payload) + plain_texts(payload):
            assert mentions_that_ping(text) == [], text
        public = not payload["flags"] & (1 << 6)
        for text in hideable_texts(payload):
            for lazy in (False, True):
                visible = set(MARKER.findall(visible_text(text, lazy_bars=lazy)))
                seen_anywhere |= visible | set(MARKER.findall(hidden_text(text, lazy_bars=lazy)))
                for word in visible:
                    level = marked.levels[word]
                    if level is SpoilerLevel.NONE or standing.spoiler_channel:
                        continue
                    # Invariant 1: no public message shows plot/ending text unwrapped.
                    assert not public, f"{word} ({level}) visible in a public reply"
                    # Invariant 2: only an opted-in reader, or one who pressed Reveal, sees it.
                    assert revealed or standing.opted_in, f"{word} ({level}) shown un-opted"
    if plan.spoilers.name != "WITHHOLD":
        assert in_document <= seen_anywhere, "content was lost in rendering"


@examples(10_000, whole_in_ci=True)
@given(
    marked=films(), standing=standings, private=st.booleans(), topic=st.sampled_from(list(Topic))
)
def test_invariants_hold_for_random_content_and_rules(
    marked: Marked, standing: Standing, private: bool, topic: Topic
) -> None:
    document = topic_document(marked.film, topic)
    plan = plan_reply(standing, private_requested=private, has_spoilers=document.has_spoilers)
    check_reply_pages(marked, topic, standing, plan, revealed=False)


@examples(150)
@given(marked=films(long=True), standing=standings, private=st.booleans())
def test_invariants_hold_across_many_pages(
    marked: Marked, standing: Standing, private: bool
) -> None:
    for topic in Topic:
        document = topic_document(marked.film, topic)
        plan = plan_reply(standing, private_requested=private, has_spoilers=document.has_spoilers)
        check_reply_pages(marked, topic, standing, plan, revealed=False)


@examples(500)
@given(marked=films(), standing=standings, topic=st.sampled_from(list(Topic)))
def test_reveal_shows_everything_only_privately(
    marked: Marked, standing: Standing, topic: Topic
) -> None:
    check_reply_pages(marked, topic, standing, REVEALED, revealed=True)
    document = topic_document(marked.film, topic)
    for page in range(len(render_pages(document, REVEALED))):
        reply = reply_for_page(
            document,
            REVEALED,
            render_pages(document, REVEALED),
            page,
            BUTTONS_REVEALED,
        )
        assert reply.ephemeral


def test_a_heading_whose_link_holds_bold_marks_keeps_its_spoiler_hidden() -> None:
    # A link takes `**` into its address unescaped; bold marks around the heading would close
    # there, and the spoiler's bars would pair inside the bold and out of it apart.
    heading = "QZX000Q ||the twist: QZX001Q https://example.com/a** QZX002Q||."
    document = Document("Film", (Block(heading, SpoilerLevel.NONE, heading=True),))
    plan = plan_reply(
        Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False),
        private_requested=False,
        has_spoilers=document.has_spoilers,
    )
    (page,) = render_pages(document, plan)
    for lazy in (False, True):
        assert MARKER.findall(visible_text(page, lazy_bars=lazy)) == ["QZX000Q"]


def test_a_spoiler_free_answer_never_claims_to_hide_spoilers() -> None:
    # A public answer in a standard or no-spoilers channel is planned to wrap spoilers; when its
    # text has none (a spoiler-free FAQ question, a none-level topic) nothing is behind bars, so
    # a footer saying so, and the spoiler colour, would tell members to look for bars that are
    # not there.
    document = Document("Film · FAQ", (Block("Where was it filmed?", SpoilerLevel.NONE, True),))
    for mode in (ChannelMode.STANDARD, ChannelMode.NO_SPOILERS):
        plan = plan_reply(
            Standing(in_guild=True, mode=mode, opted_in=False),
            private_requested=False,
            has_spoilers=document.has_spoilers,
        )
        reply = reply_for_page(document, plan, render_pages(document, plan), 0, BUTTONS_WRAP)
        (embed,) = reply.embeds
        assert "spoiler" not in embed.footer.lower()
        assert embed.colour is not Colour.SPOILER
        assert not reply.rows
    spoiled = Document("Film · FAQ", (Block("It was a ||dream||.", SpoilerLevel.NONE),))
    plan = plan_reply(
        Standing(in_guild=True, mode=ChannelMode.STANDARD, opted_in=False),
        private_requested=False,
        has_spoilers=spoiled.has_spoilers,
    )
    reply = reply_for_page(spoiled, plan, render_pages(spoiled, plan), 0, BUTTONS_WRAP)
    (embed,) = reply.embeds
    assert "Spoilers are hidden" in embed.footer
    assert embed.colour is Colour.SPOILER
