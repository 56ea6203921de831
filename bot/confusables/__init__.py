"""Characters of other scripts that Unicode's confusables skeleton (UTS #39) reads as a Latin
letter or digit, as that letter: Armenian "օ", Cherokee "Ꮋ", Cyrillic "е" are "o", "H", "e".

The table (``latin.tsv``) is generated from ICU's skeletons by ``generate.py`` beside it; it is
vendored rather than ICU imported at run time, as one table is all the bot needs of it.
"""

from __future__ import annotations

from pathlib import Path


def _load() -> dict[int, str]:
    twins: dict[int, str] = {}
    for line in (Path(__file__).with_name("latin.tsv")).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, twin = line.split("\t")
            twins[int(code, 16)] = twin
    return twins


LATIN_TWINS: dict[int, str] = _load()
"""Code point -> the ASCII letter or digit it is drawn as (``str.translate`` table)."""
