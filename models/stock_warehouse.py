# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

# (field, sequence code, code, source, destination) of the after-sales
# operation types of a warehouse (R-PRT-2, R-PRT-5); names in ``_after_sales_labels``.
# Source and destination name warehouse fields ("stock" = its stock location).
PARTS_TYPES = (
    (
        "after_sales_issue_type_id",
        "ASI",
        "internal",
        "stock",
        "after_sales_consumption_location_id",
    ),
    (
        "after_sales_return_type_id",
        "ASR",
        "internal",
        "after_sales_consumption_location_id",
        "stock",
    ),
    (
        "after_sales_transfer_type_id",
        "AST",
        "internal",
        "stock",
        "stock",
    ),
)


class StockWarehouse(models.Model):
    """Each warehouse is a service point with its after-sales locations and
    operation types (R-PRT-2): parts are issued to an after-sales consumption
    location (valued out by ``stock_account``) or to an engineer's van (an
    internal sub-location per engineer), come back by a return, move between
    service points by a transfer; replaced parts taken back wait in a
    defective-parts location. Feature files extend ``_after_sales_stock_setup``
    (calling super) to add theirs; it is idempotent and runs for existing
    warehouses at install (post-init hook) and for each new warehouse."""

    _inherit = "stock.warehouse"

    after_sales_consumption_location_id = fields.Many2one(
        "stock.location", string="After-Sales Consumption Location", copy=False
    )
    after_sales_van_location_id = fields.Many2one(
        "stock.location",
        string="Service Vans",
        copy=False,
        help="Parent of the engineers' van locations.",
    )
    after_sales_defective_location_id = fields.Many2one(
        "stock.location", string="Defective Parts Location", copy=False
    )
    after_sales_issue_type_id = fields.Many2one(
        "stock.picking.type", string="Parts Issue Type", copy=False
    )
    after_sales_return_type_id = fields.Many2one(
        "stock.picking.type", string="Parts Return Type", copy=False
    )
    after_sales_transfer_type_id = fields.Many2one(
        "stock.picking.type", string="Transfer Type", copy=False
    )

    def _after_sales_stock_setup(self):
        """Create what is missing of the after-sales stock set-up; idempotent."""
        for warehouse in self.sudo():
            warehouse._after_sales_parts_locations()
            warehouse._after_sales_parts_types()
        return True

    def _after_sales_labels(self, lang=None):
        """Names of the locations and operation types, in ``lang`` (default: the
        company's language, since location names are not translatable)."""
        lang = lang or self.company_id.partner_id.lang or self.env.lang or "en_US"
        return self._after_sales_label_terms(self.with_context(lang=lang).env)

    def _after_sales_label_terms(self, env):
        """The labels read in ``env``'s language; feature files add theirs."""
        return {
            "consumption": env._("After-Sales Consumption"),
            "vans": env._("Service Vans"),
            "defective": env._("Defective Parts"),
            "after_sales_issue_type_id": env._("After-Sales Parts Issue"),
            "after_sales_return_type_id": env._("After-Sales Parts Return"),
            "after_sales_transfer_type_id": env._("After-Sales Transfer"),
        }

    def _after_sales_parts_locations(self):
        self.ensure_one()
        Location = self.env["stock.location"]
        vals = {}
        if not self.after_sales_consumption_location_id:
            vals["after_sales_consumption_location_id"] = Location.create(
                {
                    "name": f"{self.code}: "
                    + self._after_sales_labels()["consumption"],
                    "usage": "inventory",
                    "location_id": self.env.ref(
                        "stock.stock_location_locations_virtual"
                    ).id,
                    "company_id": self.company_id.id,
                }
            ).id
        if not self.after_sales_van_location_id:
            vals["after_sales_van_location_id"] = Location.create(
                {
                    "name": self._after_sales_labels()["vans"],
                    "usage": "view",
                    "location_id": self.view_location_id.id,
                    "company_id": self.company_id.id,
                }
            ).id
        if not self.after_sales_defective_location_id:
            vals["after_sales_defective_location_id"] = Location.create(
                {
                    "name": self._after_sales_labels()["defective"],
                    "usage": "internal",
                    "location_id": self.view_location_id.id,
                    "company_id": self.company_id.id,
                }
            ).id
        if vals:
            self.write(vals)

    def _after_sales_parts_types(self):
        self.ensure_one()
        vals = {}
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        for field, seq_code, code, src, dest in PARTS_TYPES:
            if self[field]:
                continue
            source = self.lot_stock_id if src == "stock" else self[src]
            destination = self.lot_stock_id if dest == "stock" else self[dest]
            picking_type = self.env["stock.picking.type"].create(
                {
                    "name": self._after_sales_labels("en_US")[field],
                    "code": code,
                    "sequence_code": f"{seq_code}",
                    "warehouse_id": self.id,
                    "company_id": self.company_id.id,
                    "default_location_src_id": source.id,
                    "default_location_dest_id": destination.id,
                    "use_create_lots": False,
                    "use_existing_lots": True,
                    "sequence": 90,
                }
            )
            self._after_sales_name_in_langs(picking_type, field, langs)
            vals[field] = picking_type.id
        if vals:
            self.write(vals)

    def _after_sales_name_in_langs(self, picking_type, label, langs):
        """Give ``picking_type``, created with its English name, the name
        ``label`` in ``langs`` where it still reads the English (R-X-1)."""
        english = self._after_sales_labels("en_US")[label]
        for lang in langs:
            if lang == "en_US":
                continue
            localized = picking_type.with_context(lang=lang)
            if localized.with_context(lang="en_US").name == english == localized.name:
                localized.name = self._after_sales_labels(lang)[label]

    # (warehouse field, label) of the locations the addon creates; the name of
    # the consumption location starts with the warehouse's code.
    _after_sales_location_labels = (
        ("after_sales_consumption_location_id", "consumption"),
        ("after_sales_van_location_id", "vans"),
        ("after_sales_defective_location_id", "defective"),
    )
    # (warehouse field, label) of the operation types the addon creates.
    _after_sales_type_labels = tuple((field, field) for field, *_rest in PARTS_TYPES)

    def _after_sales_location_name(self, label, lang=None):
        name = self._after_sales_labels(lang)[label]
        return f"{self.code}: {name}" if label == "consumption" else name

    def _after_sales_sync_names(self, langs):
        """After a language's terms are loaded (R-X-1): the operation types the
        addon created get the language's names, and the locations it created
        (Odoo's location names are not translatable), still named in English,
        take the company's language when it is one of ``langs``."""
        for warehouse in self.sudo():
            for field, label in warehouse._after_sales_type_labels:
                if warehouse[field]:
                    warehouse._after_sales_name_in_langs(warehouse[field], label, langs)
            lang = warehouse.company_id.partner_id.lang
            if lang not in langs or lang == "en_US":
                continue
            for field, label in warehouse._after_sales_location_labels:
                location = warehouse[field]
                english = warehouse._after_sales_location_name(label, "en_US")
                if location and location.name == english:
                    location.name = warehouse._after_sales_location_name(label, lang)
        return True

    def _after_sales_van_location(self, employee):
        """The van location of ``employee`` in this warehouse, made on first use."""
        self.ensure_one()
        self._after_sales_stock_setup()
        Location = self.env["stock.location"].sudo()
        van = Location.search(
            [
                ("location_id", "=", self.after_sales_van_location_id.id),
                ("after_sales_engineer_id", "=", employee.id),
            ],
            limit=1,
        )
        if not van:
            van = Location.create(
                {
                    "name": employee.name,
                    "usage": "internal",
                    "location_id": self.after_sales_van_location_id.id,
                    "company_id": self.company_id.id,
                    "after_sales_engineer_id": employee.id,
                }
            )
        return van

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._after_sales_stock_setup()
        return warehouses


