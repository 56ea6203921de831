"""Film names in chat: spacing, spelling, typos and initials; ordinary talk names nothing."""

from __future__ import annotations

from bot.catalog import FilmEntry
from bot.features.spoiler.mentions import FilmMentions

TITLES = {
    "La La Land": (),
    "Quiet Harbour": (),
    "Salt Road": (),
    "The Marigold Job": (),
    "Her": (),
    "Every Day": (),
    "Amélie": (),
}
ENTRIES = [FilmEntry(n, 0, f"film-{n}", t, 2000, a) for n, (t, a) in enumerate(TITLES.items())]


class _Catalog:
    generation = 1

    def films(self, guild_id: int | None, *, hidden_too: bool = False) -> list[FilmEntry]:
        return ENTRIES


def named(text: str) -> list[str]:
    return [entry.title for entry in FilmMentions(_Catalog()).named(None, text)]  # type: ignore[arg-type]


def test_spacing_inside_a_title_does_not_matter() -> None:
    for text in ("lala land made me cry", "LALALAND", "la-la land!", "la la land's ending"):
        assert named(text) == ["La La Land"], text


def test_spelling_diacritics_and_abbreviations_meet_the_title() -> None:
    assert named("quiet harbor was great") == ["Quiet Harbour"]
    assert named("amelie is on tonight") == ["Amélie"]
    assert named("salt rd ending") == ["Salt Road"]
    assert named("marigold job tonight?") == ["The Marigold Job"]  # the article is optional


def test_a_typo_in_a_long_title_is_forgiven() -> None:
    assert named("quite harbour has a twist") == ["Quiet Harbour"]
    assert named("la la lnad ending") == ["La La Land"]
    assert named("sault road ending") == ["Salt Road"]
    assert named("paper moooons") == []  # not in this catalog: no near name to find


def test_initials_name_a_long_title_only_in_capitals() -> None:
    assert named("LLL is my comfort movie") == ["La La Land"]
    assert named("lll lol") == []


def test_ordinary_chat_names_nothing() -> None:
    assert named("la la la i can't hear you") == []
    assert named("the salt on the road was thick") == []
    assert named("i told her to watch it everyday") == []  # "everyday": too short to respace
    assert named("her dad is quiet") == []
    assert named("a quiet night at the harbour") == []
    assert named("Her is lovely") == ["Her"]


def test_a_case_ending_after_an_apostrophe_still_names_the_title() -> None:
    # Turkish (and Finnish, Hungarian...) join a case ending to a name with an apostrophe.
    assert named("Quiet Harbour'u dün akşam izledim") == ["Quiet Harbour"]
    assert named("Salt Road'un müziği harika") == ["Salt Road"]
    assert named("Amélie'yi kaç kere izledim bilmiyorum") == ["Amélie"]
    # English contractions and one-letter prefixes are no case ending.
    assert named("la la la can't hear you") == []
    assert named("her'll") == []
