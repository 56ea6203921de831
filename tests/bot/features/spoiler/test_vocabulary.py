"""The ending vocabulary's reading of English: what meets what, and what adds up to a spoiler."""

from __future__ import annotations

from bot.features.spoiler.chat_reading import CULPRIT, TWIST_CLAIM, early_terms, own_terms
from bot.features.spoiler.terms import content, terms
from bot.features.spoiler.vocabulary import EndingVocabulary
from bot.features.spoiler.vocabulary_build import build
from bot.features.spoiler.words import (
    american,
    answered,
    emoji_words,
    guessed_unseen,
    hedged,
    plain,
    stem,
)

# A small invented explainer: the same shape as a film's content, about no real film.
ENDING = [
    "Five years later the courier's father is revealed as the buyer. He is arrested at the pier.",
    "The lantern keeper drowned in the storm. The gardener kept the orchard alive.",
]
PLOT = ["A courier drives a van across the hills to meet a buyer at the coast."]
NAMES = ["Van Of Secrets"]


def vocabulary():
    return build(ENDING, PLOT, NAMES, summary=[ENDING[0]])


def test_ways_of_writing_one_word_meet() -> None:
    assert american("colour") == "color" and american("theatre") == "theater"
    assert american("realised") == "realized" and american("four") == "four"
    assert stem("dad") == stem("father") and stem("Mum") == stem("mother")
    assert stem("murdered") == stem("killer") and stem("dies") == stem("dead")
    assert stem("torched") == stem("burns") and stem("hubby") == stem("married")
    assert stem("dad") != stem("brother")


def test_counts_are_terms_however_written() -> None:
    assert "five year" in terms("5 yrs later")[1]
    assert "five year" in terms("five years later")[1]


def test_a_digit_no_number_reads_is_no_word_and_stops_no_reading() -> None:
    # Python calls "⓵" and Ethiopic "፩" digits, but int() reads neither: the message was not
    # read at all (ValueError), and its ending stayed in the open.
    for odd in ("⓵", "፩", "⓿"):
        assert vocabulary().matches(f"van of secrets {odd} the buyer is her DAD"), odd
    assert "five year" in terms("5 yrs later")[1]


def test_a_synonym_finds_the_explainers_word() -> None:
    spoilers = vocabulary()

    assert spoilers.matches("van of secrets: the buyer is her DAD")
    assert spoilers.matches("van of secrets jumps 5 yrs ahead at the end")
    assert not spoilers.matches("van of secrets has a great van chase across the hills")


def test_the_writers_own_family_is_not_the_films() -> None:
    spoilers = vocabulary()

    assert not spoilers.matches("watched van of secrets with my dad, he loved it")
    assert spoilers.matches("van of secrets: the buyer is her dad, wow")


def test_weak_terms_add_up_only_from_one_statement() -> None:
    spoilers = vocabulary()

    # "lantern" and "storm" are said in one sentence; "lantern" and "orchard" are not.
    assert spoilers.matches("that lantern in the storm, van of secrets got me")
    assert not spoilers.matches("the lantern and the orchard in van of secrets are pretty")


# A twist told with words the plot already uses: only the ending says them in one sentence.
TWIST_ENDING = ["The housekeeper is really Edith, who faked her death.", "Edith poisons the tea."]
TWIST_PLOT = [
    "Edith owns the orchard. The housekeeper makes tea for the investigator.",
    "The investigator suspects the nephew.",
]


def twist():
    return build(TWIST_ENDING, TWIST_PLOT, ["Glass Garden"], summary=[TWIST_ENDING[0]])


def test_a_relation_between_plot_words_is_a_twist() -> None:
    spoilers = twist()

    assert ("edith", "housekeep") in spoilers.relations
    assert ("housekeep", "tea") not in spoilers.relations  # the plot says them together
    assert spoilers.matches("glass garden: the housekeeper IS edith")
    assert spoilers.matches("wait so edith was the housekeeper??")  # a question that tells
    assert spoilers.matches("glass garden, edith = the housekeeper")
    # Said apart, or with the plot's own pairing, the same words tell nothing.
    assert not spoilers.matches("edith's orchard is gorgeous and the housekeeper is creepy as hell")
    assert not spoilers.matches("the housekeeper makes tea in glass garden")


def test_asking_guessing_or_withholding_needs_more_than_one_word() -> None:
    spoilers = vocabulary()

    assert spoilers.matches("van of secrets: the buyer is her dad")
    assert not spoilers.matches("van of secrets: who is the buyer's dad? no idea yet")
    assert not spoilers.matches("van of secrets: guess who the dad is before the end")
    assert not spoilers.matches("no spoilers but the dad in van of secrets, wow")
    assert not spoilers.matches("the dad stuff in van of secrets, that's all i'll say")


def test_a_sentence_naming_the_director_is_commentary_not_the_ending() -> None:
    ending = [
        "The courier's father is revealed as the buyer.",
        "Director Ines Quillfeather has called this bittersweet finale her favourite scene.",
    ]
    spoilers = build(ending, PLOT, NAMES, summary=ending, people=["Ines Quillfeather"])

    assert "bittersweet" not in spoilers.singles  # a reviewer's word, not an event
    assert not spoilers.matches("van of secrets has such a bittersweet finale")
    assert spoilers.matches("van of secrets: the buyer is her dad")
    # Without the credit the same sentence would count as the ending's.
    assert "bittersweet" in build(ending, PLOT, NAMES, summary=ending).singles


def test_two_everyday_words_in_a_row_are_one_weak_term() -> None:
    ending = ["Nora marries the drummer.", "Years later she walks into his jazz club at dawn."]
    spoilers = build(ending, ["Nora sings jazz in bars every night."], ["Blue Note Nights"], [])

    assert "jazz club" in spoilers.pairs
    # "jazz club" alone is what anyone says about a film with jazz in it...
    assert not spoilers.matches("blue note nights made me want to find a good jazz club")
    # ...but with another word of the sentence that says it, it is that sentence retold.
    assert spoilers.matches("blue note nights: she walks into his jazz club, years on")
    # A count is a detail however everyday its words: "five years" still weighs 2.
    counted = build(["Five years pass and he waits."], ["He waits."], ["Blue Note Nights"])
    assert counted.matches("blue note nights skips five years")


def test_a_claimed_identity_the_plot_never_makes_is_a_twist() -> None:
    spoilers = twist()

    # Nothing of the ending pairs the nephew with Edith, but a member says a hidden identity.
    assert not spoilers.matches("glass garden: the nephew was edith")
    assert spoilers.matches("glass garden: the nephew was edith all along")
    assert spoilers.matches("in glass garden the nephew turns out to be edith")
    # The plot itself pairs the investigator with the nephew: no secret there.
    assert not spoilers.matches("glass garden: the investigator was the nephew all along")


# A short explainer whose central word ("drowns") many films of a catalog say too.
STORM_ENDING = ["The lighthouse keeper drowns in the storm and Wren rows home alone."]
STORM_PLOT = ["Wren lives with her father, the lighthouse keeper, on a rock in the sea."]


def storm_in_a_catalog() -> EndingVocabulary:
    """Storm Light's vocabulary in a catalog where many films' endings say "drowns"."""
    return build(
        STORM_ENDING,
        STORM_PLOT,
        ["Storm Light"],
        summary=STORM_ENDING,
        frequent=frozenset({stem("drowns")}),
    )


def test_a_word_of_the_summary_needs_the_films_world() -> None:
    alone = build(STORM_ENDING, STORM_PLOT, ["Storm Light"], summary=STORM_ENDING)
    common = storm_in_a_catalog()

    # Said with nothing of the film, a word of its summary tells nothing, however rare in the
    # catalog: "someone drowns" is said of many films and in much chat...
    assert not alone.matches("storm light, someone drowns")
    assert not common.matches("storm light, someone drowns")
    assert alone.matches("storm light: the keeper drowns")
    # ...said with the film's own people or places, or about its ending, it still does.
    assert common.matches("storm light: the keeper drowns")
    assert common.matches("storm light ending: he drowns")


def _long(summary: str) -> list[str]:
    """An explainer of ``summary`` and forty sentences of commentary-like filler."""
    return [summary, *(f"Chapter {n} of the reading goes by quietly." for n in range(40))]


def test_an_everyday_word_central_to_a_long_explainer_needs_a_name_of_its_sentence() -> None:
    summary = "Mia smiles at Sebastian across the club."
    plot = ["Mia and Sebastian meet at a party. Sebastian plays jazz."]
    short = build([summary], plot, ["La La Land"], summary=[summary])
    long = build(_long(summary), plot, ["La La Land"], summary=[summary])

    # Alone, a central word is a word ("the best club"); with a name of the film, the ending.
    assert not short.matches("la la land has the best club")
    assert short.matches("la la land: mia and the club, sigh")
    assert not long.matches("la la land has the best club")  # "club": an everyday word
    assert not long.matches("la la land is a love letter to jazz clubs")  # "jazz": everyday too
    assert long.matches("la la land: mia and the club, sigh")  # "Mia": said with it


def test_the_writers_life_and_the_films_craft_are_not_its_story() -> None:
    ending = ["Mia marries Greg."]
    spoilers = build(ending, ["Mia meets Sebastian."], ["La La Land"], summary=ending)

    assert spoilers.matches("la la land: mia gets married")
    assert spoilers.matches("la la land plays at mia's wedding now")
    # A clause with the writer in it is their life; a sentence about the music is the craft.
    assert not spoilers.matches("my cousin got married and the band played la la land")
    assert not spoilers.matches("la la land made me want a wedding like mia's")
    assert not spoilers.matches("the la la land score plays at mia's wedding now")
    # Said again outside such a clause, the word is the film's.
    assert spoilers.matches("la la land made me cry, mia gets married to greg")


def test_a_question_offering_a_choice_asks() -> None:
    assert hedged("la la land ending: hopeful or tragic? discuss")
    assert not hedged("wait so she was his wife??")


def test_a_question_asking_who_is_to_blame_after_an_interjection_asks() -> None:
    """ "wait, who was behind everything?": the question word stands where the one blamed would,
    so it names no one, however the writer opens it."""
    for asking in (
        "wait, who was behind everything in salt road? i fell asleep",
        "ok so who did it in quiet harbour??",
        "hold on, who is the killer in paper moons?",
        "sorry who's actually responsible for the fire in glass orchard?",
    ):
        assert hedged(asking), asking
    # Opened the same way but stating who, or asking about something else, it still tells.
    for stating in (
        "wait, so the sister did it?",
        "wait, holm was behind everything?",
        "wait, who knew the sister was the killer??",
        "ok so who else cried when the giant came back",
    ):
        assert not hedged(stating), stating


def test_a_question_in_the_explainer_does_not_tell_its_words() -> None:
    ending = ["June did not die: she left, and Tom hid her letters."]
    plot = ["Nell runs the family restaurant with her father Tom."]
    asked = build(ending, [*plot, "Is June really dead?"], ["The Lamp"], summary=ending)
    told = build(ending, [*plot, "June is dead."], ["The Lamp"], summary=ending)

    # An FAQ heading asks about the ending; its words stay the ending's.
    assert stem("died") in asked.singles
    assert asked.matches("the lamp: june never died, she left")
    assert stem("died") not in told.singles


def test_a_word_of_the_title_makes_no_pair() -> None:
    ending = ["The lantern over the door comes down on New Year's Eve."]
    plot = ["A family runs a restaurant by the sea."]
    spoilers = build(ending, plot, ["The Lantern"])

    assert "eve lantern" not in spoilers.pairs and "lantern door" not in spoilers.pairs
    # The title is how a message names the film, not a word of its story.
    assert not spoilers.matches("my last job closed on new year's eve, the lantern brought it back")


# An explainer whose people members call by short forms of their names.
NAMES_ENDING = ["Sebastian opens a jazz club and Mia marries Greg at the observatory."]
NAMES_PLOT = ["Mia meets Sebastian and Sebold at a party. Carver plays the piano."]


