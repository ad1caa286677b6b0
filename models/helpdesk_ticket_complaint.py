# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from .const import COMPLAINT_GRADES


class HelpdeskTicket(models.Model):
    """The complaint archive of a complaint request (R-CB-3).

    A request of a service type of kind "complaint" gets its archive when it is
    registered or switched to such a type. From any request, "Register
    Complaint" registers a new complaint request about it (the archive names
    the original). The archive's grade is a criterion of the SLA policies.
    """

    _inherit = "helpdesk.ticket"

    complaint_ids = fields.One2many(
        "after_sales.complaint",
        "ticket_id",
        readonly=True,
        groups="base.group_user",
    )
    complaint_grade = fields.Selection(
        COMPLAINT_GRADES,
        compute="_compute_complaint_grade",
        store=True,
        help="The grade of the request's complaint: its SLA policy follows it.",
        groups="base.group_user",
    )
    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_count",
        groups="base.group_user",
    )

    @api.depends("complaint_ids.grade")
    def _compute_complaint_grade(self):
        for ticket in self:
            ticket.complaint_grade = ticket.complaint_ids[:1].grade or False

    def _compute_complaint_count(self):
        Complaint = self.env["after_sales.complaint"]
        for ticket in self:
            ticket.complaint_count = Complaint.search_count(
                [
                    "|",
                    ("ticket_id", "=", ticket.id),
                    ("related_ticket_ids", "in", ticket.ids),
                ]
            )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        self.env["after_sales.complaint"]._create_for_tickets(tickets)
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if "service_type_id" in vals:
            self.env["after_sales.complaint"]._create_for_tickets(self)
        return result

    def action_register_complaint(self):
        """Button "Register Complaint": a new complaint request about this one,
        its archive naming it; opens the archive."""
        self.ensure_one()
        self.check_access("write")
        if not self.env.user.has_group("after_sales_service.group_clerk"):
            raise AccessError(self.env._("Clerks and supervisors register complaints."))
        complaint_type = self.env.ref(
            "after_sales_service.service_type_complaint", raise_if_not_found=False
        )
        if not complaint_type:
            raise UserError(self.env._("No service type of kind complaint exists."))
        title = self.env._("Complaint about %(request)s", request=self.number)
        new = self.create(
            {
                "name": title,
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "team_id": self.team_id.id,
                "product_id": self.product_id.id,
                "service_type_id": complaint_type.id,
                "description": plaintext2html(title),
            }
        )
        complaint = new.complaint_ids[:1]
        complaint.write({"related_ticket_ids": [fields.Command.link(self.id)]})
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
        }

    def action_view_complaints(self):
        """Smart button "Complaints": the request's archive and those about it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.complaint_action"
        )
        action["domain"] = [
            "|",
            ("ticket_id", "=", self.id),
            ("related_ticket_ids", "in", self.ids),
        ]
        action["context"] = {"create": False}
        return action
