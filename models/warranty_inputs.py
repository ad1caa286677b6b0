# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one map between the warranty engine's inputs and the fields holding them.

``tools.warranty`` reads :class:`~tools.warranty.WarrantyFacts` (from the service
request) and :class:`~tools.warranty.WarrantyPolicy` (from the warranty policy).
Each table below names, per engine attribute, the model field that holds it;
everything else is derived from them: the request fields whose change
re-determines the warranty, the policy fields that queue a re-determination,
the building of the engine's inputs and the field labels printed in the
engine's error messages. Adding an input is one line here and one field.
"""

from decimal import Decimal

from odoo import fields
from odoo.tools import float_repr

TICKET = "helpdesk.ticket"
POLICY = "after_sales.warranty.policy"

# WarrantyFacts attribute → helpdesk.ticket field
FACT_FIELDS = {
    "report_date": "registered_at",
    "purchase_date": "purchase_date",
    "proof_kind": "proof_kind",
    "factory_date": "warranty_factory_date",
    "card_altered": "warranty_card_altered",
    "serial_unreadable": "warranty_serial_unreadable",
    "installation_date": "warranty_installation_date",
    "fault_kind": "warranty_fault_kind",
    "major_performance_fault": "warranty_major_fault",
    "components": "warranty_component_ids",
    "exclusions": "warranty_exclusion_ids",
    "earlier_repairs_same_fault": "warranty_earlier_repairs",
    "days_in_repair": "warranty_days_in_repair",
    "days_parts_not_supplied": "warranty_days_parts_missing",
    "days_repairer_delay": "warranty_days_repairer_delay",
    "last_repair_date": "warranty_last_repair_date",
    "deformed_out_of_box": "warranty_deformed_out_of_box",
    "same_model_available": "warranty_same_model_available",
    "customer_wants_return": "warranty_customer_wants_return",
    "remote_site": "warranty_remote_site",
    "contract_months": "warranty_contract_months",
}

# WarrantyPolicy attribute → after_sales.warranty.policy field
POLICY_FIELDS = {
    "whole_months": "whole_months",
    "components": "component_ids",
    "start_basis": "start_basis",
    "grace_months": "grace_months",
    "sanbao_applies": "sanbao_applies",
    "return_days": "return_days",
    "exchange_days": "exchange_days",
    "parts_not_supplied_days": "parts_not_supplied_days",
    "repairer_delay_days": "repairer_delay_days",
    "rework_days": "rework_days",
    "max_repairs_same_fault": "max_repairs_same_fault",
    "depreciation_rate": "depreciation_rate",
    "customer_fault_charging": "customer_fault_charging",
    "remote_travel_chargeable": "remote_travel_chargeable",
    "out_of_warranty_travel_chargeable": "out_of_warranty_travel_chargeable",
}

# Request fields that change the facts through a related or computed field
# (serial → factory date and contract, customer → contract) or that choose the
# policy (product, company) or freeze the determination (stage).
_TICKET_TRIGGERS = {
    "lot_id",
    "partner_id",
    "product_id",
    "company_id",
    "stage_id",
    "warranty_other_parts",  # joins the components fact, see _warranty_facts
}

# A change of one of these request fields re-determines the request (R-WAR-8).
TICKET_INPUTS = frozenset(_TICKET_TRIGGERS | set(FACT_FIELDS.values()))
# A change of one of these policy fields re-determines the policy's requests.
POLICY_INPUTS = tuple(f for f in POLICY_FIELDS.values() if f != "component_ids")
# Engine input names in error messages → (model, field) whose label the user knows.
INPUT_LABELS = {
    **{engine: (TICKET, name) for engine, name in FACT_FIELDS.items()},
    **{engine: (POLICY, name) for engine, name in POLICY_FIELDS.items()},
}


def engine_inputs(record, table):
    """Keyword arguments of the engine class for ``record`` by ``table``.

    Values are converted by field type: a datetime is the day it happened in the
    user's time zone (the report date), an empty date is ``None``, an empty
    selection is left out (the engine's default applies), a float is the
    ``Decimal`` the user typed, a many2many is the codes of its records, a
    one2many of components is ``(code, months)`` pairs, and an integer 0 of a
    computed field (the contract months) means none.
    """
    record.ensure_one()
    values = {}
    for engine, name in table.items():
        field = record._fields[name]
        value = record[name]
        if field.type == "datetime":
            value = fields.Date.context_today(record, value) if value else None
        elif field.type == "date":
            value = value or None
        elif field.type == "selection":
            if not value:
                continue
        elif field.type == "float":
            value = Decimal(float_repr(value, field.get_digits(record.env)[1]))
            value = value.normalize()
        elif field.type == "many2many":
            value = tuple(value.mapped("code"))
        elif field.type == "one2many":
            value = tuple((line.code, line.months) for line in value)
        elif field.type == "integer" and field.compute and not value:
            value = None
        values[engine] = value
    return values
