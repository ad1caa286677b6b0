# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL

# Marks a write made by a transition (``_transition_write``). An object, so that
# no JSON-RPC context can carry it: a caller cannot pretend to be a transition.
TRANSITION = object()
# In ``_state_editable``: every field but the transition fields is editable.
ALL = "__all__"
# In ``_state_editable``: the document's attachments (its
# evidence: photos, scans) — they freeze like a field.
ATTACHMENTS = "__attachments__"


class Transition(NamedTuple):
    """One step of a document's life, declared in ``_transitions``.

    ``from_states``: the states it starts from (empty: any). ``groups``: the
    roles that may take it, any of them (XML ids; empty: whoever may write the
    document). ``to_state``: where it leads (for the trail and the tests).
    ``guard``: the method that returns why it cannot be taken now, or ``False``
    (default ``_guard_<name>``; without one, a ``cannot_<name>_reason`` the
    model computes itself). A refusal of the person rather than of the
    document's facts (nobody approves their own) is a :class:`Denied` reason of
    ``_person_<name>``, checked right after the roles, whatever the state.
    """

    from_states: tuple = ()
    to_state: str = None
    groups: tuple = ()
    guard: str = None


class Denied(str):
    """A guard's reason that is a refusal of the role (raised as an
    ``AccessError``), not of the document's facts (a ``UserError``)."""


class FrozenError(UserError):
    """A write, create or delete of what a document's state has frozen."""


class TransitionFieldError(AccessError):
    """A write of a state or decision field outside the document's transitions."""


# Over JSON-RPC both are served as the Odoo errors they are, so that the web
# client shows its warning dialog (an unknown name shows a server error).
for _error, _base in ((FrozenError, UserError), (TransitionFieldError, AccessError)):
    _error.__module__ = _base.__module__
    _error.__name__ = _error.__qualname__ = _base.__name__


