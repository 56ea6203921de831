"""Recognise plain text, Markdown or HTML and flatten each into the same list of blocks."""

from __future__ import annotations

import bisect
import enum
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from bs4 import BeautifulSoup, Comment, Declaration, NavigableString, Tag
from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.importer.admonitions import admonitions_markdown
from bot.importer.asciidoc import asciidoc_markdown
from bot.importer.blocks import Block, BlockKind, ends_as_question
from bot.importer.chat_exports import chat_export_text
from bot.importer.chrome import (
    MAX_DATA_CELL_WORDS,
    SPOILER_CLASS,
    SPOILER_WARNING_LINE,
    is_chrome_line,
    sentence_rows,
    strip_html_chrome,
)
from bot.importer.classify import named_kind
from bot.importer.dokuwiki import dokuwiki_markdown
from bot.importer.element_trees import element_tree_html, is_element_tree
from bot.importer.embedded import srcdoc_inlined
from bot.importer.feeds import captions_text, feed_article
from bot.importer.gemtext import gemtext_markdown
from bot.importer.html_tree import parse_html
from bot.importer.image_headings import images_as_headings
from bot.importer.json_documents import is_portable_text, json_article, portable_text_html
from bot.importer.latex import latex_markdown
from bot.importer.markdown_dialects import logseq_off, mdx_off, pandoc_off, rentry_off
from bot.importer.mime import mime_document
from bot.importer.note_exports import enex_article
from bot.importer.opml import opml_html
from bot.importer.orgmode import org_markdown
from bot.importer.preformatted import (
    BBS_SYSTEM_LINE,
    BRACKETED_HEADING,
    display_width,
    is_preformatted,
    shaped_as_lines,
    wide,
    written_as_prose,
)
from bot.importer.read_later import read_later_off
from bot.importer.rich_text import is_rich_text, rich_text_html
from bot.importer.rtf import rtf_markdown
from bot.importer.script_states import page_json
from bot.importer.shortcodes import shortcodes_off
from bot.importer.state_faqs import faq_html, state_faq
from bot.importer.text_dumps import text_browser_dump
from bot.importer.textile import textile_markdown
from bot.importer.wikitext import wikitext_markdown
from bot.spoiler_policy.markup import behind_bars


class Format(enum.StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True)
class ParsedArticle:
    format: Format
    blocks: list[Block]
    # Titles a page states outside its body (<title>, og:title): strong hints for the film title.
    title_hints: list[str] = field(default_factory=list)
    # Site furniture removed while parsing, for the reviewer.
    dropped: list[str] = field(default_factory=list)
    # The site's own name (og:site_name), and the person an interview on it answers: the
    # interview is then itself a source, that person in that site.
    site_name: str | None = None
    interviewee: str | None = None
    # The page's own summary (<meta name="description">, og:description): "Sam Esmail's
    # Leave the World Behind (2023) ends on…" may be the only place the film is dated.
    descriptions: list[str] = field(default_factory=list)


# Inline spoilers in other sites' notations: Reddit's ">!the twist!<" is Discord's "||the twist||",
# so the text stays hidden as an ending wherever it is filed.
_REDDIT_SPOILER = re.compile(r">!(?=\S)(?P<text>[^\n]{1,2000}?)(?<=\S)!<")


# A line of warning signs alone ("🚨🚨🚨", "### ⚠️"): a spoiler warning drawn, not written. It
# has no word, so it would go as a divider; it is said in words instead, as a warning picture is.
_WARNING_SIGNS_LINE = re.compile(
    r"^(?P<mark>[ \t]*(?:#{1,6}[ \t]+|>[ \t]*)?)[^\w\n]*(?:⚠|🚨|🛑|⛔|☢|☣)[^\w\n]*$", re.M
)


def _warning_signs_said(text: str) -> str:
    return _WARNING_SIGNS_LINE.sub(lambda m: f"{m['mark']}Spoiler warning.", text)


_REDDIT_OPEN = re.compile(r">!(?=\S)")
_REDDIT_CLOSE = "!<"
# Where a spoiler left open stops at the latest: a heading line, which no span runs over.
_HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]", re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# What opens a line of a list or a quotation: kept outside the bars, so the line stays one.
_LINE_MARKER = re.compile(r"^[ \t]*(?:(?:[-*+•]|\d{1,3}[.)]|>)[ \t]+)*")


def _open_reddit_spoilers_barred(text: str) -> str:
    """Reddit's ">!…!<" the one-line reading left: one that runs over lines (paragraphs, list
    items) until its "!<", or is never closed and hides the rest of its paragraph. Each line's
    part goes in bars of its own, so a line break never leaves a span open. Neither runs past
    a heading. Linear: each close is found by bisecting a list made once."""
    if ">!" not in text:
        return text
    closes = [m.start() for m in re.finditer(re.escape(_REDDIT_CLOSE), text)]
    headings = [m.start() for m in _HEADING_LINE.finditer(text)]
    out: list[str] = []
    pos = 0
    while (opened := _REDDIT_OPEN.search(text, pos)) is not None:
        start = opened.end()
        next_close = bisect.bisect_left(closes, start)
        next_heading = bisect.bisect_left(headings, start)
        limit = headings[next_heading] if next_heading < len(headings) else len(text)
        if next_close < len(closes) and closes[next_close] < limit:
            end, after = closes[next_close], closes[next_close] + len(_REDDIT_CLOSE)
        else:
            blank = _BLANK_LINE.search(text, start, limit)
            end = after = blank.start() if blank else limit
        out.append(text[pos : opened.start()])
        out.append(_lines_barred(text[start:end]))
        pos = after
    out.append(text[pos:])
    return "".join(out)


def _lines_barred(text: str) -> str:
    lines = []
    for index, line in enumerate(text.split("\n")):
        # (the first line goes on from the opening ">!": no marker of its own)
        found = _LINE_MARKER.match(line) if index else None
        marker = found.group() if found else ""
        words = line[len(marker) :].rstrip()
        lines.append(f"{marker}{behind_bars(words)}" if words.strip() else line)
    return "\n".join(lines)


def parse_article(text: str) -> ParsedArticle:
    unwrapped: list[str] = []  # a feed's other entries, a captions file's timings
    text = mime_document(text, unwrapped) or text
    text = (
        rtf_markdown(text, unwrapped)
        or opml_html(text, unwrapped)
        or json_article(text)
        or feed_article(text, unwrapped)
        or enex_article(text, unwrapped)
        or captions_text(text, unwrapped)
        or textile_markdown(text, unwrapped)
        or gemtext_markdown(text, unwrapped)
        or dokuwiki_markdown(text, unwrapped)
        or wikitext_markdown(text, unwrapped)
        or org_markdown(text, unwrapped)
        or latex_markdown(text, unwrapped)
        or asciidoc_markdown(text, unwrapped)
        or text_browser_dump(text, unwrapped)
        or text
    )
    text = _REDDIT_SPOILER.sub(lambda m: behind_bars(m["text"]), text)
    is_html = detect_format(text) is Format.HTML
    if not is_html:
        text = _open_reddit_spoilers_barred(_warning_signs_said(text))
    text = shortcodes_off(text, is_html=is_html)
    text, front_title = _split_front_matter(text)
    hints = [front_title] if front_title else []
    text, page_title = _reader_preamble_off(text, unwrapped)
    hints += [page_title] if page_title else []
    if not is_html:
        text = read_later_off(text, unwrapped)
    if not _HTML_PAGE.search(text[:2000]):
        text = logseq_off(pandoc_off(mdx_off(text, unwrapped), unwrapped), unwrapped)
        text = rentry_off(text, unwrapped)
    envelope: list[str] = []
    if not _HTML_PAGE.search(text[:2000]):
        text = message_envelope_off(forwarded_message(text, envelope), envelope)
    text = _superscript_notes(bbcode_to_markdown(text))
    fmt = detect_format(text)
    if fmt is Format.HTML:
        parsed = _parse_html(srcdoc_inlined(text))
        parsed = replace(parsed, interviewee=interviewee(transcript_marks_off(parsed.blocks)))
        blocks = _qa_labels_off(
            promote_lead_headings(
                _icons_off(
                    _bracketed_headings(
                        emoji_labels_as_headings(
                            interview_labels_off(
                                transcript_marks_off(thread_counters_off(parsed.blocks))
                            )
                        )
                    )
                )
            )
        )
        blocks = question_blocks(blocks)
        dropped = [*unwrapped, *parsed.dropped]
        return replace(parsed, blocks=_contents_off(blocks, dropped), dropped=dropped)
    dropped: list[str] = [*unwrapped, *envelope]
    if is_restructured_text(text):
        text = rst_to_markdown(text, dropped)
        fmt = Format.MARKDOWN
    text = admonitions_markdown(
        _note_syntax_off(template_lines_off(text, dropped), dropped), dropped
    )
    if fmt is Format.MARKDOWN:
        blocks = _bracketed_headings(_icons_off(_parse_markdown(text, dropped)))
        blocks = _qa_labels_off(
            promote_lead_headings(interview_labels_off(transcript_marks_off(blocks)))
        )
        blocks = _lede_out_of_leading_list(question_blocks(blocks))
        return ParsedArticle(fmt, _contents_off(blocks, dropped), hints, dropped)
    blocks = _qa_labels_off(transcript_marks_off(_icons_off(_parse_text(text, dropped))))
    blocks = _lede_out_of_leading_list(blocks)
    return ParsedArticle(fmt, _contents_off(blocks, dropped), hints, dropped)


def _bracketed_section(line: str) -> bool:
    """A line that is only a section's name in lenticular brackets ("【劇情】", "【あらすじ】"):
    a Chinese or Japanese post's section line. Other bracketed lines ("【ネタバレ注意】",
    "【PR】") stay text: made headings, they would file what follows them under the part
    before them (the ending under the recap)."""
    return (
        bool(BRACKETED_HEADING.match(line))
        and named_kind(line.strip("【】［］〔〕"), "") is not None
    )


def _bracketed_headings(blocks: list[Block]) -> list[Block]:
    """Each paragraph that is a bracketed section line (_bracketed_section) as a heading at no
    depth of its own."""
    return [
        Block(BlockKind.HEADING, block.text.strip("【】［］〔〕"))
        if block.kind is BlockKind.PARAGRAPH and _bracketed_section(block.text)
        else block
        for block in blocks
    ]


# The label of a page's summary box: bullet points that often tell the twist.
_SUMMARY_BOX = re.compile(
    r"^\W*(?:key (?:takeaways?|points)|summary|highlights|the big picture|at a glance"
    r"|tl;? ?dr)\W*$",
    re.I,
)


def _lede_out_of_leading_list(blocks: list[Block]) -> list[Block]:
    """Markdown's or plain text's "Key Takeaways" over its bullets at the top, then a paragraph:
    the box ends where its list ends. The paragraphs after it, up to the next heading, are the
    lede, so they go before the box (where a lede is read, and kept aside for a person) rather
    than into the box, which is filed at the ending level. As the HTML reader does by element."""
    headings = [index for index, block in enumerate(blocks) if block.is_heading]
    box = next((i for i in headings[:2] if _SUMMARY_BOX.match(blocks[i].text)), None)
    if box is None:
        return blocks
    end = box + 1
    while end < len(blocks) and blocks[end].kind is BlockKind.LIST_ITEM:
        end += 1
    stop = end
    while stop < len(blocks) and blocks[stop].kind is BlockKind.PARAGRAPH:
        stop += 1
    if end == box + 1 or stop == end:
        return blocks
    return [*blocks[:box], *blocks[end:stop], *blocks[box:end], *blocks[stop:]]


# reStructuredText (Sphinx, Pelican and Nikola blogs): directives, field lists, footnotes and
# section titles drawn with punctuation under (and over) them.
_RST_DIRECTIVE = re.compile(r"^\.\. [\w-]+::.*$")
_RST_FOOTNOTE = re.compile(r"^\.\. \[(?P<label>#|\*|\d{1,3})\]\s+(?P<text>\S.*)$")
_RST_FIELD = re.compile(r"^:[\w][\w -]{0,30}:(?:\s+.*)?$")
_RST_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+_.:])\1{2,}\s*$")
_RST_LINK = re.compile(r"`(?P<text>[^`<]+?)\s*<[^`>]+>`__?")
_RST_REFERENCE = re.compile(r"\s?\[(?P<label>#|\*|\d{1,3})\]_")


def is_restructured_text(text: str) -> bool:
    lines = text.split("\n")
    directives = sum(1 for line in lines if _RST_DIRECTIVE.match(line) or _RST_FOOTNOTE.match(line))
    titles = sum(
        1
        for above, line in itertools.pairwise(lines)
        if _RST_ADORNMENT.match(line)
        and above.strip()
        and not _RST_ADORNMENT.match(above)
        and len(line.rstrip()) >= len(above.rstrip())
    )
    return directives >= 1 and titles >= 2


def rst_to_markdown(text: str, dropped: list[str]) -> str:
    """reStructuredText as the Markdown the rest of the importer reads: titles as ``#``
    headings, deepest by the order their adornments first appear (as reStructuredText ranks
    them); directives' markup and field lists off (an admonition's text kept); footnotes as
    ``[^n]``; links as their text."""
    lines = text.split("\n")
    out: list[str] = []
    styles: list[str] = []
    notes: list[str] = []
    auto = 0
    index = 0
    in_directive = False
    while index < len(lines):
        line = lines[index]
        bare = line.strip()
        following = lines[index + 1] if index + 1 < len(lines) else ""
        after = lines[index + 2] if index + 2 < len(lines) else ""
        if _RST_ADORNMENT.match(bare) and following.strip() and _RST_ADORNMENT.match(after.strip()):
            # a title drawn over and under ranks apart from one drawn under only
            out.append(_rst_heading(styles, "over" + bare[0], following.strip()))
            index += 3
            continue
        if (
            bare
            and not line.startswith((" ", "\t"))
            and _RST_ADORNMENT.match(following.strip())
            and len(following.rstrip()) >= len(bare)
            and not _RST_ADORNMENT.match(bare)
        ):
            out.append(_rst_heading(styles, following.strip()[0], bare))
            index += 2
            continue
        footnote = _RST_FOOTNOTE.match(bare)
        if footnote:
            auto += 1
            label = footnote["label"] if footnote["label"].isdecimal() else str(auto)
            notes.append(f"[^{label}]: {footnote['text']}")
            in_directive = False
        elif _RST_DIRECTIVE.match(bare):
            dropped.append(bare)
            in_directive = True
        elif _RST_FIELD.match(bare) and (in_directive or not any(o.strip() for o in out)):
            dropped.append(bare)  # a directive's options, or the post's metadata fields
        elif _RST_ADORNMENT.match(bare) and not following.strip():
            out.append("")  # a transition ("----")
        else:
            if bare and not line.startswith((" ", "\t")):
                in_directive = False
            out.append(line.strip() if in_directive else line)
        index += 1
    body = "\n".join(out)
    count = iter(range(1, 1000))
    body = _RST_REFERENCE.sub(
        lambda m: f"[^{m['label'] if m['label'].isdecimal() else next(count)}]", body
    )
    body = _RST_LINK.sub(lambda m: m["text"], body)
    return body + ("\n\n" + "\n\n".join(notes) + "\n" if notes else "")


