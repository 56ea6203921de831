"""The spoiler promise over time: a model-based stateful test (issue 10's proof).

Servers, channels and threads with modes, members with opt-ins and an opt-in role, global films
and server copies (same titles and years, non-Latin titles of one year) whose every field holds
hostile text with canary tokens; admins import, edit, re-import and remove; moderators change
modes, defaults, embargoes and opt-ins; members ask every /film and /spoilers command and press
any button on any earlier message (or a tampered copy of its id). After every step, every payload
is judged against the rules in force *now* (``tests.support.spoiler_world.judge``).

Shrinking is off to keep the run short; a failure prints the steps that led to it instead.
"""

from __future__ import annotations

import asyncio
import random
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from bot.command_table import ChannelRef
from bot.features.film.answers import FilmAnswers
from bot.replies import Reply
from tests.support.hypothesis_profiles import scaled
from tests.support.promise_driver import (
    ADMIN,
    EMBARGO_END,
    MEMBERS,
    MODERATOR,
    OPTIN_ROLE,
    Driver,
    channels,
    film_option,
    open_app,
)
from tests.support.spoiler_world import Writer, dump, film_document, identity, settle_source_levels

GUILDS = (1, 2, 3)
# Same title in two years (a remake), non-Latin titles sharing one year, markdown in a title.
TITLES = (
    ("Heron Lake", 2001),
    ("Heron Lake", 2019),
    ("Ποταμός", 2001),
    ("Река", 2001),
    ("川の記憶", 2001),
    ("Glass *Harbor* _x_", 2001),
)
GLOBAL = (0, 2, 3, 5)  # indexes into TITLES loaded as global content at the start
EDITABLE_VIEWS = ("quick", "ending", "recap", "themes", "symbolism", "faq")
SECTIONS = ("synopsis", "quick_answer", "recap", "ending", "themes", "faq")
MODES = ("standard", "spoilers", "no-spoilers", "inherit")
FULL_EXAMPLES = 32
STEPS = 80
FULL_MIN_STEPS = 2000
"""Under the ci profile at least 2,000 steps run (32 runs of up to 80); dev runs its share."""
EXAMPLES = scaled(FULL_EXAMPLES, whole_in_ci=True)
MIN_STEPS = FULL_MIN_STEPS * EXAMPLES // FULL_EXAMPLES

guilds = st.sampled_from(GUILDS)
members = st.sampled_from(MEMBERS)
# Each run works on three of the titles (one of them global), so that the steps of an attack
# (post, change the rules or the content, press) meet on the same film often enough.
FOCUS = 3
titles = st.integers(0, FOCUS - 1)
seeds = st.integers(0, 2**32 - 1)
picks = st.integers(0, 10_000)

_steps_run: list[int] = []


