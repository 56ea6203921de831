from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import yaml_lines
from bot.content.film_file import ContentError, parse_film_bytes, read_film_file
from bot.yaml_lines import parse_yaml

ROOT = Path(__file__).resolve().parents[3]

VALID = """\
title: Test Film
year: 2001
synopsis: Someone wants something.
sources:
  - id: 1
    author: A. Critic
    title: A review
sections:
  - kind: quick_answer
    body: It ends.[^1]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        parse_film_bytes(text.encode(), "x.yaml")
    return [str(p) for p in caught.value.problems]


def test_shipped_la_la_land_is_valid_and_complete() -> None:
    film = read_film_file(ROOT / "data" / "films" / "la-la-land.yaml")
    doc = film.doc
    assert (doc.title, doc.year, doc.director) == ("La La Land", 2016, "Damien Chazelle")
    kinds = [s.kind.value for s in doc.sections]
    for kind in ["quick_answer", "recap", "ending", "final_shot", "themes", "symbolism", "faq"]:
        assert kind in kinds
    assert len(doc.sources) == 5


def test_valid_file_defaults_levels_from_kind() -> None:
    doc = parse_film_bytes(VALID.encode(), "x.yaml").doc
    assert doc.sections[0].effective_level.value == "ending"


def test_wrong_level_names_file_line_and_field() -> None:
    text = VALID.replace("    body: It ends.[^1]", "    level: huge\n    body: It ends.[^1]")
    (found,) = problems(text)
    assert found.startswith("x.yaml:10: sections[0].level: must be one of none, plot, ending (")


def test_every_schema_problem_is_reported_at_once() -> None:
    text = VALID.replace("year: 2001", "year: soon").replace("title: A review", "colour: red")
    found = problems(text)
    assert "x.yaml:2: year: must be a whole number" in found
    assert any(p.startswith("x.yaml:5: sources[0].title: is required") for p in found)
    assert any(p.startswith("x.yaml:7: sources[0].colour: is not a known field") for p in found)


def test_citation_of_an_unknown_source() -> None:
    text = VALID.replace("[^1]", "[^7]")
    assert problems(text) == ["x.yaml:10: sections[0].body: cites [^7] but no source has id 7"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "x.yaml: is empty"),
        ("title: [\n", "x.yaml:2: is not valid YAML"),
        ("- a\n", "x.yaml:1: must be a mapping of fields"),
        (VALID + "title: Again\n", "x.yaml:11: title: appears twice"),
        (VALID.replace("sections:\n", "sections: []\nx:\n"), "sections: needs at least 1"),
        (
            VALID + "  - kind: quick_answer\n    body: again\n",
            "x.yaml:11: sections[1].kind: quick_answer appears twice",
        ),
        (VALID.replace("    body: It ends.[^1]\n", ""), "a section needs a body, items, or both"),
    ],
)
def test_each_kind_of_invalid_file(text: str, expected: str) -> None:
    assert any(expected in p for p in problems(text)), problems(text)


@pytest.mark.parametrize("text", ["", "# just a comment\n", "   \n\n"])
def test_an_empty_file_says_what_a_content_file_holds(text: str) -> None:
    """Was "x.yaml: is empty" alone: true, and no help to an author starting a file."""
    (problem,) = problems(text)
    assert problem.startswith("x.yaml: is empty: "), problem
    assert "title:" in problem and "year:" in problem and "sections:" in problem, problem


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Title: Arrival\nyear: 2016\n",
            "x.yaml:1: Title: is not a known field here (did you mean title:?",
        ),
        (
            "title: Arrival\nyaer: 2016\n",
            "x.yaml:2: yaer: is not a known field here (did you mean year:?",
        ),
    ],
)
def test_a_misspelt_required_field_is_one_problem_not_two(text: str, said: str) -> None:
    """`Title: Arrival` was two problems, "title: is required" and "Title: is not a known
    field (did you mean title:?)", for one mistake; the author fixing the first added a
    second title."""
    body = text + "sections:\n  - kind: quick_answer\n    body: x\n"
    found = problems(body)
    assert len(found) == 1 and found[0].startswith(said), found


def test_binary_oversized_and_non_utf8_files() -> None:
    with pytest.raises(ContentError, match="binary"):
        parse_film_bytes(b"title: x\x00", "b.yaml")
    with pytest.raises(ContentError, match="larger than 1 MiB"):
        parse_film_bytes(b"#" * (1024 * 1024 + 1), "big.yaml")
    with pytest.raises(ContentError, match="not UTF-8"):
        parse_film_bytes(b"title: \xff\xfe", "latin.yaml")


def test_an_unacceptable_character_names_its_line() -> None:
    text = VALID.replace("title: A review", "title: A \x07review")
    [problem] = problems(text)
    assert problem.startswith("x.yaml:7: is not valid YAML: unacceptable character #x0007")


def test_libyaml_reads_values_lines_and_duplicates_as_pure_python_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [(ROOT / "data" / "films" / "la-la-land.yaml").read_text(), VALID + "title: Again\n"]
    fast = [parse_yaml(text) for text in texts]
    monkeypatch.setattr(yaml_lines, "FAST_LOADER", yaml.SafeLoader)
    assert [parse_yaml(text) for text in texts] == fast


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        # An author who opens a spoiler span and forgets to close it meant to hide what follows:
        # left as literal bars, it would be shown to everyone.
        ("synopsis: Someone wants something.", "synopsis: Someone ||dies.", "3: synopsis"),
        ("year: 2001\n", "year: 2001\ndirector: Jo ||Twist\n", "3: director"),
        ("year: 2001\n", "year: 2001\ncast: [Ann, Bo ||the killer]\n", "3: cast[1]"),
        ("body: It ends.[^1]", "body: It ||ends.|| Then ||he wakes.[^1]", "10: sections[0].body"),
        # A source's line is shown wherever its citing text is, public when that is.
        ("title: A review", "title: 'Ending explained: ||he was dead'", "7: sources[0].title"),
        ("author: A. Critic", "author: A. ||Critic", "6: sources[0].author"),
        ("author: A. Critic", "author: A. Critic\n    outlet: Mag ||x", "7: sources[0].outlet"),
        ("title: A review", "title: A review\n    url: https://x.org/a||dead", "8: sources[0].url"),
    ],
)
def test_unclosed_spoiler_bars_are_an_error_naming_line_and_field(
    old: str, new: str, where: str
) -> None:
    text = VALID.replace(old, new)
    assert text != VALID
    found = problems(text)
    assert any(p.startswith(f"x.yaml:{where}: ") and "||" in p for p in found), found


def test_closed_spoiler_bars_are_fine() -> None:
    text = VALID.replace("It ends.", "It ||ends|| twice, ||again||.")
    parse_film_bytes(text.encode(), "x.yaml")


def test_an_unknown_field_names_the_fields_known_where_it_stands() -> None:
    """Was "is not a known field (check its spelling against the content format)": an author
    writing an FAQ item's question: or a misspelt boddy: had to go and find the format."""
    faq = VALID + "  - kind: faq\n    items:\n      - question: Why?\n        body: Because.\n"
    found = problems(
        faq.replace("title: Test Film", "titel: Test Film").replace("body: It", "boddy: It")
    )

    assert (
        "x.yaml:1: titel: is not a known field here (did you mean title:? the fields here"
        " are title, year, aliases, release_date, director, cast, synopsis, sources,"
        " sections)" in found
    )
    assert any(
        p.startswith("x.yaml:10: sections[0].boddy: is not a known field here (did you mean body:?")
        for p in found
    ), found
    assert (
        "x.yaml:13: sections[1].items[0].question: is not a known field here (write it as"
        " heading:; the fields here are heading, body, level, heading_level)"
    ) in found


