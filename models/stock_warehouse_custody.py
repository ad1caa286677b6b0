# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from .stock_warehouse import StockWarehouse as PartsWarehouse

CUSTODY_KINDS = [("in", "Carry-in"), ("out", "Hand-back")]


class StockWarehouse(models.Model):
    """Customer units in the company's custody (送修, R-REC-7): per warehouse a
    "Customer Units" location under the warehouse's view location (outside its
    stock, so no delivery reserves a customer's unit) and the carry-in / hand-back
    operation types, each with its own sequence."""

    _inherit = "stock.warehouse"

    after_sales_custody_location_id = fields.Many2one(
        "stock.location",
        string="Customer Units Location",
        readonly=True,
        check_company=True,
        help="Where the units customers bring in for repair are kept; they stay "
        "the customer's property.",
    )
    after_sales_custody_in_type_id = fields.Many2one(
        "stock.picking.type",
        string="Carry-in Operation Type",
        readonly=True,
        check_company=True,
    )
    after_sales_custody_out_type_id = fields.Many2one(
        "stock.picking.type",
        string="Hand-back Operation Type",
        readonly=True,
        check_company=True,
    )

    _after_sales_location_labels = (
        *PartsWarehouse._after_sales_location_labels,
        ("after_sales_custody_location_id", "custody"),
    )
    _after_sales_type_labels = (
        *PartsWarehouse._after_sales_type_labels,
        ("after_sales_custody_in_type_id", "custody_in"),
        ("after_sales_custody_out_type_id", "custody_out"),
    )

    def _after_sales_label_terms(self, env):
        return dict(
            super()._after_sales_label_terms(env),
            custody=env._("Customer Units"),
            custody_in=env._("Carry-in Receipts"),
            custody_out=env._("Customer Unit Hand-backs"),
        )

    def _after_sales_stock_setup(self):
        result = super()._after_sales_stock_setup()
        for warehouse in self:
            warehouse._after_sales_custody_setup()
        return result

    def _after_sales_custody_setup(self):
        """Create what is missing of the custody set-up of this warehouse, in its
        company; idempotent. Runs as superuser: it is the warehouse's own set-up,
        whoever created the warehouse."""
        self.ensure_one()
        warehouse = self.sudo().with_company(self.company_id)
        vals = {}
        location = warehouse.after_sales_custody_location_id
        if not location:
            location = warehouse.env["stock.location"].create(
                warehouse._after_sales_custody_location_vals()
            )
            vals["after_sales_custody_location_id"] = location.id
        PickingType = warehouse.env["stock.picking.type"]
        in_type = warehouse.after_sales_custody_in_type_id
        out_type = warehouse.after_sales_custody_out_type_id
        langs = [code for code, _name in warehouse.env["res.lang"].get_installed()]
        if not out_type:
            out_type = PickingType.create(
                warehouse._after_sales_custody_type_vals("out", location)
            )
            warehouse._after_sales_name_in_langs(out_type, "custody_out", langs)
            vals["after_sales_custody_out_type_id"] = out_type.id
        if not in_type:
            in_type = PickingType.create(
                dict(
                    warehouse._after_sales_custody_type_vals("in", location),
                    return_picking_type_id=out_type.id,
                )
            )
            warehouse._after_sales_name_in_langs(in_type, "custody_in", langs)
            vals["after_sales_custody_in_type_id"] = in_type.id
        if vals:
            warehouse.write(vals)
        return True

    def _after_sales_custody_location_vals(self):
        self.ensure_one()
        return {
            # Named in the company's language: location names are not translatable.
            "name": self._after_sales_labels()["custody"],
            "usage": "internal",
            "location_id": self.view_location_id.id,
            "company_id": self.company_id.id,
        }

    def _after_sales_custody_type_vals(self, kind, location):
        """Values of the carry-in (``in``: customers → customer units) or the
        hand-back (``out``: customer units → customers) operation type."""
        self.ensure_one()
        customers = self.env.ref("stock.stock_location_customers")
        # Created in English; ``_after_sales_name_in_langs`` adds the others.
        labels = self._after_sales_labels("en_US")
        if kind == "in":
            name = labels["custody_in"]
            code, sequence_code = "incoming", "CIN"
            source, destination = customers, location
        else:
            name = labels["custody_out"]
            code, sequence_code = "outgoing", "COUT"
            source, destination = location, customers
        return {
            "name": name,
            "code": code,
            "sequence_code": sequence_code,
            "warehouse_id": self.id,
            "company_id": self.company_id.id,
            "default_location_src_id": source.id,
            "default_location_dest_id": destination.id,
            "use_create_lots": kind == "in",
            "use_existing_lots": True,
            "after_sales_custody_kind": kind,
            "sequence": 90,
        }


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    after_sales_custody_kind = fields.Selection(
        CUSTODY_KINDS,
        string="Customer Units",
        readonly=True,
        index="btree_not_null",
        help="Carry-in or hand-back of customer units in the company's custody.",
    )


class StockPicking(models.Model):
    _inherit = "stock.picking"

    after_sales_custody_id = fields.Many2one(
        "after_sales.custody",
        string="Carry-in Receipt",
        readonly=True,
        index="btree_not_null",
        copy=False,
    )


class StockMoveLine(models.Model):
    """The in/out log of customer goods (客户商品进出登记本) lists these lines."""

    _inherit = "stock.move.line"

    after_sales_custody_id = fields.Many2one(
        related="picking_id.after_sales_custody_id", string="Carry-in Receipt"
    )
    after_sales_custody_kind = fields.Selection(
        related="picking_id.picking_type_id.after_sales_custody_kind", string="In/Out"
    )
    after_sales_custody_user_id = fields.Many2one(
        related="picking_id.user_id", string="By"
    )
