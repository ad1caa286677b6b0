# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class WarrantyPolicyCallerEnv(models.Model):
    """The policy lookup answers in its caller's environment.

    ``_get_for_product`` searches the policies as superuser and returns the match
    with ``sudo(False)``: that also strips the superuser mode of a caller that runs
    sudo on purpose. helpdesk_mgmt's portal creates and closes the customer's
    ticket with ``sudo()``; the warranty determination then read the policy as the
    portal customer and the customer got 403 (helpdesk_mgmt's
    ``test_submit_ticket_02`` and ``test_close_ticket``). A caller without sudo
    still gets a policy it reads with its own rights.

    To fold into ``warranty_policy.py`` (``.with_env(self.env)`` instead of
    ``.sudo(False)``) by its owner, then delete this file.
    """

    _inherit = "after_sales.warranty.policy"

    def _get_for_product(self, product, company):
        return super()._get_for_product(product, company).with_env(self.env)