def _rst_heading(styles: list[str], style: str, title: str) -> str:
    if style not in styles:
        styles.append(style)
    return "#" * min(styles.index(style) + 1, 6) + " " + title


# A mail or news message saved as text (a mailing list's archive, a Usenet post): its header
# lines, the lines it quotes from the message it answers and who wrote them, and its signature.
_HEADER_LINE = re.compile(
    r"^(?P<name>from|to|cc|date|sent|subject|newsgroups|organi[sz]ation|lines|message-id"
    r"|references|reply-to|followup-to|path|x-[\w-]+|nntp-posting-host|in-reply-to|keywords"
    r"|summary|distribution|sender|mime-version|content-type|content-transfer-encoding)"
    r"\s*:\s*(?P<value>.*)$",
    re.I,
)
_MIN_HEADERS = 3
_REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|tr)\s*:\s*)+", re.I)
# Who wrote the lines a reply quotes, as mail and news programs put it: "In article <id>, Kim
# writes:", "On Tue, 3 Mar 2009, Kim <kim@example.org> wrote:". An article's "As Ebert wrote:"
# names no message, so its quotations stay.
_QUOTE_INTRO = re.compile(
    r"^(?:in (?:article|message) <[^>]+>.{0,160}|on .{0,60}\d.{0,100}|.{0,80}@.{0,80})"
    r"\s(?:writes|wrote)\s*:$",
    re.I,
)
_SIGNATURE = re.compile(r"^-- ?$")
_MAX_SIGNATURE_LINES = 8


# Where a mail program starts the message it forwards.
_FORWARD_MARK = re.compile(
    r"^(?:-{2,}\s*(?:forwarded message|original message)\s*-{2,}|begin forwarded message:)$",
    re.I,
)
_QUOTE_PREFIX = re.compile(r"^> ?")


def forwarded_message(text: str, dropped: list[str]) -> str:
    """The message a forward carries, as if it had been received itself: the forwarder's own
    note above the mark goes, the forwarded header block gives the subject (without "Fwd:") as
    the first line, and when the program quoted the message ("> " on every line) one level of
    quoting comes off; a deeper quote inside it is someone else's words and is left out."""
    lines = text.split("\n")
    mark = next((i for i, line in enumerate(lines) if _FORWARD_MARK.match(line.strip())), None)
    if mark is None:
        return text
    dropped.extend(line.strip() for line in lines[: mark + 1] if line.strip())
    rest = lines[mark + 1 :]
    end = 0
    headers: list[re.Match[str]] = []
    while end < len(rest) and (match := _HEADER_LINE.match(rest[end].strip())):
        headers.append(match)
        end += 1
    dropped.extend(line.strip() for line in rest[:end])
    subject = next((m["value"] for m in headers if m["name"].lower() == "subject"), "")
    subject = _REPLY_PREFIX.sub("", subject).strip()
    body = rest[end:]
    written = [line for line in body if line.strip()]
    quoted = [line for line in written if line.lstrip().startswith(">")]
    if written and len(quoted) * 2 > len(written):
        unquoted: list[str] = []
        for line in body:
            bare = _QUOTE_PREFIX.sub("", line.lstrip(), count=1)
            if bare.startswith(">"):
                dropped.append(bare)
                continue
            unquoted.append(bare)
        body = unquoted
    return "\n".join([*([subject, ""] if subject else []), *body])


def message_envelope_off(text: str, dropped: list[str]) -> str:
    """A message's text without its envelope: the header block goes (its subject, without
    "Re:", becomes the first line, the post's headline), and with a header block or a quote
    introduction ("In article <…> Kim writes:"), the quoted lines, that introduction and a
    signature after "-- " go too."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    end = start
    headers: list[re.Match[str]] = []
    while end < len(lines) and (match := _HEADER_LINE.match(lines[end].strip())):
        headers.append(match)
        end += 1
    names = {match["name"].lower() for match in headers}
    enveloped = len(headers) >= _MIN_HEADERS and bool(names & {"from", "subject", "newsgroups"})
    quoted = any(_QUOTE_INTRO.match(line.strip()) for line in lines)
    if not (enveloped or quoted):
        return text
    head: list[str] = []
    if enveloped:
        dropped.extend(lines[start:end])
        subject = next((m["value"] for m in headers if m["name"].lower() == "subject"), "")
        subject = _REPLY_PREFIX.sub("", subject).strip()
        head = [subject, ""] if subject else []
        lines = lines[end:]
    kept: list[str] = []
    for line in lines:
        bare = line.strip()
        if bare.startswith(">") or _QUOTE_INTRO.match(bare):
            dropped.append(bare)
            continue
        kept.append(line)
    signature = next(
        (i for i in range(len(kept) - 1, -1, -1) if _SIGNATURE.match(kept[i].rstrip())), None
    )
    if signature is not None and len(kept) - signature <= _MAX_SIGNATURE_LINES + 1:
        dropped.extend(line.strip() for line in kept[signature + 1 :] if line.strip())
        kept = kept[:signature]
    return "\n".join([*head, *kept])


# Pictographs that decorate a heading or a label ("💡 Themes", "🍂 The leaves", "1️⃣ …"): symbols,
# their variation selectors, joiners, skin tones and keycaps. They name nothing.
_ICON_CATEGORIES = {"So", "Sk", "Cf", "Cs", "Co"}
# Of the combining marks, only an icon's own: variation selectors and enclosing keycaps or
# circles. The rest are letters' vowel signs and points (Hindi "है", Thai, Hebrew), words' ends.
_ICON_MARK = re.compile("[\ufe00-\ufe0f\u20dd-\u20e4\U000e0100-\U000e01ef]")
_KEYCAP = re.compile(r"^[#*\d]\ufe0f?\u20e3")


def _icon_run(text: str) -> int:
    """How many characters of icons (and the spaces after them) open ``text``."""
    index = 0
    while index < len(text):
        keycap = _KEYCAP.match(text, index)
        if keycap:
            index = keycap.end()
        elif (
            unicodedata.category(text[index]) in _ICON_CATEGORIES
            or _ICON_MARK.match(text[index])
            or (index and text[index].isspace())
        ):
            index += 1
        else:
            break
    return index


# A social post marks its sections with a line of an emoji and a section's name ("📌 WHAT
# HAPPENS", "🔚 The ending"): two or more such lines make the post's outline.
_MAX_LABEL_WORDS = 6
_MIN_EMOJI_LABELS = 2


def emoji_labels_as_headings(blocks: list[Block]) -> list[Block]:
    def label(block: Block) -> str | None:
        if block.kind is not BlockKind.PARAGRAPH:
            return None
        cut = _icon_run(block.text)
        text = block.text[cut:].strip()
        if not cut or not text or len(text.split()) > _MAX_LABEL_WORDS or text[-1] in ".!?":
            return None
        return text if named_kind(text, "") is not None else None

    labels = [label(block) for block in blocks]
    if sum(text is not None for text in labels) < _MIN_EMOJI_LABELS:
        return blocks
    return [
        Block(BlockKind.HEADING, text) if text is not None else block
        for block, text in zip(blocks, labels, strict=True)
    ]


def _icons_off(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if block.is_heading:
            text = block.text[_icon_run(block.text) :]
            # "Themes 💡": trailing ones too, read from the end.
            tail = _icon_run(text[::-1])
            text = text[: len(text) - tail] if tail else text
            block = block.with_text(text.strip() or block.text)
        elif block.lead and _icon_run(block.lead):
            cut = _icon_run(block.lead)
            lead = block.lead[cut:].strip()
            if lead and block.text.startswith(block.lead):
                block = replace(block, text=lead + block.text[len(block.lead) :], lead=lead)
        out.append(block)
    return out


# "[00:03:14]", "(12:05)", "1:02:33 –": where a podcast's or a video's transcript is in its audio.
_TIMESTAMP = re.compile(r"^[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?\s*(?:[-–—|]\s*)?")
# "OMAR BELL:", "Tasha:", "Host:": who speaks, as a transcript marks each turn.
_SPEAKER = re.compile(r"^(?P<who>(?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*){0,3})\s*:\s+(?=\S)")
_MIN_TURNS = 3


def _stamp_off(text: str) -> str:
    """The turn without its time, whether it opens the turn or follows the speaker's label
    ("MARA: [00:05:12] So Georges…")."""
    if _TIMESTAMP.match(text):
        return _TIMESTAMP.sub("", text, count=1)
    speaker = _SPEAKER.match(text)
    if speaker and _TIMESTAMP.match(text[speaker.end() :]):
        return text[: speaker.end()] + _TIMESTAMP.sub("", text[speaker.end() :], count=1)
    return text


def transcript_marks_off(blocks: list[Block]) -> list[Block]:
    """A transcript's timestamps and speaker labels are not its words. Only where at least three
    turns are stamped does a leading time count as one, and a name counts as a speaker's label
    only when it opens two or more turns ("Nolan: …" once is a paragraph's lead-in)."""
    unstamped = [_stamp_off(block.text) for block in blocks]
    if sum(1 for text, block in zip(unstamped, blocks, strict=True) if text != block.text) < (
        _MIN_TURNS
    ):
        return blocks
    texts = unstamped
    openers = [m["who"] for text in texts if (m := _SPEAKER.match(text))]
    speakers = {who for who in openers if openers.count(who) >= 2}
    out: list[Block] = []
    for block, text in zip(blocks, texts, strict=True):
        match = _SPEAKER.match(text)
        if match and match["who"] in speakers:
            text = text[match.end() :]
        if text != block.text:
            lead = None if block.lead and block.lead not in text else block.lead
            block = replace(block, text=text, lead=lead)
        out.append(block)
    return out


# "2/6 📖 RECAP", "… ENDING EXPLAINED 🧵 1/6": a thread's post counter, at a post's start or end.
_COUNTER_START = re.compile(r"^(?P<n>\d{1,2})/(?P<of>\d{1,2})\s+(?=\S)")
_COUNTER_END = re.compile(r"\s+🧵?\s*(?P<open>\()?(?P<n>\d{1,2})/(?P<of>\d{1,2})(?(open)\))$")
_MIN_COUNTED_POSTS = 3


def thread_counters_off(blocks: list[Block]) -> list[Block]:
    """A thread's counters ("1/6" … "6/6") number its posts; they are not their text. Only where
    three posts or more are counted out of the same total. A post that opens with a short label
    after its counter ("2/6 📖 RECAP") opens with a heading."""
    found = [
        (index, match)
        for index, block in enumerate(blocks)
        for pattern in (_COUNTER_START, _COUNTER_END)
        if (match := pattern.search(block.text))
    ]
    totals = Counter(match["of"] for _, match in found)
    if not totals:
        return blocks
    total, count = totals.most_common(1)[0]
    if count < _MIN_COUNTED_POSTS:
        return blocks
    out = list(blocks)
    for index, match in found:
        if match["of"] != total or int(match["n"]) > int(total):
            continue
        block = out[index]
        text = (block.text[: match.start()] + block.text[match.end() :]).strip()
        kind = block.kind
        label = text[_icon_run(text) :]
        if match.re is _COUNTER_START and kind is BlockKind.PARAGRAPH and looks_like_heading(label):
            kind = BlockKind.HEADING
        lead = None if block.lead and block.lead not in text else block.lead
        out[index] = replace(block, kind=kind, text=text, lead=lead)
    return out


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_NOTE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s+(?=\S)", re.M)
_SUPERSCRIPT_MARK = re.compile(r"(?<=[^\W\d]|[.,;:!?\"”’)])([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")


def _superscript_notes(text: str) -> str:
    """A word processor's footnotes in superscript digits: "…her.¹" is the marker "[^1]", and a
    line opening with "¹" is note 1 of the list, written as Markdown writes a definition."""
    if not _SUPERSCRIPT_NOTE.search(text):
        return text
    text = _SUPERSCRIPT_NOTE.sub(lambda m: f"[^{m[1].translate(_SUPERSCRIPTS)}]: ", text)
    return _SUPERSCRIPT_MARK.sub(lambda m: f"[^{m[1].translate(_SUPERSCRIPTS)}]", text)


def _contents_off(blocks: list[Block], dropped: list[str]) -> list[Block]:
    """Outline numbers off the headings, and a table of contents out: in a run of headings with
    no text between, three or more that the article repeats as headings further on (with the
    run's title, "Contents", before them)."""
    blocks = _outline_numbers_off(blocks)
    names = [_TOC_NUMBER.sub("", block.text).lower() for block in blocks]
    last_heading = {names[i]: i for i, block in enumerate(blocks) if block.is_heading}
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and blocks[end].is_heading:
            end += 1
        listed = [i for i in range(index, end) if last_heading.get(names[i], -1) > i]
        # Repeated buttons ("Share", "Save") come back too: a contents list has its title or
        # numbers its entries.
        titled = _CONTENTS_TITLE.match(blocks[index].text) is not None
        numbered = sum(1 for i in listed if _TOC_NUMBER.match(blocks[i].text))
        if (
            len(listed) >= _MIN_CONTENTS
            and listed[0] <= index + 1
            and len(listed) >= listed[-1] - listed[0]
            and (titled or numbered >= _MIN_CONTENTS)
        ):
            dropped.append(" ".join(blocks[i].text for i in range(index, listed[-1] + 1)))
            index = listed[-1] + 1
            continue
        out.append(blocks[index])
        index += 1
    return _closing_sentence_as_text(out)


# A sentence, not a name: "Park Chan-wook discussed the ending with Sight and Sound in 2004."
_SENTENCE_LINE = re.compile(r"^\S+(?:\s+\S+){5,}\.$")
# ...that reports what someone said: a site's own sign-off ("Filed under seventies, dystopia.
# Reply by email if you disagree.") stays out with the rest of its furniture.
_REPORTED = re.compile(
    r"\b(?:told|said|says|discussed|explained|spoke|talked|interview(?:ed)?|according to"
    r"|quoted)\b"
)


def _closing_sentence_as_text(blocks: list[Block]) -> list[Block]:
    """The article's last block, set alone in italics or bold, reads as a heading: but a heading
    heads nothing when no text follows it, and a full sentence (six words or more, a closing
    full stop) that reports what someone said is the article's closing line, naming its
    source."""
    last = blocks[-1] if blocks else None
    if (
        last is not None
        and last.is_heading
        and _SENTENCE_LINE.match(last.text)
        and _REPORTED.search(last.text)
    ):
        return [*blocks[:-1], replace(blocks[-1], kind=BlockKind.PARAGRAPH, level=None)]
    return blocks


_CONTENTS_TITLE = re.compile(
    r"^(?:contents|table of contents|in this (?:article|post|guide)|on this page|jump to)\b", re.I
)
_TOC_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")
_MIN_CONTENTS = 3


# "2.1 Paranoia", "4.1 Is Childs infected?": a study guide's outline numbers. A single number
# ("1. The chalk door") is kept: a listicle's parts are counted by it.
_OUTLINE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?\s+(?=\S)")


def _outline_numbers_off(blocks: list[Block]) -> list[Block]:
    return [
        block.with_text(_OUTLINE_NUMBER.sub("", block.text)) if block.is_heading else block
        for block in blocks
    ]


# A forum post's BBCode, which reads as Markdown once its tags are: [b]…[/b] is bold.
_BBCODE_TAG = re.compile(
    r"\[/?(?:b|i|u|s|size|color|font|spoiler|quote|url|center|h\d)\b[^\]]*\]", re.I
)
_BBCODE_PAIRS = 2


def bbcode_to_markdown(text: str) -> str:
    if len(re.findall(r"\[/(?:b|i|size|spoiler|quote|url)\]", text, re.I)) < _BBCODE_PAIRS:
        return text
    text = re.sub(r"\[b\](.*?)\[/b\]", r"**\1**", text, flags=re.I | re.S)
    text = re.sub(r"\[i\](.*?)\[/i\]", r"*\1*", text, flags=re.I | re.S)
    text = re.sub(r"\[url=([^\]]+)\](.*?)\[/url\]", r"[\2](\1)", text, flags=re.I | re.S)
    # A quotation of another post is a reply's context: a blockquote, as Markdown writes it.
    text = re.sub(
        r"\[quote[^\]]*\](.*?)\[/quote\]",
        lambda m: "\n".join(f"> {line}" for line in m[1].strip().splitlines()) + "\n\n",
        text,
        flags=re.I | re.S,
    )
    return _BBCODE_TAG.sub("", text)


# "Q:", "Q1.", "Answer)"; in full width ("Ｑ．", "Ａ："), or an ASCII mark before a word in
# another script with no space ("Q.続編はある？").
_QA_LABEL = re.compile(
    r"^(?:(?P<q>Q|Ｑ|Question)|(?P<a>A|Ａ|Answer))\s*\d{0,2}\s*"
    r"(?:[:.)]\s+|[:.)](?=[^\x00-\x7f])|[：．）]\s*)(?=\S)"
)


def _qa_labels_off(blocks: list[Block]) -> list[Block]:
    """ "Q: Is Teddy real?" / "A: No…": the labels of an interview-style FAQ are not its text.
    A "Q:" line is a question heading even where nothing else marks it."""
    out: list[Block] = []
    for block in blocks:
        match = _QA_LABEL.match(block.text)
        if match is None or block.kind is BlockKind.LIST_ITEM:
            out.append(block)
            continue
        text = block.text[match.end() :]
        # An answer is prose, however short it is.
        kind = (
            BlockKind.HEADING
            if match["q"] and ends_as_question(text.rstrip())
            else BlockKind.PARAGRAPH
            if match["a"]
            else block.kind
        )
        out.append(replace(block, kind=kind, text=text, lead=None))
    return out


# "---\ntitle: …\ndate: …\n---" (YAML) or "+++\ntitle = "…"\n+++" (TOML: Hugo, Zola) at the top
# of a Markdown post: metadata, not prose.
_FRONT_MATTER = re.compile(
    r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>.*?)\n(?P=fence)[ \t]*\n", re.S
)