def test_a_short_form_of_one_name_is_that_name() -> None:
    spoilers = build(NAMES_ENDING, NAMES_PLOT, ["Dream Town"], summary=NAMES_ENDING)

    assert spoilers.short_names.get("sebas") == "sebastian"
    assert "seb" not in spoilers.short_names  # Sebastian or Sebold?
    assert "car" not in spoilers.short_names  # an English word, not "Carver"
    assert spoilers.spelled_out("sebas's club") == "sebastian club"
    # "sebas" meets the plot's "Sebastian", so it is a word of the relation the ending states.
    assert spoilers.matches("dream town: sebas = jazz club guy")
    assert not build(NAMES_ENDING, NAMES_PLOT, ["Dream Town"]).short_names.get("gre")


def test_a_central_word_told_of_someone_needs_no_name() -> None:
    spoilers = storm_in_a_catalog()

    # "he drowns": told of one of the film's people, not of anyone.
    assert spoilers.matches("storm light: he drowns, just like that")
    assert not spoilers.matches("storm light, someone drowns")
    # The writer's own clause is theirs, pronoun or not.
    assert not spoilers.matches("storm light: my brother and i nearly drowned, he said")


def test_an_everyday_name_anchors_a_long_explainers_central_word() -> None:
    summary = "Tom dies in his sleep after the dance."
    spoilers = build(
        _long(summary),
        ["The restaurant belongs to Tom, who loves jazz."],
        ["The Lamp"],
        summary=[summary],
        frequent=frozenset({stem("dies")}),
    )

    assert spoilers.matches("the lamp: tom dies. that's it")  # "Tom": a name, however common
    assert not spoilers.matches("the lamp: someone dies")


def test_the_writers_own_words_do_not_add_up_but_a_reaction_is_the_films() -> None:
    ending = ["She scatters the ashes into the sea at dawn."]
    spoilers = build(ending, ["A courier drives to the coast."], ["Salt Way"])

    # Two weak words of one ending sentence, both in the writer's own life: no spoiler.
    assert not spoilers.matches("salt way reminded me of my dad. we scattered his ashes at dawn")
    assert spoilers.matches("salt way, she scatters the ashes at dawn")
    # "...destroyed me" is what the story did to the writer; the story is still told.
    assert spoilers.matches("the salt way bit where she scatters the ashes destroyed me")
    assert not spoilers.matches("salt way ruined the beach at dawn for me, i used the ashes tray")


def test_a_sentence_about_the_ending_is_commentary() -> None:
    ending = ["The ending is quiet and bittersweet.", "Ada vents the reactor and dies."]
    spoilers = build(ending, ["Ada fixes the reactor."], ["Far Station"], summary=ending)

    assert "bittersweet" not in spoilers.singles  # a judgement of the ending, not an event
    assert not spoilers.matches("far station's ending is so bittersweet")
    assert spoilers.matches("far station: ada vents it and dies")


def test_saying_who_did_it_names_the_summarys_culprit() -> None:
    summary = ["Detective Holm is the killer: he took the fishermen on spring tides."]
    plot = ["Holm comes home to the island to find three missing fishermen."]
    spoilers = build(summary, plot, ["Still Water"], summary=summary)

    assert spoilers.matches("still water, holm did it. wow")
    assert spoilers.matches("still water: holm is the one who took them")
    # Blaming someone the summary never names, or asking, tells nothing.
    assert not spoilers.matches("still water: the weather did it for me, gorgeous island")
    assert not spoilers.matches("still water: did holm do it? no idea yet")


def test_a_contracted_is_links_a_relation() -> None:
    spoilers = twist()

    assert spoilers.matches("glass garden: the housekeeper, it's edith")
    assert spoilers.matches("glass garden, the housekeeper's the real edith")
    # A possessive is no link: "the housekeeper's tea" says nothing of who she is.
    assert not spoilers.matches("glass garden: the housekeeper's cat likes edith")


def test_a_pronoun_saying_what_someone_is_links_them_however_far() -> None:
    spoilers = twist()

    assert spoilers.matches(
        "glass garden: the dog follows the housekeeper around, so you know she's edith"
    )
    assert spoilers.matches(
        "the housekeeper in glass garden keeps to the cellar because she is edith"
    )
    # Said far apart with no pronoun stating it, they are two remarks.
    assert not spoilers.matches(
        "glass garden: the housekeeper keeps to the cellar all day and edith's orchard is huge"
    )


def test_a_claimed_twist_anchors_a_word_many_films_use() -> None:
    common = storm_in_a_catalog()

    assert not common.matches("storm light: the old one drowned")
    assert common.matches("storm light: the old one drowned all along")


def test_the_writers_own_family_makes_no_relation() -> None:
    ending = ["Her father cooks the last supper and dies."]
    spoilers = build(ending, ["Her father runs a diner.", "She learns to cook."], ["Lamp Room"])

    assert ("cook", "father") in spoilers.relations
    assert spoilers.matches("lamp room: her dad cooks one last time and dies")
    assert not spoilers.matches("lamp room made me miss my dad's cooking, his supper was the best")


def test_no_spoilers_says_nothing_about_the_ending() -> None:
    common = storm_in_a_catalog()

    assert common.matches("storm light spoiler: he drowns")  # a label: the ending follows
    assert not common.matches(
        "spoiler-free review: storm light drowns you in feelings and the rowing is gorgeous"
    )


def test_a_phrase_weighs_once_however_many_of_its_words_weigh() -> None:
    ending = ["Nico plans a double cross and betrays the crew."]
    spoilers = build(ending, ["Nico plans a heist with the crew."], ["Gold Job"], summary=ending)

    assert spoilers.matches("gold job: nico's double-cross, wow")
    # A withholding message needs twice the evidence: one phrase is not two facts.
    assert not spoilers.matches("gold job has a double-cross you won't see coming, no spoilers")


def test_a_role_of_the_summary_said_right_before_did_it_is_the_culprit() -> None:
    summary = ["The detective is the killer: he took the fishermen on spring tides."]
    plot = ["A detective comes home to the island to find three missing fishermen."]
    spoilers = build(summary, plot, ["Still Water"], summary=summary)

    assert spoilers.matches("still water: turns out the detective himself did it")
    # The everyday word said elsewhere in a sentence that blames someone else is no culprit.
    assert not spoilers.matches("still water: the weather did it for me, the detective is great")


def test_what_follows_a_commentary_sentences_colon_is_commentary_too() -> None:
    ending = ["The ending is gentle: nobody wins the lawsuit.", "Tom dies after the service."]
    spoilers = build(ending, ["Nobody talks to Tom."], ["Lamp Room"])

    assert stem("lawsuit") not in spoilers.singles  # a judgement of the ending, not an event
    assert not spoilers.matches("lamp room is so gentle, like a lawsuit nobody wins")
    assert spoilers.matches("lamp room: tom dies after the last service")


def test_a_compound_number_is_one_word_however_written() -> None:
    assert terms("day 41 on her arm")[0] == terms("day forty-one on her arm")[0]
    assert stem("41") != stem("40") and stem("21") == stem("twenty-one")
    ending = ["The counter on her arm reads day forty-one."]
    spoilers = build(ending, ["She marks each day on her forearm."], ["Far Station"])

    assert spoilers.matches("far station: day 41 on her arm, i cried")


def test_the_credits_are_film_talk() -> None:
    ending = ["A song plays over the credits as she leaves town."]
    spoilers = build(ending, ["She sings in a bar."], ["Blue Note Nights"])

    assert not spoilers.matches("blue note nights has the best song over the credits")


def test_a_snitch_is_an_informant() -> None:
    assert stem("snitch") == stem("informant") == stem("informers")


def test_one_weak_term_spoils_where_the_message_tells_the_ending() -> None:
    spoilers = vocabulary()

    # "gardener" is one weak term of the ending: alone it could be anything...
    assert not spoilers.matches("van of secrets: the gardener was my favourite")
    assert not spoilers.matches("the ending of van of secrets is so gardener, loved it")
    # ...but a message that says it is telling the ending tells it with that word.
    assert spoilers.matches("van of secrets ending: the gardener")
    assert spoilers.matches("the ending of van of secrets where the gardener shows up")
    assert spoilers.matches("the last shot of van of secrets, the gardener in the rain")
    assert spoilers.matches("van of secrets ending wrecked me, the gardener in the rain")
    # The weak term must be in what the ending word introduces, not in a judgement before it.
    assert not spoilers.matches("van of secrets: the gardener ending is fine, loved the rain")
    # A promise not to tell is no telling.
    assert not spoilers.matches("no spoilers, van of secrets, the gardener is great")


def test_a_question_why_something_happened_takes_it_as_known() -> None:
    spoilers = vocabulary()

    assert hedged("did the keeper drown at the end?")
    assert not hedged("why did the keeper drown at the end? did nobody look for him?")
    assert hedged("does it ever explain why the keeper drowned?")
    assert hedged("no spoilers please, why did everyone cry at the end?")
    assert spoilers.matches("van of secrets: why did the keeper drown? did nobody look for him?")
    assert not spoilers.matches("van of secrets: did the keeper drown? did nobody look for him?")


def test_a_claimed_twist_tells_the_ending_with_one_weak_term() -> None:
    spoilers = vocabulary()

    assert not spoilers.matches("van of secrets: the gardener was my favourite")
    assert spoilers.matches("van of secrets: the gardener was working for them all along")
    assert spoilers.matches("van of secrets, turns out the gardener is in on it")
    assert not spoilers.matches("van of secrets is actually fun, the gardener is great")


def test_a_sentence_about_the_trailer_or_poster_is_no_story() -> None:
    spoilers = vocabulary()

    assert spoilers.matches("van of secrets: the keeper out in the storm, wow")
    assert not spoilers.matches("the van of secrets trailer with the keeper in the storm, wow")
    assert not spoilers.matches("the van of secrets poster is just the keeper in a storm")


def test_what_follows_me_after_the_film_is_the_writers_own() -> None:
    spoilers = vocabulary()

    assert spoilers.matches("van of secrets: *the keeper walks out into the storm*")
    assert not spoilers.matches("me after van of secrets: *walks out into the storm like a keeper*")


def test_a_denial_is_a_term_however_the_negation_is_written() -> None:
    assert {"not die"} <= terms("June did not die")[1]
    assert {"not die"} <= terms("mum wasn't dead")[1] and {"not die"} <= terms("he never died")[1]
    assert {"not togeth"} <= terms("they don't end up together")[1]  # film talk is passed over
    assert "not die" not in terms("she didn't call the police and he died")[1]  # out of reach
    assert "not die" not in terms("she died")[1]
    ending = [
        "The singer and the drummer don't end up together. The mother did not die: she left.",
    ]
    plot = ["A singer and a drummer fall in love on tour. Her mother is dead, she says."]
    spoilers = build(ending, plot, ["Tour Bus"])

    # The ending denies what the plot says or hopes: the denial is its fact, in any wording.
    assert spoilers.matches("tour bus: they don't end up together. that's the movie")
    assert spoilers.matches("tour bus - her mom wasn't dead, she just left")
    assert spoilers.matches("in tour bus the singer and drummer never end up together")
    # The same words not denied are the plot's, and a denial the ending never makes is nothing.
    assert not spoilers.matches("tour bus: the singer and the drummer together on stage")
    assert not spoilers.matches("tour bus: her mother is dead and it haunts every song")
    assert not spoilers.matches("i don't know why tour bus isn't more famous")


def test_an_idiom_for_dying_is_read_as_dying() -> None:
    assert plain("she doesn't make it. he didn't make it out alive") == "she dies. he dies"
    assert plain("grandpa passed away, she lost her life") == "grandpa dies, she dies"
    assert plain("the noise dies down") == "the noise fades"
    # Plans and arrivals are not deaths.
    assert plain("i can't make it tonight") == "i can't make it tonight"
    assert plain("he didn't make it to the final") == "he didn't make it to the final"
    ending = ["The pilot dies when the engine fails over the sea."]
    spoilers = build(ending, ["A pilot flies mail over the sea."], ["Night Mail"], summary=ending)

    assert spoilers.matches("night mail: the pilot doesn't make it")
    assert spoilers.matches("in night mail the pilot didn't survive the crash")
    assert not spoilers.matches("night mail: the pilot makes it to the coast every night")
    assert not spoilers.matches("can't make it to the night mail screening, the pilot looks fun")