class AfterSalesFrozenMixin(models.AbstractModel):
    """The transition layer of every after-sales document (R-X-3, DESIGN §5).

    A document declares, and the layer enforces for every caller (form,
    JSON-RPC, code):

    - ``_transitions``: ``{name: Transition(...)}``. The layer gives the
      ``can_<name>`` / ``cannot_<name>_reason`` fields the model declares with
      ``compute="_compute_transitions"``, ``_check_transition(name)`` (raises the
      reason: ``AccessError`` for a role, ``UserError`` naming the document
      otherwise) and ``_begin_transition(name)`` (locks the rows, then checks).
    - ``_transition_fields``: the state and the decision fields (who, when, the
      entry booked…). They change only in ``_transition_write``, which the
      transitions call after their guard, and which leaves a row of
      ``after_sales.transition.log`` for every change of state.
    - ``_state_editable``: ``{state: ALL | (field, …)}`` — what a plain write may
      still change in each state; a state not listed freezes everything (its
      one2many lines and, with ``ATTACHMENTS``, its attachments included). A
      document is deleted only in ``_unlink_states`` (default: the states
      where it is fully editable).
    - on a line model, ``_frozen_parent``: the many2one to its document; the
      line is created, changed, moved or deleted only while the document's
      state leaves the one2many that holds the line editable.
    """

    _name = "after_sales.frozen.mixin"
    _description = "Transitions and Frozen Fields of After-Sales Documents"

    _transitions = {}
    _state_editable = None
    _frozen_state_field = "state"
    _transition_fields = ()
    _frozen_parent = None
    # The states in which a document may be deleted (default: those where it is
    # fully editable); in any other, it is cancelled or reversed instead.
    _unlink_states = None
    # A numbered document: the layer gives the number (``_next_number``) and
    # nobody types or changes it.
    _number_field = None

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self._transition_fields and not self._in_transition():
            defaults = self.default_get(list(self._transition_fields))
            for vals in vals_list:
                for name in self._transition_fields:
                    if vals.get(name) and vals[name] != defaults.get(name):
                        raise TransitionFieldError(self._transition_message(name))
        if self._number_field:
            for vals in vals_list:
                number = vals.get(self._number_field)
                if number and number != "/" and not self._in_transition():
                    raise TransitionFieldError(
                        self._transition_message(self._number_field)
                    )
                if not number or number == "/":
                    vals[self._number_field] = self._next_number(vals)
        if self._frozen_parent and not self._in_transition_write():
            parent_ids = {vals.get(self._frozen_parent) for vals in vals_list}
            self._frozen_parent_check(
                self._parent_model().browse(parent_ids - {None, False})
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self._in_transition():
            for name in (*self._transition_fields, self._number_field):
                if name and name in vals:
                    raise TransitionFieldError(self._transition_message(name))
        if not self._in_transition_write():
            self._frozen_check(vals)
            if self._frozen_parent:
                parents = self[self._frozen_parent]
                if vals.get(self._frozen_parent):
                    parents |= parents.browse(vals[self._frozen_parent])
                self._frozen_parent_check(parents)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        """A document its state froze, in part or whole, is never deleted: it is
        cancelled or reversed. A line only while its document is editable."""
        if self._in_transition_write():
            return
        for document in self:
            state = document._document_state()
            if not document._deletable_in_state(state):
                raise FrozenError(
                    self.env._(
                        "%(document)s is %(state)s: it cannot be deleted; cancel "
                        "or reverse it instead.",
                        document=document.display_name,
                        state=document._frozen_state_label(state),
                    )
                )
        if self._frozen_parent:
            self._frozen_parent_check(self[self._frozen_parent])

    def _next_number(self, vals):
        """The number of a new document of ``vals`` (``_number_field``)."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # What each state freezes
    # ------------------------------------------------------------------

    @api.model
    def _always_editable(self):
        """Fields no state freezes: followers, activities, messages and the
        write stamps (the chatter stays open on a final document)."""
        names = set(LOG_ACCESS_COLUMNS)
        for mixin in ("mail.thread", "mail.activity.mixin"):
            if mixin in self.pool and isinstance(self, self.pool[mixin]):
                names.update(self.env[mixin]._fields)
        return names

    def _document_state(self):
        """The state the freeze reads (``None`` for a document without one)."""
        self.ensure_one()
        if self._frozen_state_field not in self._fields:
            return None
        return self[self._frozen_state_field]

    def _frozen_in_state(self, state, names=None):
        """The fields of ``names`` (all the document's, plus ``ATTACHMENTS``,
        when ``None``) that ``state`` freezes."""
        if names is None:
            names = set(self._fields) | {ATTACHMENTS}
        if self._state_editable is None:
            return set()  # a line: its document's state decides
        editable = self._state_editable.get(state, ())
        if editable == ALL:
            return set()
        return (
            set(names)
            - set(editable)
            - self._always_editable()
            - set(self._transition_fields)
        )

    def _deletable_in_state(self, state):
        if self._unlink_states is not None:
            return state in self._unlink_states
        return not self._frozen_in_state(state)

    def _frozen_check(self, vals):
        """Raise when ``vals`` changes what the state of a document froze."""
        if self._state_editable is None:
            return
        for document in self:
            state = document._document_state()
            touched = document._frozen_in_state(state, vals)
            if touched:
                raise FrozenError(document._frozen_message(state, touched))

    def _attachments_frozen(self):
        """The documents of ``self`` whose state froze their attachments."""
        return self.filtered(
            lambda d: d._frozen_in_state(d._document_state(), {ATTACHMENTS})
        )

    def _parent_model(self):
        return self.env[self._fields[self._frozen_parent].comodel_name]

    def _frozen_parent_check(self, parents):
        """Lines change only while their document leaves them editable."""
        if not parents:
            return
        holders = [
            name
            for name, field in parents._fields.items()
            if field.type == "one2many"
            and field.comodel_name == self._name
            and field.inverse_name == self._frozen_parent
        ]
        for parent in parents.exists():
            state = parent._document_state()
            if parent._frozen_in_state(state, holders or {self._frozen_parent}):
                raise FrozenError(
                    parent._frozen_message(state, holders or {self._frozen_parent})
                )

    def _frozen_message(self, state, field_names):
        self.ensure_one()
        labels = sorted(
            self.env._("attachments")
            if name == ATTACHMENTS
            else self._fields[name]._description_string(self.env)
            for name in field_names
        )
        return self.env._(
            "%(document)s is %(state)s: %(fields)s can no longer be changed.",
            document=self.display_name,
            state=self._frozen_state_label(state),
            fields=", ".join(labels),
        )

    def _frozen_state_label(self, state=None):
        field = self._fields.get(self._frozen_state_field)
        if state is None:
            state = self._document_state()
        if not field or field.type != "selection":
            return str(state)
        return dict(field._description_selection(self.env)).get(state, state)

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _in_transition(self):
        """The transition fields may be written: by a transition, or by the
        system (superuser)."""
        return self.env.su or self._in_transition_write()

    def _in_transition_write(self):
        """Written by a transition (``_transition_write``): the state's freeze
        does not apply — not even the superuser escapes it otherwise."""
        return self.env.context.get("after_sales_transition") is TRANSITION

    def _transition_message(self, field_name):
        return self.env._(
            "%(field)s of %(model)s changes only through its actions (buttons), "
            "never by editing it.",
            field=self._fields[field_name]._description_string(self.env),
            model=self.env["ir.model"]._get(self._name).name,
        )

    def _transition_reason(self, name):
        """Why transition ``name`` cannot be taken on this document now (a
        :class:`Denied` for a role refusal), or ``False``."""
        self.ensure_one()
        transition = self._declared_transitions()[name]
        if (
            transition.groups
            and not self.env.su
            and not any(self.env.user.has_group(g) for g in transition.groups)
        ):
            return Denied(
                self.env._(
                    "Only %(roles)s may do this.",
                    roles=self.env._(" or ").join(
                        self.env.ref(g).sudo().name for g in transition.groups
                    ),
                )
            )
        person = getattr(self, f"_person_{name}", None)
        if person and (reason := person()):
            return reason
        state = self._document_state()
        if transition.from_states and state not in transition.from_states:
            if state == transition.to_state:
                return self.env._(
                    "%(document)s is already %(state)s.",
                    document=self.display_name,
                    state=self._frozen_state_label(state),
                )
            return self.env._(
                "%(document)s is %(state)s: this step is not possible now.",
                document=self.display_name,
                state=self._frozen_state_label(state),
            )
        guard = getattr(self, transition.guard or f"_guard_{name}", None)
        if guard:
            return guard()
        # No guard method: the reason the model computes itself, if any.
        reason = self._fields.get(f"cannot_{name}_reason")
        if reason and reason.compute != "_compute_transitions":
            return self[reason.name]
        return False

    def _declared_transitions(self):
        """``_transitions`` of every class of the model (a model extended in
        feature files declares each feature's transitions in its own file)."""
        cls = type(self)
        merged = cls.__dict__.get("_after_sales_transitions")
        if merged is None:
            merged = {}
            for klass in reversed(cls.__mro__):
                merged.update(vars(klass).get("_transitions", {}))
            cls._after_sales_transitions = merged
        return merged

    @api.depends_context("uid")
    def _compute_transitions(self):
        """``can_<x>`` and ``cannot_<x>_reason`` of every declared transition,
        from the same reasons the transitions raise."""
        for name in self._declared_transitions():
            targets = [
                (field_name, kind)
                for field_name, kind in (
                    (f"can_{name}", "can"),
                    (f"cannot_{name}_reason", "why"),
                )
                if field_name in self._fields
                and self._fields[field_name].compute == "_compute_transitions"
            ]
            if not targets:
                continue
            for document in self:
                reason = document._transition_reason(name) if document.id else True
                for field_name, kind in targets:
                    if kind == "can":
                        document[field_name] = not reason
                    else:
                        document[field_name] = reason if isinstance(reason, str) else ""

    def _check_transition(self, name):
        """Raise why transition ``name`` cannot be taken on any of ``self``."""
        for document in self:
            reason = document._transition_reason(name)
            if not reason:
                continue
            if isinstance(reason, Denied):
                raise AccessError(reason)
            raise UserError(
                self.env._(
                    "%(document)s: %(reason)s",
                    document=document.display_name,
                    reason=reason,
                )
            )

    def _begin_transition(self, name):
        """Lock the documents, then check transition ``name`` on what is
        committed: two users at once cannot both pass the guard."""
        self._lock_for_transition()
        self._check_transition(name)
        return self

    def _transition_write(self, vals):
        """Write as the document's transition: the transition fields may change
        and the state's freeze does not apply. Called after the guard only."""
        state_field = self._frozen_state_field
        changes = []
        if state_field in vals:
            changes = [
                (document, document[state_field])
                for document in self
                if document[state_field] != vals[state_field]
            ]
        result = self.with_context(after_sales_transition=TRANSITION).write(vals)
        if changes:
            self.env["after_sales.transition.log"].sudo().create(
                [
                    {
                        "res_model": document._name,
                        "res_id": document.id,
                        "from_state": str(old or ""),
                        "to_state": str(vals[state_field] or ""),
                        "user_id": self.env.uid,
                        "company_id": document._transition_company().id,
                    }
                    for document, old in changes
                ]
            )
        return result

    def _transition_company(self):
        self.ensure_one()
        company = self["company_id"] if "company_id" in self._fields else None
        return company or self.env.company

    def _lock_for_transition(self):
        """Lock the rows (``SELECT … FOR UPDATE``) and re-read them, so that the
        guard that follows sees what a concurrent transition committed. Returns
        ``self``."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                ),
                log_exceptions=False,  # a serialization failure is retried
            )
            self.invalidate_recordset()
        return self


class AfterSalesTransitionLog(models.Model):
    """The trail of every change of state of an after-sales document: which,
    from what to what, by whom and when. Append-only: written by the
    transitions as superuser, never edited or deleted."""

    _name = "after_sales.transition.log"
    _description = "After-Sales Document History"
    _order = "id desc"
    _log_access = False

    res_model = fields.Char(string="Document Model", required=True, index=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, index=True
    )
    from_state = fields.Char(string="From")
    to_state = fields.Char(string="To", required=True)
    # As Odoo's own write stamps: a deleted user leaves the row, not the name.
    user_id = fields.Many2one("res.users", string="By", ondelete="set null")
    company_id = fields.Many2one("res.company", required=True, index=True)
    at = fields.Datetime(string="On", required=True, default=fields.Datetime.now)
    # What the reader reads: the document's name and kind, the states' labels in
    # their language (never the technical keys).
    document_name = fields.Char(string="Document", compute="_compute_labels")
    document_type = fields.Char(string="Type", compute="_compute_labels")
    from_label = fields.Char(string="From State", compute="_compute_labels")
    to_label = fields.Char(string="To State", compute="_compute_labels")

    @api.depends("res_model", "res_id", "from_state", "to_state")
    @api.depends_context("lang")
    def _compute_labels(self):
        for model, logs in self.grouped("res_model").items():
            Model = self.env[model].sudo() if model in self.env else None
            if Model is None:
                logs.update(
                    {
                        "document_name": False,
                        "document_type": model,
                        "from_label": False,
                        "to_label": False,
                    }
                )
                continue
            names = dict(
                Model.browse(logs.mapped("res_id"))
                .exists()
                .mapped(lambda d: (d.id, d.display_name))
            )
            field = Model._fields.get(Model._frozen_state_field)
            labels = (
                dict(field._description_selection(self.env))
                if field and field.type == "selection"
                else {}
            )
            kind = self.env["ir.model"].sudo()._get(model).name
            for log in logs:
                log.document_name = names.get(log.res_id, False)
                log.document_type = kind
                log.from_label = labels.get(log.from_state, log.from_state)
                log.to_label = labels.get(log.to_state, log.to_state)

    def write(self, vals):
        if self:
            raise AccessError(self.env._("The history of a document is never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if not self.env.context.get("module_uninstall"):
            raise AccessError(self.env._("The history of a document is never deleted."))
