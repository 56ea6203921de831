"""What a binary file most often is, by its first bytes: named in the refusal of an upload or an
article, so the person knows which file they sent and what to send instead."""

from __future__ import annotations

# What a renamed or wrongly chosen file most often is, by its first bytes.
SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive (a Word .docx, an .odt or an .epub)"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a media file"),
    (b"\x1f\x8b", "a gzip archive"),
]


def binary_kind(data: bytes) -> str | None:
    """ "a PDF", "a PNG image", …, or None for bytes of no kind known here."""
    head = data.lstrip()[:8]
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)