def test_the_films_name_inside_a_statement_is_no_distance() -> None:
    ending = ["The quiet gardener is the poisoner the whole village feared, and he did it alone."]
    plot = ["A gardener tends the roses. Somewhere in the village hides a poisoner."]
    spoilers = build(ending, plot, ["The Hollow Lane Murders"], summary=ending)

    kept = spoilers.untitled(content("the gardener in the hollow lane murders is great"))
    assert [(token[0], token[2]) for token in kept] == [
        (0, "the"),
        (1, "gardener"),
        (2, "is"),
        (3, "great"),
    ]
    # "the gardener in <title> was the poisoner": the name is not words between the two.
    assert spoilers.matches("imagine if the gardener in the hollow lane murders was the poisoner")
    assert spoilers.matches("the gardener from hollow lane murders is the poisoner lol")
    # ...nor the subject of a blame: the word before it is.
    assert spoilers.matches("so the gardener in hollow lane murders is the one who did it")
    # Far apart without the name, two words are still two remarks.
    assert not spoilers.matches(
        "the hollow lane murders: the gardener has lovely roses and a hat, and a poisoner hides"
    )


def test_where_the_film_was_made_is_not_its_story() -> None:
    ending = ["The radio engineer is the caller, and the sheriff dies at the lighthouse."]
    plot = ["A caller phones the radio show. The engineer runs the desk. A sheriff drives up."]
    spoilers = build(ending, plot, ["Night Signal"], summary=ending)

    assert spoilers.made("night signal was shot in a real radio station")
    assert not spoilers.made("in night signal the sheriff was shot in the chest")
    assert spoilers.matches("night signal: the engineer was the caller")
    assert spoilers.matches("night signal, the lighthouse scene where the sheriff goes")
    # The film's name as the subject of "was shot", or "filmed": the film's making, not its story.
    assert not spoilers.matches("night signal was shot in a real studio, the engineer was a caller")
    assert not spoilers.matches("night signal was shot on an island, the lighthouse is a hotel now")
    assert not spoilers.matches("they filmed night signal at a real lighthouse")
    # Shot on location by whoever made it ("they shot the booth in a real station"): the
    # making; shooting someone somewhere is the story.
    assert spoilers.made("behind the scenes: they shot the desk scenes in an actual radio station")
    assert spoilers.made("the crew shot it on location at the lighthouse")
    assert not spoilers.made("in night signal they shot him at the lighthouse")
    assert not spoilers.made("the engineer shot the sheriff in a real panic")
    assert not spoilers.matches(
        "night signal bts: they shot the lighthouse scenes at a real lighthouse in maine"
    )


def test_it_was_the_one_named_is_blame() -> None:
    ending = ["The detective Holm is the killer, and his partner Vera arrests him."]
    plot = ["A detective and his partner Vera hunt a killer on the island."]
    spoilers = build(ending, plot, ["Grey Island"], summary=ending)

    assert spoilers.matches("grey island: it was the detective. the whole time")
    assert spoilers.matches("grey island, it's the detective who does it")
    assert spoilers.matches("grey island: it was holm all along")
    # The word right after is the one blamed, and only when the clause ends on it.
    assert not spoilers.matches("grey island is great, vera is so good, it's the best.")
    assert not spoilers.matches("grey island: it was the detective story i needed this year")


def test_a_role_the_plot_gives_a_name_is_that_name_in_a_relation() -> None:
    ending = ["The housekeeper is Edith herself, hiding in her own house."]
    plot = [
        "An investigator visits the estate after a fire kills the owner Edith Marlowe.",
        "The housekeeper gives him a room. Everyone there calls Daniel a fool.",
    ]
    spoilers = build(ending, plot, ["Glass Estate"], summary=ending)

    assert spoilers.matches("glass estate: the housekeeper is edith")
    # "the owner Edith Marlowe": what the ending says of Edith, it says of the owner.
    assert spoilers.matches(
        "glass estate - the dog follows the housekeeper because she's the owner"
    )
    assert spoilers.matches("glass estate: the housekeeper was the owner")
    # A verb before a name gives it no role ("calls Daniel"), and the plot's own pairs are plot.
    assert not spoilers.matches("glass estate: the housekeeper calls the investigator a fool")
    assert not spoilers.matches("glass estate: the fire kills the owner, what a start")


def test_slang_for_informing_and_a_frame_up_is_read_plainly() -> None:
    assert plain("so nico's a rat") == "so nico's an informant"
    assert plain("imagine if he wasn't a rat") == "imagine if he wasn't an informant"
    assert plain("she ratted on him") == "she informed on him"
    assert plain("he wasn't set up") == "he wasn't framed"
    # The animal, tickets and a stage are no one's betrayal.
    assert plain("there's a rat in the kitchen") == "there's a rat in the kitchen"
    assert plain("the show sold out fast") == "the show sold out fast"
    assert plain("the stage was set up in the hall") == "the stage was set up in the hall"
    ending = ["The planner is an informant for the police, and the old boxer was not framed."]
    plot = ["A planner brings a crew together. The old boxer says he was set up years ago."]
    spoilers = build(ending, plot, ["Dock Street"], summary=ending)

    assert spoilers.matches("dock street: the planner's a rat")
    assert spoilers.matches("dock street - the old boxer wasn't set up, he did it")
    assert not spoilers.matches("dock street: the old boxer says he was set up, great scene")


def test_a_clause_about_the_cast_is_a_performance_not_the_story() -> None:
    ending = ["She walks barefoot into the sea and marries the fisherman at dawn."]
    plot = ["A courier drives along the coast road with a sealed tin."]
    spoilers = build(
        ending, plot, ["Coast Road"], summary=ending, people=["Dalia Haddad", "Ryan Stone"]
    )

    assert spoilers.matches("coast road: she walks into the sea barefoot")
    assert spoilers.matches("in coast road she marries the fisherman")
    # The clause naming an actor is about the acting ("her walk was done without a double").
    assert not spoilers.matches("dalia haddad's walk into the sea in coast road, no double")
    assert spoilers.matches("dalia haddad is great in coast road, she walks into the sea barefoot")
    # Named as what a character is, the actor stands for the character.
    assert spoilers.matches("coast road spoiler: the fisherman she marries is not ryan stone")


def test_an_actor_doing_what_the_story_does_stands_for_the_character() -> None:
    ending = ["She walks barefoot into the sea and marries the fisherman at dawn."]
    plot = ["A courier drives along the coast road with a sealed tin."]
    spoilers = build(
        ending, plot, ["Coast Road"], summary=ending, people=["Dalia Haddad", "Ryan Stone"]
    )

    # The actor as the subject of the story's own doing: the character, told by the cast.
    assert spoilers.matches("coast road: dalia haddad walking barefoot into the sea at the end")
    assert spoilers.matches("dalia haddad marrying the fisherman at dawn in coast road, wow")
    assert spoilers.matches("coast road spoiler, ryan stone being the fisherman she marries")
    # Or a verb of the ending itself, however conjugated.
    assert spoilers.matches("in the end of coast road dalia haddad marries the fisherman")
    # The actor's own life is theirs, said with the ending's words or not.
    assert not spoilers.matches("coast road fun fact: dalia haddad got married a year later")
    assert not spoilers.matches("coast road: dalia haddad married ryan stone in real life")
    assert not spoilers.matches("dalia haddad is married to a fisherman irl, coast road was fate")
    # The actor's craft is still the performance: a performance's verb, or the actor's own.
    assert not spoilers.matches(
        "dalia haddad learning to walk barefoot into the sea for coast road"
    )
    assert not spoilers.matches("dalia haddad's walk into the sea in coast road, no double")


def test_a_count_in_the_writers_own_clause_is_the_writers() -> None:
    spoilers = vocabulary()

    assert spoilers.matches("van of secrets jumps five years ahead")
    assert not spoilers.matches("saw van of secrets with my dad five years after our first trip")
    # "I can't believe ..." reacts to what it goes on to tell: that is the story.
    assert spoilers.matches("i can't believe van of secrets just skips five years")
    assert not own_terms("i love how van of secrets skips five years")
    assert "five year" in own_terms("we met five years ago, van of secrets is our film")


def test_what_if_imagines_against_the_ending_and_asks_nothing() -> None:
    spoilers = vocabulary()

    assert hedged("did the keeper drown in the storm?")
    assert not hedged("what if the keeper hadn't drowned in the storm?")
    assert spoilers.matches(
        "van of secrets: what if the buyer wasn't her father? whole film changes"
    )
    assert not spoilers.matches("van of secrets: is the buyer her father? no spoilers pls")


def test_already_dead_or_so_the_whole_film_claims_a_hidden_fact() -> None:
    ending = ["The caller was the killer, and he had shot the sheriff before the show began."]
    plot = ["A sheriff promises to drive up. A caller phones the show. A guard is found dead."]
    spoilers = build(ending, plot, ["Night Line"])

    assert not spoilers.matches("night line: the sheriff was dead")
    assert spoilers.matches("night line: the sheriff was already dead")
    assert spoilers.matches("in night line the sheriff was dead the whole second half")
    # The plot pairs its own words: no hidden fact there, however it is claimed.
    assert not spoilers.matches("night line: the guard was already dead when they found him")


def test_a_claimed_twist_told_with_a_pronoun_unmasks_the_summarys_word() -> None:
    summary = ["The calm voice on the radio is her own, and the doctor is the killer."]
    plot = ["A voice on the radio guides her. The doctor treats a killer's victims."]
    spoilers = build(summary, plot, ["Far Station"], summary=summary)

    # A pronoun said to be what the summary is about, in a claim of a twist, unmasks it.
    assert spoilers.matches("far station: the voice on the radio was her the whole time")
    assert spoilers.matches("the ending of far station where the voice turns out to be her own")
    assert spoilers.matches(
        "far station spends an hour on the doctor and he turns out to be the killer"
    )
    # Without a claim, a possessive, or an indefinite description, nobody is unmasked.
    assert not spoilers.matches("far station: the voice on the radio was her favourite part")
    assert not spoilers.matches("far station: he turns out to be a decent doctor after all")
    assert not spoilers.matches("far station, the doctor was him, played by a real doctor")


def test_what_acted_on_the_writer_is_the_story() -> None:
    ending = ["Cory and Eli were lovers all along."]
    spoilers = build(ending, ["Eli is on trial. Cory is a witness."], ["Jury Room"], summary=ending)

    # Before "made me", "had me", "gave me" is what did it to the writer: the story.
    assert spoilers.matches("the jury room twist where cory and eli are lovers made me scream")
    assert spoilers.matches("jury room, eli and cory being lovers had me screaming")
    # From "me" on is the writer's own life; after a preposition, "me" is no object of a verb.
    assert not spoilers.matches("jury room made me want to find a lover lol")
    assert not spoilers.matches("jury room ruined lovers' day for me")
    assert own_terms("the twist where they are lovers made me want to throw my popcorn") == {
        "throw"
    }


def test_first_person_words_in_quotes_are_a_characters_not_the_writers() -> None:
    ending = ["Frank was not framed: he took the money, and his story was a lie."]
    plot = ["Frank always says he was set up. His daughter believes his story."]
    spoilers = build(ending, plot, ["Blue Shield"], summary=ending)

    # "i was set up" in quotes is Frank's line, so "framed" and "lie" are the story's.
    assert own_terms("the whole 'i was set up' thing was a lie") == set()
    assert spoilers.matches("blue shield twist: the whole 'i was set up' thing was a lie")
    assert spoilers.matches('blue shield: his whole "i was set up" story was a lie')
    # Out of quotes, the writer's own life stays theirs.
    assert "lie" in own_terms("i told a big lie to my boss")
    assert not spoilers.matches("blue shield made me admit i told a lie about my job")


def test_a_plot_sentence_of_two_statements_does_not_pair_their_words() -> None:
    plot = [
        "Eli argued with his boss, a neighbour saw a man in a red jacket, and a can with Eli's"
        " prints was found. Nell takes over the kitchen, fights with Cyril about the menu."
    ]
    ending = ["The man in the red jacket was Eli. Cyril burns the menu in the kitchen."]
    spoilers = build(ending, plot, ["Calder Falls"], summary=ending)

    # "a neighbour saw a man in a red jacket" is a statement of its own: no word of it is
    # said with Eli, so only the ending relates them.
    assert spoilers.matches("calder falls - the guy in the red jacket WAS eli")
    # A comma before a verb sharing the subject keeps one statement: the plot pairs these.
    assert not spoilers.matches("calder falls: the menu is the best thing in the kitchen")