def _split_front_matter(text: str) -> tuple[str, str | None]:
    match = _FRONT_MATTER.match(text.lstrip("\n"))
    sign = ":" if match and match["fence"] == "---" else "="
    if not match or not re.search(rf"^\w[\w-]*\s*{sign}", match["body"], re.M):
        return text, None
    title = re.search(rf"^title\s*{sign}\s*(?P<title>.+)$", match["body"], re.M)
    rest = text.lstrip("\n")[match.end() :]
    return rest, clean_space(title["title"].strip("\"' ")) if title else None


# A page a reader service turned into Markdown (Jina Reader, "r.jina.ai/<url>"): "Title:",
# "URL Source:", "Published Time:" and such lines, then "Markdown Content:" over the page.
_READER_PREAMBLE = re.compile(
    r"\A\s*Title: (?P<title>[^\n]*)\n+(?:(?:URL Source|Published Time|Description|Warning"
    r"|Number of Pages|Language|Author|Image|Site Name): [^\n]*\n+){0,8}"
    r"(?:Markdown|Text|HTML) Content:[ \t]*\n"
)


def _reader_preamble_off(text: str, dropped: list[str]) -> tuple[str, str | None]:
    """A reader service's preamble is the page's metadata: its title is the page's <title>
    (a title hint); the rest is no part of the article."""
    match = _READER_PREAMBLE.match(text)
    if match is None:
        return text, None
    dropped.append(clean_space(match.group()))
    return text[match.end() :], clean_space(match["title"]) or None


# A bold lead-in that names what follows: "**Is Teddy real?**", "<b>The tattoos:</b> …".
_LEAD_END = re.compile(r"(?:[?:.]|\s[–—-])$")
_MAX_LEAD_WORDS = 14


# "THE ENDING (SPOILERS): Paul picks up…": a label in capitals, then a colon, opening a
# paragraph of plain text, as a review box that takes no markup writes a section's heading.
_CAPITAL_LABEL = re.compile(r"^(?P<label>[^\W\d_a-z][^:\n]{1,50}?)\s*:(?:\s+(?=\S)|\s*$)")
_MAX_CAPITAL_LABEL_WORDS = 6


def _capital_label(block: Block) -> str | None:
    """The label in capitals opening a plain paragraph, when it names a section."""
    if block.kind is not BlockKind.PARAGRAPH or block.lead:
        return None
    match = _CAPITAL_LABEL.match(block.text)
    if match is None:
        return None
    label = match["label"]
    letters = [char for char in label if char.isalpha()]
    if (
        len(letters) < 2
        or any(char.islower() for char in letters)
        or len(label.split()) > _MAX_CAPITAL_LABEL_WORDS
        or named_kind(label, "") is None
    ):
        return None
    return match.group()


def promote_lead_headings(blocks: list[Block]) -> list[Block]:
    """Paragraphs that are all bold, or open with a bold label ending in "?", ":" or ".", are
    headings followed by their text: blogs and newsletters mark sections and questions that way.
    So is a label in capitals naming a section ("THE LAST SHOT: …") opening a plain paragraph."""
    out: list[Block] = []
    for block in blocks:
        lead = (block.lead or "").strip()
        capital = _capital_label(block)
        if capital is not None:
            out.append(Block(BlockKind.HEADING, capital.strip(" :")))
            if block.text[len(capital) :].strip():
                out.append(replace(block, text=block.text[len(capital) :]))
            continue
        if block.kind is not BlockKind.PARAGRAPH or not lead:
            out.append(block)
            continue
        if block.text == f"||{lead}||" and named_kind(lead.rstrip(" :.–—-"), "") is not None:
            # A bold line set alone inside a spoiler box that names a section ("The last
            # shot"): the box's heading, as the same line outside it would be (its text is
            # in bars of its own).
            out.append(Block(BlockKind.HEADING, lead.rstrip(" :–—-")))
            continue
        words = len(lead.split())
        rest = block.text[len(lead) :].strip() if block.text.startswith(lead) else None
        if _QA_LABEL.match(f"{lead} x"):
            # "**Q.** Is Triangle based on a myth?": the label of an interview-style question,
            # which _qa_labels_off reads with its text.
            out.append(replace(block, lead=None))
        elif rest is None or words > _MAX_LEAD_WORDS or not re.search(r"\w", lead):
            out.append(block)
        elif not rest.strip(" :.–—-"):
            out.append(Block(BlockKind.HEADING, lead.rstrip(" :–—-")))
        elif _LEAD_END.search(lead) or re.match(r"[:–—-]\s", rest):
            heading = lead.rstrip(" :.–—-") if not ends_as_question(lead) else lead
            out.append(Block(BlockKind.HEADING, heading))
            out.append(replace(block, text=rest.lstrip(" :–—-"), lead=None))
        else:
            out.append(block)
    return out


# One question and nothing else: no sentence ends before its question mark.
_ONE_QUESTION = re.compile(r"^[^.!?]*(?:[.!?](?!\s)[^.!?]*)*\?$")
_MAX_QUESTION_WORDS = 20
_MIN_QUESTION_BLOCKS = 2


def question_blocks(blocks: list[Block]) -> list[Block]:
    """A block that is one short question, answered by the block after it, is a question
    heading: FAQ accordions and schema.org FAQPage markup set each question in a plain <span> or
    <div>. Two such pairs are needed; one question alone in prose is rhetoric, not an FAQ."""

    def asks(index: int) -> bool:
        block, after = blocks[index], blocks[index + 1] if index + 1 < len(blocks) else None
        return (
            block.kind is BlockKind.PARAGRAPH
            and block.lead is None
            and len(block.text.split()) <= _MAX_QUESTION_WORDS
            and _ONE_QUESTION.match(block.text) is not None
            and after is not None
            and after.kind is not BlockKind.HEADING
            and not ends_as_question(after.text)
        )

    asked = [index for index in range(len(blocks)) if asks(index)]
    if len(asked) < _MIN_QUESTION_BLOCKS:
        return blocks
    return [
        Block(BlockKind.HEADING, block.text) if index in asked else block
        for index, block in enumerate(blocks)
    ]


_HTML_SIGNS = re.compile(r"<!doctype html|<(?:html|head|body|article|main|div|p|h[1-6])[\s>]", re.I)
# What only a whole page has: Markdown may carry a <div> or two, never a document's frame.
_HTML_PAGE = re.compile(r"<!doctype html|<(?:html|head|body)[\s>]", re.I)
_MARKDOWN_SIGNS = re.compile(
    r"^#{1,6} \S|\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^\]\n]+\]\((?:https?://|/|#)"
    r"|^\[\^\d+\]:|^!\[|^```",
    re.M,
)


def detect_format(text: str) -> Format:
    head = text[:4096]
    # A page, or a fragment that opens with a tag, is HTML. Markdown that embeds a block of HTML
    # (a newsletter box, a <details>) is still Markdown: markdown-it hands those blocks back.
    if _HTML_PAGE.search(head) or (text.lstrip().startswith("<") and _HTML_SIGNS.search(head)):
        return Format.HTML
    # One ATX heading or two Markdown-only constructs (bold, links, footnote definitions). Bullets
    # and numbered lists are not evidence: plain text uses them just as often.
    if _MARKDOWN_SIGNS.search(text):
        return Format.MARKDOWN
    if _HTML_SIGNS.search(head):
        return Format.HTML
    return Format.TEXT


def clean_space(text: str) -> str:
    return " ".join(text.split())


# --- plain text -------------------------------------------------------------------------------

# "● Quick Answer": site labels exported as text keep their bullet; they mark a heading.
_LABEL_BULLET = re.compile(r"^[●■▪▶►◆]\s*")
# "^ Dargis, Manohla…": a wiki's reference list copied as text marks each entry with a caret.
_LIST_BULLET = re.compile(r"^(?:[-*•–^↑]\s+|(?P<number>\d{1,2})[.)]\s+)")


_NOTE_MARKS_AT_END = re.compile(r"(?:\[\^?\d{1,3}\])+$")


def looks_like_heading(line: str) -> bool:
    """A short line that does not end like a sentence (a question mark is allowed)."""
    words = line.split()
    # "…did not have it.[1]": a note's marker after a sentence's end leaves it a sentence.
    ending = _NOTE_MARKS_AT_END.sub("", line)
    return (
        0 < len(words) <= 14
        and len(line) <= 110
        and not ending.endswith((".", ",", ";", ":", "…", '."', ".”"))
        and (line[0].isupper() or line[0].isdecimal() or line[0] in "\"“'‘¿")
    )


