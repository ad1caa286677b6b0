# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The transition layer holds every document still by construction (R-X-3).

The tests find the models by themselves, from the registry: a model the addon
defines is either a document on the layer (it inherits
``after_sales.frozen.mixin``) or named in ``NOT_DOCUMENTS`` with the reason it
needs no freeze; a new model in neither fails the suite. For every document and
every state of it, every field that state freezes is written (as the
superuser: the freeze spares nobody) and must be refused; its attachments too;
its transition fields refuse every plain write; a document its state froze is
not deleted.
"""

import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.frozen_mixin import (
    ATTACHMENTS,
    FrozenError,
    TransitionFieldError,
)
from .common import AfterSalesCase

# Models of the addon that are not documents with a life of states, and why no
# state freezes them. Everything else the addon defines must be on the layer.
NOT_DOCUMENTS = {
    "after_sales.callback.question": "master data; answers point at it",
    "after_sales.cause.category": "master data kept by managers",
    "after_sales.dispatch.member": "the team's rotation, master data",
    "after_sales.engineer.rate": "a rate kept by finance; costs copy it when booked",
    "after_sales.penalty.rule": "master data; ledger lines copy the amounts",
    "after_sales.performance.event": "append-only, written by the system only",
    "after_sales.record.item": "master data",
    "after_sales.service.type": "master data",
    "after_sales.signoff.step": "master data; signatures copy the step",
    "after_sales.sla.breach": "append-only, written by the breach job only",
    "after_sales.notice.digest": "what a job tells a person, written by the jobs",
    "after_sales.sla.policy": "master data; deadlines copy the hours",
    "after_sales.sla.policy.line": "master data",
    "after_sales.ticket.deadline": "computed by the system, never written by users",
    "after_sales.transition.log": "the layer's own append-only history",
    "after_sales.travel.zone": "master data; costs copy the amount",
    "after_sales.warranty.determination": "computed by the system; frozen with "
    "its request",
    "after_sales.warranty.determination.component": "part of the determination",
    "after_sales.warranty.exclusion": "master data",
    "after_sales.warranty.policy": "master data; determinations copy it",
    "after_sales.warranty.policy.component": "master data",
    "after_sales.warranty.queue": "the system's work queue",
    "after_sales.work.log.amendment": "append-only, written by the system only",
    "after_sales.warranty.reason": "part of the determination",
    "after_sales.improvement.check": "append-only, written by the verification only",
    "after_sales.quality.review": "a report on a SQL view, read only",
    "after_sales.kpi.target": "configuration: the service targets",
    "after_sales.report.labour": "a report on a SQL view, read only",
    "after_sales.report.material": "a report on a SQL view, read only",
    "after_sales.report.feedback": "a report on a SQL view, read only",
    "after_sales.report.cause": "a report on a SQL view, read only",
    "after_sales.report.year": "a report on a SQL view, read only",
}


def addon_models(env):
    """The concrete models the addon defines itself (not those it extends)."""
    return sorted(
        name
        for name in env.registry
        if env[name]._original_module == "after_sales_service"
        and not env[name]._abstract
        and not env[name]._transient
    )


def layer_models(env):
    Mixin = env.registry["after_sales.frozen.mixin"]
    return [name for name in addon_models(env) if isinstance(env[name], Mixin)]


def other_value(record, name):
    """A value for field ``name`` other than ``record``'s (any will do: the
    freeze refuses the key before anything reads the value)."""
    field = record._fields[name]
    value = record[name]
    if field.type in ("char", "text", "html"):
        return f"{value or ''}x"
    if field.type == "integer":
        return (value or 0) + 1
    if field.type in ("float", "monetary"):
        return value / 2 if value else 0.5
    if field.type == "boolean":
        return not value
    if field.type == "date":
        return (value or fields.Date.today()) + timedelta(days=1)
    if field.type == "datetime":
        return (value or fields.Datetime.now()) + timedelta(hours=1)
    if field.type == "selection":
        choices = [
            key
            for key, _label in field._description_selection(record.env)
            if key != value
        ]
        return choices[0] if choices else value
    if field.type == "many2one":
        other = record.env[field.comodel_name].search([("id", "!=", value.id)], limit=1)
        return other.id or False
    if field.type in ("one2many", "many2many"):
        return [Command.clear()]
    if field.type == "binary":
        return base64.b64encode(b"x")
    return False


@tagged("post_install", "-at_install")
class TestTransitionLayer(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samples = cls._sample_documents()
        # A user with every role of the department (not the superuser).
        cls.admin = new_test_user(
            cls.env,
            "t_every_role",
            groups="base.group_user,after_sales_service.group_general_manager,"
            "after_sales_service.group_finance,after_sales_service.group_warehouse,"
            "after_sales_service.group_estimator,stock.group_stock_user",
        )

    def _force_state(self, record, state):
        """Put ``record`` in ``state`` as a walk of the states does: in SQL, so
        that no guard of the transitions is needed to reach it."""
        field = record._frozen_state_field
        self.env.flush_all()
        self.env.cr.execute(
            f'UPDATE "{record._table}" SET "{field}" = %s WHERE id = %s',  # noqa: S608
            (state, record.id),
        )
        record.invalidate_recordset()

    def _walk_states(self, record):
        """``(state, frozen field names)`` of ``record`` in every state of its
        document: its own, or for a line its document's (the line freezes
        whole where its document freezes the lines)."""
        if record._frozen_parent:
            parent = record[record._frozen_parent]
            holders = {
                name
                for name, field in parent._fields.items()
                if field.type == "one2many" and field.comodel_name == record._name
            }
            own_state = record._frozen_state_field in record._fields
            field = parent._fields[parent._frozen_state_field]
            for state, _label in field._description_selection(self.env):
                self._force_state(parent, state)
                if own_state and record._fields[record._frozen_state_field].store:
                    self._force_state(record, state)
                if parent._frozen_in_state(state, holders):
                    yield state, set(record._fields) - {record._frozen_parent}
                else:
                    yield state, record._frozen_in_state(state)
            return
        field = record._fields[record._frozen_state_field]
        for state, _label in field._description_selection(self.env):
            self._force_state(record, state)
            yield state, record._frozen_in_state(state)

    def test_every_model_is_a_document_or_says_why_not(self):
        """R-X-3: a model the addon adds is on the transition layer or named
        with the reason no state freezes it; a new one in neither fails."""
        documents = set(layer_models(self.env))
        unclassified = sorted(
            set(addon_models(self.env)) - documents - set(NOT_DOCUMENTS)
        )
        self.assertFalse(unclassified, "neither on the layer nor in NOT_DOCUMENTS")
        stale = sorted(set(NOT_DOCUMENTS) - set(addon_models(self.env)))
        self.assertFalse(stale, "NOT_DOCUMENTS names models that do not exist")
        self.assertFalse(documents & set(NOT_DOCUMENTS))

    def test_every_document_declares_its_states(self):
        """R-X-3: a document of the layer says what each state leaves editable
        (a state it does not name freezes everything); a line follows its
        document."""
        undeclared = [
            model
            for model in layer_models(self.env)
            if self.env[model]._state_editable is None
            and not self.env[model]._frozen_parent
        ]
        self.assertFalse(undeclared)

    def test_every_document_has_a_sample(self):
        """The walks below reach every document of the layer."""
        missing = sorted(set(layer_models(self.env)) - set(self.samples))
        self.assertFalse(missing, "add a sample to AfterSalesCase._sample_documents")

    def test_declared_transitions_are_consistent(self):
        """R-X-3: every declared transition names real states, real roles and a
        guard that exists; every ``can_<x>`` field is the layer's."""
        problems = []
        for model in layer_models(self.env):
            Model = self.env[model]
            if Model._frozen_state_field not in Model._fields:
                continue  # a line: its document's states
            states = {
                key
                for key, _label in Model._fields[
                    Model._frozen_state_field
                ]._description_selection(self.env)
            }
            for state in Model._state_editable or {}:
                if state not in states:
                    problems.append(f"{model}: editable state {state} unknown")
            for name, transition in Model._declared_transitions().items():
                for state in (*transition.from_states, transition.to_state):
                    if state and state not in states:
                        problems.append(f"{model}.{name}: state {state} unknown")
                for group in transition.groups:
                    if not self.env.ref(group, raise_if_not_found=False):
                        problems.append(f"{model}.{name}: group {group} unknown")
                if transition.guard and not hasattr(Model, transition.guard):
                    problems.append(f"{model}.{name}: no {transition.guard}")
            for field_name, field in Model._fields.items():
                if field_name.startswith("can_") and field.compute == (
                    "_compute_transitions"
                ):
                    if field_name[4:] not in Model._declared_transitions():
                        problems.append(f"{model}.{field_name}: no such transition")
        self.assertFalse(problems, "\n".join(problems))

    def test_every_frozen_field_of_every_state_refuses(self):
        """R-X-3: for every document of the layer and every one of its states,
        every field the state freezes refuses a write — even the superuser's —
        with the layer's error, and nothing changes."""
        holes = []
        tried = refused = 0
        for model, record in sorted(self.samples.items()):
            if model not in layer_models(self.env):
                continue
            for state, frozen in self._walk_states(record):
                for name in sorted(frozen - {ATTACHMENTS}):
                    spec = record._fields.get(name)
                    if not spec or not spec.store or spec.compute and spec.readonly:
                        continue
                    if name in ("id", "display_name") or spec.automatic:
                        continue
                    tried += 1
                    value = other_value(record, name)
                    try:
                        with self.env.cr.savepoint():
                            record.write({name: value})
                            self.env.flush_all()
                        holes.append(f"{model}[{state}].{name}: written")
                    except UserError:
                        refused += 1  # FrozenError, or the document's own words
                    except Exception as error:  # noqa: BLE001 - the test's subject
                        holes.append(
                            f"{model}[{state}].{name}: {type(error).__name__} "
                            f"{str(error)[:80]}"
                        )
                    record.invalidate_recordset()
        self.assertGreater(tried, 100)
        self.assertEqual(refused + len(holes), tried)
        self.assertFalse(holes, "\n" + "\n".join(holes))

    def test_frozen_documents_are_not_deleted(self):
        """R-X-3: money and signatures are never deleted: a document whose state
        froze anything is cancelled or reversed, not deleted."""
        holes, refusals = [], []
        for model, record in sorted(self.samples.items()):
            if model not in layer_models(self.env):
                continue
            for state, frozen in self._walk_states(record):
                if record._frozen_parent:
                    if not frozen:
                        continue
                elif record._deletable_in_state(state):
                    continue
                try:
                    with self.env.cr.savepoint():
                        record.unlink()
                        self.env.flush_all()
                    holes.append(f"{model}[{state}]: deleted")
                except UserError as error:  # FrozenError, or the document's words
                    refusals.append(error)
                record.invalidate_recordset()
        self.assertTrue(refusals)
        self.assertFalse(holes, "\n" + "\n".join(holes))

    def test_frozen_attachments(self):
        """R-X-3: where a state freezes a document's attachments (its evidence),
        none is added, replaced, moved away or deleted."""
        # As a user with every role: the system's own files (superuser) are not
        # evidence.
        Attachment = self.env["ir.attachment"].with_user(self.admin)
        holes, refusals = [], []
        checked = 0
        for model, record in sorted(self.samples.items()):
            if model not in layer_models(self.env) or record._frozen_parent:
                continue
            field = record._fields[record._frozen_state_field]
            states = [key for key, _label in field._description_selection(self.env)]
            open_states = [
                state
                for state in states
                if not record._frozen_in_state(state, {ATTACHMENTS})
            ]
            for state in states:
                if state in open_states or not open_states:
                    continue
                checked += 1
                # The evidence attached while the document was still open.
                self._force_state(record, open_states[0])
                evidence = Attachment.sudo().create(
                    {
                        "name": "photo.jpg",
                        "datas": base64.b64encode(b"photo"),
                        "res_model": model,
                        "res_id": record.id,
                    }
                )
                attachment = evidence.with_user(self.admin)
                self._force_state(record, state)
                attempts = {
                    "added": lambda r=record: Attachment.create(
                        {"name": "more.jpg", "res_model": r._name, "res_id": r.id}
                    ),
                    "replaced": lambda a=attachment: a.write(
                        {"datas": base64.b64encode(b"other")}
                    ),
                    "moved": lambda a=attachment: a.write({"res_id": 0}),
                    "deleted": lambda a=attachment: a.unlink(),
                }
                for what, attempt in attempts.items():
                    try:
                        with self.env.cr.savepoint():
                            attempt()
                        holes.append(f"{model}[{state}]: attachment {what}")
                    except FrozenError as error:
                        refusals.append(error)
        self.assertGreater(checked, 5)
        self.assertEqual(len(refusals) + len(holes), 4 * checked)
        self.assertFalse(holes, "\n" + "\n".join(holes))

    def test_transition_fields_refuse_plain_writes(self):
        """R-X-3: the state and decision fields of every document change only
        through its transitions: a plain write or create as the administrator
        (every role, not the superuser) is refused."""
        holes, refusals = [], []
        for model, record in sorted(self.samples.items()):
            if model not in layer_models(self.env):
                continue
            as_admin = record.with_user(self.admin)
            for name in (*record._transition_fields, record._number_field):
                if not name:
                    continue
                try:
                    with self.env.cr.savepoint():
                        as_admin.write({name: other_value(record, name)})
                    holes.append(f"{model}.{name}: written")
                except (TransitionFieldError, AccessError) as error:
                    refusals.append(error)
        self.assertTrue(refusals)
        self.assertFalse(holes, "\n" + "\n".join(holes))

    def test_transitions_leave_a_history(self):
        """R-X-3: every change of state by a transition is in the document
        history, with who and when; the history is never changed or deleted."""
        custody = self.samples["after_sales.custody"]
        custody.cancel_reason = "客户改为上门维修"
        custody.with_user(self.clerk).action_cancel()
        log = self.env["after_sales.transition.log"].search(
            [("res_model", "=", custody._name), ("res_id", "=", custody.id)]
        )
        self.assertEqual(
            (log.from_state, log.to_state, log.user_id),
            ("draft", "cancelled", self.clerk),
        )
        with self.assertRaises(AccessError):
            log.write({"to_state": "draft"})
        with self.assertRaises(AccessError):
            log.unlink()
        self.assertTrue(log.with_user(self.supervisor).read(["to_state"]))
        with self.assertRaises(AccessError):
            log.with_user(self.engineer).read(["to_state"])