class StockLocation(models.Model):
    _inherit = "stock.location"

    after_sales_engineer_id = fields.Many2one(
        "hr.employee",
        string="Van of Engineer",
        index="btree_not_null",
        copy=False,
        help="This location is the service van of this engineer.",
    )

    def _after_sales_print_name(self):
        """The location as the paper forms name it (R-PRT-5): a warehouse's
        stock by the warehouse's name (广州服务站), the after-sales consumption
        location without the warehouse code put before it to tell the companies'
        apart in lists (售后耗用), an engineer's van by the vans and the engineer
        (服务车 周杰), any other by its own name —
        never Odoo's full path (Virtual Locations/…)."""
        self.ensure_one()
        warehouse = (
            self.env["stock.warehouse"]
            .sudo()
            .search(
                [
                    "|",
                    ("lot_stock_id", "=", self.id),
                    ("after_sales_consumption_location_id", "=", self.id),
                ],
                limit=1,
            )
        )
        if warehouse and warehouse.lot_stock_id == self:
            return warehouse.name
        prefix = f"{warehouse.code}: " if warehouse else None
        if prefix and self.name.startswith(prefix):
            return self.name[len(prefix) :]
        if self.after_sales_engineer_id:  # 服务车 周杰
            return f"{self.location_id.name} {self.name}"
        return self.name or ""

    @api.depends("complete_name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The full name as a Chinese reader reads it (R-X-1): Odoo's location
        names are not translatable, and the ones Odoo itself creates (the shared
        "Partners/Customers", "Virtual Locations/…", a warehouse's "Stock") are
        English in every database. Those standard names read in the reader's
        language; a name a company gave its location reads as given."""
        if not self.env.lang or self.env.lang == "en_US":
            return super()._compute_display_name()
        terms = self._after_sales_standard_names(self.env)
        for location in self:
            location.display_name = location._after_sales_shown_name(terms)

    def _after_sales_shown_name(self, terms):
        name = terms.get(self.name, self.name)
        if self.location_id and self.usage != "view":
            return f"{self.location_id._after_sales_shown_name(terms)}/{name}"
        return name

    @api.model
    def _after_sales_standard_names(self, env):
        """Odoo's standard location names, read in ``env``'s language."""
        return {
            "Physical Locations": env._("Physical Locations"),
            "Partners": env._("Partners"),
            "Virtual Locations": env._("Virtual Locations"),
            "Customers": env._("Customers"),
            "Vendors": env._("Vendors"),
            "Inter-company transit": env._("Inter-company transit"),
            "Inter-warehouse transit": env._("Inter-warehouse transit"),
            "Inventory adjustment": env._("Inventory adjustment"),
            "Production": env._("Production"),
            "Scrap": env._("Scrap"),
            "Stock": env._("Stock"),
            "Input": env._("Input"),
            "Output": env._("Output"),
            "Quality Control": env._("Quality Control"),
            "Packing Zone": env._("Packing Zone"),
        }
