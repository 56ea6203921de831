"""An edit form's field is plain text, so a text below ending shows its spoilers as markers
(``spans_as_markers``). A text stored with spoiler markup other than ``||`` (Reddit's, BBCode,
look-alike bars; stored before the loader read that markup as bars, or read since only) is
hidden by the answers (``bars_as_meant``), and was shown whole in the form: the admin
correcting a synopsis read the ending the markup hid.
"""

from __future__ import annotations

import pytest

from bot.features.film_admin.forms import markers_as_spans, spans_as_markers
from bot.spoiler_policy.markup import bars_as_meant

Z = "\u200b"


@pytest.mark.parametrize(
    "stored",
    [
        "Calm. >!QZXONE drowns!< Then dawn.",
        "Calm. [spoiler]QZXONE drowns[/spoiler] Then dawn.",
        f"Calm. [spoi{Z}ler]QZXONE drowns[/spoi{Z}ler] Then dawn.",
        "Calm. ｜｜QZXONE drowns｜｜ Then dawn.",
        "Calm. ~!QZXONE drowns!~ Then dawn.",
        "Calm. <details>QZXONE drowns</details> Then dawn.",
    ],
)
def test_spoiler_markup_of_any_site_is_a_marker_in_a_form(stored: str) -> None:
    shown = spans_as_markers(stored)
    assert "QZX" not in shown and "drowns" not in shown, shown
    assert "Calm." in shown and "Then dawn." in shown, shown
    assert "hidden spoiler 1" in shown
    # Saved as it was read: the span the markup meant, in bars.
    assert markers_as_spans(shown, stored) == bars_as_meant(stored)