def _parse_text(text: str, dropped: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for raw_chunk in re.split(r"\n[ \t]*\n", text):
        ruled = _ruled_headings(raw_chunk)
        if ruled is not None:
            for heading, chunk in ruled:
                if heading:
                    blocks.append(Block(BlockKind.HEADING, clean_space(heading)))
                if chunk.strip():
                    blocks.extend(_parse_text(chunk, dropped))
            continue
        chunk = _hanging_lines_joined(raw_chunk)
        lines = _stamps_joined([line.strip() for line in chunk.split("\n") if line.strip()])
        dropped.extend(line for line in lines if BBS_SYSTEM_LINE.match(line))
        lines = [line for line in lines if not BBS_SYSTEM_LINE.match(line)]
        if not lines:
            continue
        if _is_chapter_list(lines):
            dropped.append(" ".join(lines))
            continue
        if (
            len(lines) > 2
            and _RULE_LINE.match(lines[0])
            and all(is_chrome_line(line) for line in lines)
            and not is_chrome_line(" ".join(lines))
        ):
            # A newsletter's footer under its rule, each line furniture ("Unsubscribe:", its
            # link, the postal address): joined it would be one long line no rule knows.
            dropped.append(" ".join(lines))
            continue
        if len(lines) > 1 and _SOURCES_LABEL.match(lines[0]):
            # "Sources:" over a line per work, unbulleted (a video description's): a list, not
            # headings of their own (a dated work would read as a film's part).
            blocks.append(Block(BlockKind.HEADING, lines[0].rstrip(" :")))
            blocks.extend(
                _with_lead(Block(BlockKind.LIST_ITEM, clean_space(_LIST_BULLET.sub("", line))))
                for line in lines[1:]
            )
            continue
        for group in _hard_line_groups(lines):
            blocks.extend(_text_chunk(group))
    return _numbered_headings([block for block in blocks if re.search(r"\w", block.text)])


# A line of "=" or "-" (or "*", "~", "_") only: a plain-text newsletter's rule, over and under a
# heading it boxes, or under one it underlines.
_RULE_LINE = re.compile(r"^\s*(?:={3,}|-{3,}|\*{3,}|~{3,}|_{3,})\s*$")


def _ruled_headings(chunk: str) -> list[tuple[str | None, str]] | None:
    """A chunk cut at its rule lines, as (heading, text) pairs: a short line with a rule right
    under it ("THE LAST SHOT" over "-----"), or alone between two rules, is a heading; the rules
    go. None when no such heading is in the chunk (a rule over a signature or a footer stays
    with it)."""
    lines = chunk.split("\n")
    rules = [i for i, line in enumerate(lines) if _RULE_LINE.match(line)]
    if not rules or all(not line.strip() for i, line in enumerate(lines) if i not in rules):
        return None
    segments: list[tuple[int, int]] = []  # [start, end) between rules
    start = 0
    for index in [*rules, len(lines)]:
        segments.append((start, index))
        start = index + 1
    out: list[tuple[str | None, str]] = []
    found = False
    for start, end in segments:
        body = [line for line in lines[start:end] if line.strip()]
        ruled_under = end < len(lines)
        ruled_over = start > 0
        if len(body) == 1 and looks_like_heading(body[0].strip()) and (ruled_under or ruled_over):
            out.append((body[0].strip(), ""))
            found = True
        elif body:
            out.append((None, "\n".join(lines[start:end])))
    return out if found else None


# "1. Loyalty versus justice -- Holly has to choose between" / "   the children…": a list entry
# wrapped under its own text.
_HANGING_LINE = re.compile(r"^[ \t]{2,}\S")


def _hanging_lines_joined(chunk: str) -> str:
    """A list whose entries wrap onto indented lines: each entry on one line again."""
    lines = chunk.split("\n")
    if not _LIST_BULLET.match(lines[0].strip()) or not any(
        _HANGING_LINE.match(line) for line in lines[1:]
    ):
        return chunk
    out: list[str] = []
    for line in lines:
        bare = line.strip()
        if out and _HANGING_LINE.match(line) and not _LIST_BULLET.match(bare):
            out[-1] = f"{out[-1].rstrip()} {bare}"
        else:
            out.append(line)
    return "\n".join(out)


def _numbered_headings(blocks: list[Block]) -> list[Block]:
    """ "1. THE ENDING" alone between blank lines, text after it: a numbered heading, not a
    list of one. A list's entries come together."""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        before = blocks[index - 1] if index else None
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        alone = all(
            other is None or other.kind is not BlockKind.LIST_ITEM for other in (before, after)
        )
        if (
            block.kind is BlockKind.LIST_ITEM
            and block.number is not None
            and alone
            and after is not None
            and looks_like_heading(block.text)
        ):
            out.append(Block(BlockKind.HEADING, f"{block.number}. {block.text}"))
        else:
            out.append(block)
    return out


# Nobody hard-wraps prose this narrow: a chunk of lines all shorter is a stack of separate lines
# (a site's search box, label and read time pasted together).
_NARROWEST_WRAP = 60


def _hard_line_groups(lines: list[str]) -> list[list[str]]:
    if len(lines) > 1 and max(display_width(line) for line in lines) < _NARROWEST_WRAP:
        return [[line] for line in lines]
    groups: list[list[str]] = []
    for line in lines:
        # A page's furniture copied line under line ("Retrieved from…", "Categories: …") is not
        # prose wrapped: a chrome line after a finished sentence starts a block of its own.
        ended = bool(groups) and groups[-1][-1].endswith((".", "!", "?", '"', "”", ")"))
        # "1:45:12 – Francesca resigns": a log of timestamped lines is one entry a line.
        if (
            not groups
            or _LABEL_BULLET.match(line)
            or (ended and is_chrome_line(line))
            or _STAMPED_LINE.match(line)
        ):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


_STAMPED_LINE = re.compile(r"^[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}[\])]?\s*[-–—|]\s")
# "0:00" alone on its line, the words after it on the next: a video transcript as copied.
_BARE_STAMP = re.compile(r"^[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}[\])]?$")
# "0:45 The setup": one entry of a video's chapter list.
_CHAPTER_LINE = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}\s*[-–—|]?\s+\S.{0,58}$")
_CHAPTERS_LABEL = re.compile(r"^(?:chapters|timestamps|time ?codes|video chapters)\s*:?$", re.I)
_MIN_CHAPTERS = 3


_SOURCES_LABEL = re.compile(
    r"^(?:sources?|references|further reading|bibliography|works cited|citations)\s*:?$", re.I
)


def _stamps_joined(lines: list[str]) -> list[str]:
    """A copied video transcript puts each timestamp on a line of its own over the words said
    from then: one stamped line each ("0:45 – so the setup…"), as a log writes them."""
    out: list[str] = []
    for line in lines:
        if out and _BARE_STAMP.match(out[-1]) and not _BARE_STAMP.match(line):
            out[-1] = f"{out[-1]} – {line}"
        else:
            out.append(line)
    return out


def _is_chapter_list(lines: list[str]) -> bool:
    """A video description's chapters ("0:00 Intro", "6:40 The ending"): the video's table of
    contents, not the article; its entries may name the twist, so none of them is kept."""
    entries = lines[1:] if lines and _CHAPTERS_LABEL.match(lines[0]) else lines
    return len(entries) >= _MIN_CHAPTERS and all(_CHAPTER_LINE.match(line) for line in entries)


def _text_chunk(lines: list[str]) -> Iterable[Block]:
    if all(_LIST_BULLET.match(line) for line in lines) and not _is_bare_rule(lines):
        for line in lines:
            match = _LIST_BULLET.match(line)
            assert match is not None
            number = int(match["number"]) if match["number"] else None
            yield _with_lead(Block(BlockKind.LIST_ITEM, line[match.end() :], number=number))
        return
    first = _LABEL_BULLET.sub("", lines[0])
    label = first[:-1].rstrip() if first.endswith(":") else None
    if _bracketed_section(first):
        # "【劇情】" over its text: a CJK post's section line
        yield Block(BlockKind.HEADING, first.strip("【】［］〔〕"))
        if lines[1:]:
            yield from _text_chunk(lines[1:])
        return
    if len(lines) == 1:
        kind = BlockKind.HEADING if looks_like_heading(first) else BlockKind.PARAGRAPH
        if label and looks_like_heading(label) and named_kind(label, "") is not None:
            yield Block(BlockKind.HEADING, clean_space(label))  # "Themes:" on its own line
            return
        yield Block(kind, clean_space(first))
        return
    if all(_LABEL_LINE.match(line) for line in lines):
        # "Loneliness: …\nChildhood cut short: …": one labelled entry per line, not prose.
        for line in lines:
            yield _with_lead(Block(BlockKind.PARAGRAPH, clean_space(line)))
        return
    # "Heading\nFirst line of its paragraph…" without a blank line between. Hard-wrapped prose
    # also has short unpunctuated lines, so the heading must be clearly shorter than the text,
    # or be followed by a list. What follows may open with a heading of its own ("Themes",
    # "Communication", then the paragraph).
    rest = lines[1:]
    rest_is_list = all(_LIST_BULLET.match(line) for line in rest)
    if (
        label
        and looks_like_heading(label)
        and (rest_is_list or named_kind(label, "") is not None)
        and len(first) < 0.6 * max(len(line) for line in rest)
    ):
        # "Themes:" over its bullets, "What happens at the end:" over its paragraph. A colon
        # before a quotation ("As Nolan told Wired:") names no section and stays prose.
        yield Block(BlockKind.HEADING, clean_space(label))
        yield from _text_chunk(rest)
        return
    if looks_like_heading(first) and (
        ends_as_question(first)
        or rest_is_list
        or len(first) < 0.6 * max(len(line) for line in rest)
    ):
        yield Block(BlockKind.HEADING, clean_space(first))
        yield from _text_chunk(rest)
        return
    yield Block(BlockKind.PARAGRAPH, clean_space(_join_wrapped([first, *rest])))


def _join_wrapped(lines: list[str]) -> str:
    """Hard-wrapped lines as one text; a word hyphenated at a line's end ("tun-" / "nel", as a
    PDF copies) is whole again."""
    text = lines[0]
    for line in lines[1:]:
        if re.search(r"[^\W\d]-$", text) and line[:1].islower():
            text = text[:-1] + line
        elif text and line and wide(text[-1]) and wide(line[0]):
            text += line  # Chinese and Japanese put no space between words: none at a wrap
        else:
            text = f"{text} {line}"
    return text


def _is_bare_rule(lines: list[str]) -> bool:
    return all(not re.search(r"\w", line) for line in lines)


# "Label: text" on a line of its own: an entry of an unbulleted list.
_LABEL_LINE = re.compile(r"^[A-Z][^.:!?]{0,50}:\s+\S")
# ("Loyalty versus justice -- Holly has to choose…": a typewriter's dash is two hyphens.)
_TEXT_LEAD = re.compile(
    r"^(?P<lead>[A-Z][^.:–—]{1,60}?)(?:(?::|\s(?:[–—-]|--))\s(?=\S)|\.\s(?=[A-Z\"“]))"
)


# "• Stillness: Joe asks Ruben to sit…" on a line of its own: a list typed with a bullet
# character (a chat post, a social thread), not marked up as one.
_TYPED_BULLET = re.compile(r"^[•◦▪●■‣]\s+(?=\S)")


def _typed_bullet(block: Block) -> Block:
    match = _TYPED_BULLET.match(block.text) if block.kind is BlockKind.PARAGRAPH else None
    if match is None:
        return block
    item = replace(block, kind=BlockKind.LIST_ITEM, text=block.text[match.end() :])
    return item if item.lead else _with_lead(item)


def _with_lead(block: Block) -> Block:
    """Plain-text list items often name their subject first: "The top: Cobb's totem…"."""
    match = _TEXT_LEAD.match(block.text)
    return replace(block, lead=match["lead"] if match else None)


# --- Markdown ---------------------------------------------------------------------------------


def _parse_markdown(text: str, dropped: list[str] | None = None) -> list[Block]:
    # Reference definitions are off so "[^1]: Author, Title" source lines stay visible as text.
    md = MarkdownIt("commonmark").disable("reference").enable("table")
    tokens = md.parse(text)
    blocks: list[Block] = []
    item_numbers: list[int | None] = []
    fresh_item = False
    rows: list[list[str]] | None = None
    inside_until = -1  # the last token of an HTML box read whole, Markdown and all
    for index, token in enumerate(tokens):
        if index <= inside_until:
            continue
        if token.type == "html_block" and (close := _box_close(tokens, index)) is not None:
            # "<div class='spoiler'>", a blank line, Markdown paragraphs, "</div>": the page
            # renders the paragraphs inside the box, so they are read as its HTML, which says
            # whether the box hides them.
            last = tokens[close]
            inner = md.renderer.render(
                tokens[index + 1 : close + (last.type != "html_block")], md.options, {}
            )
            embedded = _parse_html(
                token.content + inner + (last.content if last.type == "html_block" else "")
            )
            blocks.extend(embedded.blocks)
            if dropped is not None:
                dropped.extend(embedded.dropped)
            inside_until = close
            continue
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open" and rows is not None:
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(_markdown_inline(token.children or []).text)
        elif token.type == "table_close" and rows is not None:
            blocks.extend(_table_rows(rows, dropped))
            rows = None
        elif token.type == "list_item_open":
            item_numbers.append(int(token.info) if token.info.isdecimal() else None)
            fresh_item = True
        elif token.type == "list_item_close":
            item_numbers.pop()
        elif token.type == "heading_open":
            inline = _markdown_inline(tokens[index + 1].children or [])
            # "## Themes {#themes}": Pandoc's and Hugo's heading attributes are no words of it.
            text = _HEADING_ATTRIBUTES.sub("", inline.text)
            blocks.append(Block(BlockKind.HEADING, text, level=int(token.tag[1])))
        elif token.type == "paragraph_open":
            *heads, last = _bold_led_lines(tokens[index + 1].children or [])
            for line in heads:
                head = _markdown_inline(line)
                blocks.append(Block(BlockKind.PARAGRAPH, head.text, lead=head.lead))
            inline = _markdown_inline(last)
            if fresh_item:
                number = item_numbers[-1] if item_numbers else None
                item = Block(
                    BlockKind.LIST_ITEM,
                    inline.text,
                    lead=inline.lead,
                    number=number,
                    links=inline.links,
                )
                # "- Gaslighting: nobody believes her": a list item naming its subject first,
                # in Markdown as in plain text.
                blocks.append(item if item.lead else _with_lead(item))
                fresh_item = False
            else:
                blocks.append(
                    Block(BlockKind.PARAGRAPH, inline.text, lead=inline.lead, links=inline.links)
                )
        elif token.type in {"fence", "code_block"}:
            blocks.append(Block(BlockKind.PARAGRAPH, clean_space(token.content)))
        elif token.type == "html_block":
            embedded = _parse_html(token.content)
            blocks.extend(embedded.blocks)
            if dropped is not None:
                dropped.extend(embedded.dropped)
    return [block for block in blocks if re.search(r"\w", block.text)]


_OPENING_TAG = re.compile(r"<(?P<name>[a-zA-Z][\w-]*)\b[^>]*>")
_BOX_TAG_NAMES = {"div", "section", "aside", "details", "blockquote", "spoiler", "span"}
_MAX_BOX_TOKENS = 600  # markdown-it's tokens: three a paragraph, about 200 paragraphs


def _box_close(tokens: Sequence[Token], index: int) -> int | None:
    """The html_block token that closes the box ``tokens[index]`` opens and leaves open (its
    Markdown between them), or None. Only a box the page may hide counts: one whose opening
    tag names a spoiler or is a <details>."""
    content = tokens[index].content
    opening = _OPENING_TAG.match(content.lstrip())
    if opening is None or opening["name"].lower() not in _BOX_TAG_NAMES:
        return None
    name = opening["name"].lower()
    if name != "details" and not SPOILER_CLASS.search(opening.group()):
        return None
    open_tag, close_tag = re.compile(rf"<{name}\b", re.I), re.compile(rf"</{name}\s*>", re.I)
    depth = len(open_tag.findall(content)) - len(close_tag.findall(content))
    if depth <= 0:
        return None
    # (a box holds a few paragraphs: looking no further keeps a page of unclosed boxes linear)
    for later in range(index + 1, min(len(tokens), index + _MAX_BOX_TOKENS)):
        # (closed on the last line of a paragraph, "Quillon lives.\n</details>", it ends with
        # that paragraph)
        text = tokens[later].content
        if tokens[later].type not in {"html_block", "inline"} or "<" not in text:
            continue
        depth += len(open_tag.findall(text)) - len(close_tag.findall(text))
        if depth <= 0:
            return later if tokens[later].type == "html_block" else min(later + 1, len(tokens) - 1)
    return None


def _bold_led_lines(children: Sequence[Token]) -> list[list[Token]]:
    """A paragraph's lines cut where a line opens with bold: a chat post or a forum writes a
    bold heading, its text and the next bold label on consecutive lines ("__**THEMES**__",
    "> **Grief** — …", "**Q: …?**" / "A: …"). Prose wrapped at a bold word stays whole unless
    its first line is all bold."""
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in {"softbreak", "hardbreak"}:
            lines.append([])
        else:
            lines[-1].append(child)

    def opens_bold(line: list[Token]) -> bool:
        first = next((t for t in line if t.type != "text" or t.content.strip()), None)
        return first is not None and first.type == "strong_open"

    def all_bold(line: list[Token]) -> bool:
        inline = _markdown_inline(line)
        return opens_bold(line) and inline.lead is not None and inline.lead == inline.text

    if len(lines) < 2 or not (all_bold(lines[0]) or any(opens_bold(ln) for ln in lines[1:])):
        return [list(children)]
    groups: list[list[Token]] = []
    for line in lines:
        ended = bool(groups) and re.search(
            r"[.!?:;\"”’)|*_]$", _markdown_inline(groups[-1]).text.rstrip()
        )
        if not groups or (opens_bold(line) and ended) or all_bold(groups[-1]):
            groups.append(list(line))
        else:
            groups[-1].extend([Token("softbreak", "br", 0), *line])
    return groups


