# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models

from .frozen_mixin import ATTACHMENTS, FrozenError


class IrAttachment(models.Model):
    """The attachments of an after-sales document are its evidence (photos of
    the fault, the customer's stamp, scans): once the document's state freezes
    them (``ATTACHMENTS`` in the transition layer), none is added, changed,
    moved away or deleted by a user, however asked (R-X-3). Binary fields
    stored as attachments (``res_field``) follow their field's own freeze; the
    system's own files (an export, a printed copy: made as superuser) are not
    evidence."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        self._after_sales_check_frozen(
            (vals.get("res_model"), vals.get("res_id"))
            for vals in vals_list
            if not vals.get("res_field")
        )
        return super().create(vals_list)

    def write(self, vals):
        # The system's own writes (assets, exports) and a share token read nothing.
        if not self.env.su and set(vals) - {"access_token"}:
            documents = self._after_sales_documents()
            if "res_model" in vals or "res_id" in vals:
                documents += [
                    (vals.get("res_model", a.res_model), vals.get("res_id", a.res_id))
                    for a in self.sudo()
                    if not a.res_field
                ]
            self._after_sales_check_frozen(documents)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_after_sales_evidence(self):
        self._after_sales_check_frozen(self._after_sales_documents())

    def _after_sales_documents(self):
        return [(a.res_model, a.res_id) for a in self.sudo() if not a.res_field]

    @api.model
    def _after_sales_check_frozen(self, documents):
        """Raise when one of ``documents`` (``(model, id)`` pairs) froze its
        attachments."""
        if self.env.su:
            return
        by_model = defaultdict(set)
        for model, res_id in documents:
            if model and res_id and model in self.env:
                by_model[model].add(res_id)
        Mixin = self.pool["after_sales.frozen.mixin"]
        for model, ids in by_model.items():
            records = self.env[model].sudo().browse(ids)
            if not isinstance(records, Mixin):
                continue
            frozen = records.exists()._attachments_frozen()
            if frozen:
                state = frozen[0]._document_state()
                raise FrozenError(
                    frozen[0].with_env(self.env)._frozen_message(state, {ATTACHMENTS})
                )
