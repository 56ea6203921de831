"""A MIME file read as the document it carries: a page a browser saved as one file (Chrome's
and Edge's .mhtml, Internet Explorer's .mht) or a mail saved as .eml. Their HTML or text is
quoted-printable or base64 in a part of its own, beside the page's stylesheets and images; the
standard library's mail parser decodes it (transfer encoding and charset) exactly."""

from __future__ import annotations

import email
import email.policy
import html
import re
from email.message import EmailMessage

# A MIME document starts with its header block and says it is one; a mail header alone (a
# forwarded or pasted message) is left to the message readers.
_HEADER_BLOCK = re.compile(r"\A(?:[A-Za-z][\w-]*:[^\n]*\n(?:[ \t][^\n]*\n)*){2,}?\n", re.S)
_MIME = re.compile(
    r"^(?:MIME-Version:|Content-Type:\s*multipart/|Content-Transfer-Encoding:\s*"
    r"(?:quoted-printable|base64))",
    re.I | re.M,
)
_TITLE = re.compile(r"<title[\s>]", re.I)
# A saved page's part often names no charset (Chrome's does not): its own <meta> says.
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?(?P<name>[\w-]+)", re.I)
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def mime_document(text: str, dropped: list[str]) -> str | None:
    """The HTML (else the plain text) a MIME file carries, or None when ``text`` is no MIME
    file. Its subject is the headline of a text part, and the title of an HTML part that has
    none; the envelope and the other parts (stylesheets, images) are dropped."""
    header = _HEADER_BLOCK.match(text.lstrip())
    if header is None or not _MIME.search(header.group()):
        return None
    message = email.message_from_string(text.lstrip(), policy=email.policy.default)
    if not isinstance(message, EmailMessage):
        return None
    part = message.get_body(preferencelist=("html", "plain"))
    if part is None:
        return None
    body = _decoded(part)
    if body is None or not body.strip():
        return None
    headers = sum(1 for line in header.group().splitlines() if line[:1].strip())
    others = sum(1 for _ in message.walk()) - 1 - (1 if message.is_multipart() else 0)
    dropped.append(f"the MIME envelope ({headers} header lines) and {others} other part(s)")
    subject = str(message.get("subject", "") or "").strip()
    if part.get_content_subtype() != "html":
        return f"{subject}\n\n{body}" if subject else body
    if subject and not _TITLE.search(body):
        title = f"<title>{html.escape(subject)}</title>"
        body = _BODY.sub(lambda m: f"{title}{m.group()}", body, count=1)
        if title not in body:
            body = title + body
    return body


def _decoded(part: EmailMessage) -> str | None:
    """The part's text: its transfer encoding undone, then its charset, else the charset its
    HTML declares, else UTF-8 (Windows-1252 when that fails)."""
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return None
    meta = _META_CHARSET.search(raw[:4000])
    named = part.get_param("charset")
    charset = str(named) if isinstance(named, str) else meta["name"].decode() if meta else "utf-8"
    for name in (charset, "utf-8", "cp1252"):
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return None
