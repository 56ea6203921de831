"""Paper Moons: a small film a server's admin loads, with marker words in its plot and ending.

The promise checker traces the markers like La La Land's (``promise.watch(*MARKERS)``).
"""

from __future__ import annotations

from tests.e2e.harness import FilmClub
from tests.standin import InteractionResult, StandinMessage, StandinServer

TWIST = "Obsidiantwist"
PLOT = "Copperplot"
PAPER_MOONS = f"""\
title: Paper Moons
year: 2021
director: Ines Varga
synopsis: Two sisters run a failing puppet theatre in Lisbon.
sections:
  - kind: quick_answer
    level: ending
    body: The younger sister burns the theatre down; {TWIST} is the name of the last show.
  - kind: recap
    level: plot
    body: The sisters argue about money and {PLOT} leaves town.
  - kind: faq
    items:
      - heading: Is it a comedy?
        heading_level: none
        level: none
        body: Mostly, until the last act.
      - heading: Who burns the theatre down in the {TWIST} finale?
        level: ending
        body: The younger sister.
""".encode()
MARKERS = (TWIST, PLOT, "burns the theatre")


async def admin(
    standin: StandinServer, people: FilmClub, command: str, **options: object
) -> InteractionResult:
    """Run ``command`` as the club's admin in #general (``options``: attachments, objects)."""
    return await standin.run_command(
        command, user=people.admin, channel=people.general, options=options or None
    )


async def import_paper_moons(standin: StandinServer, people: FilmClub) -> StandinMessage:
    """The club's admin uploads Paper Moons and presses Confirm; returns the final menu."""
    upload = ("paper-moons.yaml", PAPER_MOONS)
    preview = (await admin(standin, people, "/film-admin import", file=upload)).message
    confirms = [c for c in preview.custom_ids if c.startswith("epi:p:confirm:")]
    assert confirms, f"no Confirm button on the import's preview: {preview.content!r}"
    confirm = confirms[0]
    done = await standin.press_button(preview, confirm, user=people.admin)
    assert "Loaded Paper Moons" in done.message.content, done
    return done.message