@pytest.mark.parametrize(
    ("written", "meant", "where"),
    [
        # Other names for a field, as other formats and plain English write them: the field
        # list alone left the author to guess that an FAQ question is a heading.
        ("question: Why?\n        answer: Because.", "heading", "sections[1].items[0].question"),
        ("heading: Why?\n        answer: Because.", "body", "sections[1].items[0].answer"),
        ("heading: Why?\n        text: Because.", "body", "sections[1].items[0].text"),
        (
            "heading: Why?\n        body: Because.\n        spoiler: ending",
            "level",
            "sections[1].items[0].spoiler",
        ),
    ],
)
def test_a_field_written_by_another_name_is_told_the_field_meant(
    written: str, meant: str, where: str
) -> None:
    faq = VALID + f"  - kind: faq\n    items:\n      - {written}\n"
    found = problems(faq)
    assert any(
        p.split(": ", 1)[1].startswith(f"{where}: is not a known field here (write it as {meant}:;")
        for p in found
    ), found


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("name", "title"),
        ("summary", "synopsis"),
        ("date", "release_date"),
        ("actors", "cast"),
        ("aka", "aliases"),
    ],
)
def test_a_films_field_written_by_another_name_is_told_the_field_meant(
    key: str, meant: str
) -> None:
    found = problems(VALID + f"{key}: x\n")
    assert any(f"{key}: is not a known field here (write it as {meant}:;" in p for p in found), (
        found
    )