_HEADING_ATTRIBUTES = re.compile(r"\s*\{[#.][^{}]*\}\s*$")
# A static-site generator's template call on a line of its own: "{{< youtube id >}}",
# "{% include ad.html %}". It renders as a player or a box, never as the article's words.
_TEMPLATE_LINE = re.compile(r"^[ \t]*(?:\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{[^{}]*\}\})[ \t]*$", re.M)


# A note-taking app's Markdown (Obsidian, Logseq, Notion exports): callout markers ("> [!warning]
# Spoilers") and wiki links ("[[Florian Zeller]]", "[[Page|shown text]]").
_CALLOUT = re.compile(r"^([ \t]*>[ \t]*)\[!\w+\][+-]?[ \t]*", re.M)
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]+\|)?(?P<shown>[^\]|]+)\]\]")
# A line that is a list of wiki links ("Linked notes: [[A]] · [[B]]") points elsewhere.
_WIKI_LINK_LINE = re.compile(r"^[^\n\[]{0,40}(?:\[\[[^\]]+\]\][\s·•,;|/-]*){2,}[ \t]*$", re.M)


# Obsidian's own comments ("%% note to self %%") never show on the page; its "==highlight==" is
# emphasis; a plugin's query block (```dataview) renders as a list of other notes.
_NOTE_COMMENT = re.compile(r"%%.*?%%", re.S)
_HIGHLIGHT = re.compile(r"(?<![=\w])==(?=[^\s=])(?P<text>[^=\n]*?[^\s=])==(?![=\w])")
_QUERY_BLOCK = re.compile(
    r"^[ \t]*(?:```|~~~)[ \t]*(?:dataview|dataviewjs|query|tasks)\b.*?^[ \t]*(?:```|~~~)[ \t]*$",
    re.M | re.S,
)


# Discord's subtext ("-# pinned by @mods • react if you watched"): a post's small print.
_SUBTEXT_LINE = re.compile(r"^[ \t]*-# .*$", re.M)


_HEADING_LINE = re.compile(r"(?:^|\n)[ \t]{0,3}(#{1,6}[ \t]+[^\n]*)")


def _comment_off(match: re.Match[str]) -> str:
    """A comment's text goes, but not the last heading it spans: the text after the comment
    stays under its own heading ("## What happens %% … ## The ending %%" would otherwise put the
    ending's text under the recap's heading, at the recap's level)."""
    headings = _HEADING_LINE.findall(match.group())
    return f"\n\n{headings[-1].removesuffix('%%').rstrip()}\n\n" if headings else ""


def _note_syntax_off(text: str, dropped: list[str]) -> str:
    dropped.extend(" ".join(match.group().split()) for match in _NOTE_COMMENT.finditer(text))
    text = _NOTE_COMMENT.sub(_comment_off, text)
    dropped.extend(" ".join(match.group().split()) for match in _QUERY_BLOCK.finditer(text))
    text = _QUERY_BLOCK.sub("", text)
    text = _HIGHLIGHT.sub(r"\g<text>", text)
    dropped.extend(match.group().strip() for match in _WIKI_LINK_LINE.finditer(text))
    dropped.extend(match.group().strip()[3:] for match in _SUBTEXT_LINE.finditer(text))
    text = _SUBTEXT_LINE.sub("", _WIKI_LINK_LINE.sub("", text))
    return _WIKI_LINK.sub(r"\g<shown>", _CALLOUT.sub(r"\1", text))


def template_lines_off(text: str, dropped: list[str]) -> str:
    dropped.extend(match.group().strip() for match in _TEMPLATE_LINE.finditer(text))
    return _TEMPLATE_LINE.sub("", text)


def _table_rows(rows: list[list[str]], dropped: list[str] | None) -> list[Block]:
    """A Markdown table: data (a page's properties, a cast list: short cells) is dropped for
    the reviewer to see, like an HTML one; a table of sentences is read row by row."""
    asked = _question_rows(rows)
    if asked:
        return asked
    lines = [" | ".join(cell for cell in row if cell) for row in rows]
    short = all(len(cell.split()) <= MAX_DATA_CELL_WORDS for row in rows for cell in row)
    if short and not sentence_rows(rows):
        if dropped is not None:
            dropped.append(" ".join(lines))
        return []
    return [Block(BlockKind.PARAGRAPH, line) for line in lines if line]


# "Denis Villeneuve:", "F&R:", "Frame & Reel:": a name or a masthead's initials before a turn.
_BOLD_SPEAKER = re.compile(r"^(?P<who>[A-Z][\w.&'’-]*(?:\s(?:&\s)?[A-Z][\w.&'’-]*){0,3})\s*:\s+")


def _speaker_label(block: Block) -> re.Match[str] | None:
    match = _BOLD_SPEAKER.match(block.text)
    lead = block.lead or ""
    if block.kind is BlockKind.HEADING or not match or not lead.startswith(match["who"]):
        return None
    return match if len(match["who"].split()) <= 4 else None


def _speakers(blocks: list[Block]) -> Counter[str]:
    """Each bold speaker label and how many turns it opens; empty unless two speakers open
    two turns or more each (one "**Nolan:**" lead-in is no interview)."""
    openers = Counter(match["who"] for block in blocks if (match := _speaker_label(block)))
    return openers if sum(1 for n in openers.values() if n >= 2) >= 2 else Counter()


def interviewee(blocks: list[Block]) -> str | None:
    """Who an interview's answers come from: of its two busiest speakers, the one whose turns
    ask fewer questions, by the fullest name a label gives them ("Denis Villeneuve:" once,
    "Villeneuve:" after)."""
    openers = _speakers(blocks)
    if not openers:
        return None
    asked: Counter[str] = Counter()
    for block in blocks:
        match = _speaker_label(block)
        if match and ends_as_question(block.text.rstrip()):
            asked[match["who"]] += 1
    busiest = [who for who, _ in openers.most_common(2)]
    answerer = min(busiest, key=lambda who: asked[who] / openers[who])
    if asked[answerer] / openers[answerer] >= min(
        asked[w] / openers[w] for w in busiest if w != answerer
    ):
        return None  # both sides ask as much: a conversation, no interviewee
    last = answerer.split()[-1]
    named = [who for who in openers if who.split()[-1] == last]
    full = max(named, key=len)
    return full if len(full.split()) >= 2 else None


def interview_labels_off(blocks: list[Block]) -> list[Block]:
    """An interview sets each turn's speaker in bold ("**F&R:** Why…?", "**Villeneuve:** …").
    Where two speakers open two turns or more each, every bold speaker label is a mark, not a
    heading: the question stays (a bold question is still one), the name goes."""
    label = _speaker_label
    if not _speakers(blocks):
        return blocks
    out: list[Block] = []
    for block in blocks:
        match = label(block)
        if match is None:
            out.append(block)
            continue
        text = block.text[match.end() :]
        lead = (block.lead or "")[match.end() :].strip()
        out.append(replace(block, text=text, lead=lead or None))
    return out


@dataclass
class _Inline:
    text: str
    lead: str | None
    links: tuple[str, ...]


def _markdown_inline(children: Sequence[Token]) -> _Inline:
    parts: list[str] = []
    links: list[str] = []
    lead: str | None = None
    lead_start: int | None = None
    em_start: int | None = None
    in_sup = False
    for child in children:
        if child.type == "text":
            # Digits in inline <sup> are footnote numbers: make them explicit markers.
            digits = child.content.strip()
            parts.append(f"[^{digits}]" if in_sup and digits.isdecimal() else child.content)
        elif child.type == "code_inline":
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if href.startswith(("http://", "https://")):
                links.append(href)
        elif child.type == "html_inline":
            in_sup = child.content.lower().startswith("<sup") or (
                in_sup and not child.content.lower().startswith("</sup")
            )
        elif child.type == "strong_open" and lead_start is None and not "".join(parts).strip():
            lead_start = len(parts)
        elif child.type == "strong_close" and lead_start is not None and lead is None:
            lead = clean_space("".join(parts[lead_start:]))
        elif child.type == "em_open" and lead_start is None and not "".join(parts).strip():
            em_start = len(parts)
        elif child.type == "em_close" and em_start is not None and lead is None:
            # An italic question opening a paragraph heads its answer ("*Is it a sequel?* Sort
            # of."), as a bold one does; other italics are emphasis or a title ("*Her* is…"), and
            # an italic "*Tags:*" or "*Filed under:*" is a label of the page's furniture.
            label = clean_space("".join(parts[em_start:]))
            lead = label if ends_as_question(label) and len(label) > 1 else None
            em_start = None
        # Images are dropped: their alt text is a caption, not article prose.
    return _Inline(clean_space("".join(parts)), lead or None, tuple(links))


# --- HTML -------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "center", "details", "dd", "div", "dl"),
        "dt",
        *("fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "li", "main", "nav", "ol", "p", "pre"),
        *("section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul"),
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# Where an <h1> in a section ranks below the page's: the HTML5 outline's sectioning elements.
_SECTIONING = ("section", "aside", "nav")
_MIN_SECTIONED_H1S = 2


def _rank_sectioned_h1s(soup: BeautifulSoup) -> None:
    """A page that writes every heading as an <h1> and ranks it by the <section>s around it
    (the HTML5 outline: browsers' own stylesheets set such an <h1> smaller the deeper it sits):
    each is the heading of the rank its sections give it. Done only where the sections hold no
    other heading, which would be ranked already."""
    sectioned = [h for h in soup.find_all("h1") if h.find_parent(_SECTIONING) is not None]
    if len(sectioned) < _MIN_SECTIONED_H1S:
        return
    for section in soup.find_all("section"):
        if section.find(["h2", "h3", "h4", "h5", "h6"]) is not None:
            return
    for heading in sectioned:
        depth = sum(1 for parent in heading.parents if parent.name in _SECTIONING)
        heading.name = f"h{min(1 + depth, 6)}"


# A page that hides its article until a script has laid it out (WeChat's "#js_content" is
# "visibility: hidden" until then): a hidden element holding more than this share of the page's
# text, and at least so much, is the article; something shown to nobody is never most of it.
# (Text is counted in letters and digits, which Chinese and Japanese, written without spaces
# between words, have as many of as any language.)
_SHOWN_BY_SCRIPT_SHARE = 0.5
_SHOWN_BY_SCRIPT_MIN_LETTERS = 200
# (Only "visibility: hidden", which keeps the element's room while it waits: a box a reader
# opens is collapsed with "display: none".)
_HIDING = re.compile(r"visibility\s*:\s*hidden\s*(?:!important)?;?", re.I)
_ANY_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# What names a box that a reader opens: its classes, or a control pointing at its id.
_OPENED_BOX = re.compile(
    r"spoil|toggle|accordion|collaps|expand|reveal|fold|more|details|panel|hidden-content", re.I
)
_CONTROL_ATTRIBUTES = ("aria-controls", "data-target", "data-bs-target", "popovertarget")


def _opened_by_reader(tag: Tag, soup: BeautifulSoup) -> bool:
    """Whether a hidden box is one a reader opens: so named, named by a control (by its id), or
    right after a line that warns of spoilers."""
    names = " ".join(
        " ".join([*node.get("class", []), str(node.get("id", ""))])
        for node in [tag, *list(tag.parents)[:2]]
        if isinstance(node, Tag) and node.attrs is not None
    )
    if _OPENED_BOX.search(names):
        return True
    ident = str(tag.get("id", ""))
    if ident:
        for attribute in _CONTROL_ATTRIBUTES:
            if soup.find(attrs={attribute: re.compile(rf"^#?{re.escape(ident)}$")}) is not None:
                return True
        if soup.find(href=f"#{ident}") is not None:
            return True
        if soup.find(onclick=re.compile(re.escape(ident))) is not None:
            return True
    before = tag.find_previous_sibling(True)
    return before is not None and re.search(r"spoil", before.get_text(" "), re.I) is not None


def _show_script_revealed_body(soup: BeautifulSoup) -> None:
    """Take the inline hiding off the outermost hidden element that holds most of the page's
    text, unless a reader opens it (a spoiler box). Only elements hidden by their own inline
    style count (never ``hidden``), each counted once: none inside another hidden one."""
    root = soup.body or soup
    hidden = root.find_all(style=_HIDING)
    if not hidden:
        return
    total = _letters(root.get_text())
    if total < _SHOWN_BY_SCRIPT_MIN_LETTERS:
        return
    for tag in hidden:
        if tag.find_parent(style=_ANY_HIDING) is not None:
            continue
        if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
            continue
        letters = _letters(tag.get_text())
        if letters >= _SHOWN_BY_SCRIPT_MIN_LETTERS and letters > _SHOWN_BY_SCRIPT_SHARE * total:
            if not _opened_by_reader(tag, soup):
                tag["style"] = _HIDING.sub("", str(tag["style"]))
            return


# A block a site builder renders once per screen size, the copies side by side and all but one
# hidden by its stylesheet's media queries (Framer's "ssr-variant hidden-<hash>", Bootstrap's
# "d-none d-md-block"): the same container twice in a row, word for word, is one block.
_COPY_CONTAINERS = ["div", "section", "aside", "figure", "article"]
_MIN_COPY_LETTERS = 20


def _breakpoint_copies_off(soup: BeautifulSoup) -> None:
    """Drop a container that repeats, word for word, the container just before it. Each
    element's children are looked at once, and a text is taken only of neighbours that open with
    the same words (so once per container with such a neighbour, for each level of nesting)."""
    texts: dict[int, str] = {}

    def text_of(tag: Tag) -> str:
        if id(tag) not in texts:
            texts[id(tag)] = " ".join(tag.get_text(" ").split())
        return texts[id(tag)]

    copies: list[Tag] = []
    for parent in [soup, *soup.find_all(True)]:
        before: Tag | None = None
        for child in parent.contents:
            if not isinstance(child, Tag):
                continue
            if (
                before is not None
                and child.name == before.name
                and child.name in _COPY_CONTAINERS
                and next(child.stripped_strings, None) == next(before.stripped_strings, None)
                and _letters(text_of(child)) >= _MIN_COPY_LETTERS
                and text_of(child) == text_of(before)
            ):
                copies.append(child)  # the one before stays the neighbour of the next
                continue
            before = child
    for copy in copies:
        if not copy.decomposed:
            copy.decompose()


# A shared AI chat (ChatGPT's share page marks each turn with data-message-author-role,
# Claude's the asker's with data-testid="user-message", Gemini's with a <user-query> element):
# the first question asked is what the page answers; each question asked after it is a reader's
# question with its answer below, as an FAQ writes it.
_MAX_ASKED_WORDS = 40


def _asker_turn(tag: Tag) -> bool:
    return (
        tag.get("data-message-author-role") == "user"
        or tag.get("data-testid") == "user-message"
        or tag.name == "user-query"
    )


def _follow_up_questions(soup: BeautifulSoup) -> None:
    """Each of the asker's turns after the first becomes a question heading, when it is one
    short question; the first stays the page's own question, in its text."""
    turns = soup.find_all(_asker_turn)
    for turn in turns[1:]:
        asked = clean_space(turn.get_text(" "))
        if not ends_as_question(asked) or len(asked.split()) > _MAX_ASKED_WORDS:
            continue
        heading = soup.new_tag("h2")
        heading.string = asked[0].upper() + asked[1:]
        turn.replace_with(heading)


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalnum())


