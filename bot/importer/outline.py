"""Group an article's blocks into sections and items, before any spoiler level is decided.

Two article shapes are handled. Guides name their sections ("Themes", "Frequently Asked") and
put sub-headings under them: a sub-heading with its paragraphs is an item. News articles use
question headings instead ("Is Cobb still dreaming?"): each question is filed as an item under
the kind its words point to. A section opened by a question is not a container, so the next
question is filed on its own merits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.importer.blocks import Block, BlockKind
from bot.importer.classify import (
    asks_what_it_is_about,
    kind_from_content,
    named_kind,
    names_only,
)
from bot.importer.level_guesses import discusses_ending, gives_away
from bot.levels import SectionKind

# Kinds whose parts are named one by one, so a bold-led list item is an item of its own.
_LISTED_KINDS = {SectionKind.THEMES, SectionKind.SYMBOLISM, SectionKind.FAQ, SectionKind.FINAL_SHOT}


@dataclass
class ItemDraft:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    # Its words are an ending's, wherever it is filed: its text stays at the ending level.
    tells_ending: bool = False
    # A recap's closing part that tells the ending: its heading names what it tells.
    closes_recap: bool = False
    # Its heading names what only the ending names (bot.importer.ending_names).
    heading_tells_ending: bool = False


@dataclass
class SectionDraft:
    kind: SectionKind
    heading: str | None = None
    # True when the heading only names the section ("Themes", "What happens at the end?").
    heading_is_name: bool = False
    paragraphs: list[str] = field(default_factory=list)
    items: list[ItemDraft] = field(default_factory=list)
    # Markup depth of the heading that opened it; None in plain text.
    depth: int | None = None
    # Opened by a section name that is not a question: its sub-headings are its items.
    container: bool = False
    # Where the section came from and how sure the importer is, for the reviewer.
    origins: list[str] = field(default_factory=list)

    def note(self, origin: str) -> None:
        if origin not in self.origins:
            self.origins.append(origin)

    @property
    def is_empty(self) -> bool:
        return not self.paragraphs and not self.items


@dataclass
class Outline:
    sections: dict[SectionKind, SectionDraft]
    # Paragraphs before the first heading: a standfirst, a lede, or leftovers.
    intro: list[str]


def build_outline(
    blocks: list[Block], film: str, listed_kind: SectionKind | None = None
) -> Outline:
    return _OutlineBuilder(film, listed_kind).build(blocks)


# "1. The chalk door", "#3 –", "Part 2:": a numbered part of a listicle.
_NUMBERED_HEADING = re.compile(r"^(?:#?\d{1,2}[.):]|\d{1,2}\s[–—-])\s*(?=\S)")
_TAKEAWAYS = re.compile(r"\b(?:key )?(?:takeaways?|key points)\b", re.I)


# A question whose own words say it is about a theme or a symbol; other questions are FAQ items.
_QUESTION_KINDS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (
        SectionKind.SYMBOLISM,
        re.compile(r"\b(?:symbol\w*|represent\w*|stands? for|motif\w*|metaphor\w*)", re.I),
    ),
    (SectionKind.THEMES, re.compile(r"\b(?:theme\w*|really about|message|moral)\b", re.I)),
]

# "Theme: grief", "Symbol #2 - The red balloon", "Motif: mirrors": a heading that is one item,
# with its kind written before it (a web story's slide, a listicle's part).
_LABEL_KINDS = {
    "theme": SectionKind.THEMES,
    "symbol": SectionKind.SYMBOLISM,
    "motif": SectionKind.SYMBOLISM,
}
_KIND_LABEL = re.compile(
    r"^(?P<kind>theme|symbol|motif)(?:\s*#?\d{1,2})?\s*(?::|\s[–—-])\s*"
    r"(?P<label>[^:]{1,60})$",
    re.I,
)


# Words of an answer to "What is the film about?" that retell the story, not sum it up.
_MIN_RETELLING_WORDS = 40

# Sections a heading names as the ending: what the article tells before that is the story.
_ENDING_KINDS = {SectionKind.ENDING, SectionKind.FINAL_SHOT}


class _OutlineBuilder:
    def __init__(self, film: str, listed_kind: SectionKind | None = None) -> None:
        self.film = film
        self.listed_kind = listed_kind
        self.sections: dict[SectionKind, SectionDraft] = {}
        self.intro: list[str] = []
        self.current: SectionDraft | None = None
        self.item: ItemDraft | None = None
        # The item came from a bold-led list item: the next such list item starts a new one.
        self.item_from_list = False
        self.ending_named_at: int | None = None
        self.ending_kind_at: int | None = None
        self.index = 0

    def build(self, blocks: list[Block]) -> Outline:
        blocks = _sentence_labels(_list_lead_ins(_labelled_parts(blocks, self.film)), self.film)
        self.ending_named_at = next(
            (
                index
                for index, block in enumerate(blocks)
                if block.is_heading
                and named_kind(block.text, self.film) is SectionKind.ENDING
                and names_only(block.text, self.film)
            ),
            None,
        )
        self.ending_kind_at = next(
            (
                index
                for index, block in enumerate(blocks)
                if block.is_heading and named_kind(block.text, self.film) in _ENDING_KINDS
            ),
            None,
        )
        for index, block in enumerate(blocks):
            self.index = index
            if block.is_heading:
                following = _paragraphs_after(blocks, index)
                children = _sub_headings(blocks, index) if not following else []
                if _SUMMARY_BOX.match(block.text.strip()) and _only_list_after(blocks, index):
                    # "Summary" over three bullets at the top of a page is the page's summary
                    # box, which tells the twist, not a plot recap: a quick answer.
                    self._open_section(SectionKind.QUICK_ANSWER, block)
                    continue
                self._heading(block, following, children)
            else:
                self._text(block)
        return Outline(self.sections, self.intro)

    def _section(self, kind: SectionKind) -> SectionDraft:
        return self.sections.setdefault(kind, SectionDraft(kind))

    def _heading(self, block: Block, following: str, children: list[Block] | None = None) -> None:
        current = self.current
        named = named_kind(block.text, self.film)
        told = self.sections.get(SectionKind.ENDING)
        if (
            named is SectionKind.QUICK_ANSWER
            and _TAKEAWAYS.search(block.text)
            and told is not None
            and not told.is_empty
        ):
            # "Key takeaways" before the story is the twist in bullets; after the ending has
            # been told, it is what the film means: its themes.
            named = SectionKind.THEMES
        if (
            named in {SectionKind.THEMES, None}
            and asks_what_it_is_about(block.text, self.film)
            and (told is None or told.is_empty)
            and self.ending_kind_at is not None
            and self.index < self.ending_kind_at
            and (named is not None or len(following.split()) >= _MIN_RETELLING_WORDS)
        ):
            # "What it's about" before the ending is named tells the story so far; after the
            # ending, what the film means. Asked ("What is Big Fish about?"), it is the story
            # when its answer retells it, and a reader's question when it answers in a line.
            named = SectionKind.RECAP
        deeper = bool(current and current.depth and block.level and block.level > current.depth)
        inside = current is not None and current.container and (deeper or block.level is None)
        grouped = _grouping_kind(block, children or []) if named is None else None
        asked = [child for child in children or [] if child.is_question]
        if named not in {None, *_LISTED_KINDS} and len(asked) >= 2 and asked == children:
            # "Summary" over nothing but questions (IMDb's spoiler-free FAQ): the questions say
            # what it is; the section word only labels a part of the FAQ.
            named, grouped = None, SectionKind.FAQ
        if inside and (deeper or grouped is not SectionKind.FAQ):
            # Under a section's name a sub-heading is one of its items. In plain text, which has
            # no depth to tell, a heading over a run of questions leaves it: they are an FAQ.
            grouped = None
        labelled = _KIND_LABEL.match(block.text)
        if labelled and not (inside and deeper and current and current.kind in _LISTED_KINDS):
            # "Theme: grief", "Symbol – the hand": one item, filed under the kind it names.
            kind = _LABEL_KINDS[labelled["kind"].lower()]
            self.current = self._section(kind)
            self.current.note(f"heading {block.text[:40]!r} names its kind (sure)")
            self._open_item(labelled["label"])
        elif current and current.kind is SectionKind.FAQ and block.is_question and inside:
            self._open_item(block.text)
        elif (
            self.listed_kind is not None
            and named is None
            and _NUMBERED_HEADING.match(block.text)
            and not (inside and deeper)
        ):
            # The headline said what the numbered parts are ("5 symbols you missed…").
            self.current = self._section(self.listed_kind)
            self.current.note("numbered parts of a listicle whose headline names them (sure)")
            self._open_item(_NUMBERED_HEADING.sub("", block.text))
        elif (
            current
            and current.is_empty
            and current.heading_is_name
            and current.kind not in _LISTED_KINDS
            and (named is current.kind or (block.is_question and named is None))
        ):
            # "Quick Answer" then "So what actually happens at the end?": a label and its
            # question name one section; the question reads better as its heading.
            current.heading = block.text
            current.heading_is_name = named is current.kind and names_only(block.text, self.film)
        elif named and not (inside and deeper):
            self._open_section(named, block)
        elif grouped is not None:
            # A heading with no text of its own over sub-headings groups them: "From the
            # mailbag" over questions is an FAQ, "What the film is really about" over names is
            # themes. It names no section outright, so its own level stays hidden. Questions
            # under it are still filed one by one ("What does the comet symbolise?").
            section = self._section(grouped)
            section.note(f"heading {block.text[:40]!r} over its sub-headings (likely)")
            if section.heading is None and section.is_empty:
                section.heading = block.text
                section.depth = block.level
            section.container = grouped is not SectionKind.FAQ
            self.current, self.item = section, None
        elif inside and not (block.is_question and block.level is None):
            # Plain text does not say how deep a heading is: a question there is a reader's
            # question, not one more theme.
            self._open_item(block.text)
        elif block.is_question:
            # Readers' questions are an FAQ, unless the question itself asks for a symbol or a
            # theme; the answer's words do not count ("What is X about?" may mention a death).
            kind = next(
                (k for k, words in _QUESTION_KINDS if words.search(block.text)), SectionKind.FAQ
            )
            self.current = self._section(kind)
            self.current.note(f"question heading {block.text[:40]!r} (sure)")
            self._open_item(block.text)
        else:
            kind = kind_from_content(block.text, following) or SectionKind.NOTES
            how = "keywords" if kind is not SectionKind.NOTES else "nothing matched"
            note = f"{how} in and under heading {block.text[:40]!r} (a guess)"
            tells_ending = False
            if (
                kind in _ENDING_KINDS
                and self.ending_named_at is not None
                and self.index < self.ending_named_at
                and not gives_away(block.text)
            ):
                # "What Rosemary goes through" before "The ending": the article names its
                # ending later, so what it tells before that is the story so far; if in words
                # of an ending ("…before he dies"), its text stays at the ending level.
                kind = SectionKind.RECAP
                note = f"heading {block.text[:40]!r} before the heading that names the ending"
                tells_ending = discusses_ending(following)
            self.current = self._section(kind)
            self.current.note(note)
            self._open_item(block.text)
            assert self.item is not None
            self.item.tells_ending = tells_ending

    def _open_section(self, kind: SectionKind, block: Block) -> None:
        section = self._section(kind)
        section.note(f"heading {block.text[:40]!r} names it (sure)")
        if section.heading is None and (section.is_empty or not section.container):
            # Empty, or only guessed from keywords so far ("a prerecorded message" filed a part
            # under themes): the heading that names the kind outright opens it, and its
            # sub-headings are its items.
            section.heading = block.text
            section.heading_is_name = names_only(block.text, self.film)
            section.depth = block.level
            # A question that names a section ("So, what does it all mean?") holds the deeper
            # sub-headings under it; without levels, the next question is filed on its own.
            section.container = not block.is_question or block.level is not None
            self.current, self.item = section, None
        elif section.paragraphs or section.items:
            # The same kind named twice ("What happens at the end?" after "The ending"): the
            # second heading is one more item of the first section.
            self.current = section
            self._open_item(block.text)
        else:
            self.current, self.item = section, None

    def _open_item(self, heading: str) -> None:
        assert self.current is not None
        # "3. What are the googly eyes about?": the count is the listicle's, not the item's.
        self.item = ItemDraft(_NUMBERED_HEADING.sub("", heading) or heading)
        self.item_from_list = False
        self.current.items.append(self.item)

    def _text(self, block: Block) -> None:
        text = _list_text(block)
        current = self.current
        if current is None:
            self.intro.append(text)
            return
        if (
            block.kind in {BlockKind.LIST_ITEM, BlockKind.PARAGRAPH}
            and block.lead
            and current.kind in _LISTED_KINDS
            and (self.item is None or self.item_from_list)
        ):
            body = block.text[len(block.lead) :].lstrip(" :.–—-")
            if body:
                self._open_item(block.lead.rstrip(" :.–—-"))
                self.item_from_list = True
                assert self.item is not None
                self.item.paragraphs.append(body)
                return
        target = self.item.paragraphs if self.item else current.paragraphs
        if block.kind is BlockKind.LIST_ITEM and target and _LIST_LINE.match(target[-1]):
            target[-1] += "\n" + text  # one list stays one paragraph
        else:
            target.append(text)


# "Class rage. Jong-su's anger…": a theme or symbol named by a short verbless sentence that opens
# its paragraph, as plain text (or a structured-data body) writes the bold label it cannot show.
_SENTENCE_LABEL = re.compile(r"^(?P<label>[A-Z][^.!?:;,\"“”]{1,45}?\.)\s+(?=\S.{40,})")
# "- Guilt: each night she…": a typed bullet whose text opens with a short label and a colon, as
# a review box that takes no markup lists its themes.
_BULLET_LABEL = re.compile(r"^[-–•*]\s+(?P<label>[A-Z][^.!?:;,\"“”]{1,45}?):\s+(?=\S.{40,})")
# A sentence with a pronoun for subject ("It works.", "He dies.") is prose, not a name.
_PRONOUN_SUBJECT = re.compile(r"^(?:it|he|she|they|we|i|you|this|that|there|these|those)\b", re.I)
_MAX_LABEL_WORDS = 5
_MIN_LABELLED = 2


# "adding some themes bc this post deserves it:", "A few symbols worth noticing:": a short line
# that brings in a list of bold-led items and says they are themes or symbols heads that list
# (a reblog or a chat answer adds a part so, without a heading).
_LEAD_IN_KIND = re.compile(r"\b(?:(?P<themes>themes?)|(?P<symbols>symbols?|motifs?))\b", re.I)
_MAX_LEAD_IN_WORDS = 12


# "2/ What happens: Cayuga, 1950s…", "The ending: Fay and Everett…": a thread of posts, which
# has no headings, names its parts at the start of a post, the part's name and a colon.
_PART_LABEL = re.compile(r"^(?:\(?\d{1,2}/\d{0,2}\)?\s+)?(?P<label>[^:\n]{2,40}?):\s+(?=\S)")
_PART_KINDS = {
    SectionKind.RECAP,
    SectionKind.ENDING,
    SectionKind.FINAL_SHOT,
    SectionKind.THEMES,
    SectionKind.SYMBOLISM,
}
# Two parts named so, of different kinds: the text's own outline, not one sentence's lead-in.
_MIN_LABELLED_PARTS = 2


def _labelled_parts(blocks: list[Block], film: str) -> list[Block]:
    """In a text with no headings under its headline, paragraphs that open with a part's name
    and a colon open that part: the name becomes a heading over the rest of the paragraph."""
    if any(block.is_heading and block.level != 1 for block in blocks):
        return blocks
    labelled: dict[int, re.Match[str]] = {}
    for index, block in enumerate(blocks):
        match = _PART_LABEL.match(block.text)
        if (
            block.kind is BlockKind.PARAGRAPH
            and not block.lead
            and match
            and named_kind(match["label"], film) in _PART_KINDS
            and names_only(match["label"], film)
        ):
            labelled[index] = match
    if len({named_kind(m["label"], film) for m in labelled.values()}) < _MIN_LABELLED_PARTS:
        return blocks
    out: list[Block] = []
    for index, block in enumerate(blocks):
        match = labelled.get(index)
        if match is None:
            out.append(block)
            continue
        out.append(Block(BlockKind.HEADING, match["label"].strip()))
        out.append(replace(block, text=block.text[match.end() :]))
    return out


def _list_lead_ins(blocks: list[Block]) -> list[Block]:
    out = list(blocks)
    for index, block in enumerate(blocks[:-2]):
        said = block.text.rstrip()
        listed = blocks[index + 1 : index + 3]
        if not (
            block.kind is BlockKind.PARAGRAPH
            and said.endswith(":")
            and len(said.split()) <= _MAX_LEAD_IN_WORDS
            and _LEAD_IN_KIND.search(said)
            and all(item.kind is BlockKind.LIST_ITEM and item.lead for item in listed)
        ):
            continue
        level = next((b.level for b in reversed(blocks[:index]) if b.is_heading), None)
        # The line's own words are chat ("bc this post deserves it"): the part it opens is named
        # by what the line says the list is.
        kind = _LEAD_IN_KIND.search(said)
        named = "Themes" if kind and kind["themes"] else "Symbols"
        out[index] = replace(block, kind=BlockKind.HEADING, text=named, level=level)
    return out


def _sentence_labels(blocks: list[Block], film: str) -> list[Block]:
    """Under a heading naming themes or symbols, two or more paragraphs in a row that open with
    such a label are its items: the label becomes their lead, as if it were bold."""
    out = list(blocks)
    kind: SectionKind | None = None
    run: list[int] = []

    def close() -> None:
        if len(run) >= _MIN_LABELLED:
            for index in run:
                match = _SENTENCE_LABEL.match(out[index].text)
                if match is None:  # a typed bullet: its mark and colon go, the label leads
                    bullet = _BULLET_LABEL.match(out[index].text)
                    assert bullet is not None
                    text = f"{bullet['label']}: {out[index].text[bullet.end() :]}"
                    out[index] = replace(out[index], text=text, lead=f"{bullet['label']}:")
                    continue
                out[index] = replace(out[index], lead=match["label"])
        run.clear()

    for index, block in enumerate(blocks):
        if block.is_heading:
            close()
            kind = named_kind(block.text, film)
            continue
        match = _SENTENCE_LABEL.match(block.text) or _BULLET_LABEL.match(block.text)
        if (
            kind in {SectionKind.THEMES, SectionKind.SYMBOLISM}
            and block.kind is BlockKind.PARAGRAPH
            and not block.lead
            and match
            and len(match["label"].split()) <= _MAX_LABEL_WORDS
            and not _PRONOUN_SUBJECT.match(match["label"])
        ):
            run.append(index)
        else:
            close()
    close()
    return out


def _sub_headings(blocks: list[Block], index: int) -> list[Block]:
    """The headings a heading with no text of its own stands over: the deeper ones up to the next
    at its depth, or, where depth is not written down, the run of headings that each have text."""
    heading = blocks[index]
    children: list[Block] = []
    for position in range(index + 1, len(blocks)):
        block = blocks[position]
        if not block.is_heading:
            continue
        if heading.level is not None:
            if block.level is not None and block.level <= heading.level:
                break
        elif block.level is not None or not _paragraphs_after(blocks, position):
            break
        children.append(block)
    return children


def _grouping_kind(heading: Block, children: list[Block]) -> SectionKind | None:
    """The kind of section a heading over ``children`` groups, when its shape says so: all
    questions are an FAQ; otherwise the heading's own words must say (its text, not what
    follows, which belongs to the sub-headings)."""
    if not children:
        return None
    if all(child.is_question for child in children):
        asks_for = next((k for k, words in _QUESTION_KINDS if words.search(heading.text)), None)
        return asks_for or SectionKind.FAQ
    if heading.is_question:
        return next((k for k, words in _QUESTION_KINDS if words.search(heading.text)), None)
    kind = kind_from_content(heading.text, "")
    return kind if kind in _LISTED_KINDS else None


_SUMMARY_BOX = re.compile(r"^(?:article |story |in )?summary:?$", re.I)


_MIN_SUMMARY_POINTS = 2


def _only_list_after(blocks: list[Block], index: int) -> bool:
    """Whether a heading is over bullet points first (what follows them may be the lede)."""
    points = 0
    for block in blocks[index + 1 :]:
        if block.kind is not BlockKind.LIST_ITEM:
            break
        points += 1
    return points >= _MIN_SUMMARY_POINTS


def _paragraphs_after(blocks: list[Block], index: int) -> str:
    texts: list[str] = []
    for block in blocks[index + 1 :]:
        if block.is_heading:
            break
        texts.append(block.text)
    return "\n".join(texts)


_LIST_LINE = re.compile(r"^(?:-|\d+\.) ")


def _list_text(block: Block) -> str:
    if block.kind is not BlockKind.LIST_ITEM:
        return block.text
    marker = f"{block.number}." if block.number is not None else "-"
    return f"{marker} {block.text}"
