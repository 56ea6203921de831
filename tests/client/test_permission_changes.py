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
    assert not changes.unsure(1) and changes.unsure(2) and changes.unsure(3)  # bounded
