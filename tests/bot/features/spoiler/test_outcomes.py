"""Outcome claims: how English tells how a story turned out, in words of no film."""

from __future__ import annotations

import pytest

from bot.features.spoiler.outcomes import claims


def kinds(text: str) -> list[str]:
    return [claim.kind for claim in claims(text)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the kid actually did it", "culprit"),
        ("the guy who's supposed to be solving it is the guy who did it", "culprit"),
        ("so the sweet old lady is the killer", "culprit"),
        ("the uncle was behind it", "culprit"),
        ("the dad's been lying about the mum this whole time", "hidden"),
        ("she was working for the cops the entire time", "hidden"),
        ("the fence set them all up as decoys", "hidden"),
        ("the widow was sleeping with the mechanic", "hidden"),
        ("the stranger is actually her own father", "hidden"),
        ("he got framed by his partner", "hidden"),
        ("the robot sacrifices himself to stop a flood", "fate"),
        ("basically the iron giant except he doesn't come back", "fate"),
        ("they don't win and it's fine", "fate"),
        ("the team lost the final on penalties", "fate"),
        ("the two of them end up together", "fate"),
        ("the captain gets away with it", "fate"),
        ("the nurse was guilty after all", "culprit"),
        ("the old man was a ghost", "hidden"),
        ("the two sisters are the same person", "hidden"),
        ("the pilot survives and the crew reunites", "fate"),
        ("the cop gets shot on the pier", "fate"),
        ("the brothers sell the farm and she leaves him", "fate"),
        ("the mayor burns it down", "fate"),
        ("it pulls a fight club at the end, wow", "borrowed"),
        ("the coach did take the money", "culprit"),
        ("so the maid started the fire for the insurance? wild", "culprit"),
        ("the grumpy neighbour was right all along", "hidden"),
        ("the murderer was his own uncle", "culprit"),
        ("the thief turns out to be the nanny", "culprit"),
        ("the couple lose each other in the end", "fate"),
        ("they go their separate ways", "fate"),
        ("the sequel pulled an old yeller", "borrowed"),
        # The story told without a name, or going on to a subject of its own after the
        # writer's dropped "i": still the story's.
        ("killed his own boss, got away with it", "fate"),
        ("watched it twice, then the captain gets away with it", "fate"),
        ("rewatched it, turned out the nanny was the thief", "culprit"),
        # A state sneered at in quotes: it was not so.
        ('the "innocent" mechanic drives off with the widow', "hidden"),
        ("the kingfisher shield and frankie being “framed”, sure", "hidden"),
        ("the 'accident' in the greenhouse lol", "hidden"),
    ],
)
def test_an_outcome_told_of_someone_is_a_claim(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "i died laughing at the dog",  # the writer's own
        "we lost it when the lights came on",
        "you will cry, trust me",
        "the whole cinema lost it at the end",  # the audience
        "no one dies, it's two sisters and some puppets",  # no one
        "nobody gets murdered, it's a cosy family drama",
        "my whole life, minus the murders hopefully",
        "the cast is killing it",  # figures of speech
        "the poster is so pretty, want it framed",
        "the remake did it justice",
        "the fence set them up with the best gear",  # provided, no frame-up
        "he won best supporting actor at cairo",  # a prize, not a win in the story
        "it was shot in a real radio station over 20 nights",  # the making
        "the courthouse was shot in one take",
        "the sheriff pulls a gun on the drifter",  # an object pulled
        "the killer is the scariest villain in years",  # a judgement of the killer
        "the killer was played by a newcomer",
        "the lighthouse survived a storm during filming",  # the making
        "he learned the piano, he did it all himself",  # an accomplishment
        "> does she die?\nidk haven't seen it",  # a quoted line is another member's
        "the ending wrecked me, no spoilers",  # talk of the ending tells no outcome
        # The writer's own doings, the "i" dropped as chat does.
        "tried the tunnel trick at work to skip a meeting, got caught by the cleaner",
        "went to the late show, then got caught in the rain and died inside",
        'the "iconic" mechanic in the poster',  # a judgement in quotes, no state of the story
        'my "loyal" dog ate all the popcorn',
        'the "guilty" vote scene is the best acting of the year',  # quotes naming a scene
    ],
)
def test_words_of_an_outcome_of_no_one_in_the_story_are_no_claim(text: str) -> None:
    assert claims(text) == []


def test_each_kind_is_claimed_once_with_its_words() -> None:
    found = claims("the butler did it, he was lying the whole time, and then he dies")

    assert [claim.kind for claim in found] == ["culprit", "hidden", "fate"]
    assert [claim.words for claim in found] == ["did it", "was lying", "dies"]


def test_whose_it_is_is_not_who_it_is() -> None:
    """ "pip's rat" says whose the rat is; "pip's the rat" says who the rat is."""
    for whose in (
        "pip's rat noodle in the rust giant deserves his own spin-off",
        "the old man's mole on his cheek is a whole character",
        "vera's killer instinct in quiet harbour is unmatched",
    ):
        assert "culprit" not in {claim.kind for claim in claims(whose)}, whose
    for who in ("turns out pip's the rat", "so holm's the killer", "she's a mole lol"):
        assert "culprit" in {claim.kind for claim in claims(who)}, who


@pytest.mark.parametrize(
    "text",
    [
        # A question's own order: the auxiliary before "it" asks, it blames no one.
        "also, does it have a post credits thing? my cinema kicks people out fast",
        "did it do well at the box office?",
        "does it drag in the middle or is it tight",
        # Who is to blame, asked or left for the film to tell: no one is named.
        "spoiler tags for who is behind the disappearances, please",
        "wait, who was behind everything? i fell asleep",
        "i need to know who did it before the sequel",
        "the last act reveals who was behind it and i gasped",
    ],
)
def test_asking_who_did_it_or_whether_it_does_claims_nothing(text: str) -> None:
    assert "culprit" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "the nephew was behind everything",
        "so the guy who did it was the sheriff",
        "the kid actually did it",
        "turns out the one who was behind it was her brother",
        "he does them all himself, the murders",
    ],
)
def test_who_is_to_blame_stated_is_still_claimed(text: str) -> None:
    assert "culprit" in kinds(text)
