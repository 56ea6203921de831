"""Train and measure the spoiler guard's learned ending reading (``spoiler.ending_model``).

    uv run python -m benchmarks.guard_model [--write] [--unseen]

Reads the labelled development corpora of ``benchmarks/guard.py`` (``CORPORA``: main, heldout
and blind to blind14; blind15 to blind18 and blind20 to blind26, development data since the
guard19, guard20, guard22, guard31, guard33, guard34, guard35, guard36, red56 and red62 rounds, are
measured with the shipped weights but not trained on, ``NOT_TRAINED``; never
the blind corpus kept apart, blind19) and the films' own plot-level sentences
(``PLOT``, harmless, measured only), and turns each message naming a film into the model's
features against that film's ending vocabulary. Measures it held out two ways:
leave-one-corpus-out (each corpus scored by a model trained on the others) and
leave-one-film-out (each film's messages scored by a model trained on the other films': the
model must know no film; the plot sentences are measured this way only, apart from chat).
Prints recall and false hides for the hand-written rules alone and for the rules with the model,
at the threshold ``stable_choice`` picks for false hides first (``choose`` over resamplings of
the held-out measures), then blind15's to blind18's numbers with the shipped weights.
``--write`` trains on every development corpus trained on and writes the weights with that
threshold (``ending_model.json``; the same data give the same bytes). ``--unseen`` prints only
the aggregate numbers of the blind corpus kept apart (blind19, once written) for the
shipped weights: never a message of them. A film named as one item of a list of titles is never
read by the model (``EndingModel.tells``), so it is scored as unread here (still trained on: the
same rows train the same weights).

The model is a logistic regression with an L2 penalty trained by AdaGrad, written here in a few
lines: no numpy or scikit-learn, since a few thousand short messages train in seconds in pure
Python and the bot needs only a sum of weights at run time.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.guard import CORPORA, GUILD, NON_SPOILER, SEPARATE, open_app, read_corpus
from benchmarks.guard_probe import plot_lines
from bot.features.spoiler.chat_reading import in_title_list
from bot.features.spoiler.ending_model import WEIGHTS, EndingModel, features
from bot.features.spoiler.guard import as_read
from bot.features.spoiler.other_languages import in_english

NOT_TRAINED = (
    "blind15",
    "blind16",
    "blind17",
    "blind18",
    "blind20",
    "blind21",
    "blind22",
    "blind23",
    "blind24",
    "blind25",
    "blind26",
)
"""Development corpora the weights are not trained on (measured with the shipped weights
instead, aggregate and messages alike). blind15 joined the development data in the guard19
round, but retrained on it (with or without its messages in other languages) the reading lost
a plain English ending of a film never seen ("the last heron: orla goes down with her own boat
...", ``tests/bot/features/spoiler/test_ending_model.py``) and two spoilers one film out, for
no false hide fewer held out: the weights stay those trained on the other sixteen. blind16
joined the development data in the guard20 round and is measured first, as blind15 was; trained
on too (in a trial variant whose reading also left labelled set-ups out), it raised the
threshold to 0.91, so it waits for a round that can weigh it against the heron. blind17 and
blind18 joined the development data in the guard22 round and are measured first, the same way:
a round fixing classes of the rules' false hides keeps the weights it is measured with. blind20,
blind21, blind22, blind23, blind24, blind25 and blind26 joined in the guard31, guard33, guard34,
guard35, guard36, red56 and red62 rounds, the same way."""
TRAINED = [name for name in CORPORA if name not in NOT_TRAINED]
PLOT = "plot"
"""The films' own plot-level sentences (``guard_probe.plot_lines``): harmless narrated set-up,
measured one film out, never trained on. Learned as harmless, they took the plot sentences'
false hides held out from 15 to 1 of 173 but taught the model that narration is harmless: a
plain ending told of a film never seen ("the last heron: orla goes down with her own boat ...")
fell from 0.92 to 0.63 (guard17)."""
TARGET_ADDED = 0.0025
"""False hides the model may add, as a share of the non-spoilers, in each held-out measure:
the rules' own false hides on fresh messages already take up part of the issue's 2%. Half of
guard15's 0.5%: with a budget that wide, a model that did better held out only bought a lower
threshold and more hides on blind messages (guard16), so false hides are held first."""
EPOCHS = 30
L2 = 1e-3
RATE = 0.5
SEED = 15


@dataclass
class Example:
    corpus: str
    label: int
    work: str
    # Per film the message names: whether the hand-written guard hides it, the features, and
    # whether it is named in a list of titles (never read by the model; still trained on).
    films: list[tuple[bool, frozenset[str], bool]]


async def examples(names: list[str]) -> dict[str, list[Example]]:
    paths = CORPORA | SEPARATE
    out: dict[str, list[Example]] = {}
    with tempfile.TemporaryDirectory() as folder:
        app = await open_app(Path(folder))
        try:
            guard, mentions = app.member_spoilers.guard, app.member_spoilers.mentions
            for name in names:
                out[name] = []
                lines = await plot_lines(app) if name == PLOT else read_corpus(paths[name])
                for line in lines:
                    if line.kind != "spoiler" and line.kind not in NON_SPOILER:
                        continue
                    text = as_read(line.text)
                    # Read as the guard reads it: other languages' outcome words in English.
                    read = in_english(text)
                    films = []
                    for film in mentions.named(GUILD, text):
                        vocabulary = await guard._vocabulary(GUILD, film)
                        found = vocabulary.matches(read)
                        said = frozenset(features(read, vocabulary, found))
                        # Named in a list of titles, the film is never read (``tells``).
                        listed = in_title_list(read, vocabulary.titles)
                        films.append((bool(found), said, listed))
                    out[name].append(Example(name, int(line.kind == "spoiler"), line.work, films))
        finally:
            await app.close()
    return out


def train(data: list[Example]) -> EndingModel:
    """AdaGrad on the log loss with an L2 penalty; each message once per epoch, in an order
    fixed by ``SEED``. A message naming several films is learned with the film it is about
    first (the corpus names one), the others left out."""
    rows = [(example.films[0][1], example.label) for example in data if example.films]
    # The shuffles start from an order of the messages' own, not the order the corpora are read
    # in: the same messages train the same model, however the corpora are listed.
    rows.sort(key=lambda row: (sorted(row[0]), row[1]))
    weights: dict[str, float] = defaultdict(float)
    squares: dict[str, float] = defaultdict(lambda: 1e-8)
    bias, bias_square = 0.0, 1e-8
    order = random.Random(SEED)
    for _ in range(EPOCHS):
        order.shuffle(rows)
        for found, label in rows:
            z = bias + sum(weights[f] for f in found)
            gradient = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - label
            bias_square += gradient * gradient
            bias -= RATE * gradient / math.sqrt(bias_square)
            for f in found:
                g = gradient + L2 * weights[f]
                squares[f] += g * g
                weights[f] -= RATE * g / math.sqrt(squares[f])
    return EndingModel(bias, dict(weights), 0.5)


def scores(model: EndingModel, data: list[Example]) -> list[tuple[int, bool, float]]:
    """(label, the guard's own verdict, the model's highest probability over the films named);
    a message naming no film is never hidden (probability 0)."""
    return [
        (
            example.label,
            any(rule for rule, _, _ in example.films),
            max(
                (model.probability(found) for _, found, listed in example.films if not listed),
                default=0.0,
            ),
        )
        for example in data
    ]


def counts(scored: list[tuple[int, bool, float]], threshold: float | None) -> tuple[int, ...]:
    """(spoilers hidden, spoilers, false hides, non-spoilers) with the model at ``threshold``
    beside the guard's rules (None: the rules alone)."""
    tp = fp = pos = neg = 0
    for label, rule, p in scored:
        hidden = rule or (threshold is not None and p >= threshold)
        pos += label
        neg += 1 - label
        tp += hidden and label
        fp += hidden and not label
    return tp, pos, fp, neg


def line(name: str, numbers: tuple[int, ...]) -> str:
    tp, pos, fp, neg = numbers
    recall, false = tp / max(pos, 1), fp / max(neg, 1)
    return f"{name:10} recall {tp}/{pos} = {recall:.2f}  false {fp}/{neg} = {false:.1%}"


def added_false(scored: list[tuple[int, bool, float]], threshold: float) -> float:
    """The share of non-spoilers the model hides that the rules left alone."""
    _, _, before, clean = counts(scored, None)
    _, _, after, _ = counts(scored, threshold)
    return (after - before) / clean


def choose(*pooled: list[tuple[int, bool, float]]) -> float:
    """False hides first: the lowest threshold (0.5 at least) at which the model adds at most
    ``TARGET_ADDED`` false hides in every held-out measure."""
    return max(_lowest_allowed(scored) for scored in pooled)


def _lowest_allowed(scored: list[tuple[int, bool, float]]) -> float:
    """The lowest threshold of ``GRID`` at which the model adds at most ``TARGET_ADDED`` of the
    non-spoilers as false hides: just above the probability of the harmless message it may not
    hide, the budget's count of them hidden above it (0.99 at most)."""
    clean = sum(1 - label for label, _, _ in scored)
    left = sorted((p for label, rule, p in scored if not label and not rule), reverse=True)
    allowed = math.floor(TARGET_ADDED * clean + 1e-9)
    if allowed >= len(left):
        return GRID[0]
    above = left[allowed]
    return next((t for t in GRID if t > above), GRID[-1])


GRID = [step / 100 for step in range(50, 100)]
RESAMPLES = 400
"""The threshold is the mean of ``choose`` over ``RESAMPLES`` resamplings of the held-out
measures (their corpora, their films, drawn with replacement; seeded, so the same scores give
the same threshold), rounded up to ``GRID``. ``choose`` alone rests on the few highest-scoring
harmless messages held out: one message more or less, or a retrain that moves one probability,
moved it between 0.78 and 0.88 (guard17 to guard19). Its mean over resamplings moves a little
with each such message instead of jumping (``tests/benchmarks/test_guard_model.py``). The upper
quartile was tried as a margin (guard20): 0.86, which cost 8 spoilers one corpus out for one
false hide fewer."""


def stable_choice(*measures: dict[str, list[tuple[int, bool, float]]]) -> tuple[float, list[float]]:
    """The threshold (the mean of ``choose`` over resamplings of each held-out measure's
    groups, ``RESAMPLES``, rounded up to ``GRID``), and the thresholds of the resamplings,
    sorted."""
    draw = random.Random(SEED)
    chosen = []
    for _ in range(RESAMPLES):
        samples = []
        for held in measures:
            groups = sorted(held)
            picked = [draw.choice(groups) for _ in groups]
            samples.append([row for name in picked for row in held[name]])
        chosen.append(choose(*samples))
    chosen.sort()
    mean = sum(chosen) / len(chosen)
    return next((t for t in GRID if t >= mean - 1e-9), GRID[-1]), chosen


def held_out(data: dict[str, list[Example]]) -> float:
    """Leave-one-corpus-out and leave-one-film-out measures; the threshold they allow. The plot
    sentences (``PLOT``) are never trained on, and measured apart, one film out."""
    chat = [name for name in data if name != PLOT]
    by_corpus: dict[str, list[tuple[int, bool, float]]] = {}
    for name in chat:
        model = train([e for other in chat if other != name for e in data[other]])
        by_corpus[name] = scores(model, data[name])
    everything = [e for name in chat for e in data[name]]
    by_film: dict[str, list[tuple[int, bool, float]]] = {}
    plot: list[tuple[int, bool, float]] = []
    for work in sorted({e.work for e in everything}):
        model = train([e for e in everything if e.work != work])
        by_film[work] = scores(model, [e for e in everything if e.work == work])
        plot += scores(model, [e for e in data.get(PLOT, []) if e.work == work])
    corpus_pooled = [row for rows in by_corpus.values() for row in rows]
    film_pooled = [row for rows in by_film.values() for row in rows]
    threshold, resampled = stable_choice(by_corpus, by_film)
    spread = [resampled[int(q * (len(resampled) - 1))] for q in (0.1, 0.25, 0.5, 0.75, 0.9)]
    print(
        f"threshold {threshold:.2f}: the mean over {RESAMPLES} resamplings of where the"
        f" model adds ≤ {TARGET_ADDED:.2%} false hides held out (resamplings' 10/25/50/75/90%:"
        f" {' '.join(f'{t:.2f}' for t in spread)}; on the measures as they are"
        f" {choose(corpus_pooled, film_pooled):.2f})\n"
    )
    for title, held, pooled in (
        ("leave-one-corpus-out", by_corpus, corpus_pooled),
        ("leave-one-film-out", by_film, film_pooled),
    ):
        print(f"{title}: rules alone | rules + model")
        for name, rows in [*held.items(), ("pooled", pooled)]:
            print(f"  {line(name, counts(rows, None))} | {line('', counts(rows, threshold))}")
        for t in (0.5, 0.6, 0.7, 0.8, 0.9):
            alone = [(label, False, p) for label, _, p in pooled]
            print(
                f"  pooled at {t}: rules + model {line('', counts(pooled, t))};"
                f" model alone {line('', counts(alone, t))}"
            )
        print()
    if plot:
        print("plot sentences, one film out: rules alone | rules + model")
        for t in (None, threshold, 0.5, 0.7, 0.9):
            print(f"  at {t}: {line('', counts(plot, t))}")
        print()
    return threshold


async def main(write: bool, unseen: bool) -> None:
    # The blind corpus (SEPARATE) is never trained on, nor are the corpora of NOT_TRAINED.
    data = await examples([*TRAINED, PLOT])
    threshold = held_out(data)
    if write:
        model = train([e for name, rows in data.items() if name != PLOT for e in rows])
        model = EndingModel(model.bias, model.weights, threshold)
        WEIGHTS.write_text(model.to_json())
        print(f"wrote {WEIGHTS.relative_to(Path.cwd())}: {len(model.weights)} weights")
    model = EndingModel.from_json(WEIGHTS.read_text())
    print("development corpora not trained on, shipped weights: rules alone | rules + model")
    for name, rows in (await examples(list(NOT_TRAINED))).items():
        scored = scores(model, rows)
        print(f"  {line(name, counts(scored, None))} | {line('', counts(scored, model.threshold))}")
    if unseen:
        blind = await examples([name for name, path in SEPARATE.items() if path.exists()])
        for name, rows in blind.items():  # aggregate numbers only: no message is printed
            scored = scores(model, rows)
            print(
                f"  {line(name, counts(scored, None))} |"
                f" {line('', counts(scored, model.threshold))}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write",
        action="store_true",
        help="train on every dev corpus but blind15 to blind18, write weights",
    )
    parser.add_argument(
        "--unseen",
        action="store_true",
        help="aggregate only of blind19 (never a message)",
    )
    arguments = parser.parse_args()
    asyncio.run(main(arguments.write, arguments.unseen))