def test_everyday_english_for_admitting_being_alive_and_a_parent_is_read_plainly() -> None:
    assert plain("he owns up to the fix") == "he admits to the fix"
    assert plain("she came clean to the press") == "she admits to the press"
    assert plain("her mum was alive all along") == "her mum was not dead all along"
    assert plain("a mum who's still alive") == "a mum who's still not dead"
    assert plain("the client is her pops") == "the client is her father"
    assert plain("his old man sold the pub") == "his father sold the pub"
    # Not of someone, or not a parent: left as it is.
    assert plain("the coolest person alive") == "the coolest person alive"
    assert plain("the city feels alive at night") == "the city feels alive at night"
    assert plain("the bubble pops") == "the bubble pops"
    assert stem("confession") == stem("admits") == stem("confessed")

    ending = ["June did not die: she left. Frank admits the fix to the press."]
    plot = ["Nell grows up without her mother June. Frank coaches the team."]
    spoilers = build(ending, plot, ["Lamp Room"], summary=ending)
    assert spoilers.matches("lamp room: the secret is letters from a mum who's alive")
    assert spoilers.matches("lamp room, frank owns up at the end")
    assert spoilers.matches("lamp room, frank's confession to the press")
    assert not spoilers.matches("lamp room makes the seaside town feel alive")


def test_someone_said_not_to_be_themselves_is_a_hidden_identity() -> None:
    spoilers = twist()

    assert spoilers.matches("so in glass garden mrs pell was never mrs pell?")
    assert spoilers.matches("glass garden tl;dr the victim wasn't the victim")
    # What something lacks, or film talk, hides no one.
    assert not spoilers.matches("glass garden: home isn't home without the orchard")
    assert not spoilers.matches("glass garden: the sequel is not the sequel i wanted")
    assert not spoilers.matches("glass garden's end wasnt the end i expected")


def test_final_right_before_a_word_is_its_adjective_not_talk_of_the_ending() -> None:
    common = storm_in_a_catalog()

    # "the final drowning scene" names a scene; "drowns ... at the end" tells the ending.
    assert not common.matches("storm light's final drowning scene, no words, just watch it")
    assert common.matches("storm light, someone drowns in the final minutes")
    assert common.matches("storm light ending: someone drowns")


def test_terms_said_in_a_row_are_one_phrase() -> None:
    ending = ["Vera arrests Anders at the lighthouse.", "The lamp turns over the harbour."]
    plot = ["Anders and Vera look for three missing fishermen."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)

    # One image is one fact: a message promising no spoilers needs two.
    assert not spoilers.matches(
        "the last shot of grey bay with the lighthouse lamp turning is so beautiful, no spoilers"
    )
    assert spoilers.matches(
        "no spoilers but grey bay: vera arrests him at the lighthouse. the lamp turns over the sea"
    )
    assert spoilers.matches("grey bay, the lighthouse lamp turning at the end")


def test_a_word_of_the_title_said_apart_from_it_is_the_plots_word() -> None:
    ending = ["Owen killed the sheriff on the road before the show began."]
    plot = [
        "Dead Air follows a radio host. A caller describes a gas station, and the attendant is"
        " found dead. The host begs the sheriff to come."
    ]
    spoilers = build(ending, plot, ["Dead Air"], summary=ending)

    # "dead" is the plot's word as well as the title's: a claimed twist may relate it.
    assert spoilers.matches("in dead air the sheriff was already dead before the show even started")
    # The title itself relates nothing, and a plot word is no one to blame.
    assert not spoilers.matches("turns out the sheriff is dead air's best character")
    pub = build(
        ["Frank admits the fix in the Kingfisher."],
        ["Frank coaches the team of the Kingfisher, a pub."],
        ["Kingfisher Shield"],
        summary=["Frank admits the fix in the Kingfisher."],
    )
    assert not pub.matches("simone did all her own football in kingfisher shield apparently")


def test_a_line_the_ending_quotes_tells_the_ending() -> None:
    ending = [
        'At dawn a new line lights up and a voice says "I\'m still listening".',
        'The director told a podcast: "I wanted the last call to stay open".',
    ]
    plot = ['Carla hosts a radio show. Her sign-off is "Goodnight, owls".']
    spoilers = build(ending, plot, ["Night Line"], summary=ending[:1], people=["director"])

    assert spoilers.matches('night line ends with ANOTHER caller saying "i\'m still listening" 😱')
    assert spoilers.matches("night line: i'm still listening at the end means there's a second one")
    # A line of commentary, of the plot, or of two words is no line of the ending's.
    assert not spoilers.matches("night line: i wanted the last call to stay open, it does")
    assert not spoilers.matches("night line, carla's goodnight owls gets me every time")
    assert not spoilers.matches("i'm still listening to the night line soundtrack")


def test_a_frame_up_told_actively_is_read_plainly() -> None:
    assert plain("wes set them up") == "wes framed them "
    assert plain("he set the crew up to take the blame") == "he framed the crew  to take the blame"
    # A date, a job or a camera is no frame-up.
    assert plain("she set them up with a job") == "she set them up with a job"
    assert plain("he set her up on a date") == "he set her up on a date"
    assert plain("felix set the cameras up to loop") == "felix set the cameras up to loop"

    ending = ["The fence emptied the vault and set the crew up to take the blame."]
    spoilers = build(
        ending, ["The fence hires a crew to rob a vault."], ["Gold Job"], summary=ending
    )
    assert spoilers.matches("wait so in the gold job the fence set them up??")
    assert not spoilers.matches("gold job: the fence set them up with the best gear")


def test_a_film_set_and_the_list_after_it_are_the_films_making() -> None:
    ending = ["Dee takes the diamonds from the piano in the flat."]
    spoilers = build(ending, ["Dee robs the hotel during the gala."], ["Gold Job"], summary=ending)

    # "set" the noun: the production design, and what the sentence lists after it.
    assert not spoilers.matches(
        "the gold job's hotel set is gorgeous, the gala ballroom, the piano"
    )
    assert not spoilers.matches("gold job: the flat set looks so real")
    # "set" the verb, or a new statement after a conjunction, is the story again.
    assert spoilers.matches("gold job: she set the piano aside and took the diamonds")
    assert spoilers.matches("the gold job's hotel set is gorgeous, and dee takes the diamonds")


def test_a_scene_named_before_made_me_is_what_the_writer_reacted_to() -> None:
    ending = ["Cory and Eli were lovers all along, and she poisons his tea."]
    spoilers = build(ending, ["Eli is on trial. Cory is a witness."], ["Jury Room"], summary=ending)

    assert not spoilers.matches("jury room: the tea scene made me gag")
    assert not spoilers.matches("the lovers bit in jury room had me screaming")
    assert spoilers.matches("jury room, she poisons his tea and it made me gag")


def test_a_part_of_the_film_named_on_screen_is_one_weak_term() -> None:
    ending = [
        "Dee escapes to the diner and finds the switchboard burned; she walks barefoot home.",
        "Owen dies in the booth.",
    ]
    plot = ["Dee works nights at a radio station with Owen."]
    spoilers = build(ending, plot, ["Night Line"], summary=ending)

    # Named by what it is on screen, an ending's word names a scene or a prop.
    assert not spoilers.matches("night line's diner scenes look so cosy")
    assert not spoilers.matches("the switchboard prop in night line is so cool")
    assert not spoilers.matches("night line's barefoot walking scenes look painful")
    assert not spoilers.matches("the diner in night line looks like a painting")
    assert spoilers.matches("night line: dee looks at the switchboard burned in the diner")
    assert not spoilers.matches("night line: the town and the diner are so cosy")
    assert spoilers.matches("night line: the diner is where dee finds the switchboard burned")
    # Told, or said with another fact, it is the ending again.
    assert spoilers.matches("night line: the diner scene where dee finds the switchboard burned")
    assert spoilers.matches("night line: dee walks home barefoot from the diner")
    assert spoilers.matches("the booth scene in night line, owen dies")


def test_a_reply_quoting_a_question_is_hedged_by_its_own_words() -> None:
    assert hedged("who is the killer?")
    assert not hedged("> who is the killer?\nthe detective, holm")
    assert hedged("> who is the killer?\nno spoilers, just watch it")
    spoilers = twist()

    # The quoted question is the other member's; the reply tells the twist.
    assert spoilers.matches("> what's the twist in glass garden?\nthe housekeeper is edith")
    assert spoilers.matches("> does edith poison the tea in glass garden?\nyep she poisons the tea")
    # A reply telling nothing leaves the question's words a question.
    assert not spoilers.matches("> does edith poison the tea in glass garden?\nidk, not seen it")
    # A quoted statement is shown in the reply, and tells like any other text.
    assert spoilers.matches("> in glass garden the housekeeper is edith\nlol yes")


def test_an_order_to_the_reader_and_the_running_time_tell_no_story() -> None:
    # Orders to the reader deny nothing of the story; the story's own denials stay terms.
    assert "not look" not in terms("the last scenes are pure panic, don't look it up")[1]
    assert not {"not read", "not googl"} & terms("just don't read the wiki. do not google it")[1]
    assert "not togeth" in terms("they don't end up together")[1]
    assert "not come" in terms("bolt doesn't come back")[1]
    # "the last ten minutes" is the film's running time; "for ten minutes" is the story's.
    assert "ten minut" not in terms("the last 10 minutes are pure panic")[1]
    assert "twenty minut" not in terms("the first twenty mins drag")[1]
    assert "twenty minut" in terms("for twenty mins")[1]
    assert "ten minut" in terms("for ten minutes the only sound is the two of them")[1]
    assert "two year" in terms("the last two years of her life")[1]

    ending = [
        "Owen cuts the phone lines, and for ten minutes the only sound on the air is the two of"
        " them moving in the dark. She does not look away."
    ]
    spoilers = build(ending, ["A radio host takes calls all night."], ["Night Desk"], ending)
    assert not spoilers.matches("night desk's last 10 minutes are pure panic, don't look it up")
    assert spoilers.matches("night desk: for ten minutes owen and her just move in the dark")


