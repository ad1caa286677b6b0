# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""R-IN-4: round-robin dispatch of ``tools/dispatch.py``.

The rotation is A(1), B(2), C(3), D(4). Product categories: 10 "Appliances" with
child 11 "Air Conditioners"; 20 "Network". Service types: 100 repair, 200
installation.
"""

import pytest

from tools.dispatch import (
    NO_CATEGORY_SKILL,
    NO_SERVICE_TYPE_SKILL,
    ON_JOB,
    ON_LEAVE,
    UNAVAILABLE,
    Member,
    Need,
    Skip,
    choose_engineer,
    rotation,
)

A, B, C, D = 1, 2, 3, 4
AC = Need(category_path=(11, 10), service_type_id=100)
ROUTER = Need(category_path=(20,), service_type_id=100)
NOTHING = Need()


def team(**overrides):
    """The four members; ``overrides`` maps a letter to Member keyword arguments."""
    ids = {"A": A, "B": B, "C": C, "D": D}
    return [Member(id=ids[name], **overrides.get(name, {})) for name in "ABCD"]


LEAVE = {"available": False, "unavailable_reason": ON_LEAVE}
OUT = {"available": False, "unavailable_reason": ON_JOB}


@pytest.mark.parametrize(
    "members,pointer,need,chosen,pointer_after,owed_after,skips",
    [
        pytest.param(
            team(), None, AC, A, A, set(), (), id="R-IN-4 no pointer: first in list"
        ),
        pytest.param(
            team(), B, AC, C, C, set(), (), id="R-IN-4 next after the last assigned"
        ),
        pytest.param(
            team(), D, AC, A, A, set(), (), id="R-IN-4 after the last one: wrap around"
        ),
        pytest.param(
            team(), 99, AC, A, A, set(), (), id="R-IN-4 removed pointer: from the top"
        ),
        pytest.param(
            team(A={"category_ids": frozenset({20})}),
            None,
            AC,
            B,
            B,
            {A},
            (Skip(A, NO_CATEGORY_SKILL),),
            id="R-IN-4 skill: product category not covered",
        ),
        pytest.param(
            team(A={"category_ids": frozenset({10})}),
            None,
            AC,
            A,
            A,
            set(),
            (),
            id="R-IN-4 skill: parent category covers the child (child_of)",
        ),
        pytest.param(
            team(A={"category_ids": frozenset({11})}),
            None,
            Need(category_path=(10,), service_type_id=100),
            B,
            B,
            {A},
            (Skip(A, NO_CATEGORY_SKILL),),
            id="R-IN-4 skill: child category does not cover the parent",
        ),
        pytest.param(
            team(A={"service_type_ids": frozenset({200})}),
            None,
            AC,
            B,
            B,
            {A},
            (Skip(A, NO_SERVICE_TYPE_SKILL),),
            id="R-IN-4 skill: service type not covered",
        ),
        pytest.param(
            team(A={"category_ids": frozenset({20}), "service_type_ids": {200}}),
            None,
            NOTHING,
            A,
            A,
            set(),
            (),
            id="R-IN-4 skill: request without product nor type needs none",
        ),
        pytest.param(
            team(A=LEAVE),
            None,
            AC,
            B,
            B,
            {A},
            (Skip(A, UNAVAILABLE, ON_LEAVE),),
            id="R-IN-4 absent engineer is passed over",
        ),
        pytest.param(
            team(B=OUT, C=LEAVE),
            A,
            AC,
            D,
            D,
            {B, C},
            (Skip(B, UNAVAILABLE, ON_JOB), Skip(C, UNAVAILABLE, ON_LEAVE)),
            id="R-IN-4 engineers still out are passed over, in order",
        ),
        pytest.param(
            team(A={"category_ids": frozenset({20}), **LEAVE}),
            None,
            AC,
            B,
            B,
            {A},
            (Skip(A, NO_CATEGORY_SKILL),),
            id="R-IN-4 the lasting reason (skill) is reported before absence",
        ),
        pytest.param(
            team(A={"owed": True}),
            C,
            AC,
            A,
            C,
            set(),
            (),
            id="R-IN-4 owed turn first; the pointer stays",
        ),
        pytest.param(
            team(A={"owed": True, **LEAVE}, C={"owed": True}),
            C,
            AC,
            C,
            C,
            {A},
            (Skip(A, UNAVAILABLE, ON_LEAVE),),
            id="R-IN-4 owed turns in rotation order after the pointer",
        ),
        pytest.param(
            team(A={"owed": True, **LEAVE}, B=OUT),
            D,
            AC,
            C,
            C,
            {A, B},
            (Skip(A, UNAVAILABLE, ON_LEAVE), Skip(B, UNAVAILABLE, ON_JOB)),
            id="R-IN-4 still-owed engineer keeps the turn, newly passed over added",
        ),
        pytest.param(
            team(B=OUT, C=OUT, D=OUT),
            A,
            AC,
            A,
            A,
            {B, C, D},
            (
                Skip(B, UNAVAILABLE, ON_JOB),
                Skip(C, UNAVAILABLE, ON_JOB),
                Skip(D, UNAVAILABLE, ON_JOB),
            ),
            id="R-IN-4 the last assigned gets it again when all others are out",
        ),
        pytest.param(
            team(A=LEAVE, B=OUT, C=LEAVE, D={"owed": True, **OUT}),
            C,
            AC,
            None,
            C,
            {D},
            (
                Skip(D, UNAVAILABLE, ON_JOB),
                Skip(A, UNAVAILABLE, ON_LEAVE),
                Skip(B, UNAVAILABLE, ON_JOB),
                Skip(C, UNAVAILABLE, ON_LEAVE),
            ),
            id="R-IN-4 nobody available: nothing changes, every reason given",
        ),
        pytest.param([], None, AC, None, None, set(), (), id="R-IN-4 empty rotation"),
    ],
)
def test_choose_engineer(
    members, pointer, need, chosen, pointer_after, owed_after, skips
):
    result = choose_engineer(members, pointer, need)
    assert result.chosen_id == chosen
    assert result.dispatched is (chosen is not None)
    assert result.pointer_id == pointer_after
    assert result.owed_ids == frozenset(owed_after)
    assert result.skips == skips


def test_skipped_engineer_keeps_the_turn():
    """R-IN-4: A is out, B takes the job; when A is back, A is first in line, then
    the rotation goes on after B (C, D), never giving B a second turn first."""
    out = team(A=OUT)
    first = choose_engineer(out, None, AC)
    assert (first.chosen_id, first.pointer_id, first.owed_ids) == (B, B, {A})

    back = [Member(id=m.id, owed=m.id in first.owed_ids) for m in out]
    second = choose_engineer(back, first.pointer_id, AC)
    assert (second.chosen_id, second.pointer_id, second.owed_ids) == (A, B, set())

    settled = [Member(id=m.id, owed=m.id in second.owed_ids) for m in out]
    third = choose_engineer(settled, second.pointer_id, AC)
    assert third.chosen_id == C


def test_equal_chances_over_a_round():
    """R-IN-4: with everyone available, four jobs go to four different engineers."""
    pointer, served = None, []
    for _job in range(4):
        result = choose_engineer(team(), pointer, AC)
        served.append(result.chosen_id)
        pointer = result.pointer_id
    assert served == [A, B, C, D]


@pytest.mark.parametrize(
    "pointer,order",
    [
        pytest.param(None, [A, B, C, D], id="R-IN-4 rotation from the top"),
        pytest.param(B, [C, D, A, B], id="R-IN-4 rotation after the pointer"),
        pytest.param(D, [A, B, C, D], id="R-IN-4 rotation after the last member"),
    ],
)
def test_rotation(pointer, order):
    assert [member.id for member in rotation(team(), pointer)] == order