def test_a_number_out_of_range_is_given_its_whole_range() -> None:
    """Was "must be greater than or equal to 1870": the other bound went unsaid."""
    text = VALID.replace("year: 2001", "year: 1800").replace("  - id: 1", "  - id: 1000")
    found = problems(text.replace("[^1]", ""))
    assert "x.yaml:2: year: must be from 1870 to 2100" in found
    assert "x.yaml:5: sources[0].id: must be from 1 to 999" in found


@pytest.mark.parametrize(
    ("field", "typed", "meant"),
    [
        ("level", "endings", "ending"),
        ("level", "Ending", "ending"),
        ("level", "PLOT", "plot"),
        ("kind", "endng", "ending"),
        ("kind", "quick answer", "quick_answer"),
        ("kind", "Final-Shot", "final_shot"),
    ],
)
def test_a_misspelt_choice_names_what_was_typed_and_the_one_meant(
    field: str, typed: str, meant: str
) -> None:
    """`level: endings` was told only "must be one of none, plot, ending": an author reading
    their file saw "ending" there and could not tell what was wrong."""
    line = f"    {field}: {typed}\n"
    text = VALID.replace("  - kind: quick_answer\n", "  - kind: quick_answer\n" + line)
    if field == "kind":
        text = VALID.replace("  - kind: quick_answer\n", f"  - kind: {typed}\n")
    found = problems(text)
    assert len(found) == 1, found
    assert f"not '{typed}'" in found[0], found
    assert f"did you mean {meant}?" in found[0], found


HEAD = "title: Arrival\nyear: 2016\nsections:\n  - kind: quick_answer\n"


@pytest.mark.parametrize(
    ("body", "line", "hint"),
    [
        # pydantic's parser words alone ("mapping values are not allowed in this context")
        # told an author neither what YAML wanted nor how to write it.
        ("    body: Louise learns: time is not linear\n", 5, "in quotes"),
        ('    body: "She never closes this\n', 5, "never closed"),
        ("    body: *Louise* sees the future\n", 5, "must be in quotes"),
        ("\t  body: x\n", 5, "spaces, not tabs"),
        ("    body: `code` here\n", 5, "must be in quotes"),
        ('    body: "She says "no" twice"\n', 5, "quote"),
        ("    body: x\n   - kind: ending\n", 6, "indent"),
        ("     body: x\n", 5, "indent"),
        # Two films in one file: was "but found another document" alone.
        ("    body: x\n---\ntitle: Dune\n", 6, "this line starts another (---)"),
        # A text starting with a character YAML reads as its own: Discord's spoiler bars
        # (the format's own markup) and a citation were "did not find expected comment or
        # line break" with no hint, or sent the author to check the indentation.
        ("    body: ||Louise|| sees the future\n", 5, "a text starting with || must be in quotes"),
        ("    body: [^1] says it ends\n", 5, "a text starting with [ must be in quotes"),
        ("    body: {the} film\n", 5, "a text starting with { must be in quotes"),
        ("    body: >Louise sees\n", 5, "a text starting with > must be in quotes"),
        (
            "    body: x\n    items:\n      - heading: !important\n        body: y\n",
            7,
            "a text starting with ! must be in quotes",
        ),
        ("    items:\n      - ||Louise|| sees\n", 6, "a text starting with || must be in quotes"),
    ],
)
def test_a_yaml_mistake_says_how_to_write_it_on_its_line(body: str, line: int, hint: str) -> None:
    found = problems(HEAD + body)
    assert len(found) == 1, found
    assert found[0].startswith(f"x.yaml:{line}: is not valid YAML: "), found
    assert hint in found[0], found


