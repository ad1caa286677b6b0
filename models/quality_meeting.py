# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from .const import QUALITY_MEETING_STATES
from .frozen_mixin import ALL, Denied, Transition

MANAGER = "after_sales_service.group_manager"
GENERAL_MANAGER = "after_sales_service.group_general_manager"


class AfterSalesQualityMeeting(models.Model):
    """A quality-analysis meeting (质量分析会, R-CB-5; 000 §2.13).

    A major batch problem (``helpdesk.ticket.quality_class`` = major) calls a
    meeting of the chief engineer (the company's ``after_sales_chief_engineer_id``,
    who gets an activity): date, attendees, the cause analysis, the solution and
    the minutes. The chief engineer — nobody else — signs the minutes (a drawn
    signature, the name, the time); signed minutes are frozen. The result is
    reported to the general manager (an activity for each GM of the company).

    Flow (the transition layer): draft → signed → reported.
    """

    _name = "after_sales.quality.meeting"
    _description = "Quality Analysis Meeting"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _transitions = {
        "sign": Transition(("draft",), "signed"),
        "report": Transition(("signed",), "reported"),
    }
    _state_editable = {"draft": ALL}
    _unlink_states = ()
    _transition_fields = (
        "state",
        "chief_engineer_id",
        "signature",
        "signed_by_name",
        "signed_at",
        "reported_at",
        "reported_by_id",
    )

    name = fields.Char(string="Subject", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "after_sales_quality_meeting_ticket_rel",
        "meeting_id",
        "ticket_id",
        string="Requests",
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    chief_engineer_id = fields.Many2one(
        "res.users",
        readonly=True,
        default=lambda self: self.env.company.after_sales_chief_engineer_id,
        help="Who chairs the meeting and signs the minutes (the company's chief "
        "engineer when the meeting was called).",
    )
    meeting_date = fields.Datetime(tracking=True)
    attendee_ids = fields.Many2many(
        "res.users",
        "after_sales_quality_meeting_user_rel",
        "meeting_id",
        "user_id",
        string="Attendees",
        domain=[("share", "=", False)],
    )
    cause_analysis = fields.Text()
    solution = fields.Text()
    minutes = fields.Text()
    state = fields.Selection(
        QUALITY_MEETING_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    signature = fields.Image(max_width=1024, max_height=1024, readonly=True, copy=False)
    signed_by_name = fields.Char(string="Signed By", readonly=True, copy=False)
    signed_at = fields.Datetime(readonly=True, copy=False)
    reported_at = fields.Datetime(string="Reported to GM At", readonly=True, copy=False)
    reported_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    can_sign = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_sign_reason = fields.Char(compute="_compute_transitions")
    can_report = fields.Boolean(compute="_compute_transitions", depends=["state"])
    cannot_report_reason = fields.Char(compute="_compute_transitions")

    @api.depends("ticket_ids")
    def _compute_product_id(self):
        for meeting in self:
            meeting.product_id = (
                meeting.product_id or meeting.ticket_ids.sudo()[:1].product_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        meetings = super().create(vals_list)
        meetings._schedule_chief_activity()
        return meetings

    def _schedule_chief_activity(self):
        for meeting in self.filtered("chief_engineer_id"):
            chief = meeting.chief_engineer_id
            meeting.sudo().activity_schedule(
                "mail.mail_activity_data_meeting",
                user_id=chief.id,
                summary=meeting.with_context(lang=chief.lang).env._(
                    "Hold the quality analysis meeting %(name)s and sign its minutes",
                    name=meeting.name,
                ),
            )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _person_sign(self):
        """Only the chief engineer of the meeting signs its minutes (000 §2.13:
        总工 signs)."""
        if self.env.su or self.env.user == self.chief_engineer_id:
            return False
        return Denied(
            self.env._(
                "Only the chief engineer %(chief)s signs the minutes of %(meeting)s.",
                chief=self.chief_engineer_id.name or "",
                meeting=self.display_name,
            )
        )

    def _guard_sign(self):
        if not (self.minutes or "").strip():
            return self.env._("Write the minutes of the meeting first.")
        return False

    def _person_report(self):
        """The chief engineer or a department manager reports to the GM."""
        user = self.env.user
        if self.env.su or user == self.chief_engineer_id or user.has_group(MANAGER):
            return False
        return Denied(
            self.env._(
                "Only the chief engineer or a department manager reports the result "
                "to the general manager."
            )
        )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def action_open_sign_wizard(self):
        """Button "Sign Minutes": the chief engineer draws the signature."""
        self.ensure_one()
        self._check_transition("sign")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign the Minutes"),
            "res_model": "after_sales.quality.meeting.sign",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_meeting_id": self.id,
                "default_signed_by_name": self.env.user.name,
            },
        }

    def _do_sign(self, signature, name):
        """Sign the minutes: the drawn signature, the name and the time; the
        minutes are frozen from now on."""
        self.ensure_one()
        meeting = self._begin_transition("sign")
        if not signature:
            raise UserError(self.env._("Draw the signature of the chief engineer."))
        meeting._transition_write(
            {
                "state": "signed",
                "signature": signature,
                "signed_by_name": (name or "").strip() or self.env.user.name,
                "signed_at": fields.Datetime.now(),
            }
        )
        meeting.activity_feedback(["mail.mail_activity_data_meeting"])
        return True

    def action_report(self):
        """Button "Report to GM": an activity for each general manager."""
        meetings = self._begin_transition("report")
        meetings._transition_write(
            {
                "state": "reported",
                "reported_at": fields.Datetime.now(),
                "reported_by_id": self.env.uid,
            }
        )
        group = self.env.ref(GENERAL_MANAGER).sudo()
        for meeting in meetings:
            managers = group.users.filtered(
                lambda u, m=meeting: not u.share
                and u.active
                and u.id != SUPERUSER_ID
                and m.company_id in u.company_ids
            )
            for user in managers:
                meeting.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=meeting.with_context(lang=user.lang).env._(
                        "Result of quality analysis meeting %(name)s",
                        name=meeting.name,
                    ),
                )
        return True

    def action_print(self):
        """Button "Print": the minutes (质量分析会会议纪要)."""
        return self.env.ref(
            "after_sales_service.quality_meeting_report_action"
        ).report_action(self)

    def _report_meta(self):
        """The line under the printed minutes' title, in the reader's words."""
        self.ensure_one()
        form = self.env["after_sales.paper.form"]
        return [
            (self.env._("Meeting Date"), form._datetime(self.meeting_date)),
            (self.env._("State"), self._frozen_state_label()),
        ]

    def _report_signatures(self):
        """The chief engineer's signature box (their drawn signature, name and
        time) and the general manager's acknowledgement."""
        self.ensure_one()
        form = self.env["after_sales.paper.form"]
        return [
            {
                "label": self.env._("Chief Engineer"),
                "name": self.signed_by_name or self.chief_engineer_id.name or "",
                "image": self.signature or False,
                "date": form._datetime(self.signed_at),
            },
            {
                "label": self.env._("Reported to the General Manager"),
                "name": self.reported_by_id.name or "",
                "image": False,
                "date": form._datetime(self.reported_at),
            },
        ]


class AfterSalesQualityMeetingSign(models.TransientModel):
    """The chief engineer signs the minutes of a quality analysis meeting."""

    _name = "after_sales.quality.meeting.sign"
    _description = "Sign the Minutes of a Quality Analysis Meeting"

    meeting_id = fields.Many2one(
        "after_sales.quality.meeting", required=True, ondelete="cascade"
    )
    signature = fields.Image(max_width=1024, max_height=1024)
    signed_by_name = fields.Char(string="Name")

    def action_sign(self):
        self.ensure_one()
        self.meeting_id._do_sign(self.signature, self.signed_by_name)
        return {"type": "ir.actions.act_window_close"}
