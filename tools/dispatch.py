# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Round-robin dispatch of service requests (R-IN-4, seed 001 篇七 §5.2.3 a).

The engineers of a team take jobs in a fixed order, "in turn, with equal chances"
(依次轮流, 机会均等). An engineer who cannot take the job now — lacks the skill for the
product or the service type, is on leave, or is still out on another job — is passed
over for this job and the turn goes down the list (隔过此轮派工, 向下轮流).

A passed-over engineer keeps the turn: they are *owed* a turn and are first in line
for the next job they can take, before the regular rotation continues. The team's
pointer (its last regularly assigned member) moves only to an engineer reached by
the regular rotation; serving an owed turn leaves the pointer where it is, so the
engineers after the pointer do not lose their turn either.

Everything is plain values: the model gathers the members (in rotation order), the
pointer and the needs of the request, calls :func:`choose_engineer` and stores the
outcome (the chosen user, the new pointer, the owed flags, the reasons in the
chatter).
"""

from dataclasses import dataclass, field

# Reasons an engineer is passed over; the model translates them.
NO_CATEGORY_SKILL = "no_category_skill"
NO_SERVICE_TYPE_SKILL = "no_service_type_skill"
UNAVAILABLE = "unavailable"
# Details of UNAVAILABLE the model sets.
ON_LEAVE = "on_leave"
ON_JOB = "on_job"
NOT_IN_TEAM = "not_in_team"


@dataclass(frozen=True)
class Member:
    """One line of a team's rotation.

    Empty ``category_ids`` / ``service_type_ids`` mean "any". ``available`` is false
    when the engineer is away now; ``unavailable_reason`` says why (``ON_LEAVE``,
    ``ON_JOB``, ``NOT_IN_TEAM``). ``owed`` marks an engineer passed over earlier who
    has not been served since.
    """

    id: int
    category_ids: frozenset = frozenset()
    service_type_ids: frozenset = frozenset()
    available: bool = True
    unavailable_reason: str = ""
    owed: bool = False


@dataclass(frozen=True)
class Need:
    """What the request needs.

    ``category_path`` is the product category of the request followed by its
    parents (so "within the member's categories, child_of" is an intersection);
    empty when the request has no product. ``service_type_id`` is ``None`` when the
    request has no service type.
    """

    category_path: tuple = ()
    service_type_id: int | None = None


@dataclass(frozen=True)
class Skip:
    member_id: int
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Dispatch:
    """The outcome: who gets the job, who was passed over and why, and the new state
    of the rotation (pointer and owed members) to store on the team."""

    chosen_id: int | None
    skips: tuple = ()
    pointer_id: int | None = None
    owed_ids: frozenset = field(default_factory=frozenset)

    @property
    def dispatched(self):
        return self.chosen_id is not None


def skip_reason(member, need):
    """Why ``member`` cannot take a job with ``need``, or ``None`` when they can.

    Skills are checked before availability so the reason is the lasting one.
    """
    if (
        member.category_ids
        and need.category_path
        and not member.category_ids.intersection(need.category_path)
    ):
        return Skip(member.id, NO_CATEGORY_SKILL)
    if (
        member.service_type_ids
        and need.service_type_id is not None
        and need.service_type_id not in member.service_type_ids
    ):
        return Skip(member.id, NO_SERVICE_TYPE_SKILL)
    if not member.available:
        return Skip(member.id, UNAVAILABLE, member.unavailable_reason)
    return None


def rotation(members, pointer_id):
    """``members`` in turn order starting after ``pointer_id``.

    A pointer that is not in the list (none yet, or its member was removed) starts
    the rotation at the top.
    """
    members = list(members)
    ids = [member.id for member in members]
    if pointer_id not in ids:
        return members
    start = ids.index(pointer_id) + 1
    return members[start:] + members[:start]


def choose_engineer(members, pointer_id, need):
    """Choose the engineer for a job (R-IN-4).

    :param members: the team's rotation, in order (sequence), as :class:`Member`
    :param pointer_id: the member the regular rotation last reached, or ``None``
    :param need: the :class:`Need` of the request
    :return: a :class:`Dispatch`. When nobody can take the job, nothing changes:
        the pointer and the owed members stay as they were.
    """
    ordered = rotation(members, pointer_id)
    owed = [member for member in ordered if member.owed]
    regular = [member for member in ordered if not member.owed]
    owed_ids = frozenset(member.id for member in owed)
    skips = []
    for member in owed:
        reason = skip_reason(member, need)
        if reason is None:
            return Dispatch(
                chosen_id=member.id,
                skips=tuple(skips),
                pointer_id=pointer_id,
                owed_ids=owed_ids - {member.id},
            )
        skips.append(reason)
    passed_over = []
    for member in regular:
        reason = skip_reason(member, need)
        if reason is None:
            return Dispatch(
                chosen_id=member.id,
                skips=tuple(skips),
                pointer_id=member.id,
                owed_ids=owed_ids | frozenset(passed_over),
            )
        skips.append(reason)
        passed_over.append(member.id)
    return Dispatch(
        chosen_id=None, skips=tuple(skips), pointer_id=pointer_id, owed_ids=owed_ids
    )
