"""The learned reading's threshold: chosen for false hides first, and stable under one message."""

from __future__ import annotations

from benchmarks.guard_model import NOT_TRAINED, TRAINED, choose, stable_choice

Rows = list[tuple[int, bool, float]]


def held_out(hot: list[float]) -> dict[str, Rows]:
    """Seventeen held-out corpora of 100 harmless messages the rules leave alone and 50
    spoilers; a corpus's first harmless message scores one of ``hot`` (the rest 0.3)."""
    measure: dict[str, Rows] = {}
    for number in range(17):
        first = hot[number] if number < len(hot) else 0.3
        measure[f"corpus{number}"] = [(0, False, first)] + [(0, False, 0.3)] * 99
        measure[f"corpus{number}"] += [(1, False, 0.95)] * 50
    return measure


def test_one_harmless_message_moves_the_threshold_little() -> None:
    """The budget (0.25% of 1,700: four messages) rests on the fifth highest-scoring harmless
    message: taking one of five away moves the plain choice from 0.78 to 0.5. Over
    resamplings of the corpora the threshold moves a little instead."""
    five, four = held_out([0.87, 0.85, 0.82, 0.80, 0.77]), held_out([0.85, 0.82, 0.80, 0.77])

    assert choose(pooled(five)) == 0.78 and choose(pooled(four)) == 0.5
    (stable_five, resampled_five), (stable_four, _) = stable_choice(five), stable_choice(four)
    assert resampled_five[0] <= stable_five <= resampled_five[-1]
    assert stable_four < stable_five
    assert stable_five - stable_four < (0.78 - 0.5) / 3
    assert stable_choice(five) == stable_choice(five)  # seeded: the same scores, the same choice


def pooled(measure: dict[str, Rows]) -> Rows:
    return [row for rows in measure.values() for row in rows]


def test_the_blind_corpora_of_the_guard20_round_are_measured_not_trained_on() -> None:
    """blind17 and blind18 joined the development data in the guard22 round: measured with the
    shipped weights, as blind15 and blind16 were, never trained on; blind19, kept apart, is
    neither."""
    for name in ("blind15", "blind16", "blind17", "blind18"):
        assert name in NOT_TRAINED and name not in TRAINED
    assert "blind19" not in NOT_TRAINED and "blind19" not in TRAINED