def _parse_html(text: str) -> ParsedArticle:
    soup = parse_html(text)
    _show_script_revealed_body(soup)
    _breakpoint_copies_off(soup)
    _follow_up_questions(soup)
    _margin_notes_as_footnotes(soup)
    # (first: an export's page title names the chat, and goes with its other furniture)
    exported = chat_export_text(soup)
    hints = _title_hints(soup)
    hints = _space_name_off(soup, hints)
    descriptions = _descriptions(soup)
    _rank_sectioned_h1s(soup)
    for tag in soup.find_all(attrs={"role": "heading"}):
        # <div role="heading" aria-level="2">: a heading to every screen reader, so to us.
        level = str(tag.get("aria-level", "2"))
        tag.name = f"h{min(max(int(level), 1), 6)}" if level.isdecimal() else "h2"
    _section_title_components(soup)
    _builder_title_blocks(soup)
    _subtitles_as_text(soup)
    images_as_headings(soup)
    bold_classes = _bold_classes(soup)
    structured = _structured_body(soup)
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    _word_lists(soup)
    _heading_links_unwrapped(soup)
    for link in soup.find_all("a", href=re.compile(r"^#")):
        # A heading's own permalink ("¶", "#", an icon), first: a theme may hide it until the
        # heading is hovered ("<a hidden class="anchor">#</a>"), which is no hidden spoiler.
        said = clean_space(link.get_text())
        if len(said) <= 2 and not re.search(r"\w", said) and link.find_parent(_HEADING_TAG):
            link.decompose()
    dropped = [*(exported or []), *strip_html_chrome(soup)]
    _lede_out_of_leading_box(soup)
    for link in soup.find_all("a", href=re.compile(r"^#")):
        # A note's way back to where it was cited ("↩︎", "^", "↑"): a control, not text.
        said = clean_space(link.get_text())
        if _BACK_ARROW.fullmatch(said):
            link.decompose()
        elif len(said) <= 2 and not re.search(r"\w", said) and link.find_parent(_HEADING_TAG):
            # A heading's own permalink ("¶" from Sphinx or nbconvert, "#", an icon): a control.
            link.decompose()
    _notes_list_headed(soup)
    for sup in soup.find_all("sup"):
        # <sup>3</sup> after a quotation is a footnote: make it an explicit marker.
        number = clean_space(sup.get_text()).strip("[]")
        sup.replace_with(f"[^{number}]" if number.isdecimal() else number)
    for br in soup.find_all("br"):
        br.replace_with(_LINE_BREAK)
    _bold_by_style(soup, bold_classes)
    for font in soup.find_all("font"):
        # Presentation only (its big sizes are bold by now): the <br>s inside it split lines.
        font.unwrap()
    root = soup.body or soup
    blocks = [_typed_bullet(block) for block in _html_blocks(root) if re.search(r"\w", block.text)]
    shown = sum(len(block.text.split()) for block in blocks if not block.is_heading)
    structured_words = (
        len(BeautifulSoup(structured, "html.parser").get_text(" ").split())
        if structured and _MARKUP_BODY.search(structured)
        else len((structured or "").split())
    )
    if structured and structured_words >= max(_MIN_STRUCTURED_WORDS, 2 * shown):
        # A paywalled or script-built page shows a teaser; the whole text is in its structured
        # data. Its headline stays; the teaser and the paywall go.
        headline = [block for block in blocks if block.level == 1][:1]
        dropped.extend(block.text for block in blocks if block not in headline)
        if _MARKUP_BODY.search(structured):
            # A script-built page's state holds the article as HTML: its headings still count.
            inner = _parse_html(structured)
            dropped.extend(inner.dropped)
            blocks = headline + inner.blocks
        else:
            blocks = headline + _parse_text(structured, [])
    site = soup.find("meta", attrs={"property": "og:site_name"})
    site_name = clean_space(str(site.get("content", ""))) if isinstance(site, Tag) else ""
    return ParsedArticle(
        Format.HTML,
        blocks,
        hints,
        dropped,
        site_name=site_name or None,
        descriptions=descriptions,
    )


_MIN_STRUCTURED_WORDS = 80
_HEADING_TAG = re.compile(r"^h[1-6]$")
_SUBHEADING_TAG = re.compile(r"^h[2-6]$")
_BOX_NAME = re.compile(
    r"takeaway|summary|highlight|tl-?dr|quick|key|glance|box|callout|answer|at-a-glance", re.I
)


_NOTE_ID = re.compile(r"(?P<stem>[A-Za-z_:.-]*?)[-_:]?\d{1,3}")


# Tufte CSS's notes in the margin ("sidenote", "marginnote"), and other themes' ("side-note",
# "margin-note"): set inside the sentence they annotate, shown beside it.
_MARGIN_NOTE = re.compile(r"^(?:side|margin)[-_]?notes?$", re.I)
_NEW_THOUGHT = re.compile(r"^(?:newthought|new-thought|small-?caps)$", re.I)


def _margin_notes_as_footnotes(soup: BeautifulSoup) -> None:
    """Notes set in the margin (Tufte CSS: ``<label class="margin-toggle sidenote-number">``,
    a checkbox, ``<span class="sidenote">…</span>`` inside the sentence) are the article's
    footnotes: each is numbered where it stood and listed under "Footnotes" after the article,
    so a citation is read as a source and an aside (which may tell the ending in the recap's
    margin) as a note, not glued into the sentence it annotates. A small-caps opening ("<span
    class="newthought">Bureaucracy as violence.</span>") is the paragraph's lead, as bold is."""
    notes = [
        tag
        for tag in soup.find_all("span", class_=True)
        if any(_MARGIN_NOTE.match(name) for name in tag.get("class", []))
    ]
    for tag in soup.find_all(class_=_NEW_THOUGHT):
        if tag.name == "span":
            tag.name = "strong"
    if not notes:
        return
    for toggle in soup.find_all(["label", "input"], class_="margin-toggle"):
        toggle.decompose()
    home = notes[-1].find_parent("article") or soup.body or soup
    heading = soup.new_tag("h2")
    heading.string = "Footnotes"
    number = 0
    for note in notes:
        if note.find_parent("figure") is not None:
            continue  # a picture's note beside it is its caption, and goes with it
        text = clean_space(note.get_text(" "))
        if not _CITES_A_WORK.search(text) and not (note.find(["em", "i", "cite"]) and "," in text):
            # A remark in the margin ("Sheinberg's cut drops the torture chair"): no work to
            # cite, and it may tell more than the sentence it sits beside, so it is read after
            # that paragraph, in bars.
            block = note.find_parent(["p", "li", "blockquote", "dd"])
            aside = soup.new_tag("p")
            aside.append(f"||{text}||")
            note.decompose()
            if block is not None:
                block.insert_after(aside)
            continue
        number += 1
        if not heading.parent:
            home.append(heading)
        entry = soup.new_tag("p")
        entry.append(f"[^{number}] ")
        for child in list(note.children):
            entry.append(child.extract())
        home.append(entry)
        note.replace_with(f"[^{number}]")


# A note that cites a work: a piece given ("interview", "review"), or a year in brackets or
# after a comma ("(Crown, 1987)", "BOMB magazine, 1985").
_CITES_A_WORK = re.compile(
    r"\b(?:interview|conversation|review|essay|commentary|podcast)\b|[(,]\s*(?:[^()]*,\s*)?"
    r"(?:18|19|20)\d\d\b",
    re.I,
)


def _heading_links_unwrapped(soup: BeautifulSoup) -> None:
    """A heading whose words are a link to a place on the page (docutils and Sphinx link each
    section's title back to the contents: ``<a class="toc-backref" href="#id3">``) is the
    heading: its link is unwrapped before a "toc" class can take the words for a menu's."""
    for heading in soup.find_all(_HEADING_TAG):
        words = clean_space(heading.get_text(" "))
        for link in heading.find_all("a", href=re.compile(r"^#")):
            said = clean_space(link.get_text(" "))
            if re.search(r"\w", said) and len(said) >= len(words) - 2:
                link.unwrap()


def _notes_list_headed(soup: BeautifulSoup) -> None:
    """A list (or a box of paragraphs) whose every entry the text's note markers link to
    (``<a href="#fn1">1</a>`` to ``<li id="fn1">``) is the article's notes, even with no
    heading over it: it gets one, so its entries are read as the works cited and not as the text
    of the section before."""
    targets: set[str] | None = None  # where the page's "#…" links point, gathered once
    for listing in soup.find_all(["ol", "ul", "div", "section"]):
        # (a blog's notes are as often a <div> of paragraphs: <p id="note-1"><sup>1</sup> …)
        entry_tags = ["li"] if listing.name in {"ol", "ul"} else ["p"]
        entries = listing.find_all(entry_tags, recursive=False)
        if listing.name not in {"ol", "ul"} and len(entries) != len(
            listing.find_all(True, recursive=False)
        ):
            continue
        ids = [str(entry.get("id") or "") for entry in entries]
        if not entries or not all(ids):
            continue
        if targets is None:
            targets = {str(a["href"])[1:] for a in soup.find_all("a", href=re.compile(r"^#"))}
        linked = sum(entry_id in targets for entry_id in ids)
        # Every entry linked; or, when a marker went with furniture (a table of data), numbered
        # ids of one shape ("note-1", "note-2") of which the text still links some.
        shapes = {match["stem"] if (match := _NOTE_ID.fullmatch(i)) else None for i in ids}
        if linked < len(ids) and not (linked and len(shapes) == 1 and None not in shapes):
            continue
        before = listing.find_previous_sibling()
        if isinstance(before, Tag) and _HEADING_TAG.match(before.name):
            continue
        heading = soup.new_tag("h2")
        heading.string = "Footnotes"
        listing.insert_before(heading)
    _notes_linked_both_ways(soup)


# A note's number as its own link: "1", "[1]", "*1", "(1)".
_NOTE_NUMBER = re.compile(r"^[\[(*]{0,2}(?P<number>\d{1,3})[\])]?$")


def _notes_linked_both_ways(soup: BeautifulSoup) -> None:
    """Notes set one element each, opening with their number as a link back to where the text
    cites them, which links to the note in turn: LibreOffice's ``<div id="sdfootnote1"><p><a
    name="sdfootnote1sym" href="#sdfootnote1anc">1</a>…``, Word's ``<div id="ftn1"><p><a
    href="#_ftnref1" name="_ftn1">[1]</a>…``. A run of them is the article's notes: headed so,
    each entry and each citing marker numbered "[^N]", so the notes are read as works cited."""
    names = {str(tag.get("name")) for tag in soup.find_all("a", attrs={"name": True})}
    names |= {str(tag.get("id")) for tag in soup.find_all(id=True)}
    citing: dict[str, Tag] = {}  # the text's markers, by the note they point to
    for link in soup.find_all("a", href=re.compile(r"^#.")):
        citing.setdefault(str(link["href"])[1:], link)
    runs: list[list[tuple[Tag, Tag, str]]] = []
    for entry in soup.find_all(["div", "p"]):
        numbered = [
            link
            for link in entry.find_all("a", href=re.compile(r"^#."))
            if _NOTE_NUMBER.match(clean_space(link.get_text()))
        ]
        if len(numbered) != 1 or entry.find(["h1", "h2", "h3", "h4", "h5", "h6"]) is not None:
            continue  # (a box of several notes is no note: its entries are)
        back = entry.find("a", href=re.compile(r"^#."))
        number = _NOTE_NUMBER.match(clean_space(back.get_text()))
        lead = clean_space(entry.get_text(" "))
        own = {str(back.get("name") or ""), str(back.get("id") or "")} - {""}
        marker = next((citing[key] for key in own if key in citing), None)
        if (
            number is None
            or not lead.startswith(clean_space(back.get_text()))
            or str(back["href"])[1:] not in names
            or marker is None
            or marker.find_parent(["div", "p"]) is entry
        ):
            continue
        if entry.find_parent(lambda tag: any(tag is e for run in runs for e, _, _ in run)):
            continue  # the <p> inside a note's <div> is the same note
        previous = entry.find_previous_sibling(True)
        if runs and previous is not None and previous is runs[-1][-1][0]:
            runs[-1].append((entry, back, number["number"]))
        else:
            runs.append([(entry, back, number["number"])])
    for run in runs:
        first = run[0][0]
        before = first.find_previous_sibling(True)
        if not (isinstance(before, Tag) and _HEADING_TAG.match(before.name)):
            heading = soup.new_tag("h2")
            heading.string = "Footnotes"
            first.insert_before(heading)
        for _entry, back, number in run:
            marker = next(
                citing[key]
                for key in (str(back.get("name") or ""), str(back.get("id") or ""))
                if key in citing
            )
            marker.replace_with(f"[^{number}]")
            after = back.next_sibling
            if isinstance(after, Tag) and clean_space(after.get_text()) in {":", "：", "."}:
                after.decompose()  # Hatena's "*1:" delimiter
            elif isinstance(after, NavigableString) and after.lstrip()[:1] in {":", "："}:
                after.replace_with(after.lstrip()[1:])
            back.replace_with(f"[^{number}] ")


_BREADCRUMBS = re.compile(r"breadcrumb", re.I)


def _space_name_off(soup: BeautifulSoup, hints: list[str]) -> list[str]:
    """ "Film Club : Carnival of Souls (1962) - ending explained": a wiki's export (Confluence)
    puts its space's name, the first of the page's breadcrumbs, before the page's title, in the
    <title> and the <h1>. It names the wiki, not the film."""
    trail = soup.find(attrs={"id": _BREADCRUMBS}) or soup.find(attrs={"class": _BREADCRUMBS})
    crumb = trail.find("a") if isinstance(trail, Tag) else None
    name = clean_space(crumb.get_text(" ")) if isinstance(crumb, Tag) else ""
    if not name:
        return hints
    prefix = re.compile(rf"^\s*{re.escape(name)}\s*[:|›»/–—-]\s+(?=\S)")
    for heading in soup.find_all("h1"):
        for text in heading.find_all(string=prefix):
            text.replace_with(prefix.sub("", str(text), count=1))
    return [prefix.sub("", hint, count=1) for hint in hints]


