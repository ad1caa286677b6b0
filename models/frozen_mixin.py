# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# Marks a write made by a transition (``_transition_write``). An object, so that
# no JSON-RPC context can carry it: a caller cannot pretend to be a transition.
TRANSITION = object()


class AfterSalesFrozenMixin(models.AbstractModel):
    """One guard for "what was signed, decided or submitted never changes" (R-X-3).

    A document lists the fields its events, money and signatures depend on in
    ``_frozen_fields`` and the states in which they are final in
    ``_frozen_states`` (read from ``_frozen_state_field``). Any ``write`` that
    touches one of them on a frozen document raises a translated ``UserError``
    naming the fields, whoever calls and however (form, RPC, code); the
    transitions that freeze a document write its last values before its state
    changes. Used by service records, return appraisals and work logs, and by
    every later document that signs or books something.

    ``_transition_fields`` (the state, who decided, when) change only through the
    document's transitions (``_transition_write``), never by a plain
    ``create``/``write`` of a user — not even one of a role that may edit the
    document. ``_lock_for_transition`` locks the rows a transition reads and then
    changes, so that two users at once cannot both pass its guard.
    """

    _name = "after_sales.frozen.mixin"
    _description = "Frozen Fields of Final Documents"

    _frozen_fields = ()
    _frozen_states = ()
    _frozen_state_field = "state"
    _transition_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        if self._transition_fields and not self._in_transition():
            defaults = self.default_get(list(self._transition_fields))
            for vals in vals_list:
                for name in self._transition_fields:
                    if vals.get(name) and vals[name] != defaults.get(name):
                        raise AccessError(self._transition_message(name))
        return super().create(vals_list)

    def write(self, vals):
        if not self._in_transition():
            for name in self._transition_fields:
                if name in vals:
                    raise AccessError(self._transition_message(name))
        self._frozen_check(vals)
        return super().write(vals)

    def _in_transition(self):
        return self.env.su or self.env.context.get("after_sales_transition") is (
            TRANSITION
        )

    def _transition_message(self, field_name):
        return self.env._(
            "%(field)s of %(model)s changes only through its actions (buttons), "
            "never by editing it.",
            field=self._fields[field_name]._description_string(self.env),
            model=self.env["ir.model"]._get(self._name).name,
        )

    def _transition_write(self, vals):
        """Write as the document's transition: the transition fields may change.
        Called by the ``_do_*`` methods only, after their guard."""
        return self.with_context(after_sales_transition=TRANSITION).write(vals)

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

    def _frozen_check(self, vals):
        """Raise when ``vals`` changes a frozen field of a frozen document."""
        touched = set(self._frozen_fields).intersection(vals)
        if not touched:
            return
        for document in self:
            state = document[self._frozen_state_field]
            if state in self._frozen_states:
                raise UserError(document._frozen_message(state, touched))

    def _frozen_message(self, state, field_names):
        self.ensure_one()
        field = self._fields[self._frozen_state_field]
        state_label = dict(field._description_selection(self.env)).get(state, state)
        labels = sorted(
            self._fields[name]._description_string(self.env) for name in field_names
        )
        return self.env._(
            "%(document)s is %(state)s: %(fields)s can no longer be changed.",
            document=self.display_name,
            state=state_label,
            fields=", ".join(labels),
        )