class SpoilerPromise(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.dir = Path(tempfile.mkdtemp(prefix="promise-"))
        self.app = self.loop.run_until_complete(open_app(TEMPLATE, self.dir))
        self.driver = Driver(self.app)
        self.world = self.driver.world
        self.steps = 0

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def teardown(self) -> None:
        _steps_run.append(self.steps)
        self.loop.run_until_complete(self.app.close())
        self.loop.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- content -------------------------------------------------------------------------------

    def title(self, which: int) -> tuple[str, int]:
        return TITLES[self.focus[which % len(self.focus)]]

    @initialize(seed=seeds)
    def load_global_films(self, seed: int) -> None:
        rnd = random.Random(seed)
        others = [i for i in range(len(TITLES)) if i != GLOBAL[seed % len(GLOBAL)]]
        self.focus = [GLOBAL[seed % len(GLOBAL)], *rnd.sample(others, FOCUS - 1)]
        folder = self.dir / "global"
        folder.mkdir()
        for index in GLOBAL:
            title, year = TITLES[index]
            doc = film_document(self.world.ledger, rnd, title, year, 0)
            (folder / f"film{index}.yaml").write_bytes(dump(doc))
        self.run(self.app.load_content([folder], guild_id=0))

    @rule(guild=guilds, which=titles, seed=seeds, confirm=st.booleans())
    def import_server_copy(self, guild: int, which: int, seed: int, confirm: bool) -> None:
        title, year = self.title(which)
        doc = film_document(self.world.ledger, random.Random(seed), title, year, guild)
        reply = self.run(self.driver.upload(guild, ADMIN, f"copy{which}.yaml", dump(doc)))
        if confirm:
            self.run(self.driver.confirm(guild, ADMIN, reply))

    @rule(guild=guilds, which=titles, seed=seeds)
    def reimport_with_raised_levels(self, guild: int, which: int, seed: int) -> None:
        """The same text again, every section now at ending level (and headings with it)."""
        title, year = self.title(which)
        rnd = random.Random(seed)
        doc = film_document(self.world.ledger, rnd, title, year, guild)
        reply = self.run(self.driver.upload(guild, ADMIN, f"copy{which}.yaml", dump(doc)))
        self.run(self.driver.confirm(guild, ADMIN, reply))
        for section in doc["sections"]:
            section["level"] = "ending"
            section.pop("heading_level", None)
            for item in section.get("items", []):
                item["level"] = item["heading_level"] = "ending"
        settle_source_levels(self.world.ledger, doc)
        text = dump(doc).decode()
        for token in re.findall(r"qx\d{5}zq", text):
            canary = self.world.ledger.canaries[token]
            if canary.where.split(".")[0] in {s["kind"] for s in doc["sections"]}:
                self.world.ledger.relevel(token, "ending")
        reply = self.run(self.driver.upload(guild, ADMIN, f"copy{which}.yaml", text.encode()))
        self.run(self.driver.confirm(guild, ADMIN, reply))

    @rule(guild=guilds, which=titles, section=st.sampled_from(SECTIONS), seed=seeds)
    def edit_section(self, guild: int, which: int, section: str, seed: int) -> None:
        """An admin edits a section (a global film gets a server copy); new text at the
        section's current level is unknown to the test, so it is written as ending."""
        title, year = self.title(which)
        form = self.run(
            self.driver.command(
                "film-admin edit",
                guild,
                guild * 100 + 1,
                ADMIN,
                film=film_option(title, year),
                section=section,
            )
        )
        if form.modal is None:
            return
        writer = Writer(self.world.ledger, random.Random(seed), identity(title, year), guild)
        level = "none" if section == "synopsis" else "ending"
        body = writer.text(level, f"{section}.body (edited)")
        if len(body) > 4000:  # what a form's text input holds
            body = writer.text(level, f"{section}.body (edited)", short=True)
        field = form.modal.inputs[0].custom_id
        self.run(
            self.driver.submit(guild, guild * 100 + 1, ADMIN, form.modal.custom_id, {field: body})
        )

    @rule(guild=guilds, which=titles)
    def export(self, guild: int, which: int) -> None:
        """The file an admin downloads: its name is plain text, its text this server's own."""
        title, year = self.title(which)
        self.run(
            self.driver.command(
                "film-admin export", guild, guild * 100 + 1, ADMIN, film=film_option(title, year)
            )
        )

    @rule(guild=guilds, which=titles)
    def remove_server_copy(self, guild: int, which: int) -> None:
        title, year = self.title(which)
        reply = self.run(
            self.driver.command(
                "film-admin remove", guild, guild * 100 + 1, ADMIN, film=film_option(title, year)
            )
        )
        self.run(self.driver.confirm(guild, ADMIN, reply))

    # --- moderators ----------------------------------------------------------------------------

    @rule(guild=guilds, pick=picks, mode=st.sampled_from(MODES))
    def set_channel_mode(self, guild: int, pick: int, mode: str) -> None:
        ids = list(channels(guild))
        self.run(self.change_mode(guild, ids[pick % len(ids)], mode))

    async def change_mode(self, guild: int, channel: int, mode: str) -> None:
        ref = ChannelRef(channel, guild, channels(guild)[channel])
        await self.driver.command(
            "spoiler-rules channel", guild, guild * 100 + 2, MODERATOR, channel=ref, mode=mode
        )
        if mode == "inherit":
            self.world.modes.pop((guild, channel), None)
        else:
            self.world.modes[(guild, channel)] = mode

    @rule(guild=guilds, mode=st.sampled_from(MODES[:3]))
    def set_default_mode(self, guild: int, mode: str) -> None:
        self.run(
            self.driver.command(
                "spoiler-rules default", guild, guild * 100 + 2, MODERATOR, mode=mode
            )
        )
        self.world.default[guild] = mode

    @rule(guild=guilds, which=titles)
    def embargo(self, guild: int, which: int) -> None:
        title, year = self.title(which)
        # Embargo first in the model: the judge must hold the reply to the stricter rule.
        embargoed = self.world.embargoes.setdefault(guild, set())
        before = set(embargoed)
        embargoed.add(identity(title, year))
        reply = self.run(
            self.driver.command(
                "spoiler-rules embargo",
                guild,
                guild * 100 + 2,
                MODERATOR,
                film=film_option(title, year),
                until=EMBARGO_END,
            )
        )
        if refused(reply):  # e.g. no such film in this server: nothing is embargoed
            self.world.embargoes[guild] = before
        self.run(self.driver.command("spoiler-rules show", guild, guild * 100 + 2, MODERATOR))

    @rule(guild=guilds, which=titles)
    def clear_embargo(self, guild: int, which: int) -> None:
        title, year = self.title(which)
        self.run(
            self.driver.command(
                "spoiler-rules embargo-clear",
                guild,
                guild * 100 + 2,
                MODERATOR,
                film=film_option(title, year),
            )
        )
        self.world.embargoes.get(guild, set()).discard(identity(title, year))

    @rule(guild=guilds, enabled=st.booleans())
    def optins(self, guild: int, enabled: bool) -> None:
        if not enabled:
            self.world.optin_enabled[guild] = False
        self.run(
            self.driver.command(
                "spoiler-rules optin", guild, guild * 100 + 2, MODERATOR, enabled=enabled
            )
        )
        self.world.optin_enabled[guild] = enabled

    @rule(guild=guilds, clear=st.booleans())
    def optin_role(self, guild: int, clear: bool) -> None:
        if clear:
            self.world.optin_role[guild] = None
            options: dict[str, Any] = {"clear": True}
        else:
            options = {"role": OPTIN_ROLE}
        self.run(
            self.driver.command("spoiler-rules role", guild, guild * 100 + 2, MODERATOR, **options)
        )
        if not clear:
            self.world.optin_role[guild] = OPTIN_ROLE

    # --- members -------------------------------------------------------------------------------

    def ask(self, view: str, guild: int, pick: int, user: int, which: int, private: bool) -> None:
        ids = list(channels(guild))
        channel = ids[pick % len(ids)]
        title, year = self.title(which)
        self.run(
            self.driver.command(
                f"film {view}",
                guild,
                channel,
                user,
                about=identity(title, year),
                film=film_option(title, year),
                private=private,
            )
        )

    # One rule per view, so that members' questions make up a good share of the steps.
    asking: ClassVar[dict[str, Any]] = {
        "guild": guilds,
        "pick": picks,
        "user": members,
        "which": titles,
        "private": st.booleans(),
    }

    @rule(**asking)
    def ask_info(self, **options: Any) -> None:
        self.ask("info", **options)

    @rule(**asking)
    def ask_quick(self, **options: Any) -> None:
        self.ask("quick", **options)

    @rule(**asking)
    def ask_ending(self, **options: Any) -> None:
        self.ask("ending", **options)

    @rule(**asking)
    def ask_recap(self, **options: Any) -> None:
        self.ask("recap", **options)

    @rule(view=st.sampled_from(("themes", "symbolism", "faq")), **asking)
    def ask_items(self, view: str, **options: Any) -> None:
        self.ask(view, **options)

    @rule(
        view=st.sampled_from(("info", "quick", "ending", "faq")),
        mode=st.sampled_from(MODES),
        **asking,
    )
    def ask_as_the_channel_changes(
        self, view: str, mode: str, guild: int, pick: int, user: int, which: int, private: bool
    ) -> None:
        """A moderator changes the channel's mode after a member asked and before the answer
        is rendered: the answer keeps the rules in force when it is sent. Asked of a process
        that has answered nothing yet (another shard, or the bot just restarted), so the
        answer is worked out while the member waits."""
        self.app.film = FilmAnswers(self.app)
        ids = list(channels(guild))
        channel = ids[pick % len(ids)]
        title, year = self.title(which)
        self.run(
            self.driver.command(
                f"film {view}",
                guild,
                channel,
                user,
                about=identity(title, year),
                meanwhile=lambda: self.change_mode(guild, channel, mode),
                film=film_option(title, year),
                private=private,
            )
        )

    @rule(guild=guilds, pick=picks, user=members, which=titles, number=st.integers(0, 3))
    def ask_faq_question(self, guild: int, pick: int, user: int, which: int, number: int) -> None:
        ids = list(channels(guild))
        channel = ids[pick % len(ids)]
        title, year = self.title(which)
        name = film_option(title, year)
        choices = self.run(self.driver.choices(guild, channel, user, "", film=name))
        question = choices[number].value if number < len(choices) else str(number + 1)
        self.run(
            self.driver.command(
                "film faq",
                guild,
                channel,
                user,
                about=identity(title, year),
                film=name,
                question=question,
            )
        )

    @rule(
        view=st.sampled_from(("quick", "ending", "recap", "themes", "symbolism", "info")),
        guild=guilds,
        pick=picks,
        user=members,
        which=titles,
        cut=st.integers(1, 30),
    )
    def type_title(self, view: str, guild: int, pick: int, user: int, which: int, cut: int) -> None:
        """Typing a title works its answer out ahead for the rules of that moment; the steps
        after (rule changes, opt-ins, asks) must still show only what their moment allows."""
        ids = list(channels(guild))
        title, _year = self.title(which)
        self.run(self.driver.typing(guild, ids[pick % len(ids)], user, f"film {view}", title[:cut]))

    @rule(guild=guilds, user=members, typed=st.sampled_from(("", "h", "Her", "Р", "川", "qx")))
    def autocomplete_titles(self, guild: int, user: int, typed: str) -> None:
        self.run(self.driver.choices(guild, guild * 100 + 1, user, typed))

    @rule(guild=guilds, pick=picks, user=members, private=st.booleans(), from_text=st.booleans())
    def search(self, guild: int, pick: int, user: int, private: bool, from_text: bool) -> None:
        """Search for a canary seen in some film (or a spoiler the member types themselves)."""
        ids = list(channels(guild))
        channel = ids[pick % len(ids)]
        # Only words this server can read somewhere: another server's text is not its to type.
        tokens = [t for t, c in self.world.ledger.canaries.items() if c.owner in (0, guild)]
        if from_text and tokens:
            query = tokens[pick % len(tokens)]
        else:
            query = self.world.ledger.new("ending", ("typed by a member", 0), guild, "query")
        self.run(
            self.driver.command("film search", guild, channel, user, query=query, private=private)
        )

    @rule(guild=guilds, user=members)
    def list_films(self, guild: int, user: int) -> None:
        self.run(self.driver.command("film list", guild, guild * 100 + 1, user))

    @rule(guild=guilds, user=members, action=st.sampled_from(("on", "off", "status")))
    def spoilers(self, guild: int, user: int, action: str) -> None:
        if action == "off":
            self.world.all_on.discard(user)
        self.run(self.driver.command(f"spoilers {action}", guild, guild * 100 + 1, user))
        if action == "on":
            self.world.all_on.add(user)

    @rule(guild=guilds, user=members, which=titles, seen=st.booleans())
    def mark_seen(self, guild: int, user: int, which: int, seen: bool) -> None:
        title, year = self.title(which)
        if not seen:
            self.world.seen.setdefault(user, set()).discard(identity(title, year))
        self.run(
            self.driver.command(
                f"spoilers {'seen' if seen else 'unseen'}",
                guild,
                guild * 100 + 1,
                user,
                film=film_option(title, year),
            )
        )
        if seen:
            self.world.seen.setdefault(user, set()).add(identity(title, year))

    # --- buttons -------------------------------------------------------------------------------

    @rule(pick=picks, button=picks, user=members)
    def press_any_button(self, pick: int, button: int, user: int) -> None:
        pressable = [m for m in self.world.messages if m.buttons and not m.admin]
        if not pressable:
            return
        message = pressable[pick % len(pressable)]
        presser = user if message.public else message.reader
        label, custom_id = message.buttons[button % len(message.buttons)]
        self.run(self.driver.press(message, label, custom_id, presser))

    @rule(pick=picks, user=members)
    def reveal_then_page(self, pick: int, user: int) -> None:
        """Reveal a public answer, then turn the pages of the revealed copy."""
        public = [m for m in self.world.messages if m.public and m.buttons and not m.admin]
        if not public:
            return
        message = public[pick % len(public)]
        reveal = [(label, cid) for label, cid in message.buttons if "reveal" in label.casefold()]
        if not reveal:
            return
        self.run(self.driver.press(message, *reveal[0], user))
        revealed = self.world.messages[-1]
        for label, custom_id in list(revealed.buttons)[-1:]:
            self.run(self.driver.press(revealed, label, custom_id, user))

    @rule(button=picks, user=members)
    def press_newest_button(self, button: int, user: int) -> None:
        """A button on the latest answer with buttons: the likeliest one to be pressed."""
        self.press_any_button(-1, button, user)

    @rule(pick=picks, button=picks, user=members, delta=st.sampled_from((-2, -1, 1, 2, 7)))
    def press_tampered_button(self, pick: int, button: int, user: int, delta: int) -> None:
        """The same custom id with one number changed, as a curious member could send it."""
        pressable = [m for m in self.world.messages if m.buttons]
        if not pressable:
            return
        message = pressable[pick % len(pressable)]
        presser = user if message.public else message.reader
        label, custom_id = message.buttons[button % len(message.buttons)]
        numbers = list(re.finditer(r"\d+", custom_id))
        if not numbers:
            return
        match = numbers[button % len(numbers)]
        changed = max(0, int(match[0]) + delta)
        tampered = f"{custom_id[: match.start()]}{changed}{custom_id[match.end() :]}"
        self.run(self.driver.press(message, label, tampered, presser, tampered=True))

    # --- after every step ----------------------------------------------------------------------

    @invariant()
    def every_payload_kept_the_promise(self) -> None:
        self.steps += 1
        if self.world.problems:
            steps = "\n".join(self.world.log[-25:])
            problems = "\n".join(dict.fromkeys(self.world.problems))
            raise AssertionError(f"{problems}\n\nlast steps:\n{steps}")


def refused(reply: Reply) -> bool:
    """A command that changed nothing says so in a private warning."""
    return reply.ephemeral and reply.is_error


TEMPLATE = Path(tempfile.mkdtemp(prefix="promise-template-")) / "template.db"


def test_spoiler_promise_holds_over_time() -> None:
    _steps_run.clear()
    run_state_machine_as_test(
        SpoilerPromise,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            # No shrinking: a failure prints the last steps, and shrinking a machine is slow.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
        ),
    )
    assert sum(_steps_run) >= MIN_STEPS, f"only {sum(_steps_run)} steps ran"