def _lede_out_of_leading_box(soup: BeautifulSoup) -> None:
    """A box with a heading of its own before the article's first section ("Key Takeaways"
    between the byline and the lede) ends where its element ends: the paragraphs after it, up to
    the next heading, are the lede, not the box's, so they are put before it (where a lede is
    read, and kept aside for a person)."""
    first = soup.find(_SUBHEADING_TAG)
    if not isinstance(first, Tag):
        return
    box = first.find_parent(["div", "aside", "section"])
    if box is None or len(box.find_all(_HEADING_TAG)) != 1:
        return
    named = " ".join([*(box.get("class") or []), str(box.get("id") or "")])
    later = first.find_next(_HEADING_TAG)
    deeper = isinstance(later, Tag) and int(later.name[1]) < int(first.name[1])
    if not (_BOX_NAME.search(named) or deeper):
        return
    lede: list[Tag] = []
    for sibling in box.find_next_siblings():
        if _HEADING_TAG.match(sibling.name or "") or sibling.find(_HEADING_TAG):
            break
        if sibling.name not in {"p", "blockquote"}:
            break
        lede.append(sibling)
    for paragraph in lede:
        box.insert_before(paragraph.extract())


_BACK_ARROW = re.compile(r"[↩↑⬆^⤴]\ufe0e?\ufe0f?|back|return")


def _word_lists(soup: BeautifulSoup) -> None:
    """Word saves a list as paragraphs, each opening with its bullet or number drawn between
    downlevel markers (``<![if !supportLists]>·<![endif]>``): those paragraphs are list items,
    the drawn number their number. Other markers (``<![if !vml]>``) are markup too."""
    for marker in soup.find_all(string=lambda node: isinstance(node, Declaration)):
        if marker.parent is None or not str(marker).strip().startswith("if !supportLists"):
            continue
        drawn: list[str] = []
        node = marker.next_sibling
        while node is not None and not (isinstance(node, Declaration) and "endif" in str(node)):
            following = node.next_sibling
            drawn.append(_node_text(node) if isinstance(node, NavigableString | Tag) else "")
            node.extract()
            node = following
        paragraph = marker.parent
        if isinstance(paragraph, Tag) and paragraph.name == "p":
            paragraph.name = "li"
            number = re.match(r"\s*(\d{1,3})[.)]", "".join(drawn))
            if number:
                paragraph["value"] = number[1]
    for marker in soup.find_all(string=lambda node: isinstance(node, Declaration)):
        marker.extract()


_MARKUP_BODY = re.compile(r"<(?:p|h[2-6])[\s>]", re.I)


def _structured_body(soup: BeautifulSoup) -> str | None:
    """The longest ``articleBody`` in the page's JSON-LD (schema.org Article, NewsArticle,
    BlogPosting…), as plain text with its paragraphs; or, on a page a script builds from its
    JSON state (Next.js's ``__NEXT_DATA__``, Nuxt's, any ``application/json`` script), the
    longest string there written in paragraph markup: the article the script would show, with
    the FAQ its record keeps beside it. An HTML body is returned as HTML, so its headings
    survive."""
    bodies: list[str] = []
    # Each body found in a state, with the records (dicts) it sits in, innermost last.
    marked: list[tuple[str, tuple[int, ...]]] = []
    faqs: dict[int, list[tuple[str, str]]] = {}

    def walk(node: object, state: bool, records: tuple[int, ...] = ()) -> None:
        if isinstance(node, dict):
            body = node.get("articleBody")
            if isinstance(body, str):
                bodies.append(body)
            if state and (pairs := state_faq(node)):
                faqs[id(node)] = pairs
            for value in node.values():
                walk(value, state, (*records, id(node)))
        elif state and is_portable_text(node):
            # A headless CMS's rich text (Sanity's Portable Text): blocks, not markup.
            assert isinstance(node, list)
            marked.append((portable_text_html(node), records))
        elif state and is_rich_text(node):
            # Slate, ProseMirror, Lexical, Contentful: typed nodes, not markup.
            assert isinstance(node, list)
            marked.append((rich_text_html(node), records))
        elif state and is_element_tree(node):
            # HAST or minimark (a Markdown pipeline's parsed page): elements, not markup.
            assert isinstance(node, list)
            marked.append((element_tree_html(node), records))
        elif isinstance(node, list):
            for value in node:
                walk(value, state, records)
        elif state and isinstance(node, str) and _MARKUP_BODY.search(node):
            marked.append((node, records))

    values = list(page_json(soup))  # kept alive: the records are known by id
    for value, state in values:
        try:
            walk(value, state)
        except RecursionError:
            continue  # nested deeper than any page (hostile): no article
    body = max(bodies, key=len) if bodies else None
    if marked:
        state, records = max(marked, key=lambda found: len(found[0]))
        if body is None or len(state) > len(body):
            # The FAQ of the record nearest the body: the article's own, not a related one's.
            pairs = next((faqs[record] for record in reversed(records) if record in faqs), [])
            text = BeautifulSoup(state, "html.parser").get_text(" ")
            if pairs and not any(clean_space(q) in clean_space(text) for q, _ in pairs):
                state = f"{state}\n{faq_html(pairs)}"
            return state.strip() or None
    if body is None:
        return None
    # Some sites put HTML in it; most put text with newlines between paragraphs.
    if _MARKUP_BODY.search(body):
        return body.strip() or None
    if "<br" in body:
        body = BeautifulSoup(body, "html.parser").get_text()
    return body.strip() or None


# Bold written as a style, not a tag: e-mail layouts and word-processor exports ("<span
# style="font-weight:700">", "<p style="font-weight:bold">").
_BOLD_STYLE = re.compile(
    r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b"
    # A heading made only of bigger text (a blog editor's "Large"): emphasis like bold. Body text
    # may be set at 16-18px; a heading's size is well above that.
    r"|font-size\s*:\s*(?:larger|x{0,2}-?large|(?:[2-9]\d)(?:\.\d+)?px|(?:1[5-9]|[2-9]\d)(?:\.\d+)?pt"
    r"|(?:1\.[3-9]|[2-9])\d*r?em)\b",
    re.I,
)
_INLINE_TAGS = frozenset({"span", "font", "em", "i", "u"})
# <font size>: 3 is body text, 5 ("x-large") and up, or +2 and up, a heading's size.
_BIG_FONT = re.compile(r"[5-7]|\+[2-4]")


# ".c5{font-weight:700}" in a <style>: a word processor's export names its bold by class.
# ("p.MsoTitle{font-size:28.0pt}": Word names its paragraph styles with the element first.)
_CLASS_RULE = re.compile(r"(?<![^\s,}])(?:[a-z][\w-]*)?\.(?P<name>[\w-]+)\s*\{(?P<body>[^{}]*)\}")


# A blog editor's section-title component: a block the editor itself calls a section's title,
# though written as <div>s and <p>s (Naver's SmartEditor: "se-sectionTitle", its older
# "se_sectionTitle"; "section-title" and "section-heading" blocks elsewhere).
_SECTION_TITLE_CLASS = re.compile(r"^(?:se[-_])?section[-_]?(?:title|heading)$", re.I)
_MAX_SECTION_TITLE_WORDS = 15


def _section_title_components(soup: BeautifulSoup) -> None:
    """Each section-title component holding a short line and no heading, list or table of its
    own becomes an <h2> of that line, so it heads the text after it as a heading would."""
    for tag in soup.find_all(
        lambda t: any(_SECTION_TITLE_CLASS.match(name) for name in t.get("class") or [])
    ):
        if tag.parent is None or _HEADING_TAG.match(tag.name):
            continue  # taken out with its component already, or a heading now
        text = clean_space(tag.get_text(" "))
        if (
            not text
            or len(text.split()) > _MAX_SECTION_TITLE_WORDS
            or tag.find([_HEADING_TAG, "ul", "ol", "table"]) is not None
        ):
            continue
        heading = soup.new_tag("h2")
        heading.string = text
        tag.replace_with(heading)


# A site builder's type styles set on <div>s, no heading element on the page: Tilda's "t-title"
# (a cover's or a section's title), "t-name" (a block's heading) and "t-heading". A short line
# alone in one is that block's heading; the first title, with no <h1> on the page, its headline.
# One inside a control (an accordion's header, a card's link) stays what the control makes it.
_BUILDER_TITLE_CLASS = re.compile(r"^t-(?:title|name|heading)$")
_CONTROLS = ["a", "button", "summary", "label"]


def _builder_title_blocks(soup: BeautifulSoup) -> None:
    titles = soup.find_all(
        lambda t: (
            t.name == "div"
            and any(_BUILDER_TITLE_CLASS.match(str(name)) for name in t.get("class") or [])
        )
    )
    headline = soup.find("h1") is None
    for tag in titles:
        text = clean_space(tag.get_text(" "))
        if (
            not text
            or len(text.split()) > _MAX_SECTION_TITLE_WORDS
            or tag.find(["div", "p", "ul", "ol", "table", _HEADING_TAG]) is not None
            or tag.find_parent(_CONTROLS) is not None
            or tag.find_parent(attrs={"role": "button"}) is not None
            or tag.find_parent(attrs={"aria-expanded": True}) is not None
        ):
            continue
        big = any(str(name) == "t-title" for name in tag.get("class") or [])
        tag.name = "h1" if big and headline else "h2"
        headline = headline and tag.name != "h1"


# A headline's subtitle set as a heading: Medium's "pw-subtitle-paragraph", a theme's
# "entry-subtitle", "article-subheadline", "standfirst".
_SUBTITLE_CLASS = re.compile(
    r"(?:^|[-_])(?:sub-?title|sub-?headline|standfirst|strapline)(?:$|[-_])"
)


def _subtitles_as_text(soup: BeautifulSoup) -> None:
    """The heading right under the headline that its class calls the headline's subtitle is the
    standfirst, a sentence of the lede: as a heading, it headed the lede and the article's first
    part under it, filed by the words of a sentence that names no section."""
    for headline in soup.find_all("h1"):
        subtitle = headline.find_next(_HEADING_TAG)
        if not isinstance(subtitle, Tag) or subtitle.name == "h1":
            continue
        classes = [str(name).lower() for name in subtitle.get("class") or []]
        if not any(_SUBTITLE_CLASS.search(name) for name in classes):
            continue
        if subtitle.find_previous("p") is not headline.find_previous("p"):
            continue  # the article's text comes between them: a heading of the article's own
        subtitle.name = "p"


def _bold_classes(soup: BeautifulSoup) -> set[str]:
    """Classes that a page's stylesheet makes bold, each selected on its own."""
    names: set[str] = set()
    for style in soup.find_all("style"):
        for rule in _CLASS_RULE.finditer(style.decode_contents()):
            if _BOLD_STYLE.search(rule["body"]):
                names.add(rule["name"])
    return names


def _bold_by_style(soup: BeautifulSoup, bold_classes: set[str] | None = None) -> None:
    """Bold styling (inline or by a stylesheet's class) becomes <b>, so it reads like bold
    markup: an all-bold paragraph is a heading, a bold opening its label."""
    classes = bold_classes or set()

    def is_bold(tag: Tag) -> bool:
        styled = _BOLD_STYLE.search(str(tag.get("style", ""))) is not None
        if tag.name == "font" and _BIG_FONT.fullmatch(str(tag.get("size", "")).strip()):
            return True  # an old page's <font size="5">: a heading made of bigger text
        return styled or not classes.isdisjoint(tag.get("class") or [])

    for tag in soup.find_all(is_bold):
        if tag.name in _INLINE_TAGS:
            tag.name = "b"
        elif tag.name in _BLOCK_TAGS and tag.find(list(_BLOCK_TAGS)) is None:
            wrapper = soup.new_tag("b")
            for child in list(tag.contents):
                wrapper.append(child.extract())
            tag.append(wrapper)


def _descriptions(soup: BeautifulSoup) -> list[str]:
    found: list[str] = []
    for attrs in ({"name": "description"}, {"property": "og:description"}):
        meta = soup.find("meta", attrs=attrs)
        if isinstance(meta, Tag) and meta.get("content"):
            text = clean_space(str(meta["content"]))
            if text not in found:
                found.append(text)
    return found


def _title_hints(soup: BeautifulSoup) -> list[str]:
    hints: list[str] = []
    for attrs in ({"property": "og:title"}, {"name": "twitter:title"}):
        meta = soup.find("meta", attrs=attrs)
        if isinstance(meta, Tag) and meta.get("content"):
            hints.append(clean_space(str(meta["content"])))
    if soup.title and soup.title.string:
        hints.append(clean_space(soup.title.string))
    hints = [hint for hint in hints if not _UNROLLED.match(hint)]
    social = any(_ACCOUNT.search(hint) or _ON_NETWORK.search(hint) for hint in hints)
    posts = [quoted["post"] for hint in hints if (quoted := _QUOTED_POST.match(hint))]
    if social and not posts:
        # Bluesky's page title is only the account ("Noor (@noor.bsky.social)", "@noor.bsky.social
        # on Bluesky") and the post is the page's description: the post is the title.
        meta = soup.find("meta", attrs={"property": "og:description"}) or soup.find(
            "meta", attrs={"name": "description"}
        )
        if isinstance(meta, Tag) and meta.get("content"):
            posts = [clean_space(str(meta["content"]))]
    if posts and social:
        # A social post's page names its author ("Noor (@noor@mastodon.film)") and quotes the
        # post ('Noor: "Split (2016) ending explained…" - mastodon.film'): the post is the title.
        hints = [*posts, *(hint for hint in hints if not _ACCOUNT.search(hint))]
    return hints + _described_films(soup)


# 'Name: "post…" - instance' (Mastodon), 'Name on X: "post" / X', 'Name on Bluesky: "post"'.
_QUOTED_POST = re.compile(
    r"^[^\"“:]{1,60}?(?: on [\w .]{1,20})?:\s*[\"“](?P<post>.+?)(?:…|\.\.\.)?[\"”]"
    r"(?:\s*[-–—/|]\s*\S.{0,40})?$"
)
# An account's name: "Noor Haddad (@noor@mastodon.film)", "Rowan (@rowan)"; a network's page
# title: "Rowan on X: …", "… / X".
_ACCOUNT = re.compile(r"\(@[\w.]+(?:@[\w.-]+)?\)\s*$")
_ON_NETWORK = re.compile(
    r"^[^:]{1,60} on (?:X|Twitter|Bluesky|Threads|Mastodon|Instagram|Facebook|TikTok|Tumblr"
    r"|LinkedIn):|\s/ X$"
    # "@noor.bsky.social on Bluesky": the account's page, no post quoted
    r"|^@[\w.-]+ on (?:X|Twitter|Bluesky|Threads|Mastodon|Instagram|TikTok)$"
)
# An unrolled thread's page: "Thread by @rowan on Thread Reader App": its author, never a film.
_UNROLLED = re.compile(
    r"^(?:thread|tweets?|posts?) (?:by|from) @[\w.]+(?: on [^:]{1,40})?(?:\s*[-–—|]\s*.{1,40})?$",
    re.I,
)


_MOVIE_DATES = ("dateCreated", "datePublished", "releaseDate", "startDate")


