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


def test_a_director_names_their_film_only_as_a_film_is_named() -> None:
    films = [
        FilmEntry(1, 0, "salt-road", "Salt Road", 2019, (), director="Noor Halabi"),
        FilmEntry(2, 0, "quiet-harbour", "Quiet Harbour", 2022, (), director="Elin Berg"),
        FilmEntry(3, 0, "glass-garden", "Glass Garden", 2020, (), director="Ana Stone"),
    ] + [
        FilmEntry(10 + n, 0, f"w{n}", f"Western {n}", 2000, (), director="Sam Peck")
        for n in range(4)
    ]

    class Catalog(_Catalog):
        def films(self, guild_id: int | None, *, hidden_too: bool = False) -> list[FilmEntry]:
            return films

    def by_director(text: str) -> tuple[list[str], str]:
        found, read = FilmMentions(Catalog()).by_director(None, text)  # type: ignore[arg-type]
        return [entry.title for entry in found], read

    assert by_director("the halabi road trip movie ends at the sea") == (
        ["Salt Road"],
        "the Salt Road road trip movie ends at the sea",
    )
    assert by_director("halabi's one is better")[0] == ["Salt Road"]
    assert by_director("elin berg said she shot it in winter")[0] == ["Quiet Harbour"]
    assert by_director("the berg movie")[0] == ["Quiet Harbour"]
    # An everyday word for a surname names the film only with the whole name; a surname with no
    # film's noun after it, nor possessive, names nothing.
    assert by_director("the stone movie")[0] == []
    assert by_director("ana stone's thriller")[0] == ["Glass Garden"]
    assert by_director("halabi gave a talk at my school")[0] == []
    assert by_director("halabi's take on it")[0] == []  # possessive, but no film's noun
    # What follows points at another of the director's works.
    assert by_director("noor halabi's short about her brother is on mubi")[0] == []
    assert by_director("the halabi movie before this one, her debut")[0] == ["Salt Road"]
    assert by_director("halabi's next film is a western")[0] == []
    # A director of more than three of the server's films: the surname names none of them.
    assert by_director("peck's western was great")[0] == []
    assert len(by_director("sam peck is back")[0]) == 4


def test_a_title_spelt_in_cyrillic_greek_or_hangul_names_the_film() -> None:
    """Spelt as it sounds in another script, a title is found as a near spelling; ordinary
    text in those scripts names nothing."""
    entries = [*ENTRIES, FilmEntry(99, 0, "meridian-2024", "Meridian Station", 2024, ("Meridian",))]

    class Catalog(_Catalog):
        def films(self, guild_id: int | None, *, hidden_too: bool = False) -> list[FilmEntry]:
            return entries

    def named_here(text: str) -> list[str]:
        return [entry.title for entry in FilmMentions(Catalog()).named(None, text)]  # type: ignore[arg-type]

    assert named_here("В «Ла-Ла Ленд» они расстаются") == ["La La Land"]
    assert named_here("Λα Λα Λαντ, τι τέλος") == ["La La Land"]
    assert named_here("메리디안 스테이션 결말 봤어요") == ["Meridian Station"]
    assert named_here("la la land и Ла-Ла Ленд") == ["La La Land"]  # once
    assert named_here("Ночью было тихо, солнце и дорога") == []
    assert named_here("오늘 영화 정말 좋았어요") == []


def test_a_title_spelt_in_hangul_as_korean_writes_english_loans_names_the_film() -> None:
    """Korean writes an English title as it sounds: "l" and "r" alike as ㄹ (read "r" before
    a vowel), "a" as ㅐ, a consonant ending a syllable with ㅡ after it ("드" for "d"), and the
    words joined: La La Land is 라라랜드, its Korean title. Read letter by letter that is
    "rararaendeu", too far from "lalaland" for a typo's allowance; ordinary Korean stays
    naming nothing."""
    assert named("라라랜드 결말: 미아는 다른 남자와 결혼한다") == ["La La Land"]
    assert named("라라 랜드 봤어") == ["La La Land"]
    assert named("솔트 로드 결말") == ["Salt Road"]
    assert named("오늘 영화 정말 좋았어요") == []
    assert named("그 노래 드라마 라디오 들어") == []


def test_a_title_spelt_in_katakana_names_the_film() -> None:
    """Japanese spells a foreign title in katakana as it sounds (ラ・ラ・ランド, La La Land's
    Japanese title): "r" for "l", a vowel after a consonant English ends on. Not read at all,
    a message naming the film so told its ending in English unseen by the guard."""
    assert named("ラ・ラ・ランドの結末: mia marries someone else") == ["La La Land"]
    assert named("ララランド見た") == ["La La Land"]
    assert named("今日はアイスクリームを食べた") == []
    assert named("キャストがいい") == []