def test_problems_are_listed_in_the_order_of_their_lines() -> None:
    """An unknown field inside a section (line 8) was listed above a misspelt top-level one
    (line 3): an author fixing the file from the top read them out of order."""
    text = (
        "title: Arrival\nyear: 2016\ndirecter: Denis Villeneuve\nsections:\n"
        "  - kind: quick_answer\n    level: ending\n    body: x\n    spoiler: true\n"
        "  - kind: ending\n    level: endings\n    body: y\n"
    )
    lines = [int(problem.split(":")[1]) for problem in problems(text)]
    assert lines == sorted(lines) and len(lines) == 3, problems(text)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("title: Arrival\nyear: 2016\n", "sections: is required: add"),
        ("title: Arrival\nyear: 2016\n", "kind: quick_answer"),
        ("year: 2016\nsections:\n  - kind: quick_answer\n    body: x\n", "title: is required: add"),
        ("title: Arrival\nsections:\n  - kind: quick_answer\n    body: x\n", "e.g. year: 2016"),
        ("title: A\nyear: 2016\nsections:\n  - body: x\n", "kind: is required: add"),
    ],
)
def test_a_missing_field_says_how_to_write_it(text: str, said: str) -> None:
    """ "sections: is required" named the field but not what goes there."""
    found = problems(text)
    assert any(said in problem for problem in found), found


@pytest.mark.parametrize(
    ("mistake", "cross"),
    [
        # A field's mistake at the top, in a source, in another section, in an item.
        ("year: soon", "x.yaml:8: sources[1].id: id 1 is used by another source"),
        ("director: [A, B]", "x.yaml:15: sections[1].kind: quick_answer appears twice"),
        ("    author: [A]", "x.yaml:13: sections[0].body: cites [^3] but no source has id 3"),
        ("        body:", "x.yaml:15: sections[1].kind: quick_answer appears twice"),
        ("  - kind: faqs", "x.yaml:1: director: has || "),
    ],
)
def test_problems_across_fields_are_reported_beside_a_field_mistake(
    mistake: str, cross: str
) -> None:
    """`epilogue check` "reports every problem", but a duplicate source id, a section given
    twice or a citation of no source was only told once every field was right: an author fixed
    the file, ran it again and was given new problems that had been there all along."""
    text = (
        "director: A ||spoiler\ntitle: Test Film\nyear: 2001\nsources:\n  - id: 1\n"
        "    author: A\n    title: One\n  - id: 1\n    author: B\n    title: Two\n"
        "sections:\n  - kind: quick_answer\n    body: |\n      It ends.[^3]\n"
        "  - kind: quick_answer\n    body: again\n  - kind: faq\n    items:\n"
        "      - heading: Why?\n        body: Because.\n"
    )
    original = {
        "year: soon": "year: 2001",
        "director: [A, B]": "director: A ||spoiler",
        "    author: [A]": "    author: A",
        "        body:": "        body: Because.",
        "  - kind: faqs": "  - kind: faq",
    }[mistake]
    found = problems(text.replace(original, mistake, 1))
    assert len(found) >= 2, found
    assert any(problem.startswith(cross) for problem in found), found


@pytest.mark.parametrize(
    "twice",
    ["title: Again\n", "sources:\n  - id: 2\n    author: B\n    title: C\n"],
)
def test_a_key_given_twice_is_reported_beside_the_files_other_problems(twice: str) -> None:
    """Was: a file with a key given twice was told that alone, and its other mistakes only once
    the key was fixed: an author fixed it, ran `epilogue check` again and got new problems that
    had been there all along."""
    text = VALID.replace("year: 2001", "year: soon").replace(
        "    body: It ends.[^1]\n", "    level: endings\n    body: It ends.[^1]\n"
    )
    found = problems(text + twice)

    assert any(p.startswith("x.yaml:12: ") and "appears twice" in p for p in found), found
    assert any(p.startswith("x.yaml:2: year:") for p in found), found
    assert any(p.startswith("x.yaml:10: sections[0].level:") for p in found), found
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines), found  # in the file's order


