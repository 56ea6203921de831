"""The harness's one setting for a slower machine (``tests/support/timing.py``)."""

from __future__ import annotations

import pytest

from tests.support.timing import ENV, _scale_from


@pytest.mark.parametrize(("raw", "scale"), [(None, 1.0), ("", 1.0), ("1", 1.0), (" 5 ", 5.0)])
def test_a_bound_is_as_many_times_longer_as_the_setting_says(raw: str | None, scale: float) -> None:
    assert _scale_from({} if raw is None else {ENV: raw}) == scale


@pytest.mark.parametrize("raw", ["0.5", "0", "-2", "fast", "nan"])
def test_a_setting_that_would_shorten_a_bound_or_is_no_number_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match=f"{ENV}='{raw}': expected a number of at least 1"):
        _scale_from({ENV: raw})