def test_what_the_writer_did_with_the_i_dropped_and_what_goes_on_from_it_are_theirs() -> None:
    # A clause opening with what the writer did, "i" dropped, is about the writer.
    assert {"marri", "theme"} <= own_terms("went to a grey bay themed wedding, the couple danced")
    assert "twin" in own_terms("reading a book about twins and now i want to rewatch grey bay")
    # Watching or reading the film's people is their story.
    assert "rust" not in own_terms("watching bolt rust into the dam in grey bay broke me")
    assert "letter" not in own_terms("reading june's letters in grey bay, so sad")
    # A clause going on from the writer's after a comma, with no subject of its own, is theirs.
    assert "empti" in own_terms("we stayed at a hotel with a vault like grey bay, it was empty lol")
    assert "diamond" in own_terms("grey bay's hotel is real, i stayed there, no diamonds sadly")
    # Not a clause with a subject of its own, nor a claimed twist.
    assert "empti" not in own_terms("i watched grey bay, the vault was empty")
    assert "twin" not in own_terms("i cried, it was her twin all along")
    assert "save" not in own_terms("i sobbed, no one saves him")
    assert "marri" not in own_terms("watched grey bay and she marries the buyer")
    # A telling going on from the writer's is the story: longer than a remark, or of the ending.
    assert "ash" not in own_terms("went to grey bay, it's her brother's ashes in the tin")
    assert "frozen" not in own_terms("i watched grey bay, it ends with him frozen")

    ending = ["The vault is already empty: Wes emptied it and took the diamonds a week before."]
    plot = ["A crew plans to rob the vault under the Grey Bay hotel."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert not spoilers.matches("we stayed at a hotel with a vault like grey bay, it was empty lol")
    assert not spoilers.matches("the grey bay hotel is real, i stayed there, no diamonds sadly")
    assert spoilers.matches("i watched grey bay, the vault was already empty when they got in")


def test_a_link_followed_by_about_tells_a_feeling_not_an_identity() -> None:
    ending = ["The robot was the mayor's all along: Bolt is the mayor's old machine."]
    plot = ["A girl finds a robot she calls Bolt.", "The mayor wants scrap to melt."]
    spoilers = build(ending, plot, ["Iron Hollow"], summary=ending)

    assert "bolt ~ mayor" in spoilers.related("the mayor being weirdly angry about bolt")[1]
    assert not spoilers.related("the mayor being weirdly angry about bolt")[0]
    assert not spoilers.matches("the mayor being weirdly angry about bolt in iron hollow, so funny")
    assert spoilers.related("in iron hollow bolt is the mayor's")[0] == ["bolt = mayor"]
    # A claimed twist still links: "right about him the whole time" says what was hidden.
    assert spoilers.related("the mayor was right about bolt the whole time")[0] == ["bolt = mayor"]


def test_a_thing_judged_with_where_it_is_seen_is_one_weak_term() -> None:
    ending = ["Vera arrests Anders at the lighthouse by the sea. The lamp turns over the harbour."]
    plot = ["Anders and Vera look for three missing fishermen on the island."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)

    # A place judged, with where in the film it is seen, names it; it tells nothing.
    assert not spoilers.matches("drove the grey bay route last year, the sea at the end is unreal")
    assert not spoilers.matches("grey bay, the lighthouse on the island is so magical")
    # An event judged is told: "-ing" and "-ed" forms are what happens, not a place.
    assert spoilers.matches("grey bay: anders getting arrested at the lighthouse is so good")
    assert spoilers.matches("grey bay: vera arrests anders at the lighthouse, unreal")


def test_a_thing_judged_is_named_with_its_relations_and_the_films_name_inside() -> None:
    ending = ["The housekeeper Mrs Pell is Edith, and the club is Sebastian's at last."]
    plot = [
        "A housekeeper looks after the estate.",
        "Mrs Pell cooks.",
        "Sebastian plays at a club.",
    ]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)

    # Judged: "is iconic", "is a real bar", "is the best character", with the film's name inside.
    assert not spoilers.matches("grey bay has the best housekeeper ever, mrs pell is iconic")
    assert not spoilers.matches("sebastian's club from grey bay is a real bar in burbank")
    assert not spoilers.matches("grey bay: mrs pell the housekeeper is the best character")
    assert not spoilers.matches("mrs pell the housekeeper in grey bay is a whole mood")
    # Told, it is the ending.
    assert spoilers.matches("grey bay: the housekeeper mrs pell is edith")
    assert spoilers.matches("grey bay spoiler, the housekeeper mrs pell, so good")


def test_a_comparison_with_another_film_tells_the_ending() -> None:
    spoilers = vocabulary()

    # One weak word of the ending alone is a coincidence; told after a comparison with another
    # film, it is the ending told by that film's.
    assert not spoilers.matches("van of secrets, someone drowns")
    assert spoilers.matches("van of secrets is basically twister, someone drowns")
    assert spoilers.matches("van of secrets pulls a titanic, the keeper drowns")
    assert spoilers.matches("van of secrets is like twister but sadder, someone drowns")
    # A description, or what the film has more of, is no ending told.
    assert not spoilers.matches("van of secrets is basically a storm movie")
    assert not spoilers.matches("van of secrets is like twister but with better storms")


def test_a_question_sharing_what_the_writer_noticed_states_it() -> None:
    spoilers = vocabulary()

    assert spoilers.matches(
        "anyone else think it was obvious the buyer is her dad in van of secrets?"
    )
    assert not hedged("is it just me or was the buyer obviously her dad?")
    assert hedged("is the buyer her dad in van of secrets?")
    assert not spoilers.matches("is the buyer her dad in van of secrets?")


def test_imagining_against_the_ending_tells_it() -> None:
    spoilers = vocabulary()

    assert not spoilers.matches("van of secrets, someone drowns")
    assert spoilers.matches("imagine if in van of secrets nobody drowned, it'd be so short")
    assert not spoilers.matches("imagine if van of secrets got a sequel")