def test_a_key_that_may_be_the_films_text_is_never_repeated_in_a_problem() -> None:
    """An FAQ item written as ``question: answer``, or a sentence holding ': ' left out of
    quotes, makes its words a mapping key: the problem named the key, so an admin importing a
    file they had not written (the preview shows only public text) read an FAQ question, a
    spoiler by default, in the open. A key shaped like a field is still named."""
    faq = VALID + (
        "  - kind: faq\n"
        "    items:\n"
        "      - Why does QZXQUESTION die?: Because QZXANSWER.\n"
        "      - heading: Fine\n"
        "        body: Fine.\n"
        "        Greg marries QZXMIA in the end: yes\n"
        "        Greg marries QZXMIA in the end: again\n"
        "        colour: red\n"
    )
    found = problems(faq.replace("synopsis:", "The killer QZXTOP was: the butler\nsynopsis:"))

    assert not [p for p in found if "QZX" in p], found
    assert any(
        p.startswith("x.yaml:14: sections[1].items[0]: has a key that is not a field here")
        for p in found
    ), found
    assert any(p.startswith("x.yaml:3: has a key that is not a field here") for p in found)
    assert any(p.startswith("x.yaml:19: sections[1].items[1].colour: is not") for p in found)
    # A key given twice is told on the line of its second time, without its words too.
    twice = "x.yaml:18: sections[1].items[1]: has a key given twice"
    assert any(p.startswith(twice) for p in found), found


def test_an_oversized_file_is_told_its_size_and_to_shorten_it(tmp_path: Path) -> None:
    """A content file over 1 MiB was told to "split it or trim it": a film is one file (a second
    file naming it is another version of it), so splitting it cannot help; the refusal says how
    large the file is against the limit, whether read from disk or from an upload's bytes."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (2 * 1024 * 1024))
    with pytest.raises(ContentError) as from_disk:
        read_film_file(big)
    with pytest.raises(ContentError) as from_bytes:
        parse_film_bytes(b"#" * (1024 * 1024 + 5), "up.yaml")
    for caught, size in ((from_disk, "2,097,152"), (from_bytes, "1,048,581")):
        message = str(caught.value)
        assert f"{size} bytes" in message and "1,048,576" in message, message
        assert "split" not in message and "shorten" in message, message


@pytest.mark.parametrize("key", ["date", "int", "str", "none"])
def test_an_unknown_key_named_like_a_type_is_named_on_its_line(key: str) -> None:
    """Was "x.yaml:1: is not a known field": pydantic's union tags ("date", "int") were taken
    out of every error's place, the unknown key of that name too."""
    found = problems(VALID + f"{key}: 2001-01-01\n")
    assert len(found) == 1 and found[0].startswith(f"x.yaml:11: {key}: is not a known field"), found


@pytest.mark.parametrize("written", ["spoiler", "yes", "safe"])
def test_a_level_written_as_another_word_is_told_what_each_level_means(written: str) -> None:
    """Was "must be one of none, plot, ending" alone: an author who wrote "spoiler" was left
    to guess which level hides what."""
    text = VALID.replace("    body: It ends.[^1]", f"    level: {written}\n    body: It ends.[^1]")
    (found,) = problems(text)
    assert found.startswith(
        "x.yaml:10: sections[0].level: must be one of none, plot, ending (none:"
    )
    assert "plot: a story detail" in found and "ending: the ending" in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A list written as one mapping (its "- " left out, or "{}"): a traceback from the
        # checks across fields, which read the mapping as the list's one entry.
        (VALID.split("sections:")[0] + "sections: {}\n", "x.yaml:8: sections: must be a list"),
        (
            VALID.split("sections:")[0] + "sections:\n  kind: quick_answer\n  body: It ends.\n",
            "x.yaml:8: sections: must be a list",
        ),
        (
            VALID.replace("  - id: 1\n    author", "  id: 1\n  author").replace(
                "    title: A review", "  title: A review"
            ),
            "x.yaml:4: sources: must be a list",
        ),
        (
            VALID + "  - kind: faq\n    items:\n      heading: Why?\n      body: Because.\n",
            "x.yaml:12: sections[1].items: must be a list",
        ),
    ],
)
def test_a_list_written_as_a_mapping_is_a_problem_on_its_line(text: str, expected: str) -> None:
    found = problems(text)
    assert found == [expected + ", e.g. [a, b], or one '- a' line per entry under it"], found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Each was its type alone ("year: must be a whole number"), as if a value were typed
        # wrong, where a text left empty is told it has none.
        ("year: 2001", "year:", "x.yaml:2: year: must be a whole number: has no value"),
        ("  - id: 1\n", "  - id:\n", "x.yaml:5: sources[0].id: must be a whole number: has no"),
    ],
)
def test_a_value_left_empty_is_told_it_has_none_whatever_its_type(
    old: str, new: str, expected: str
) -> None:
    found = problems(VALID.replace(old, new, 1))
    assert any(expected in problem and "write it after the colon" in problem for problem in found)
