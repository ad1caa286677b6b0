# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""The portal customer does not read the internal fields of their own request.

helpdesk_mgmt grants portal users read access on helpdesk.ticket, its record rule
limits it to their own tickets; this addon's internal fields (key customer, who
pays, the policies applied, the service-level status and breaches) are restricted
to internal users (``groups="base.group_user"``), so neither the ORM nor JSON-RPC
returns them to the customer (R-X-5, issue #8's probe).
"""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AfterSalesCase

# Internal to the department: the key-customer flag, who pays (warranty payers),
# the policies applied, the service-level status and its breaches.
INTERNAL_FIELDS = (
    "is_key_customer",
    "warranty_parts_payer",
    "warranty_labour_payer",
    "warranty_travel_payer",
    "warranty_policy_id",
    "warranty_applied_policy_id",
    "warranty_needs_supervisor",
    "sla_policy_id",
    "sla_status",
    "sla_next_deadline",
    "sla_next_milestone",
    "sla_paused",
    "sla_breach_count",
    "sla_breach_ids",
)
# Sign-off and quotes (R-APR, R-ACC-2): internal too; checked over the ORM only
# (the JSON-RPC path is the same field-groups guard, pinned above).
SIGNOFF_FIELDS = (
    "responsibility_ids",
    "responsibility_count",
    "signoff_state",
    "signoff_pending_signers",
    "signoff_approved_amount",
    "quote_ids",
    "quote_count",
    "quote_state",
)


@tagged("post_install", "-at_install")
class TestPortalInternalFields(HttpCase, AfterSalesCase):
    """The portal customer does not read the internal fields of their request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "t_portal",
            groups="base.group_portal",
            name="Portal Customer",
            lang="en_US",  # stated: the database's default may be zh_CN
        )
        cls.ticket = cls._create_ticket(partner_id=cls.portal_user.partner_id.id)

    def test_orm_read_refused(self):
        ticket = self.ticket.with_user(self.portal_user)
        self.assertTrue(ticket.read(["name", "stage_id"]))  # their own request
        for name in INTERNAL_FIELDS + SIGNOFF_FIELDS:
            with self.subTest(field=name), self.assertRaises(AccessError):
                ticket.read([name])

    def test_fields_get_hides_them(self):
        fields = self.env["helpdesk.ticket"].with_user(self.portal_user).fields_get()
        self.assertFalse(set(INTERNAL_FIELDS + SIGNOFF_FIELDS) & set(fields))

    def test_json_rpc_read_refused(self):
        """What a customer's browser gets from JSON-RPC, as in the web client.
        (Odoo logs each refusal as a WARNING of odoo.http.)"""
        self.authenticate("t_portal", "t_portal")
        for name in INTERNAL_FIELDS:
            with self.subTest(field=name):
                response = self.url_open(
                    "/web/dataset/call_kw/helpdesk.ticket/read",
                    data=json.dumps(
                        {
                            "jsonrpc": "2.0",
                            "method": "call",
                            "id": 1,
                            "params": {
                                "model": "helpdesk.ticket",
                                "method": "read",
                                "args": [self.ticket.ids, ["name", name]],
                                "kwargs": {},
                            },
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                )
                payload = response.json()
                self.assertNotIn("result", payload, payload.get("result"))
                self.assertEqual(
                    payload["error"]["data"]["name"], "odoo.exceptions.AccessError"
                )