def _described_films(soup: BeautifulSoup) -> list[str]:
    """The film the page's structured data says it is about (schema.org ``Movie``: an article's
    ``about``, a review's ``itemReviewed``), as "Title (YYYY)": what a headline often leaves out."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            name = node.get("name")
            if "Movie" in kinds and isinstance(name, str) and name.strip():
                date = next((str(node[key]) for key in _MOVIE_DATES if node.get(key)), "")
                year = re.match(r"\s*((?:18|19|20)\d\d)", date)
                if year:
                    found.append(f"{clean_space(name)} ({year[1]})")
            for key, value in node.items():
                if isinstance(value, dict) and _FILM_KEY.fullmatch(str(key)):
                    _state_film(value, found)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for value, _ in page_json(soup):
        try:
            walk(value)
        except RecursionError:
            continue
    return found[:1] if len(set(found)) == 1 else []


# A script state's film record: "film": {"title": "12 Monkeys", "releaseYear": 1995}.
_FILM_KEY = re.compile(r"(?:film|movie)(?:Info|Data|Details)?", re.I)
_STATE_YEARS = ("releaseYear", "release_year", "year", "releaseDate", "release_date")


def _state_film(node: dict[str, object], found: list[str]) -> None:
    name = next((v for k in ("title", "name") if isinstance(v := node.get(k), str)), None)
    date = next((str(node[key]) for key in _STATE_YEARS if node.get(key)), "")
    year = re.match(r"\s*((?:18|19|20)\d\d)\b", date)
    if name and name.strip() and year:
        found.append(
            f"{clean_space(name)} ({year[1]})"
        )  # several films: none is surely the subject


def _html_blocks(container: Tag) -> Iterable[Block]:
    pending: list[NavigableString | Tag] = []
    laid_out = is_preformatted(container)
    for child in container.children:
        if isinstance(child, Tag) and child.name in _BLOCK_TAGS:
            yield from _flush(pending, laid_out)
            pending = []
            yield from _html_block(child)
        elif isinstance(child, Tag) and child.find(list(_BLOCK_TAGS)) is not None:
            # An element the list does not know that holds blocks (<amp-accordion>, a custom
            # element, a <span> or <a> wrapped around paragraphs): its blocks stay blocks.
            yield from _flush(pending, laid_out)
            pending = []
            yield from _html_blocks(child)
        elif isinstance(child, NavigableString | Tag):
            pending.append(child)
    yield from _flush(pending, laid_out)


def _flush(nodes: list[NavigableString | Tag], laid_out: bool = False) -> Iterable[Block]:
    """Loose text between block elements (a <div> used as a paragraph) is still a paragraph;
    text laid out by its lines (a <pre>, a BBS post) is read as plain text."""
    raw = "".join(_node_text(node) for node in nodes)
    if (
        "\n" in raw
        and ((laid_out and raw.strip()) or (_LINE_BREAK not in raw and shaped_as_lines(raw)))
        and written_as_prose(raw.replace(_LINE_BREAK, "\n"))
    ):
        yield from _bars_per_block(_parse_text(raw.replace(_LINE_BREAK, "\n"), []))
        return
    blocks = []
    for line in _lines(nodes):
        text = clean_space("".join(_node_text(node) for node in line))
        if text:
            blocks.append(Block(BlockKind.PARAGRAPH, text, lead=_html_lead(line)))
    # (a spoiler box's bars, put around loose text that its <br>s cut into lines, close on
    # each line, as they do on each paragraph)
    yield from _bars_per_block(blocks) if any("||" in block.text for block in blocks) else blocks


def _bars_per_block(blocks: list[Block]) -> list[Block]:
    """Spoiler bars a box put around text that is now several paragraphs: each paragraph in
    bars of its own, as a spoiler box's paragraphs are (bars opened in one paragraph and closed
    in another would leave one open)."""
    out: list[Block] = []
    open_ = False
    for block in blocks:
        text = block.text
        if open_ and text.startswith("||"):
            text = text[2:].lstrip()  # the box closes where this paragraph starts
        elif open_:
            text = f"||{text}"
        open_ = text.count("||") % 2 == 1
        text = f"{text}||" if open_ else text
        if re.search(r"\w", text):
            out.append(block.with_text(text))
    return out


# What a <br> becomes: whitespace to clean_space, a line's end to _lines.
_LINE_BREAK = "\u2028"


def _lines(nodes: list[NavigableString | Tag]) -> list[list[NavigableString | Tag]]:
    """A paragraph's nodes cut at its own <br>s: an old blog writes a heading and its entries
    as lines of one <p> ("<b>Themes</b><br><i>Identity.</i> When…<br>…")."""
    lines: list[list[NavigableString | Tag]] = [[]]
    for node in nodes:
        if isinstance(node, NavigableString) and _LINE_BREAK in str(node):
            for index, part in enumerate(str(node).split(_LINE_BREAK)):
                if index:
                    lines.append([])
                if part.strip():
                    lines[-1].append(NavigableString(part))
        else:
            lines[-1].append(node)
    return [line for line in lines if line]


# A dropdown's hint to open it, after its label: "(click to show)", "[tap to expand]",
# "(show/hide)".
_CONTROL_HINT = re.compile(
    r"\s*[(\[]\s*(?:(?:click|tap|press)(?: here)? to \w+(?: \w+){0,2}|show(?:\s*/\s*hide)?|hide"
    r"|expand|collapse|toggle)\s*[)\]]\s*$",
    re.I,
)


# What a disclosure's label says when it only names its own action: "Show the last scene",
# "Click to reveal", "Tap to see what happens".
_SHOW_COMMAND = re.compile(
    r"^\W*(?:(?:click|tap|press)(?: here)? to )?(?:show|reveal|see|view|open|expand|unhide)"
    # (what follows in lower case: "Open Range", "Show Me Love" are films)
    r"(?:\W*$|\s+(?-i:[a-z])[^.?!]{0,60}$)",
    re.I,
)
_REVEAL_WORDS = re.compile(
    r"spoil|\b(?:ending|twist|finale|the end|last (?:scene|shot|act|minutes)|final (?:scene"
    r"|shot|act|twist|minutes))\b",
    re.I,
)


def _html_block(tag: Tag) -> Iterable[Block]:
    if tag.name in _HEADINGS:
        text = _heading_text(tag)
        yield Block(BlockKind.HEADING, _CONTROL_HINT.sub("", text) or text, level=int(tag.name[1]))
    elif tag.name == "summary" and _SHOW_COMMAND.match(text := clean_space(tag.get_text())):
        # A disclosure labelled only with what opening it does ("Show what happens at the end",
        # "Reveal the last scene"): a control, which heads nothing; one that names the ending
        # still warns, as the line before the text it hid.
        if _REVEAL_WORDS.search(text):
            yield Block(BlockKind.PARAGRAPH, SPOILER_WARNING_LINE)
    elif tag.name in {"summary", "dt"}:
        # An accordion's or a definition list's label ("<summary>Is Teddy real?</summary>"):
        # it heads the text after it, at no depth of its own.
        text = clean_space(tag.get_text())
        yield Block(BlockKind.HEADING, _CONTROL_HINT.sub("", text) or text)
    elif tag.name == "p":
        for line in _lines(list(tag.children)):
            text = clean_space("".join(_node_text(node) for node in line))
            links = tuple(link for node in line if isinstance(node, Tag) for link in _links(node))
            if text:
                yield Block(BlockKind.PARAGRAPH, text, lead=_html_lead(line), links=links)
    elif tag.name == "table" and (asked := _question_rows(_table_cells(tag))):
        yield from asked
    elif tag.name == "table" and _text_grid(tag) and (read := _prose_rows(_table_cells(tag))):
        yield from read
    elif tag.name == "ol":
        start = int(str(tag.get("start", "1"))) if str(tag.get("start", "1")).isdecimal() else 1
        for offset, item in enumerate(tag.find_all("li", recursive=False)):
            yield from _list_item(item, start + offset)
    elif tag.name == "ul":
        for item in tag.find_all("li", recursive=False):
            yield from _list_item(item, None)
    elif tag.name == "li":
        value = str(tag.get("value", ""))
        yield from _list_item(tag, int(value) if value.isdecimal() else None)
    elif tag.name != "hr":
        yield from _html_blocks(tag)


def _table_cells(table: Tag) -> list[list[str]]:
    return [
        [clean_space(cell.get_text(" ")) for cell in row.find_all(["th", "td"], recursive=False)]
        for row in table.find_all("tr")
        if row.find_parent("table") is table
    ]


_MAX_LABEL_WORDS = 5  # a column's label: "Our verdict", "Inverted (what we learn later)"
_CELL_BLOCKS = ["p", "div", "table", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"]


def _text_grid(table: Tag) -> bool:
    """A table laid out as a grid of text (two or more rows of two or more cells, no blocks in
    them), not a page laid out in a table (an e-mail, an old blog) whose cells hold the article."""
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    cells = [cell for row in rows for cell in row.find_all(["th", "td"], recursive=False)]
    wide = sum(1 for row in rows if len(row.find_all(["th", "td"], recursive=False)) >= 2)
    return wide >= 2 and not any(_holds_blocks(cell) for cell in cells)


def _holds_blocks(cell: Tag) -> bool:
    """A cell laid out with blocks; one paragraph alone is still a text cell (Confluence,
    Notion and word processors wrap every cell's text in a <p>)."""
    blocks = cell.find_all(_CELL_BLOCKS, limit=2)
    return bool(blocks) and not (len(blocks) == 1 and blocks[0].name == "p")


def _prose_rows(rows: list[list[str]]) -> list[Block]:
    """A table of sentences ("Theory | Evidence | Our verdict"), read row by row: each row one
    paragraph, its first cell first and the others after their column's label from a header row
    of short labels (read cell by cell, a row's parts fell apart). A table of short cells is
    data, left to the chrome rules."""
    long_cells = any(len(cell.split()) > MAX_DATA_CELL_WORDS for row in rows for cell in row)
    if not long_cells and not sentence_rows(rows):
        return []
    first = rows[0] if rows else []
    labelled = len(first) >= 2 and all(0 < len(c.split()) <= _MAX_LABEL_WORDS for c in first)
    header = first if labelled else None
    blocks: list[Block] = []
    for row in rows[1:] if header else rows:
        cells = [cell for cell in row if cell]
        if not cells:
            continue
        labels = header[1:] if header and len(header) == len(row) else [""] * (len(row) - 1)
        pairs = zip(labels, row[1:], strict=True)
        rest = [f"{label}: {cell}" if label else cell for label, cell in pairs if cell]
        text = " — ".join([part for part in (row[0], *rest) if part])
        # In a two-column table a short first cell names its row ("Isolation | Mary refuses
        # every bond…"): an entry under that name, as a bold lead-in makes one.
        named = len(row) == 2 and rest and 0 < len(row[0].split()) <= _MAX_LABEL_WORDS
        blocks.append(Block(BlockKind.PARAGRAPH, text, lead=row[0] if named else None))
    return blocks


_MIN_QUESTION_ROWS = 2


def _question_rows(rows: list[list[str]]) -> list[Block]:
    """A table whose rows each ask a question in the first cell and answer it in the others
    ("Question | Answer"): an FAQ laid out as a table, each row a question heading and its
    answer. A header row of labels goes."""
    body = [row for row in rows if len(row) >= 2 and any(row[1:])]
    asked = [row for row in body if ends_as_question(row[0])]
    if len(asked) < _MIN_QUESTION_ROWS or len(asked) < len(body) - 1:
        return []
    blocks: list[Block] = []
    for row in body:
        if not ends_as_question(row[0]):
            continue  # the header row ("Question | Answer")
        blocks.append(Block(BlockKind.HEADING, row[0]))
        blocks.append(Block(BlockKind.PARAGRAPH, " ".join(cell for cell in row[1:] if cell)))
    return blocks


def _heading_text(tag: Tag) -> str:
    """A heading's words without the controls a wiki puts beside them ("Plot[edit]"): a link
    set off in square brackets is a button, not part of the heading."""
    text = clean_space(tag.get_text())
    for link in tag.find_all("a"):
        label = clean_space(link.get_text())
        if label:
            text = re.sub(rf"\s*\[\s*{re.escape(label)}\s*\]", "", text)
    # A section number in an element of its own before the words (TeX4ht's
    # <span class="titlemark">1 </span>, Sphinx's <span class="section-number">): the
    # document's numbering, no part of the section's name.
    first = next((child for child in tag.children if _node_text(child).strip()), None)
    if isinstance(first, Tag) and _SECTION_NUMBER.match(first.get_text()):
        number = clean_space(first.get_text())
        rest = clean_space(text[text.find(number) + len(number) :]) if number in text else ""
        if rest:
            return rest
    return clean_space(text)


_SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\.?\s*$")


def _list_item(item: Tag, number: int | None) -> Iterable[Block]:
    nested = [
        child for child in item.children if isinstance(child, Tag) and child.name in _BLOCK_TAGS
    ]
    own = [child for child in item.children if child not in nested]
    text = clean_space("".join(_node_text(node) for node in own))
    if not text and nested and nested[0].name == "p":
        # A "loose" list (pandoc's and CommonMark's endnotes): the item's text is its first
        # paragraph, and the item keeps its number.
        own = list(nested.pop(0).children)
        text = clean_space("".join(_node_text(node) for node in own))
    if text:
        links = tuple(link for node in own if isinstance(node, Tag) for link in _links(node))
        yield Block(BlockKind.LIST_ITEM, text, lead=_html_lead(own), number=number, links=links)
    for child in nested:
        yield from _html_block(child)


def _node_text(node: NavigableString | Tag) -> str:
    return node.get_text() if isinstance(node, Tag) else str(node)


def _html_lead(nodes: Tag | list[NavigableString | Tag]) -> str | None:
    children = list(nodes.children) if isinstance(nodes, Tag) else nodes
    for child in children:
        if isinstance(child, NavigableString) and not isinstance(child, Tag):
            if str(child).strip():
                return None
            continue
        if isinstance(child, Tag) and child.name in {"strong", "b"}:
            return clean_space(child.get_text()) or None
        if isinstance(child, Tag) and child.name in {"span", "font"}:
            # A size or colour around the bold label (a note app's heading,
            # <span style="font-size: 18px"><b>Themes</b></span>): presentation only.
            return _html_lead(child)
        if isinstance(child, Tag) and child.name in {"em", "i", "u"}:
            # Italics open a paragraph for emphasis or a title ("<em>Her</em> is…"); only a
            # label punctuated as one ("<i>Identity.</i> When…") names what follows.
            label = clean_space(child.get_text())
            return label if label.endswith((".", ":", "?")) and len(label) > 1 else None
        return None
    return None


def _links(tag: Tag) -> tuple[str, ...]:
    hrefs = [str(a.get("href", "")) for a in tag.find_all("a")]
    if tag.name == "a":
        hrefs.insert(0, str(tag.get("href", "")))
    return tuple(href for href in hrefs if href.startswith(("http://", "https://")))
