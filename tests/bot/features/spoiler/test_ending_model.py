"""The learned ending reading: film-independent, and a second opinion beside the rules."""

from __future__ import annotations

from bot.features.spoiler.ending_model import EndingModel, features, shipped, tokens
from bot.features.spoiler.vocabulary_build import build

# A film no corpus talks about: the shipped weights never saw its names or its ending.
HERON = build(
    ending=[
        "Captain Orla Venn scuttles the Heron to stop the smugglers, and drowns with her ship.",
        "Her first mate Tobin survives and becomes captain.",
    ],
    other=[
        "Captain Orla Venn commands the Heron, a fishing boat.",
        "Smugglers threaten her harbour town; her first mate Tobin is loyal.",
    ],
    names=["The Last Heron"],
)


def test_the_films_own_words_are_read_as_what_they_are_to_it() -> None:
    said = tokens("the last heron: orla drowns, tobin is captain now", HERON)

    assert said.count("<title>") >= 2  # "last", "heron"
    assert "orla" not in said and "tobin" not in said and "drowns" not in said
    assert "<end>" in said or "<end2>" in said  # "drowns": said only where the ending is
    assert "<plot>" in said  # a name the plot says


def test_an_ending_told_in_words_the_rules_miss_is_told_for_a_film_never_seen() -> None:
    model = shipped()
    assert model is not None
    told = "the last heron: orla goes down with her own boat so the smugglers cant get it"

    assert not HERON.matches(told)  # no word of the ending's vocabulary in it
    assert model.tells(told, HERON, ())


def test_harmless_talk_naming_a_film_never_seen_is_not_told() -> None:
    model = shipped()
    assert model is not None
    for harmless in (
        "the last heron is gorgeous, those sea shots",
        "anyone seen the last heron? is it worth it",
        "the last heron made me cry, no spoilers",
        "tobin is my favourite in the last heron lol",
    ):
        assert not model.tells(harmless, HERON, ()), harmless


def test_weights_read_back_as_written() -> None:
    model = EndingModel(-1.0, {"w:dies": 2.5, "g:hedged": -3.0, "w:the": 0.0}, 0.7)
    again = EndingModel.from_json(model.to_json())
    found = features("so in the last heron orla dies", HERON, ())

    assert again.probability(found) == model.probability(found)
    assert again.threshold == 0.7 and "w:the" not in again.weights  # a zero weight says nothing


def test_a_statement_of_the_plot_said_again_reads_as_set_up() -> None:
    """A long sentence retelling the plot ("captain orla venn commands the heron") is set-up,
    not an ending: the reading knows how much of one plot statement a message says again, and
    weighs it toward harmless. A message saying the ending's own words is not read so."""
    model = shipped()
    assert model is not None
    retold = "the last heron: captain orla venn commands the heron, a fishing boat"
    found = features(retold, HERON, ())
    said_again = {feature for feature in found if feature.startswith("g:retold")}

    assert said_again == {"g:retold4"}  # captain, orla, venn, command
    assert model.probability(found) < model.probability(found - said_again)
    ending = features("the last heron: captain orla venn drowns with her ship", HERON, ())
    assert not any(feature.startswith("g:retold") for feature in ending)


def test_a_film_named_in_a_list_of_titles_is_not_read_as_told() -> None:
    """A watch list names the film beside others ("Master and Commander, The Last Heron,
    Jaws"): the learned reading, trained on messages about one film, took such lists for
    tellings (blind15's courtroom and robot film lists). A model that hides any message naming
    the film still hides it said alone, never as one item of a list."""
    eager = EndingModel(0.0, {"w:<title>": 10.0}, 0.5)
    listed = (
        "Sea films for the weekend: Master and Commander, The Last Heron, Jaws, Captain"
        " Phillips. The Last Heron is the wettest of the four"
    )

    assert eager.tells("the last heron is the wettest film i know", HERON, ())
    assert not eager.tells(listed, HERON, ())
    assert not eager.tells("watch Jaws, Last Heron, Captain Phillips or Dunkirk", HERON, ())
    # Names of people in a list are no list of titles: "Orla, Tobin and the smugglers".
    assert eager.tells("in the last heron: Orla, Tobin and the smugglers all drown", HERON, ())


def test_an_outcome_claimed_in_a_set_up_told_as_one_is_no_claim() -> None:
    """ "X premise: her mother died when she was small" tells the set-up: the rules read its
    outcome as the plot's, and so does the reading's claim feature; told after the set-up, it is
    a claim."""
    assert "g:claim:fate" not in features(
        "the last heron premise: her mother died when she was small", HERON, ()
    )
    assert "g:claim:fate" in features("the last heron: her mother died at the end", HERON, ())
    assert "g:claim:fate" in features(
        "the last heron premise: a captain and her boat. ending: orla dies", HERON, ()
    )


def test_a_message_of_several_lines_tells_what_its_most_telling_line_tells() -> None:
    """The lines around an ending ("kids loved it", "would recommend") weigh it down when the
    message is read whole; read on its own, the line telling it tells. A hedge anywhere in the
    message still holds every line back."""
    model = EndingModel(-2.0, {"w:<end>": 5.0, "w:recommend": -4.0, "w:adorable": -4.0}, 0.8)
    model = EndingModel(model.bias, {**model.weights, "g:hedged": -8.0}, model.threshold)
    told = "the last heron movie night:\nthe boat is adorable\norla drowns\nwould recommend"

    assert model.probability(features(told, HERON, ())) < model.threshold  # read whole
    assert model.tells(told, HERON, ())
    assert not model.tells(told + "\nno spoilers in replies pls", HERON, ())
    assert not model.tells("the last heron movie night:\nthe boat is adorable", HERON, ())
