"""Servers whose cached roles and overwrites are not trusted once one of them changed."""

from __future__ import annotations

from client.permission_changes import PermissionChanges


def test_a_server_is_unsure_once_a_role_or_channel_changed_there() -> None:
    changes = PermissionChanges(servers=2)
    assert not changes.unsure(1) and not changes.unsure(None)

    changes.changed(1)
    assert changes.unsure(1) and not changes.unsure(2)
    changes.changed(2)
    changes.changed(3)
    assert changes.unsure(2) and changes.unsure(3)


def test_a_server_pushed_out_of_memory_by_others_changes_stays_unsure() -> None:
    """Memory is bounded: changes in enough other servers (a big bot's, or a flood) pushed a
    server out, and its cache, which a replay may have set back, was trusted again."""
    changes = PermissionChanges(servers=2)
    changes.changed(1)
    changes.changed(2)
    changes.changed(3)
    assert changes.unsure(1) and changes.unsure(4), "any server may be one forgotten"