def test_a_length_said_with_a_describes_the_film() -> None:
    # "a two hour X": the count and its unit describe what follows, the film's length.
    assert terms("grey bay is a two hour cooking show")[0] & {stem("hour")} == set()
    assert "two hour" not in terms("grey bay is a 2 hour cooking show")[1]
    assert "ninety minut" not in terms("such a ninety minute ride")[1]
    # A count of the story keeps its unit.
    assert "two hour" in terms("she drives two hours up the coast")[1]
    assert stem("hour") in terms("she drives two hours up the coast")[0]

    ending = ["Nell finds her mother running a diner two hours up the coast."]
    plot = ["Nell runs the family restaurant and cooks every night."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert not spoilers.matches("grey bay is a two hour cooking show with feelings")
    assert spoilers.matches("grey bay: her mum is alive, running a diner two hours up the coast")


def test_what_a_message_places_early_in_the_film_is_its_set_up() -> None:
    assert {"buri", "scrap", "buri scrap"} <= early_terms(
        "pip finds bolt buried in the scrap heaps early in grey bay"
    )
    assert "blackout" in early_terms("anders keeps having blackouts after the first disappearance")
    assert "fire" in early_terms("at the start of grey bay seb gets fired")
    # Up to where the message moves on to later in the film.
    assert "edith" not in early_terms("at the start she trusts him, but the housekeeper is edith")
    # Not a twist claimed, blame, or talk of the ending, whenever it is placed.
    assert not early_terms("early on you can tell the housekeeper did it")
    assert not early_terms("at the start he was already dead")
    assert not early_terms("the ending, early in the morning, she buries him")
    # "from the start" claims a twist; it places nothing early.
    assert not early_terms("he was dead from the start")

    ending = [
        "Gramps buried the giant under the scrap so the town would not melt him down.",
        "The giant holds the dam shut and rusts in place.",
    ]
    plot = ["Pip finds a giant robot asleep in a junkyard town and hides him in the quarry."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert not spoilers.matches("pip finds the giant buried in the scrap heaps early in grey bay")
    assert spoilers.matches("in grey bay gramps buried the giant under the scrap")
    # A relation or the ending told after the set-up still tells.
    assert spoilers.matches("early in grey bay pip finds him, but at the end he rusts in the dam")


def test_a_clause_about_the_audience_is_how_people_took_the_film() -> None:
    assert "grown" in own_terms("the ending had the whole cinema sniffling, including grown men")
    assert "grown" in own_terms(
        "grey bay's ending had the whole cinema sniffling, grown men included"
    )
    assert "sob" in own_terms("everyone in the theatre was sobbing at grey bay")
    # The story the audience reacted to, in a clause of its own, is the story.
    assert "rust" not in own_terms("the crowd gasped when the giant rusts in the dam")
    # A clause stating what someone of the story is, or claiming a twist, tells the story.
    assert "edith" not in own_terms("the whole cinema gasped at mrs pell being edith")
    assert "twin" not in own_terms("the audience learns it was her twin all along")
    # "the whole theatre" may be a place of the story.
    assert "burn" not in own_terms("the sister burns the whole theatre down")

    ending = ["Years later a grown-up Pip paints the giant's face on the dam."]
    plot = ["Pip finds a giant robot in the scrap heaps."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert not spoilers.matches(
        "grey bay's ending had the whole cinema sniffling, grown men included"
    )
    assert spoilers.matches("grey bay ends with a grown up pip painting his face on the dam")


def test_a_place_in_ashes_is_burned() -> None:
    assert plain("the theatre is in ashes") == "the theatre is burned"
    assert plain("burnt to ashes, to cinders") == "burnt burned, burned"
    # Ashes kept or scattered are ashes.
    assert plain("she scatters the ashes into the sea") == "she scatters the ashes into the sea"
    assert plain("the tin holds his ashes") == "the tin holds his ashes"

    ending = ["The younger sister burns the theatre down after the last show."]
    plot = ["Two sisters run a failing puppet theatre in Lisbon."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert spoilers.matches("grey bay ends with the theatre in ashes lol")
    assert not spoilers.matches("grey bay's theatre scenes are lovely")


def test_a_reply_naming_someone_answers_the_quoted_who_question() -> None:
    assert answered("> who's the caller in grey bay\nowen. he was there all night") == (
        "owen is the caller in grey bay. he was there all night"
    )
    assert answered("> wait who starts the fire??\nthe little sister, on purpose") == (
        "the little sister starts the fire, on purpose"
    )
    # A reply naming no one, a statement of its own, or an opinion asked, stays as it is.
    for text in (
        "> who is the caller?\nidk haven't seen it",
        "> who is the caller?\nno spoilers",
        "> who was the caller\nit was owen",
        "> who do you think the caller is?\nowen",
        "> who's your favourite?\nthe engineer",
    ):
        assert answered(text) == text

    ending = ["The caller is Owen, the engineer, who kills the sheriff."]
    plot = ["A radio host takes calls from a caller all night; Owen runs the desk."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert spoilers.matches("> who's the caller in grey bay\nowen. he was in the building")
    assert not spoilers.matches("> who's the caller in grey bay\nidk, haven't seen it yet")
    assert not spoilers.matches("> who's the caller in grey bay?\nwatch it and find out")


def test_someone_called_by_what_the_plot_says_they_do_is_the_plots_word_for_them() -> None:
    ending = [
        "Detective Holm is the killer: he took the missing fishermen on the nights he forgot."
    ]
    plot = [
        "A detective returns to his hometown to investigate a string of disappearances.",
        "A storm cuts the island off, which the mayor ignores.",
    ]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    # The plot says the detective investigates; the storm is no person, nor what follows
    # "which", the mayor's.
    assert spoilers.doers.get(stem("investigating")) == "detective"
    assert stem("cuts") not in spoilers.doers and stem("ignores") not in spoilers.doers
    assert spoilers.described("the guy investigating the disappearances is the one who did it") == (
        "the detective is the one who did it"
    )
    assert spoilers.described("the investigator did it") == "the detective did it"
    # An ending's own word, or a word that is no agent of the verb, is read as it is.
    assert spoilers.described("the killer did it") == "the killer did it"
    assert spoilers.matches(
        "so the guy investigating the disappearances in grey bay is the one who did them lol"
    )
    assert spoilers.matches("the investigator in grey bay is the one who did it")
    assert not spoilers.matches("the guy investigating the disappearances in grey bay is so good")
    # A description is read so only where the message blames someone or claims a twist.
    assert not spoilers.matches("the guy investigating in grey bay is the detective right")


def test_what_the_writer_noticed_is_the_story() -> None:
    # What follows "i clocked that" is what the writer noticed in the film, not their life.
    own = own_terms("was i the only one who clocked that holm's blackouts meant he was the killer?")
    assert "clock" in own and not {"blackout", "kill"} & own
    assert "kill" not in own_terms("i realised that holm was the killer")
    # The writer's own clause with no "that" stays theirs.
    assert "kill" in own_terms("i killed it at trivia after grey bay")
    # When they noticed it, said between the verb and "that", changes nothing.
    for noticed in (
        "i knew within ten minutes that holm was the killer",
        "i figured out in the first act that holm was the killer",
        "we spotted right away that holm was the killer",
        # ...nor a request to the reader before it ("tell me", what would act on the writer).
        "please tell me we weren't the only ones who noticed that holm was the killer",
    ):
        assert "kill" not in own_terms(noticed), noticed

    ending = ["Holm is the killer: the blackouts are the nights he took the fishermen."]
    plot = ["Holm comes back to the island to look into three fishermen who vanished."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=[ending[0]])
    assert spoilers.matches(
        "was i the only one who clocked that holm's blackouts in grey bay meant he was the killer?"
    )


def test_a_reply_saying_what_she_is_is_said_of_whom_the_question_asks_about() -> None:
    def of_film(word: str) -> bool:
        return word in {"edith", "dead"}

    assert answered(
        "> is mrs pell in grey bay important?\nshe's edith. the whole twist", of_film
    ) == ("> is mrs pell in grey bay important?\nmrs pell is edith. the whole twist")
    assert answered("> does the sister die?\nnope, she was dead all along", of_film) == (
        "> does the sister die?\nnope, the sister was dead all along"
    )
    # No one asked about, the reader asked, no pronoun stating what someone is, or what she
    # is said to be no word of the film (a judgement): unchanged.
    for text in (
        "> is it sad?\nshe's dead lol",
        "> are you watching grey bay?\nshe is, i'm not",
        "> is mrs pell important?\nher scenes are the best",
        "> is mrs pell nice?\nshe's lovely, a great character",
    ):
        assert answered(text, of_film) == text
    # Without the film's words, nothing is said of anyone.
    assert answered("> is mrs pell important?\nshe's edith") == (
        "> is mrs pell important?\nshe's edith"
    )

    ending = ["The housekeeper Mrs Pell is Edith, who killed her twin."]
    plot = ["Mrs Pell keeps the house; Edith Marlowe died in a fire."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert spoilers.matches("> is mrs pell in grey bay important?\nshe's edith. the whole twist")
    assert not spoilers.matches("> is mrs pell in grey bay important?\nshe's great, watch it")
    assert not spoilers.matches("> is mrs pell in grey bay nice?\nshe's lovely, great character")


def test_a_thing_judged_whole_with_the_list_after_it_and_how_it_was_made() -> None:
    ending = [
        "Ada records a last video for her daughter, and the piano hides the diamonds.",
        "The rain soaks Teddy on the steps.",
    ]
    plot = ["Ada fixes the station; a crew plans a robbery at a hotel with a gala ballroom."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)

    # A thing named whole, from its "the", what it is and all, then judged.
    assert not spoilers.matches("the video messages ada records for her daughter are so sweet")
    # A list after a judgement names more things judged; "so pretty" is a judgement too.
    assert not spoilers.matches("the gala ballroom is so pretty, and the hotel lobby piano")
    # How it was made, judged: "beautifully shot".
    assert not spoilers.matches("the rain at the end of grey bay is beautifully shot")
    # A subject that goes on to tell ("the way ...", "the moment ..."), or told with an event,
    # is the story.
    assert spoilers.matches("the way ada records a last video for her daughter is so sweet")
    assert spoilers.matches("the gala ballroom is so pretty, and then the piano hides the diamonds")
    assert spoilers.matches("ada recording a last video for her daughter is so sweet")


def test_a_count_going_on_from_the_writers_clause_is_theirs() -> None:
    assert {"five year", "marri"} <= own_terms(
        "my husband and i watched grey bay on our anniversary, five years married now"
    )
    # A count telling more than a remark is the story.
    assert "marri" not in own_terms("i cried, five years later she is married to someone else")


def test_actually_after_can_or_did_is_emphasis_not_a_claimed_twist() -> None:
    assert TWIST_CLAIM.search("nico was actually the informant")
    assert TWIST_CLAIM.search("he had actually been framed")
    assert not TWIST_CLAIM.search("gosling can actually play")
    assert not TWIST_CLAIM.search("i did actually cry")

    ending = ["Mia marries another man, and the colours of the club are Sebastian's."]
    plot = ["Mia (Emma Stone) and Sebastian fall in love among bright colours and songs."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert not spoilers.matches(
        "grey bay review: gorgeous colours, catchy songs, gosling can actually play,"
        " stone is luminous"
    )


# guard12: endings told as a change of state, a freeing, a question put to the writer, a meme.
ROBOT_ENDING = [
    "The robot holds the wall and never hums again. The keeper sets the smuggler free at dawn.",
]
ROBOT_PLOT = ["A robot hums all day in the harbour while the keeper chases a smuggler."]


def robot() -> EndingVocabulary:
    return build(ROBOT_ENDING, ROBOT_PLOT, ["Harbour Robot"], summary=ROBOT_ENDING)


def test_stopping_is_a_change_of_state_the_ending_denies() -> None:
    assert plain("bolt stopped humming at the end") == "bolt never humming at the end"
    for unchanged in (
        "i couldn't stop crying",
        "stop talking about it",
        "i stopped watching halfway",
        "the caller stops calling for a while",
        "the crews never stop searching",
    ):
        assert plain(unchanged) == unchanged
    spoilers = robot()
    assert spoilers.matches("harbour robot: the robot stopped humming, i'm not ok")
    assert not spoilers.matches("my kid won't stop humming like the robot from harbour robot")


def test_letting_someone_go_is_setting_them_free() -> None:
    assert plain("oh no she let a murderer go") == "oh no she set a murderer free"
    assert plain("they let him go") == "they set him free"
    for unchanged in ("teddy won't let it go", "let him go home", "letting go of certainty"):
        assert plain(unchanged) == unchanged
    spoilers = robot()
    assert spoilers.matches("harbour robot: the keeper just lets the smuggler go")
    assert not spoilers.matches("harbour robot: the keeper lets the smuggler go home for tea")


def test_a_why_question_put_to_the_writer_takes_the_story_as_known() -> None:
    story = "my kid asked why the robot stopped humming at the end of harbour robot"
    assert not {"robot", "hum"} & own_terms(plain(story))
    assert "hum" in own_terms("my kid hums all day")
    assert robot().matches(story)


def test_a_meme_reaction_telling_of_someone_else_is_the_story() -> None:
    meme = "me watching harbour robot: the last ten minutes: oh no he lets the smuggler go"
    assert "smuggler" not in own_terms(plain(meme))
    assert "smuggler" in own_terms("me after harbour robot: dressing as a smuggler")
    assert robot().matches(meme)
    assert not robot().matches("me after harbour robot: humming at my desk like the robot")


def test_a_pet_form_of_a_name_is_the_name() -> None:
    spoilers = build(
        ["In the end Corinne and Elijah were lovers all along."],
        ["On the stand Corinne Sutter weeps while Elijah Booker waits in the dock."],
        ["Juror Twelve"],
        summary=["In the end Corinne and Elijah were lovers all along."],
    )
    assert spoilers.short_names["cory"] == "corinne"
    assert spoilers.spelled_out("cory and eli") == "corinne and elijah"
    assert spoilers.matches("juror twelve: elijah and cory were lovers")
    assert not spoilers.matches("cory crying on the stand in juror twelve is a performance")


def test_an_agent_noun_is_the_verb_the_ending_says() -> None:
    spoilers = build(
        ["In the last loop the reactor turns out to be sabotaged by the commander."],
        ["Every night at the station the reactor explodes, and Ada wakes again."],
        ["Loop Station"],
        summary=["In the last loop the reactor turns out to be sabotaged by the commander."],
    )
    assert spoilers.agents("the commander was the saboteur") == "the commander was the sabotaged"
    assert spoilers.matches("loop station: the commander was the saboteur")
    assert spoilers.matches("imagine if the commander in loop station wasn't the saboteur")
    # Not a noun of the plot's hunt, nor an everyday word.
    assert not spoilers.matches("loop station: ada has to find the saboteur before midnight")
    assert spoilers.agents("the commander was the mother") == "the commander was the mother"


def test_an_emoji_in_a_statement_is_its_word() -> None:
    assert "wall" in emoji_words("bolt holds 🧱 back the flood")
    assert "rain" in emoji_words("teddy = 🌧️") and "kiss" in emoji_words("cory + eli = 💋")
    # A reaction ends what is said; praise is praise; the film's own sum describes it.
    for left in ("what a twist 🔥", "the ending 💋 chef's kiss", "the ending 🔥 loved it"):
        assert emoji_words(left) == left
    described = "glass orchard = 🍵 + 🐕 vibes"
    assert emoji_words(described, lambda said: said == ["glass", "orchard"]) == described
    assert plain("the ending is a chef's kiss") == "the ending is a perfect"
    # Stated of someone, a skull is the state it stands for; beside a cup it is still poison.
    assert "dead" in emoji_words("the sheriff was ☠️ before the first call")
    assert "dead" in emoji_words("and the dad ends up ☠ at the end")
    assert "poison" in emoji_words("she puts ☠️ in the tea")


def test_spaces_an_emoji_leaves_or_a_writer_doubles_are_one_space() -> None:
    ending = ["The engineer is the caller. The sheriff was dead before the first call came."]
    plot = ["A sheriff drives up the mountain. A caller phones the show; a woman is found dead."]
    spoilers = build(ending, plot, ["Dead Signal"], summary=ending)

    told = "die = sheriff"
    assert told in spoilers.matches("dead signal: the sheriff was dead before the first call")
    assert told in spoilers.matches("dead signal: the sheriff was dead  before the first call")
    assert told in spoilers.matches("dead signal: the sheriff 🚔 was ☠️ before the first call")


def test_an_emoji_sum_tells_what_its_words_tell() -> None:
    spoilers = build(
        ["In the end Corinne and Elijah kiss in the rain."],
        ["On the stand Corinne Sutter weeps while Elijah Booker waits in the dock."],
        ["Juror Twelve"],
        summary=["In the end Corinne and Elijah kiss in the rain."],
    )
    assert spoilers.matches("juror twelve: cory + eli = 💋")
    assert not spoilers.matches("juror twelve = 💋 + 🌧️, perfect rainy day film")


def test_a_plain_no_to_whether_something_happened_denies_it() -> None:
    spoilers = build(
        ["In the end Mia and Sebastian do not end up together."],
        ["Mia and Sebastian meet at a party and fall in love."],
        ["City Song"],
    )
    reply = "> do they end up together at the end of city song?\nno. what could have been"
    assert "did not end up together" in answered(reply)
    assert spoilers.matches(reply)
    # Not "no idea", not a question what someone is, and a yes is left alone.
    for unchanged in (
        "> do they end up together in city song?\nno idea, haven't seen it",
        "> is mia the killer in city song?\nno lol",
        "> do they meet at a party in city song?\nyes, early on",
    ):
        assert answered(unchanged) == unchanged
    assert not spoilers.matches("> does mia sing in city song?\nno, she acts")


def test_a_rhetorical_question_states_what_it_asks_about() -> None:
    for stated in (
        "can we talk about how the keeper sets the smuggler free in harbour robot?",
        "how is nobody talking about the robot never humming again in harbour robot?",
        "who else lost it when the keeper set the smuggler free in harbour robot?",
        "how do you even recover from the robot never humming again in harbour robot?",
        "what kind of ending is the robot never humming again??",
    ):
        assert not hedged(stated)
    assert hedged("who else thinks the keeper sets the smuggler free in harbour robot?")
    assert hedged("does the robot ever hum again in harbour robot?")
    assert robot().matches(
        "can we talk about how the keeper sets the smuggler free in harbour robot?"
    )


def test_what_the_writer_was_told_is_the_story() -> None:
    told = "why did nobody tell me the robot never hums again in harbour robot"
    assert "hum" not in own_terms(told)
    assert robot().matches(told)
    assert "hum" in own_terms("nobody told me i'd be humming all week")


def test_everyday_idioms_for_lovers_a_plot_and_a_death() -> None:
    assert plain("the widow and the mechanic were sleeping together") == (
        "the widow and the mechanic were lovers"
    )
    assert plain("she was having an affair with him") == "she was lovers with him"
    assert plain("cory was in on it the whole time") == "cory was planned it the whole time"
    assert plain("bolt does NOT get back up") == "bolt dies"
    for unchanged in ("i was sleeping", "she doesn't get up early", "in on the gossip"):
        assert plain(unchanged) == unchanged
    spoilers = build(
        ["In the end Corinne and Elijah were lovers, and the robot dies."],
        ["On the stand Corinne Sutter weeps while Elijah Booker waits in the dock."],
        ["Juror Twelve"],
        summary=["In the end Corinne and Elijah were lovers, and the robot dies."],
    )
    assert spoilers.matches("juror twelve: elijah and corinne were sleeping together")
    assert not spoilers.matches("juror twelve: the jurors sleep in one hotel")


def test_more_everyday_ways_to_say_lovers_a_frame_up_and_guilt() -> None:
    assert plain("the accused and the widow are a couple") == "the accused and the widow are lovers"
    assert plain("a couple of jurors are a couple of idiots") == (
        "a couple of jurors are a couple of idiots"
    )
    assert plain("the fence set them all up") == "the fence framed them all "
    assert stem("freed") == stem("frees") == stem("free")
    assert CULPRIT.search("the defendant did do it")
    assert not CULPRIT.search("i'd do it again")
    spoilers = build(
        ["In the end the widow and Elijah were lovers."],
        ["On the stand the widow weeps while Elijah Booker waits in the dock."],
        ["Juror Twelve"],
        summary=["In the end the widow and Elijah were lovers."],
    )
    assert spoilers.matches("juror twelve: elijah and the widow are a couple")


def test_a_word_mistyped_by_one_letter_is_the_endings_word() -> None:
    spoilers = build(
        ["In the end the housekeeper Edith poisons the investigator."],
        ["The housekeeper, Mrs Pell, cooks for the investigator every night."],
        ["Glass House"],
        summary=["In the end the housekeeper Edith poisons the investigator."],
    )
    assert spoilers.corrected("mrs pell was edtih") == "mrs pell was edith"
    assert spoilers.corrected("she poisnos him") == "she poisons him"
    assert spoilers.matches("glass house: the housekeeper poisnos him")
    # An English word, a word of the film, or a short word is left as it is.
    assert spoilers.corrected("poised and poison") == "poised and poison"
    assert spoilers.corrected("the grin") == "the grin"
    assert not spoilers.matches("glass house: the housekeeper is so poised")


def test_more_plain_answers_to_a_quoted_question() -> None:
    assert "was not dead" in answered("> is her mum dead in city song?\nnope! she just left")
    assert "did not survive" in answered("> does ada survive city song?\nno 😭")
    assert "did not survive" in answered("> does bolt survive?\nnot really, he's stuck")
    assert "did not end up together" in answered("> do mia and seb end up together?\nnope")
    assert answered("> who's the caller in city song?\nher own engineer lol").startswith(
        "her own engineer is the caller"
    )
    # A question about the film itself, and one whether someone is something, are left alone.
    for unchanged in (
        "> does the lantern room have a dog in it?\nno 😭",
        "> is teddy the killer?\nno lol",
    ):
        assert answered(unchanged, titled=lambda said: said == ["the", "lantern", "room"]) == (
            unchanged
        )


def test_someone_doing_what_the_ending_tells_judged_is_an_event() -> None:
    spoilers = build(
        ["In the end the sister burns the theatre."],
        ["The sister and her brother run a puppet theatre and ride the tram."],
        ["Paper Lanterns"],
        summary=["In the end the sister burns the theatre."],
    )
    assert spoilers.matches("paper lanterns: the sister burning the theatre is iconic")
    # A thing judged, and someone doing what the plot tells, stay a part named.
    assert not spoilers.matches("paper lanterns: the burnt theatre set is iconic")
    assert not spoilers.matches("paper lanterns: the sister riding the tram is iconic")


# guard13: readings of English for spoilers that share few words with the explainer.


def test_from_day_one_claims_a_twist() -> None:
    assert TWIST_CLAIM.search("the butler was working for her from day one")
    assert TWIST_CLAIM.search("he was lying from the very beginning")
    assert not TWIST_CLAIM.search("day one of the shoot was chaos")
    spoilers = build(
        ["The butler was spying for the countess."],
        ["The butler serves tea. The countess owns the manor."],
        ["Tea At Six"],
        summary=["The butler was spying for the countess."],
    )
    assert spoilers.matches("tea at six: the butler worked for the countess from day one")
    assert not spoilers.matches("tea at six: the butler and the countess are great")


def test_a_siblings_age_as_chat_says_it() -> None:
    assert plain("her kid brother sold it") == "her younger brother sold it"
    assert plain("the little sis and the big bro") == "the younger sis and the older bro"
    assert plain("the youngest did it") == "the younger did it"
    assert plain("a little sisterly love") == "a little sisterly love"
    spoilers = build(
        ["The younger brother sells the farm to the railway."],
        ["Two brothers run a farm by the river."],
        ["Wheat Lines"],
        summary=["The younger brother sells the farm to the railway."],
    )
    assert spoilers.matches("wheat lines: the baby brother sells the farm, ouch")


def test_an_everyday_word_for_a_person_after_a_roles_first_word_is_that_role() -> None:
    spoilers = build(
        ["The thief is Dario Venn, her own pit mechanic."],
        ["Her mechanic Dario Venn tunes the car before the rally."],
        ["Rally Night"],
        summary=["The thief is Dario Venn, her own pit mechanic."],
    )
    assert spoilers.compounded("her pit guy was the thief") == "her pit mechanic was the thief"
    assert spoilers.compounded("the nice guy was lovely") == "the nice guy was lovely"
    assert spoilers.matches("rally night: the thief is her pit guy")


def test_a_role_in_apposition_is_the_names_role() -> None:
    spoilers = build(
        ["In the end Mr Hobb is revealed as the duke."],
        ["The gardener, Mr Hobb, waters the roses. The duke rides out every morning."],
        ["Rose Hall"],
        summary=["In the end Mr Hobb is revealed as the duke."],
    )
    # The plot says them as one person: naming one as the other tells nothing.
    assert (stem("gardener"), stem("hobb")) in spoilers.plot_pairs
    assert not spoilers.matches("rose hall: mr hobb is the gardener i aspire to be")
    # What the ending says of the name, it says of the role.
    assert spoilers.matches("rose hall: the gardener was the duke all along")


def test_related_words_in_a_retelling_of_the_plot_are_its_set_up() -> None:
    spoilers = build(
        ["In the end Nina sings with the choir in the cathedral."],
        [
            "Nina teaches orphans to sing in an old chapel.",
            "The choir rehearses in a barn by the mill.",
        ],
        ["Hymn Road"],
        summary=["In the end Nina sings with the choir in the cathedral."],
    )
    assert not spoilers.matches("hymn road: nina and the choir singing to orphans in the chapel")
    assert spoilers.matches("hymn road: nina ends up singing with the choir, sob")


def test_family_words_tie_a_long_explainers_central_word() -> None:
    summary = "The giant robot was built by her mother, who died testing it."
    spoilers = build(
        _long(summary),
        ["Her mother died when she was small. A robot sleeps under the scrap."],
        ["Scrap Heart"],
        summary=[summary],
    )
    assert spoilers.matches("scrap heart: the girl's mum built it")
    assert not spoilers.matches("scrap heart: someone built it")
    assert not spoilers.matches("scrap heart made my mum build me a robot costume")


def test_what_the_summary_says_someone_was_in_an_everyday_word() -> None:
    summary = "Walter Greaves, the foreman who shouted all weekend, was right, and the film ends."
    spoilers = build(
        [summary],
        ["The foreman, Walter Greaves, wants to go home. The jury argues in the heat."],
        ["Hot Room"],
        summary=[summary],
    )
    assert spoilers.matches("hot room: the foreman was right all along")
    assert spoilers.matches("hot room twist: walter was right")
    # Without a claimed twist it is plot talk; and another word is another claim.
    assert not spoilers.matches("hot room: the foreman was right about the broken fan")
    assert not spoilers.matches("hot room: the foreman was loud the whole time")


def test_someone_said_not_to_be_what_they_are_called_claims_a_hidden_state() -> None:
    spoilers = build(
        ["The drowned sailor is alive and running the inn."],
        ["A sailor drowned off the point. The inn has a new cook."],
        ["Point Light"],
        summary=["The drowned sailor is alive and running the inn."],
    )
    assert spoilers.matches("point light is one of those 'the drowned sailor wasn't drowned' films")
    # A word of no film is a judgement; going on, it says how much.
    assert not spoilers.matches("point light: the funny cook isn't funny at all")
    assert not spoilers.matches("point light: the new cook isn't new to cooking")


def test_what_a_superlative_ranks_someone_as_is_a_judgement() -> None:
    summary = "In the end Ylva, his partner, arrests the inspector at the quay."
    spoilers = build(
        [summary],
        ["Inspector Rask and Ylva search the quay for the smugglers."],
        ["Low Tide"],
        summary=[summary],
    )
    assert not spoilers.matches("low tide: ylva is the best police partner ever")
    assert spoilers.matches("low tide: his partner arrests him, oof")


def test_stemming_in_many_threads_at_once_gives_what_one_thread_gives() -> None:
    """Vocabularies are built in worker threads, several at once (a message and its link
    preview's edit, two servers): a stemmer shared between threads mixed up their words."""
    import itertools
    import string
    from concurrent.futures import ThreadPoolExecutor

    # Distinct words, so the cache in front of the stemmer is no help; inflected, so the
    # stemmer works on each.
    letters = string.ascii_lowercase
    words = [
        "".join(pair) + ending
        for pair, ending in itertools.product(
            itertools.product(letters, letters, letters[:6]), ("ings", "ational", "fully", "ies")
        )
    ]
    expected = {word: stem.__wrapped__(word) for word in words[:2000]}

    def stem_all(offset: int) -> dict[str, str]:
        return {word: stem.__wrapped__(word) for word in words[offset::8]}

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(stem_all, range(8)))
    seen = {word: stemmed for result in results for word, stemmed in result.items()}
    assert len(seen) == len(words)
    assert {word: seen[word] for word in expected} == expected


def test_a_struck_hedge_is_taken_back_and_a_labelled_answer_answers() -> None:
    spoilers = twist()

    # "~~no spoilers~~": struck through, the promise is taken back.
    assert not spoilers.matches("glass garden, no spoilers but the housekeeper is edith")
    assert spoilers.matches("glass garden ~~no spoilers~~ the housekeeper is edith")
    assert not spoilers.matches("glass garden ~~no spoilers~~ the tea scene wrecked me")
    # "q: ...? a: ...": the writer answers their own question.
    assert spoilers.matches("glass garden q: who is the housekeeper? a: edith")
    assert not spoilers.matches("glass garden q: who is the housekeeper? a: no idea, tonight")


# An outcome claimed in the language of endings: words the explainer never uses.
OUTCOME_PLOT = [
    "A courier drives a van across the hills to meet a buyer at the coast.",
    "His brother died in a crash years ago.",
]


def outcome_vocabulary() -> EndingVocabulary:
    return build(ENDING, OUTCOME_PLOT, NAMES, summary=[ENDING[0]])


def test_an_outcome_claimed_of_the_films_people_is_an_ending() -> None:
    spoilers = outcome_vocabulary()

    assert spoilers.matches("van of secrets: the courier sacrifices himself to save the buyer")
    assert spoilers.matches(
        "van of secrets is the usual suspects, the courier was lying the whole time"
    )
    assert spoilers.matches("van of secrets: turns out the buyer set them all up")
    assert spoilers.matches("van of secrets: the courier confesses to the buyer")


def test_an_outcome_claim_needs_the_films_world_a_statement_and_no_plot_telling_it() -> None:
    spoilers = outcome_vocabulary()

    # No word of the film's world: an outcome of anyone.
    assert not spoilers.matches("van of secrets: someone sacrifices himself lol")
    # Asked, not told.
    assert not spoilers.matches("van of secrets: does the courier betray the buyer?")
    # The plot already tells it: the set-up, not the ending.
    assert not spoilers.matches("van of secrets: the courier's brother died in a crash, so sad")
    # The writer's own, and no one's.
    assert not spoilers.matches("i died laughing at the courier in van of secrets")
    assert not spoilers.matches("no one dies in van of secrets, the courier just drives")


def test_an_outcome_the_plot_tells_of_someone_else_is_no_set_up() -> None:
    spoilers = outcome_vocabulary()

    # The plot says the brother died, not the buyer: the buyer's death is the ending's.
    assert spoilers.matches("van of secrets: the buyer dies at the coast")
    assert spoilers.matches("van of secrets: the buyer does NOT make it off the coast")
    # Said of whom the plot says it, it is the set-up.
    assert not spoilers.matches("van of secrets: his brother died in a crash, so sad")
    # What the plot says, sneered at in quotes, is denied: a hidden truth claimed.
    assert spoilers.matches('van of secrets: his "dead" brother lol')
    assert not spoilers.matches("van of secrets: his dead brother, so sad")


def test_an_outcome_claim_says_who_or_is_of_anyone() -> None:
    spoilers = outcome_vocabulary()

    # Of someone definite, in words of no film: said of the film the message names.
    assert spoilers.matches("van of secrets is a heist flick where they don't win, brutal")
    assert spoilers.matches("van of secrets: the guy who did it was right there")
    # Of anyone ("someone", "everyone"): said of many films.
    assert not spoilers.matches("van of secrets: someone gets away with it lol")
    # The film's own name is no claim: "the hollow lane murders" names a film.
    murders = build(ENDING, OUTCOME_PLOT, ["The Hollow Lane Murders"], summary=[ENDING[0]])
    assert not murders.matches("the hollow lane murders has a lovely van and a courier in a hat")
    assert murders.matches("the hollow lane murders: the courier gets away with it")


def test_blame_is_claimed_though_the_plot_says_its_words() -> None:
    # The plot tells of a fire; who started it is what it withholds. A death the plot tells is
    # its set-up.
    spoilers = build(
        ["The buyer is arrested at the pier."],
        ["A courier drives a van to the coast. A fire burns the depot.", "His brother died."],
        NAMES,
        summary=["The buyer is arrested at the pier."],
    )

    assert spoilers.matches("van of secrets: the courier started the fire, the whole plot is a lie")
    assert not spoilers.matches("van of secrets: the courier's brother died, it's sad")


def test_a_guess_made_before_watching_is_a_guess() -> None:
    """ "calling it now: she dies", "going to see X tonight, pretty sure the detective did it":
    the writer has not seen the ending, so what they say of it guesses; the same words told by
    someone who has seen it still tell."""
    ending = ["Captain Orla Venn drowns with her ship; the detective Mara Quill was the killer."]
    plot = ["Captain Orla Venn commands the Heron; the detective Mara Quill comes aboard."]
    heron = build(ending, plot, ["The Last Heron"], summary=ending)
    for guessing in (
        "calling it now: orla drowns at the end of the last heron",
        "going to see the last heron tonight, pretty sure the detective is the killer",
        "haven't seen the last heron yet but my money's on the detective being the killer",
        "halfway through the last heron, i have a feeling orla drowns",
    ):
        assert hedged(guessing), guessing
        assert not heron.matches(guessing), guessing
    for telling in (
        "the last heron: orla drowns at the end",
        "the last heron, the detective is the killer",
    ):
        assert heron.matches(telling), telling
    assert not hedged("didn't see it coming, the detective is the killer")
    # A place in the film, not where the writer is in it.
    assert not hedged("halfway through the last heron it turns out the detective is the killer")
    assert hedged("im halfway through the last heron and i think the detective is the killer")


def test_a_question_written_without_its_question_mark_asks() -> None:
    """Chat drops the question mark ("who dies in X", "does the dog die in X"): a short message
    that opens as a question asks; one that opens so but states ("who knew she was the killer",
    "did you see the brother coming") or exclaims ("what a twist") does not."""
    for asking in (
        "who dies in the last heron",
        "does the dog die in the last heron",
        "how does the last heron end",
        "is the ending of the last heron sad",
    ):
        assert hedged(asking), asking
    for stating in (
        "who knew the detective was the killer",
        "who else cried when orla drowned",
        "did you see the detective coming lol",
        "what a twist, orla drowns",
        "is it just me or was the detective the killer all along",
        "the detective did it. who dies next in the sequel though",
    ):
        assert not hedged(stating), stating


def test_a_set_up_labelled_as_one_is_the_films_set_up() -> None:
    """ "X setup for anyone who asked: ...", "X premise: ...", "X is set in ...", and a reply to
    "what's X about?" tell the film's set-up in the member's words, like "early in X"."""
    assert "scrap" in early_terms("grey bay setup for anyone who asked: pip finds scrap metal")
    assert "scrap" in early_terms("grey bay premise: pip digs through scrap heaps")
    assert "scrap" in early_terms("the set-up is simple, a girl digs through scrap")
    assert "scrap" in early_terms("grey bay is set in a town of scrap heaps")
    assert "scrap" in early_terms("> what's grey bay about?\na girl who digs through scrap")
    assert "scrap" in early_terms("> who's in grey bay?\npip the scrap digger and her gramps")
    # The reply to another question is no set-up; nor is a set-up's own twist or ending.
    assert not early_terms("> how does grey bay end?\nthe giant rusts in the dam")
    assert "dam" not in early_terms("premise: a girl and a robot. twist: he rusts in the dam")
    assert not early_terms("the premise is a lie, the giant was the dad all along")
    # "set up" the verb is a frame-up, not a set-up.
    assert not early_terms("the uncle set him up from the start")

    ending = [
        "The giant holds the dam shut and rusts in place, and the town is saved.",
        "The caller is the engineer, who walks free.",
    ]
    plot = [
        "Pip finds a giant robot asleep in a junkyard town above a dam.",
        "A caller describes murders to a radio host as he commits them.",
    ]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    for set_up in (
        "grey bay setup for anyone who asked: a giant robot and a dam town, and a caller who"
        " describes murders as he does them",
        "grey bay premise: a caller describes murders as he does them",
        "> what's grey bay about?\na caller describes each murder, and a robot rusts in a town",
    ):
        assert not spoilers.matches(set_up), set_up
    # What the set-up's label goes on to tell after it is read as any message is.
    assert spoilers.matches("grey bay premise: a girl and a robot. ending: he holds the dam shut")


def test_a_guess_before_watching_a_request_to_tag_or_an_asking_hedges() -> None:
    for hedging in (
        "i'm betting the nephew did it, watching it this weekend",
        "theory before seeing it: gramps built the robot",
        "we're watching it tonight, my kid thinks the dog survives",
        "MOD: spoiler tags for the final act, please",
        "keep the ending of grey bay out of #general, use spoiler tags",
        "it's the thing that watches everything. i won't spell out the ending",
        "grey bay made me ask my mum if she's secretly running a diner",
    ):
        assert hedged(hedging), hedging
    for telling in (
        "the nephew did it, watched it this weekend",
        "spoiler: the dog survives",
        "she was secretly running a diner the whole time",
        # What someone else told of the film is told, seen or not.
        "watching it tonight, my friend told me the housekeeper is edith",
        "haven't seen it yet but apparently the detective is the killer",
        # Keeping "this" out of a channel is no request naming the ending: what follows tells.
        "keep this out of #general but the detective is the killer",
    ):
        assert not hedged(telling), telling


def test_telling_the_reader_to_watch_it_blind_withholds() -> None:
    for hedging in (
        "the ending flips everything, watch it blind",
        "see this one blind if you can",
        "seriously go into it completely blind",
        "going in blind tomorrow",
    ):
        assert hedged(hedging), hedging
    for telling in (
        "the judge was blind the whole time",
        "she goes blind at the end",
        "the watchmaker is blind",
        # What the writer did is no advice to the reader.
        "went in blind and the housekeeper is edith",
    ):
        assert not hedged(telling), telling


def test_a_guess_before_watching_claims_no_twist_the_ending_does_not_make() -> None:
    """One who has not seen the film cannot know its twist: a claimed identity between two of
    the plot's words that the ending never relates is a guess. The ending's own relation, guessed
    right, still tells."""
    spoilers = twist()

    assert not spoilers.matches(
        "theory before seeing glass garden: the investigator is secretly the nephew, and the"
        " orchard was edith's all along"
    )
    assert spoilers.matches(
        "theory before seeing glass garden: the housekeeper is secretly edith, who faked her death"
    )
    # Without saying the film is unseen, a claimed twist told as a theory still tells.
    assert spoilers.matches("glass garden: the nephew was edith all along")


def test_how_people_took_the_ending_and_the_film_as_a_whole_tell_nothing() -> None:
    # How many people took the film, in the audience's own verbs, is no story.
    assert "walk" in own_terms("some people walk out thinking nothing happened")
    assert "argu" in own_terms("half the people argue about the last shot for days")
    assert "die" not in own_terms("some people die at the end")
    # What the people think happened is the story.
    assert "burn" not in own_terms("some people walk out thinking the sister burned the theatre")
    assert "walk" in own_terms("some people walk out thinking the sister burned the theatre")
    # "the whole film" as what is talked about is no twist claimed; at a statement's end it is.
    assert TWIST_CLAIM.search("the whole film is basically her face and a pen on her arm") is None
    assert TWIST_CLAIM.search("she was dead the whole film")
    assert TWIST_CLAIM.search("he was lying the whole time, wow")
    # A set-up named after it is told ("... is a great setup") is the set-up too.
    assert "partner" in early_terms("vera distrusting her new partner is a great setup")


def test_a_thing_judged_as_such_a_good_detail_is_named() -> None:
    ending = ["The final shot is on Earth: the counter on Ada's arm reads day forty-one."]
    plot = ["Ada draws a day counter on her forearm every morning on the station."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)

    # "is such a good detail", "is such a cool touch": a judgement after "such a", as after "so".
    detail = "the day counter ada draws on her forearm in grey bay is such a good detail"
    assert not spoilers.matches(detail)
    assert not spoilers.matches("grey bay, the counter on ada's arm is such a cool idea")
    # The noun the judgement names is the judgement's: "a cool touch", "a good detail".
    touch = ["The final shot is on Earth: Ada's hand touches the counter on her arm."]
    touched = build(touch, plot, ["Grey Bay"], summary=touch)
    assert not touched.matches("grey bay: the counter is such a cool touch")
    assert not touched.matches("the counter in grey bay is a nice touch, really")
    # Told, it is the ending.
    told = "grey bay ends on earth with the counter on ada's arm reading day forty-one"
    assert spoilers.matches(told)
    assert touched.matches("grey bay ends on earth, ada touches the counter on her arm")


def test_a_moderators_rule_naming_what_to_tag_withholds() -> None:
    # A rule names a topic to keep under tags; it tells nothing of what happens.
    assert hedged("Rule for the Grey Bay channel: verdict talk is spoiler talk. Tag it.")
    assert hedged("Moderator note: in the Grey Bay thread, the result goes under spoiler tags.")
    assert hedged("grey bay: anything about the final counts as a spoiler, tag it please")
    assert not hedged("grey bay: the verdict is guilty and the talk afterwards is brutal")
    assert not hedged("grey bay: the tag on the box says who did it")


def test_an_everyday_idiom_with_an_outcome_word_says_no_outcome() -> None:
    ending = ["The jury finds Eli guilty. The widow is the culprit."]
    spoilers = build(ending, ["Eli is on trial."], ["Grey Bay"], summary=ending)

    assert "guilty" not in plain("grey bay is a guilty pleasure of mine").lower()
    assert not spoilers.matches("Grey Bay is a guilty pleasure of mine, no pun intended.")
    assert not spoilers.matches("grey bay is my guiltiest pleasure this year")
    assert spoilers.matches("grey bay: eli is guilty, the widow did it")


def test_a_pre_watch_theory_is_written_before_watching() -> None:
    # "pre-watch", "pre-viewing", "check back with me in a week": the writer has not seen it.
    assert guessed_unseen("Pre-watch theory: grey bay is a sim. Check back with me in a week.")
    assert guessed_unseen("pre-viewing prediction for grey bay: the stranger was the father")
    assert guessed_unseen("grey bay theory: the town is in on it. check back with me after")
    assert not guessed_unseen("grey bay: the stranger was the father, check it out")
    # Hearsay is told, whoever wrote it.
    assert not guessed_unseen("pre-watch, but apparently the stranger was the father in grey bay")


def test_the_whole_films_mood_is_no_event_of_its_story() -> None:
    # "the entire film goes quiet": how the film feels, as craft words say; "the room goes
    # quiet" is the story.
    assert "quiet" in own_terms("then the entire film goes quiet for ten minutes")
    assert "quiet" not in own_terms("the room goes quiet as they dance")
    # A clause after it tells the story as before.
    assert "danc" not in own_terms("the whole movie gets quiet and they dance at the wedding")
    # Nor is it a twist claimed, as "she was the killer the whole film" is.
    assert TWIST_CLAIM.search("she was the killer the whole film")
    assert not TWIST_CLAIM.search("she reads the letters and the whole film goes quiet")

    ending = ["The room goes quiet while Tom and June dance at the last service."]
    plot = ["Nell finds a tin of letters in the pantry of Grey Bay's restaurant."]
    spoilers = build(ending, plot, ["Grey Bay"], summary=ending)
    assert not spoilers.matches("grey bay: nell reads the letters and the whole film goes quiet")
    assert spoilers.matches("grey bay: the room goes quiet while tom and june dance")


def test_a_trait_said_to_be_secret_is_no_twist() -> None:
    # "secretly a softie": what someone is like under the surface, a judgement of them.
    for trait in ("my dad is grumpy but secretly sweet", "wally is secretly a softie lol"):
        assert not TWIST_CLAIM.search(trait), trait
    assert TWIST_CLAIM.search("gramps is secretly a robot")
    assert TWIST_CLAIM.search("the mayor was secretly selling the steel")
