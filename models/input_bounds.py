# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Sizes no after-sales value reaches: a code, a phone, an address fit in a line; a
# note in a page; a count of days or months, a percentage in a million; money in a
# hundred billion yuan. Per-field bounds (``_input_bounds``) are stricter.
CHAR_MAX = 1_000
TEXT_MAX = 100_000
INTEGER_MAX = 1_000_000
FLOAT_MAX = 1e11


class AfterSalesInputBounds(models.AbstractModel):
    """One guard for what a user can type, over the form or JSON-RPC (R-X-4).

    Before a value reaches the ORM or PostgreSQL (where it would end in a
    traceback: "integer out of range", "invalid input syntax", a megabyte phone
    number stored silently), ``create`` and ``write`` check every value of the
    model's own typed fields: its type, a known selection key, a real date, and
    sizes no after-sales value reaches; and it refuses values for the fields the
    system computes (read-only computed or related fields: an ``AccessError``).
    ``_input_bounds`` gives a field stricter ``(minimum, maximum)`` bounds. The
    error is translated and names the field;
    nothing is written.
    """

    _name = "after_sales.input.bounds"
    _description = "Bounds of Typed Values"

    _input_bounds = {}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_input_bounds(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_input_bounds(vals)
        return super().write(vals)

    @api.model
    def _check_input_bounds(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            if (
                not self.env.su
                and field.readonly
                and (field.related or (field.compute and not field.inverse))
            ):
                # The ORM lets a write set a computed or related field; the
                # system computes these (missing items, first-time fix, refund):
                # nobody types them, over the form or JSON-RPC.
                raise AccessError(
                    self.env._(
                        "%(field)s is computed by the system: it cannot be set.",
                        field=field._description_string(self.env),
                    )
                )
            if value is False or value is None:
                continue
            message = self._input_error(field, value)
            if message:
                raise ValidationError(message)

    @api.model
    def _input_error(self, field, value):
        """The translated reason ``value`` cannot go into ``field``, or ``None``."""
        label = field._description_string(self.env)
        kind = field.type
        if kind in ("char", "text"):
            if not isinstance(value, str):
                return self.env._("%(field)s must be text.", field=label)
            limit = CHAR_MAX if kind == "char" else TEXT_MAX
            if len(value) > limit:
                return self.env._(
                    "%(field)s is too long: %(length)s characters, at most %(max)s.",
                    field=label,
                    length=len(value),
                    max=limit,
                )
        elif kind in ("integer", "float", "monetary"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return self.env._("%(field)s must be a number.", field=label)
            default = INTEGER_MAX if kind == "integer" else FLOAT_MAX
            low, high = self._input_bounds.get(field.name, (-default, default))
            if not math.isfinite(value) or not low <= value <= high:
                return self.env._(
                    "%(field)s must lie between %(min)s and %(max)s, not %(value)s.",
                    field=label,
                    min=low,
                    max=high,
                    value=value,
                )
        elif kind == "selection":
            if value not in field.get_values(self.env):
                return self.env._(
                    "%(value)s is not a choice of %(field)s.", value=value, field=label
                )
        elif kind in ("date", "datetime"):
            return self._input_date_error(field, value, label)
        elif kind == "many2one" and (
            isinstance(value, bool) or not isinstance(value, int | models.BaseModel)
        ):
            return self.env._("%(field)s must be a record.", field=label)
        return None

    @api.model
    def _input_date_error(self, field, value, label):
        if isinstance(value, date | datetime):
            return None
        if not isinstance(value, str):
            return self.env._("%(field)s must be a date.", field=label)
        try:
            if field.type == "date":
                fields.Date.to_date(value)
            else:
                fields.Datetime.to_datetime(value)
        except ValueError:
            return self.env._(
                "%(value)s is not a date for %(field)s.", value=value[:40], field=label
            )
        return None
