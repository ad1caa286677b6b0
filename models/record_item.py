# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AfterSalesRecordItem(models.Model):
    """An item a field service record can be required to carry (R-REC-3).

    The code names the record field that holds the item, or ``evaluation`` for the
    four customer evaluation answers together.
    """

    _name = "after_sales.record.item"
    _inherit = ["after_sales.input.bounds"]
    _description = "After-Sales Service Record Item"
    _order = "sequence, id desc"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A record item code must be unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        record_model = self.env["after_sales.service.record"]
        for item in self:
            if not record_model._is_record_item_code(item.code):
                raise ValidationError(
                    self.env._(
                        "The record item code %(code)s is neither a field of the "
                        "service record nor 'evaluation'.",
                        code=item.code,
                    )
                )
