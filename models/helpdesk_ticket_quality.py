# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .const import QUALITY_CLASSES
from .frozen_mixin import Transition

SUPERVISOR = "after_sales_service.group_supervisor"


class HelpdeskTicket(models.Model):
    """Quality feedback of a request (R-CB-5; 000 §2.13, 001 篇八) and the
    improvement projects it led to (R-CB-4).

    A supervisor classifies the request: new quality problem, repeated
    problem, major batch problem or improvement suggestion (engineers and
    clerks read it). A major batch problem calls a quality analysis meeting of
    the company's chief engineer; without a chief engineer set, the class is
    refused.

    Repeated problems are proposed, not decided: a request is proposed as
    repeated when an earlier request of the same company, the same product and
    the same cause was registered within the company's window (default 90
    days) before it. The cause is the one its service records found
    (``quality_cause_id``: the cause category of its last service record that
    names one) — the request itself names no cause; the engineer finds it on
    site.
    """

    _inherit = "helpdesk.ticket"
    _transitions = {"accept_repeat": Transition((), None, (SUPERVISOR,))}

    quality_class = fields.Selection(
        QUALITY_CLASSES,
        tracking=True,
        copy=False,
        help="Set by a supervisor: a major batch problem calls a quality analysis "
        "meeting of the chief engineer.",
    )
    quality_classifier = fields.Boolean(compute="_compute_quality_classifier")
    quality_cause_id = fields.Many2one(
        "after_sales.cause.category",
        string="Cause Found",
        compute="_compute_quality_cause_id",
        store=True,
        index=True,
        help="The cause category of the request's last service record that names "
        "one.",
    )
    repeat_candidate_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Earlier Requests of the Same Problem",
        compute="_compute_repeat_candidates",
    )
    repeat_proposed = fields.Boolean(
        string="Proposed as Repeated",
        compute="_compute_repeat_candidates",
        search="_search_repeat_proposed",
    )
    improvement_ids = fields.Many2many(
        "after_sales.improvement",
        "after_sales_improvement_ticket_rel",
        "ticket_id",
        "improvement_id",
        string="Improvement Projects",
        readonly=True,
        copy=False,
    )
    improvement_count = fields.Integer(compute="_compute_improvement_count")
    quality_meeting_ids = fields.Many2many(
        "after_sales.quality.meeting",
        "after_sales_quality_meeting_ticket_rel",
        "ticket_id",
        "meeting_id",
        string="Quality Analysis Meetings",
        readonly=True,
        copy=False,
    )
    can_accept_repeat = fields.Boolean(
        compute="_compute_transitions", depends=["quality_class"]
    )
    cannot_accept_repeat_reason = fields.Char(compute="_compute_transitions")

    @api.depends_context("uid")
    def _compute_quality_classifier(self):
        self.quality_classifier = self.env.user.has_group(SUPERVISOR)

    @api.depends("service_record_ids.cause_category_id")
    def _compute_quality_cause_id(self):
        for ticket in self:
            records = ticket.service_record_ids.sudo().filtered("cause_category_id")
            last = records.sorted(lambda r: r._origin.id or 0)[-1:]
            ticket.quality_cause_id = last.cause_category_id

    def _repeat_window_sql(self, alias_new, alias_old):
        """The SQL condition: request ``alias_old`` is an earlier request of the
        same problem as ``alias_new`` within the company's window."""
        return SQL(
            """%(old)s.id != %(new)s.id
               AND %(old)s.company_id = %(new)s.company_id
               AND %(old)s.product_id = %(new)s.product_id
               AND %(old)s.quality_cause_id = %(new)s.quality_cause_id
               AND %(old)s.registered_at <= %(new)s.registered_at
               AND %(old)s.registered_at >= %(new)s.registered_at - make_interval(
                   days => COALESCE((SELECT c.after_sales_repeat_window_days
                                       FROM res_company c
                                      WHERE c.id = %(new)s.company_id), 90))""",
            old=SQL.identifier(alias_old),
            new=SQL.identifier(alias_new),
        )

    @api.depends("product_id", "quality_cause_id", "registered_at", "quality_class")
    def _compute_repeat_candidates(self):
        self.flush_model(
            ["product_id", "quality_cause_id", "registered_at", "company_id"]
        )
        self.env["res.company"].flush_model(["after_sales_repeat_window_days"])
        pairs = {}
        ids = tuple(t.id for t in self if isinstance(t.id, int))
        if ids:
            self.env.cr.execute(
                SQL(
                    """SELECT n.id, o.id FROM helpdesk_ticket n
                         JOIN helpdesk_ticket o ON %s
                        WHERE n.id IN %s AND o.active
                        ORDER BY o.registered_at""",
                    self._repeat_window_sql("n", "o"),
                    ids,
                )
            )
            for new_id, old_id in self.env.cr.fetchall():
                pairs.setdefault(new_id, []).append(old_id)
        for ticket in self:
            earlier = pairs.get(ticket.id, [])
            ticket.repeat_candidate_ids = [Command.set(earlier)]
            ticket.repeat_proposed = bool(earlier) and ticket.quality_class in (
                False,
                "new",
            )

    def _search_repeat_proposed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(
                self.env._("Search requests proposed as repeated by yes or no.")
            )
        self.env["helpdesk.ticket"].flush_model(
            ["product_id", "quality_cause_id", "registered_at", "company_id"]
        )
        query = SQL(
            """(SELECT n.id FROM helpdesk_ticket n
                WHERE (n.quality_class IS NULL OR n.quality_class = 'new')
                  AND EXISTS (SELECT 1 FROM helpdesk_ticket o
                               WHERE o.active AND %s))""",
            self._repeat_window_sql("n", "o"),
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", query)]

    def _compute_improvement_count(self):
        for ticket in self:
            ticket.improvement_count = len(ticket.sudo().improvement_ids)

    # ------------------------------------------------------------------
    # Classification
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("quality_class") for vals in vals_list):
            self._quality_check_classifier()
            for vals in vals_list:
                if vals.get("quality_class") == "major":
                    self._quality_check_chief(vals.get("company_id"))
        tickets = super().create(vals_list)
        tickets.filtered(lambda t: t.quality_class == "major")._quality_call_meeting()
        return tickets

    def write(self, vals):
        if "quality_class" not in vals:
            return super().write(vals)
        if not self._in_transition():
            self._quality_check_classifier()
        if vals["quality_class"] == "major":
            for company in self.company_id or self.env.company:
                self._quality_check_chief(company.id)
        newly_major = self.filtered(lambda t: t.quality_class != "major")
        result = super().write(vals)
        if vals["quality_class"] == "major":
            newly_major._quality_call_meeting()
        return result

    @api.model
    def _quality_check_classifier(self):
        if self.env.su or self.env.user.has_group(SUPERVISOR):
            return
        raise AccessError(
            self.env._("Only a supervisor classifies the quality of a request.")
        )

    @api.model
    def _quality_check_chief(self, company_id):
        company = self.env["res.company"].browse(company_id) or self.env.company
        if not company.sudo().after_sales_chief_engineer_id:
            raise UserError(
                self.env._(
                    "A major batch problem calls a quality analysis meeting of the "
                    "chief engineer, and %(company)s has none: the department "
                    "manager sets the chief engineer in the settings (After-Sales, "
                    "Quality) first.",
                    company=company.name,
                )
            )

    def _quality_call_meeting(self):
        """A quality analysis meeting for each request classified as a major
        batch problem (000 §2.13: 临时的质量分析会), unless one is open."""
        Meeting = self.env["after_sales.quality.meeting"].sudo()
        for ticket in self:
            chief = ticket.company_id.sudo().after_sales_chief_engineer_id
            if ticket.sudo().quality_meeting_ids.filtered(lambda m: m.state == "draft"):
                continue
            Meeting.with_company(ticket.company_id).create(
                {
                    "name": self.env._(
                        "Quality analysis: %(request)s", request=ticket.display_name
                    ),
                    "company_id": ticket.company_id.id,
                    "ticket_ids": [Command.set(ticket.ids)],
                    "chief_engineer_id": chief.id,
                }
            )

    def _guard_accept_repeat(self):
        if not self.repeat_proposed:
            return self.env._(
                "%(request)s is not proposed as a repeated problem.",
                request=self.display_name,
            )
        return False

    def action_accept_repeat(self):
        """Button "Accept: Repeated Problem": the proposal becomes the class."""
        tickets = self._begin_transition("accept_repeat")
        tickets._transition_write({"quality_class": "repeated"})
        return True

    # ------------------------------------------------------------------
    # Improvement projects
    # ------------------------------------------------------------------

    def action_new_improvement(self):
        """Button "Improvement Project": a draft project from the request."""
        self.ensure_one()
        improvement = self.env["after_sales.improvement"].create(
            {
                "name": self.env._(
                    "Improvement: %(request)s", request=self.display_name
                ),
                "company_id": self.company_id.id,
                "description": self.name,
                "ticket_ids": [Command.set(self.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.improvement",
            "res_id": improvement.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_improvements(self):
        """Smart button "Improvements": the projects of the request."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.improvement_action"
        )
        action["domain"] = [("ticket_ids", "in", self.ids)]
        action["context"] = {"default_ticket_ids": [Command.set(self.ids)]}
        return action

    def action_view_quality_meetings(self):
        """Smart button "Quality Meetings": the meetings of the request."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.quality_meeting_action"
        )
        action["domain"] = [("ticket_ids", "in", self.ids)]
        action["context"] = {"create": False}
        return action
