"""Roles an interaction carries grant nothing taken away since it was made (a replay, a late
delivery), however the memory of what was read is flooded."""

from __future__ import annotations

from client.role_readings import WITHDRAWN_FOR_S, RoleReadings

GUILD, FAN, MOD = 10, 20, 30
SHE, HE = 1, 2


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def roles(*ids: int) -> frozenset[int]:
    return frozenset({GUILD, *ids})


def test_a_first_reading_grants_what_it_carries() -> None:
    readings = RoleReadings(clock=Clock())
    assert readings.granting(GUILD, SHE, 100, roles(FAN, MOD)) == roles(FAN, MOD)
    assert readings.granting(GUILD, SHE, 101, roles(FAN)) == roles(FAN)


def test_an_interaction_delivered_again_grants_by_no_role() -> None:
    readings = RoleReadings(clock=Clock())
    readings.granting(GUILD, SHE, 100, roles(FAN))
    assert readings.granting(GUILD, SHE, 100, roles(FAN)) == roles()


def test_a_role_seen_taken_away_is_not_given_back_by_an_older_interaction() -> None:
    clock = Clock()
    readings = RoleReadings(clock=clock)
    readings.granting(GUILD, SHE, 100, roles(FAN, MOD))
    readings.granting(GUILD, SHE, 102, roles(MOD))  # the fan role was taken from her
    # One made before that, delivered late (never read): the fan role it carries grants nothing.
    assert readings.granting(GUILD, SHE, 101, roles(FAN, MOD)) == roles(MOD)
    assert readings.granting(GUILD, SHE, 103, roles(FAN, MOD)) == roles(MOD)
    clock.now += WITHDRAWN_FOR_S
    assert readings.granting(GUILD, SHE, 104, roles(FAN, MOD)) == roles(FAN, MOD)
    assert readings.granting(GUILD, HE, 105, roles(FAN)) == roles(FAN), "hers alone"


def test_a_replay_whose_id_was_flooded_out_is_still_held_by_the_role_taken() -> None:
    readings = RoleReadings(interactions=4, clock=Clock())
    readings.granting(GUILD, SHE, 100, roles(FAN))
    readings.granting(GUILD, SHE, 101, roles())
    for flood in range(200, 210):
        readings.granting(GUILD, HE, flood, roles())
    assert readings.granting(GUILD, SHE, 100, roles(FAN)) == roles()


def test_members_flooded_out_while_a_role_was_taken_grant_by_no_role_until_it_holds() -> None:
    clock = Clock()
    readings = RoleReadings(members=4, clock=clock)
    readings.granting(GUILD, SHE, 100, roles(FAN))
    readings.granting(GUILD, SHE, 101, roles())
    for user in range(50, 60):  # pushes her out of memory
        readings.granting(GUILD, user, 1000 + user, roles())
    assert readings.granting(GUILD, SHE, 102, roles(FAN)) == roles()
    assert readings.granting(GUILD, 70, 103, roles(FAN)) == roles(), "whoever is not remembered"
    clock.now += WITHDRAWN_FOR_S
    assert readings.granting(GUILD, 71, 104, roles(FAN)) == roles(FAN)


def test_members_flooded_out_with_nothing_taken_keep_their_roles() -> None:
    readings = RoleReadings(members=4, clock=Clock())
    for user in range(50, 60):
        readings.granting(GUILD, user, 1000 + user, roles(FAN))
    assert readings.granting(GUILD, SHE, 100, roles(FAN)) == roles(FAN)


def test_a_member_update_lacking_a_role_takes_it_away_and_never_gives_one() -> None:
    clock = Clock()
    readings = RoleReadings(clock=clock)
    readings.seen_with(GUILD, SHE, roles(MOD))  # no interaction of hers read before
    assert readings.granting(GUILD, SHE, 100, roles(FAN, MOD)) == roles(MOD)
    readings.granting(GUILD, HE, 101, roles(FAN))
    readings.seen_with(GUILD, HE, roles(FAN, MOD))  # a replayed update: no grant
    assert readings.granting(GUILD, HE, 102, roles(FAN)) == roles(FAN)
    readings.seen_with(GUILD, HE, roles())
    assert readings.granting(GUILD, HE, 103, roles(FAN)) == roles()
    clock.now += WITHDRAWN_FOR_S
    assert readings.granting(GUILD, SHE, 104, roles(FAN, MOD)) == roles(FAN, MOD)


def test_a_member_who_left_has_every_role_taken() -> None:
    readings = RoleReadings(clock=Clock())
    readings.granting(GUILD, SHE, 100, roles(FAN))
    readings.seen_with(GUILD, SHE, None)
    assert readings.granting(GUILD, SHE, 101, roles(FAN)) == roles()


def test_an_interaction_whose_member_came_without_roles_takes_none_away() -> None:
    """Read as a member of no roles (the stricter reading), but not as a sign that the roles
    seen before were taken: her next interaction with them is not held for it."""
    readings = RoleReadings(clock=Clock())
    readings.granting(GUILD, SHE, 100, roles(FAN))
    readings.roles_left_out(101)
    assert readings.granting(GUILD, SHE, 101, roles()) == roles()
    assert readings.granting(GUILD, SHE, 102, roles(FAN)) == roles(FAN)


def test_a_member_update_forgotten_while_it_held_leaves_no_member_trusted_until_then() -> None:
    clock = Clock()
    readings = RoleReadings(members=2, clock=clock)
    readings.seen_with(GUILD, SHE, roles())
    for user in range(50, 53):
        readings.granting(GUILD, user, 1000 + user, roles())
    assert readings.granting(GUILD, SHE, 100, roles(FAN)) == roles()
    clock.now += WITHDRAWN_FOR_S
    assert readings.granting(GUILD, SHE, 101, roles(FAN)) == roles(FAN)
