"""Record, or compare against, what the importer makes of every fixture article.

    uv run python -m benchmarks.import_golden --save /tmp/golden.json   # before a change
    uv run python -m benchmarks.import_golden --check /tmp/golden.json  # after it

Each article under ``tests/bot/importer/fixtures`` (every set, and the loose pages) is imported as
``epilogue import-article`` would (``allow_missing_year``; ``import_title``/``import_year`` from its
expected file when it names them, and once without) and its draft YAML and warnings, or its error,
are kept. ``--check`` names every article whose result differs: a speed-up must change none.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from bot.content.film_file import ContentError
from bot.importer import import_article

FIXTURES = Path(__file__).resolve().parent.parent / "tests/bot/importer/fixtures"
_ARTICLE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt", ".org", ".wiki")


def articles(root: Path = FIXTURES) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix in _ARTICLE_SUFFIXES
        and not path.name.endswith(".expected.yaml")
    )


def _expected(article: Path) -> dict[str, object]:
    expected = article.with_name(article.name.rsplit(".", 1)[0] + ".expected.yaml")
    if not expected.is_file():
        return {}
    loaded = yaml.safe_load(expected.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def result_of(data: bytes, name: str, title: str | None = None, year: int | None = None) -> str:
    """The draft and warnings, or the error, as one text to compare."""
    try:
        result = import_article(data, name=name, title=title, year=year, allow_missing_year=True)
    except ContentError as exc:
        return "ERROR\n" + str(exc)
    return result.yaml + "\nWARNINGS\n" + "\n".join(result.warnings)


def results(root: Path = FIXTURES) -> dict[str, str]:
    found: dict[str, str] = {}
    for article in articles(root):
        key = str(article.relative_to(root))
        data = article.read_bytes()
        found[key] = result_of(data, article.name)
        expected = _expected(article)
        title, year = expected.get("import_title"), expected.get("import_year")
        if title is not None or year is not None:
            found[key + " (title/year)"] = result_of(
                data,
                article.name,
                str(title) if title is not None else None,
                int(year) if isinstance(year, int) else None,
            )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    args = parser.parse_args()
    found = results()
    if args.save:
        args.save.write_text(json.dumps(found, indent=0, sort_keys=True), encoding="utf-8")
        print(f"{len(found)} result(s) saved to {args.save}")
        return 0
    saved: dict[str, str] = json.loads(args.check.read_text(encoding="utf-8"))
    changed = sorted(key for key in saved.keys() | found.keys() if saved.get(key) != found.get(key))
    for key in changed:
        print(f"changed: {key}")
    print(f"{len(found)} result(s) compared, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
