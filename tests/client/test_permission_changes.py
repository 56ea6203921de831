"""Servers whose cached roles and overwrites are not trusted for a while after a change."""

from __future__ import annotations

from client.permission_changes import UNSURE_S, PermissionChanges
from tests.support.fake_time import FakeTime


def test_a_server_is_unsure_for_a_while_after_a_change() -> None:
    fake = FakeTime()
    changes = PermissionChanges(clock=fake.clock)
    assert not changes.unsure(1) and not changes.unsure(None)

    changes.changed(1)
    assert changes.unsure(1) and not changes.unsure(2)
    fake.now += UNSURE_S
    assert not changes.unsure(1)
