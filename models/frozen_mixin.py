# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


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
    """

    _name = "after_sales.frozen.mixin"
    _description = "Frozen Fields of Final Documents"

    _frozen_fields = ()
    _frozen_states = ()
    _frozen_state_field = "state"

    def write(self, vals):
        self._frozen_check(vals)
        return super().write(vals)

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
