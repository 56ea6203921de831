"""A request's tries, as ``client.attempts`` tells them."""

from __future__ import annotations

from client.attempts import LOST, tried_again_after_a_failure


def test_only_a_failed_try_before_the_last_may_have_been_carried_out() -> None:
    assert not tried_again_after_a_failure([])
    assert not tried_again_after_a_failure([200])
    assert not tried_again_after_a_failure([429, 200]), "a rate limit is refused, not done"
    assert not tried_again_after_a_failure([200, 500]), "the last try is the answer itself"
    assert tried_again_after_a_failure([500, 200])
    assert tried_again_after_a_failure([503, 503, 200])
    assert tried_again_after_a_failure([LOST, 200])
