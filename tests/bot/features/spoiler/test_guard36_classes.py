"""Classes of phrasing the blind24 corpus found the guard misreading: irregular verb forms,
"blow up" for "explode", the writer caught out by what follows, guesses made before watching
read by the learned reading, and titles spelt in Devanagari or as they sound in another script."""

from __future__ import annotations

from bot.catalog import FilmEntry
from bot.features.spoiler.chat_reading import own_terms
from bot.features.spoiler.ending_model import shipped
from bot.features.spoiler.mentions import FilmMentions, consonants
from bot.features.spoiler.transliteration import in_latin
from bot.features.spoiler.vocabulary_build import build
from bot.features.spoiler.words import emoji_words, guessed_unseen, only_guessed, plain, stem

# An invented film, about no real one.
GIANT = build(
    ["The giant holds the dam shut and is frozen into the wall, never waking again."],
    ["A girl finds a giant robot asleep in a junkyard below a dam."],
    ["Grey Bay"],
    summary=["The giant holds the dam shut and is frozen into the wall, never waking again."],
)


def test_an_irregular_verbs_forms_meet_its_plain_form() -> None:
    assert stem("froze") == stem("frozen") == stem("freezes") == stem("freezing")
    assert stem("stole") == stem("steals") and stem("sank") == stem("sinks")
    assert stem("lost") == stem("loses") and stem("sold") == stem("selling")
    # Everyday verbs and forms that are other words more often keep their own stems.
    assert stem("written") != stem("writing") and stem("left") != stem("leave")
    assert GIANT.matches("grey bay: the giant freezing into the dam to save the town")


def test_blowing_up_is_exploding() -> None:
    assert stem(plain("the reactor blows up").split()[2]) == stem("explodes")
    assert "explode" in plain("she blew the whole station up")
    assert "blow out" in plain("blow out the candles")
    station = build(
        ["The commander means to blow up the reactor so the crew are listed as dead."],
        ["Every loop ends with the station's reactor exploding at midnight."],
        ["Orbit Nine"],
    )
    # The plot's own event, worded otherwise, is no ending term.
    assert not station.matches("orbit nine theory before i watch: the ai is blowing up the reactor")


def test_what_caught_the_writer_out_is_the_story() -> None:
    assert "freez" not in own_terms("i was NOT ready for bolt freezing into the dam")
    assert "rust" not in own_terms("im not ready for the giant rusting in place")
    assert "dam" not in own_terms("i can't get over the giant holding the dam")
    # The writer's own doings stay theirs.
    assert "cinema" in own_terms("i was at the cinema with my kids")


def test_a_guess_before_going_to_see_it_is_a_guess() -> None:
    assert guessed_unseen("prediction before we go: the mayor turns out nice in the end")
    assert not guessed_unseen("before going into the booth she cuts the phone lines")


def test_the_learned_reading_leaves_a_guess_made_before_watching_to_the_rules() -> None:
    model = shipped()
    assert model is not None
    ending = [
        "The giant holds the dam shut and is frozen into the wall, never waking again. The"
        " mayor, who sold the dam's steel, is arrested."
    ]
    plot = ["A girl finds a giant robot asleep in a junkyard and hides him from the mayor."]
    mayor = build(ending, plot, ["Grey Bay"], summary=ending)
    told = "grey bay: the mayor turns out to be a nice guy in the end"

    assert model.tells(told, mayor, ())  # the same words, told after watching
    for before in ("prediction before we go", "prediction before i watch"):
        guess = told.replace(":", f" {before}:")
        assert not model.tells(guess, mayor, ()), before
        # Told again after watching, the guess is followed by what they saw.
        seen = f"{guess}\nEDIT after watching: nope, the mayor turns out to be a crook"
        assert model.tells(seen, mayor, ()), before
    # "me before watching X" looks back on a guess the writer has since seen through.
    assert not only_guessed('"nice guy" - me before watching grey bay. the mayor is a crook')
    assert only_guessed("grey bay prediction before we go: the mayor is nice")


TITLES = ["La La Land", "Paper Moons", "Salt Road", "The Lantern Room", "Dead Air"]
ENTRIES = [FilmEntry(n, 0, f"film-{n}", title, 2000, ()) for n, title in enumerate(TITLES)]


class _Catalog:
    generation = 1

    def films(self, guild_id: int | None, *, hidden_too: bool = False) -> list[FilmEntry]:
        return ENTRIES


def named(text: str) -> list[str]:
    return [entry.title for entry in FilmMentions(_Catalog()).named(None, text)]  # type: ignore[arg-type]


def test_devanagari_is_written_back_as_hinglish_spells_it() -> None:
    assert in_latin("ला ला लैंड") == "la la laind"
    assert in_latin("मरता है") == "marta hai"  # the unwritten vowel Hindi does not say
    assert in_latin("किंगफ़िशर") == "kingfishar"


def test_a_title_spelt_in_devanagari_names_the_film() -> None:
    assert named("ला ला लैंड का अंत: मिया किसी और से शादी कर लेती है") == ["La La Land"]
    assert named("पेपर मून्स में छोटी बहन थिएटर जला देती है") == ["Paper Moons"]
    assert named("लैंटर्न रूम कितनी लंबी है?") == ["The Lantern Room"]
    assert named("कल रात एक बहुत अच्छी फिल्म देखी, संगीत कमाल का था") == []


def test_a_title_spelt_in_cyrillic_with_letters_drawn_as_latin_names_the_film() -> None:
    # The guard reads "р" and "у" as the Latin "p" and "y" they are drawn as; in a Cyrillic
    # word they are its own r and u.
    assert named("Coлт Poyд: в банке прах её брата") == ["Salt Road"]
    assert named("Пeйпep Мунс: в конце сестра сжигает театр") == ["Paper Moons"]
    assert named("Сегодня было тихо, солнце и дорога") == []


def test_a_titles_consonants_name_it_only_in_another_script() -> None:
    assert consonants("papermoons") == consonants("peparmuns") == "pprmns"
    # Too few consonants to tell a title apart ("Dead Air": "ddr") name nothing that way.
    assert named("डेड एयर") == []
    assert named("paper mans is my band") == []  # Latin letters: a misspelling's consonants


def test_a_funeral_urn_stated_is_ashes() -> None:
    assert "ashes" in emoji_words("the tin → ⚱️ = her brother")
    assert "ashes" not in emoji_words("rest in peace grandpa ⚱️")  # a reaction, nothing stated


def test_an_expectation_the_film_denied_tells_what_happened() -> None:
    assert plain("i thought ada would survive but no") == "ada dies"
    assert plain("i really thought june was dead but nope 💀") == "june was not dead 💀"
    assert plain("i thought they'd win the final, but no.") == "they did not win the final."
    assert GIANT.matches("grey bay: i thought the giant would wake up again but no")
    # Expectations of the film itself deny nothing of its story.
    assert not GIANT.matches("i thought grey bay would be too scary for kids but no, mine loved it")
    # "no one" is no denial of what came before.
    assert plain("i thought so but no one dies") == "i thought so but no one dies"
