"""An FAQ a script's state keeps beside the article's body: a headless CMS's article record with
its questions and answers as a list of entries ("faq": [{"question": …, "answer": …}]), which
the page's script renders under the article. The body alone would lose them."""

from __future__ import annotations

import html
import re

from bot.importer.blocks import ends_as_question
from bot.importer.json_documents import is_portable_text, portable_text_html
from bot.importer.rich_text import rich_blocks_html

_FAQ_KEY = re.compile(
    r"(?:faqs?|faq_?items|faq_?entries|questions|questions_?and_?answers|q_?and_?a|qas?"
    r"|frequently_?asked_?questions)",
    re.I,
)
_QUESTION_KEYS = ("question", "q", "title", "name", "heading")
_ANSWER_KEYS = ("answer", "a", "body", "text", "content", "acceptedAnswer")
_MARKUP = re.compile(r"<(?:p|ul|ol|div|blockquote)[\s>]", re.I)


def _answer_html(value: object) -> str | None:
    """An answer as HTML: its markup, its rich text or its plain text in a paragraph."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        return text if _MARKUP.search(text) else f"<p>{html.escape(text, quote=False)}</p>"
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            blocks = rich_blocks_html(node)
            if blocks:
                found.append(blocks)
            elif is_portable_text(node):
                found.append(portable_text_html(node))
            else:
                for item in node:
                    walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, str) and _MARKUP.search(node):
            found.append(node)

    walk(value)
    if not found and isinstance(value, dict):
        # schema.org's shape in a state: {"acceptedAnswer": {"text": "…"}}
        text = value.get("text")
        return _answer_html(text) if isinstance(text, str) else None
    return max(found, key=len) if found else None


def _entries(value: object) -> list[object]:
    if isinstance(value, dict):  # "faq": {"items": [...]}
        value = next((v for v in value.values() if isinstance(v, list)), [])
    return value if isinstance(value, list) else []


def state_faq(record: dict[str, object]) -> list[tuple[str, str]]:
    """The questions and answers (the answer as HTML) a record keeps under an FAQ's key, when
    every entry is a question with an answer; else none."""
    for key, value in record.items():
        if not _FAQ_KEY.fullmatch(str(key)):
            continue
        entries = [entry for entry in _entries(value) if isinstance(entry, dict)]
        pairs: list[tuple[str, str]] = []
        for entry in entries:
            question = next(
                (str(entry[k]).strip() for k in _QUESTION_KEYS if isinstance(entry.get(k), str)),
                "",
            )
            answer = next(
                (found for k in _ANSWER_KEYS if (found := _answer_html(entry.get(k)))), None
            )
            if not question or not ends_as_question(question) or answer is None:
                return []
            pairs.append((question, answer))
        if pairs:
            return pairs
    return []


def faq_html(pairs: list[tuple[str, str]]) -> str:
    """An FAQ section: a heading naming it, each question a heading over its answer."""
    questions = "".join(f"<h3>{html.escape(q, quote=False)}</h3>{a}" for q, a in pairs)
    return f"<h2>FAQ</h2>{questions}"
