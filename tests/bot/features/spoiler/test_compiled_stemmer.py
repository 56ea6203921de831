"""The guard's stems come from PyStemmer (compiled, a dependency, so snowballstemmer does not
import its 36 pure-Python languages at every start); they must be the stems the guard's word
lists and model were made with, snowballstemmer's own English stemmer's."""

from __future__ import annotations

import re
from pathlib import Path

import snowballstemmer
import Stemmer
from snowballstemmer.english_stemmer import EnglishStemmer

SPOILER = Path(__file__).parents[4] / "bot" / "features" / "spoiler"
CORPORA = Path(__file__).parents[4] / "benchmarks"
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _words() -> list[str]:
    texts = [*SPOILER.glob("*.txt"), *CORPORA.glob("guard_corpus*.txt")]
    return sorted({w.lower() for path in texts for w in WORD.findall(path.read_text())})


def test_the_guard_stems_with_the_compiled_stemmer() -> None:
    assert isinstance(snowballstemmer.stemmer("english"), Stemmer.Stemmer)


def test_compiled_stems_are_the_python_stemmers() -> None:
    words = _words()
    assert len(words) > 5_000
    compiled, python = Stemmer.Stemmer("english"), EnglishStemmer()
    differ = [w for w in words if compiled.stemWord(w) != python.stemWord(w)]
    assert differ == []
