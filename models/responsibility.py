# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .const import DETERMINATION_PARTIES, JUSTIFICATIONS, SIGNOFF_KINDS
from .frozen_mixin import ALL, Denied, Transition

STATES = [
    ("draft", "Draft"),
    ("pending", "Awaiting Signatures"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
    ("cancelled", "Cancelled"),
]
MANAGER = "after_sales_service.group_manager"
# What the reasons of the transitions read (the form refreshes them on change).
GUARD_INPUTS = ["state", "amount", "cancel_reason", "signature_ids.state"]


class AfterSalesResponsibility(models.Model):
    """Responsibility determination (售后服务责任界定表, R-APR-1 … R-APR-5).

    ==============================  ============  ==========================
    right                           engineer      office
    ==============================  ============  ==========================
    create, edit a draft, hand in   own request   yes
    withdraw (before any signature) the requester the requester
    sign a step                     no            the step's group, never the
                                                  requester nor a signer of
                                                  another step
    cancel an approved one          no            manager, general manager
    ==============================  ============  ==========================

    Flow: draft → pending (handed in: one signature line per step of the
    company's chain for its kind and amount) → approved (the last signature) or
    rejected (a signer's reason); pending → withdrawn (the requester, before the
    first signature); approved → cancelled (with a reason). The amount may be
    lowered while signing (steps no longer needed are dropped), never raised;
    a larger amount needs a new determination. Everything else is frozen once
    handed in (``after_sales.frozen.mixin``).

    Handing in later than the day after the service is a ``signoff_late``
    performance event of the requester (000 §3.3.3, quantity = days late).
    """

    _name = "after_sales.responsibility"
    _description = "Responsibility Determination"
    _inherit = [
        "after_sales.input.bounds",
        "after_sales.ticket.document",
        "after_sales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _rec_names_search = ["name", "ticket_id.number"]
    _input_bounds = {"amount": (0, 100_000_000)}

    # Handed in, what the signatures rest on is frozen — its evidence (the
    # attachments) included; only the amount may go down while signing
    # (R-APR-3) and the reason of a cancellation be typed.
    _state_editable = {
        "draft": ALL,
        "pending": ("amount", "cancel_reason"),
        "approved": ("cancel_reason",),
    }
    _transitions = {
        "submit": Transition(("draft",), "pending"),
        "withdraw": Transition(("pending",), "withdrawn"),
        "sign": Transition(("pending",)),
        "cancel": Transition(("approved",), "cancelled", (MANAGER,)),
    }
    _transition_fields = (
        "state",
        "requested_by_id",
        "handed_in_date",
        "days_late",
        "approved_at",
        "rejection_reason",
    )

    name = fields.Char(
        string="Determination Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    ticket_id = fields.Many2one(ondelete="restrict", tracking=True)
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", string="Customer", store=True
    )
    kind = fields.Selection(
        SIGNOFF_KINDS,
        string="Determination Kind",
        required=True,
        default="goodwill",
        tracking=True,
    )
    # Cause and responsible party
    cause_category_id = fields.Many2one(
        "after_sales.cause.category", check_company=True
    )
    cause = fields.Text(required=True)
    responsible_party = fields.Selection(
        DETERMINATION_PARTIES, required=True, default="customer", tracking=True
    )
    department_id = fields.Many2one(
        "hr.department", string="Responsible Department", check_company=True
    )
    responsible_partner_id = fields.Many2one(
        "res.partner",
        string="Responsible Supplier or Installer",
        check_company=True,
    )
    # Amount and justification
    amount = fields.Monetary(
        currency_field="currency_id",
        required=True,
        tracking=True,
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        help="Value of the service done free. It may be lowered while signing, "
        "never raised: a larger amount needs a new determination.",
    )
    proposed_amount = fields.Monetary(
        currency_field="currency_id",
        compute="_compute_proposed_amount",
        store=True,
        precompute=True,
        help="The free cost of the request known when the determination was "
        "started.",
    )
    justification = fields.Selection(
        JUSTIFICATIONS, required=True, default="goodwill", tracking=True
    )
    justification_note = fields.Text(string="Justification Details")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Attachments",
        help="Photos, letters and other evidence.",
    )
    # Hand-in and signatures
    service_date = fields.Date(
        default=fields.Date.context_today,
        required=True,
        help="The day of the service: the determination is due the day after.",
    )
    requested_by_id = fields.Many2one(
        "res.users",
        string="Requested by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    handed_in_date = fields.Date(readonly=True, copy=False)
    days_late = fields.Integer(readonly=True, copy=False)
    signature_ids = fields.One2many(
        "after_sales.responsibility.signature",
        "responsibility_id",
        string="Signatures",
        readonly=True,
    )
    approved_at = fields.Datetime(string="Approved on", readonly=True, copy=False)
    rejection_reason = fields.Text(readonly=True, copy=False)
    cancel_reason = fields.Text(
        copy=False, tracking=True, help="Why an approved determination is cancelled."
    )
    pending_signers = fields.Char(
        string="Still to Sign", compute="_compute_pending_signers"
    )
    can_submit = fields.Boolean(compute="_compute_transitions", depends=GUARD_INPUTS)
    cannot_submit_reason = fields.Char(compute="_compute_transitions")
    can_withdraw = fields.Boolean(compute="_compute_transitions", depends=GUARD_INPUTS)
    cannot_withdraw_reason = fields.Char(compute="_compute_transitions")
    can_sign = fields.Boolean(compute="_compute_transitions", depends=GUARD_INPUTS)
    cannot_sign_reason = fields.Char(compute="_compute_transitions")
    can_cancel = fields.Boolean(compute="_compute_transitions", depends=GUARD_INPUTS)
    cannot_cancel_reason = fields.Char(compute="_compute_transitions")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount must be positive."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("ticket_id")
    def _compute_proposed_amount(self):
        for determination in self:
            ticket = determination.ticket_id
            determination.proposed_amount = (
                ticket._signoff_known_cost() if ticket else 0.0
            )

    @api.depends("ticket_id")
    def _compute_amount(self):
        """Proposed from the request's known free cost; the requester may
        lower it."""
        for determination in self:
            if not determination.amount and determination.ticket_id:
                determination.amount = determination.ticket_id._signoff_known_cost()

    @api.depends("signature_ids.state", "signature_ids.name")
    def _compute_pending_signers(self):
        for determination in self:
            determination.pending_signers = ", ".join(
                determination.signature_ids.filtered(
                    lambda s: s.state == "pending"
                ).mapped("name")
            )

    @api.depends("state", "amount")
    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Ticket = self.env["helpdesk.ticket"]
        for vals in vals_list:
            ticket = Ticket.browse(vals.get("ticket_id"))
            if ticket:
                known = ticket._signoff_known_cost()
                if (
                    ticket.company_id.currency_id.is_zero(known)
                    and not ticket._signoff_has_free_parts()
                ):
                    raise UserError(
                        self.env._(
                            "%(ticket)s has no cost yet (no priced work, no free "
                            "parts): there is nothing to determine.",
                            ticket=ticket.display_name,
                        )
                    )
            if vals.get("kind") == "special" and not self._is_office_manager():
                raise AccessError(
                    self.env._(
                        "A special compensation is proposed by the service manager."
                    )
                )
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("after_sales.responsibility")
                    or "/"
                )
        self._check_amounts(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "kind" in vals and vals["kind"] == "special":
            if not self._is_office_manager():
                raise AccessError(
                    self.env._(
                        "A special compensation is proposed by the service manager."
                    )
                )
        self._check_amounts([vals])
        if "amount" in vals and not self._in_transition_write():
            self._check_amount_not_raised(vals["amount"])
        result = super().write(vals)
        if "amount" in vals:
            self._sync_chain_after_lowering()
        return result

    @api.constrains("service_date", "company_id")
    def _check_service_date_not_future(self):
        """A determination covers a service done: its service date is today or
        before, in the company's time zone (a date ahead would put the hand-in
        due day ahead too, and the late hand-in event would never come)."""
        WorkLog = self.env["after_sales.work.log"]
        for determination in self:
            today = WorkLog._after_sales_today(determination.company_id)
            if determination.service_date and determination.service_date > today:
                raise ValidationError(
                    self.env._(
                        "The service date of %(determination)s (%(date)s) lies in "
                        "the future: a determination covers a service already "
                        "done, on %(today)s at the latest.",
                        determination=determination.name,
                        date=fields.Date.to_string(determination.service_date),
                        today=fields.Date.to_string(today),
                    )
                )

    @api.model
    def _check_amounts(self, vals_list):
        for vals in vals_list:
            amount = vals.get("amount")
            if (
                isinstance(amount, int | float)
                and not isinstance(amount, bool)
                and math.isfinite(amount)
                and self.env.company.currency_id.compare_amounts(amount, 0.0) <= 0
            ):
                raise UserError(
                    self.env._("The amount of a determination must be positive.")
                )

    def _check_amount_not_raised(self, amount):
        """While signing, the amount may go down, never up (R-APR-3)."""
        for determination in self.filtered(lambda d: d.state == "pending"):
            if (
                isinstance(amount, int | float)
                and determination.currency_id.compare_amounts(
                    amount, determination.amount
                )
                > 0
            ):
                raise UserError(determination._raised_amount_reason())

    def _raised_amount_reason(self):
        return self.env._(
            "%(determination)s is being signed for %(amount)s: the amount can be "
            "lowered, never raised. A larger amount needs a new determination.",
            determination=self.name,
            amount=self._format_amount(self.amount),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_submit(self):
        """Button "Hand In": start the signing chain."""
        self.ensure_one()
        self.check_access("write")
        self._check_transition("submit")
        self._do_submit()
        return True

    def action_withdraw(self):
        """Button "Withdraw" (the requester, before the first signature)."""
        self.ensure_one()
        self.check_access("read")
        self._check_transition("withdraw")
        self._do_withdraw()
        return True

    def action_open_sign_wizard(self):
        """Button "Sign": the wizard that approves or rejects the next step."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign %(determination)s", determination=self.name),
            "res_model": "after_sales.responsibility.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_responsibility_id": self.id},
        }

    def action_cancel(self):
        """Button "Cancel" (managers): cancel with the reason on the form."""
        self.ensure_one()
        self.check_access("read")
        self._check_transition("cancel")
        self._do_cancel()
        return True

    def action_print(self):
        """Button "Print": the 责任界定表."""
        self.ensure_one()
        return self.env.ref(
            "after_sales_service.responsibility_report_action"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _person_submit(self):
        if not self._is_requester_or_office():
            return Denied(
                self.env._(
                    "Only the engineers of the request or the office hand it in."
                )
            )
        return False

    def _guard_submit(self):
        if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
            return self.env._("The amount of a determination must be positive.")
        return False

    def _person_withdraw(self):
        if not (self.env.su or self.requested_by_id == self.env.user):
            return Denied(self.env._("Only its requester withdraws a determination."))
        return False

    def _guard_withdraw(self):
        if self.signature_ids.filtered(lambda s: s.state != "pending"):
            return self.env._("It has been signed: it can no longer be withdrawn.")
        return False

    def _guard_sign(self):
        """Why the current user cannot sign the next step, or ``False``
        (R-APR-2)."""
        line = self._next_signature()
        if not line:
            return self.env._(
                "%(determination)s is not awaiting a signature.",
                determination=self.name,
            )
        if self.env.su:
            return False
        user = self.env.user
        if line.group_id not in user.groups_id:
            return Denied(
                self.env._(
                    "The step %(step)s is signed by %(group)s.",
                    step=line.name,
                    group=line.group_id.name,
                )
            )
        if self.requested_by_id == user:
            return Denied(
                self.env._("You requested this determination: others sign it.")
            )
        if user in self.signature_ids.user_id:
            return Denied(
                self.env._(
                    "You have already signed a step of this determination: another "
                    "person signs the next one."
                )
            )
        return False

    def _guard_cancel(self):
        if not (self.cancel_reason or "").strip():
            return self.env._("Write the reason of the cancellation first.")
        return False

    def _is_office_manager(self):
        return self.env.su or self.env.user.has_group(
            "after_sales_service.group_manager"
        )

    def _is_requester_or_office(self):
        """Who hands a determination in: the engineers of the request (record
        rules keep them to the requests they serve) and the office."""
        user = self.env.user
        return (
            self.env.su
            or self.requested_by_id == user
            or user.has_group("after_sales_service.group_clerk")
            or user.has_group("after_sales_service.group_engineer")
        )

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _do_submit(self):
        """Hand in: one signature line per step of the chain, the pending
        signers get an activity, a late hand-in is an event (000 §3.3.3)."""
        self.check_access("write")
        self._begin_transition("submit")
        Step = self.env["after_sales.signoff.step"]
        Signature = self.env["after_sales.responsibility.signature"].sudo()
        events = []
        for determination in self:
            chain = Step._chain(
                determination.company_id, determination.kind, determination.amount
            )
            if not chain:
                raise UserError(
                    self.env._(
                        "%(company)s has no sign-off steps for this kind of "
                        "determination: a department manager configures them.",
                        company=determination.company_id.name,
                    )
                )
            Signature.create(
                [
                    {
                        "responsibility_id": determination.id,
                        "step_id": step.id,
                        "sequence": index,
                        "group_id": step.group_id.id,
                    }
                    for index, step in enumerate(chain, start=1)
                ]
            )
            today = self.env["after_sales.work.log"]._after_sales_today(
                determination.company_id
            )
            due = fields.Date.add(determination.service_date, days=1)
            days_late = max((today - due).days, 0)
            determination._transition_write(
                {"state": "pending", "handed_in_date": today, "days_late": days_late}
            )
            if days_late:
                events.append(determination._prepare_performance_event_vals())
            determination._schedule_signer_activities()
        if events:
            self.env["after_sales.performance.event"].sudo()._record(events)

    def _do_withdraw(self):
        self._begin_transition("withdraw")
        self._transition_write({"state": "withdrawn"})
        self.sudo().signature_ids.unlink()
        self._signoff_clear_activities()

    def _do_sign(self, approve, comment, line=None):
        """Sign the next step as the current user: approve, or reject with a
        comment (R-APR-2). ``line``: the step the signer saw (the wizard's);
        when another signature came first, the signer is told so instead of
        signing the step after it. The row is locked first: of two signers at
        once, the second is refused."""
        self.ensure_one()
        self.check_access("read")
        self._signoff_touch()
        self.signature_ids.invalidate_recordset()
        if line and line.state != "pending":
            raise UserError(
                self.env._(
                    "%(step)s of %(determination)s has just been signed by "
                    "%(user)s.",
                    step=line.name,
                    determination=self.name,
                    user=line.user_id.name,
                )
            )
        self._check_transition("sign")
        comment = (comment or "").strip()
        if not approve and not comment:
            raise UserError(self.env._("A rejection needs a comment saying why."))
        line = self._next_signature()
        now = fields.Datetime.now()
        line.sudo()._transition_write(
            {
                "state": "approved" if approve else "rejected",
                "user_id": self.env.user.id,
                "signed_at": now,
                "comment": comment,
            }
        )
        self._signoff_clear_activities()
        if not approve:
            self._transition_write({"state": "rejected", "rejection_reason": comment})
            self._message_log(
                body=self.env._(
                    "Rejected by %(user)s at the step %(step)s: %(comment)s",
                    user=self.env.user.name,
                    step=line.name,
                    comment=comment,
                )
            )
            return
        self._message_log(
            body=self.env._(
                "Signed by %(user)s at the step %(step)s.",
                user=self.env.user.name,
                step=line.name,
            )
        )
        if self._next_signature():
            self._schedule_signer_activities()
        else:
            self._transition_write({"state": "approved", "approved_at": now})

    def _do_cancel(self):
        self._begin_transition("cancel")
        self._transition_write({"state": "cancelled"})

    def _prepare_performance_event_vals(self):
        """The ``signoff_late`` event (DESIGN §4): handed in later than the day
        after the service, ``quantity`` days late, the requester's."""
        self.ensure_one()
        ticket = self.ticket_id
        return {
            "kind": "signoff_late",
            "key": "",
            "res_model": self._name,
            "res_id": self.id,
            "company_id": self.company_id.id,
            "ticket_id": ticket.id,
            "user_id": self.requested_by_id.id,
            "team_id": ticket.team_id.id,
            "quantity": self.days_late,
            "occurred_at": fields.Datetime.now(),
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------

    def _signoff_touch(self):
        """Lock the determination and touch its row (a no-op UPDATE): of two
        signers at once, the one whose snapshot predates the other's signature
        fails to serialize here (quietly; retried as Odoo retries requests) and
        then sees the step signed, instead of failing later on the line."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE after_sales_responsibility SET write_date = write_date "
                "WHERE id IN %s",
                tuple(self.ids),
            ),
            log_exceptions=False,  # a serialization failure is retried
        )
        self.invalidate_recordset()

    def _next_signature(self):
        self.ensure_one()
        return self.signature_ids.filtered(lambda s: s.state == "pending").sorted(
            "sequence"
        )[:1]

    def _sync_chain_after_lowering(self):
        """After the amount went down while signing, drop the unsigned steps the
        chain no longer needs (a GM step below the threshold)."""
        Step = self.env["after_sales.signoff.step"]
        for determination in self.filtered(lambda d: d.state == "pending"):
            chain = Step._chain(
                determination.company_id, determination.kind, determination.amount
            )
            dropped = determination.sudo().signature_ids.filtered(
                lambda s, chain=chain: s.state == "pending" and s.step_id not in chain
            )
            if dropped:
                dropped.unlink()
                determination._signoff_clear_activities()
                if determination._next_signature():
                    determination._schedule_signer_activities()
                else:
                    determination._transition_write(
                        {"state": "approved", "approved_at": fields.Datetime.now()}
                    )

    def _signers_of(self, line):
        """Who may sign ``line``: its group's users of the company, without the
        requester and those who signed already."""
        excluded = self.requested_by_id | self.signature_ids.user_id
        return line.group_id.sudo().users.filtered(
            lambda u: not u.share
            and self.company_id in u.company_ids
            and u not in excluded
        )

    def _todo_signers_of(self, line):
        """Who gets the to-do of ``line`` (R-APR-2): of those who may sign it,
        the ones holding its group as their own role, not through a higher role
        implying it (a general manager is not handed the supervisor's step);
        when nobody of the company holds that role, everyone who may sign it, so
        a step is never left without a to-do. Who may *sign* is unchanged."""
        signers = self._signers_of(line)
        group = line.group_id.sudo()
        higher = signers.sudo().groups_id.filtered(
            lambda g: g != group and group in g.trans_implied_ids
        )
        own = signers.filtered(lambda u: not (u.groups_id & higher))
        return own or signers

    def _schedule_signer_activities(self):
        """One activity per person who holds the next step's role (no e-mail),
        its summary in that person's language (R-X-1)."""
        activity_type = self.env.ref(
            "after_sales_service.mail_activity_type_signoff", raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for determination in self:
            line = determination._next_signature()
            if not line:
                continue
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": determination.id,
                    "activity_type_id": activity_type.id,
                    "summary": determination._signer_summary(line, user),
                    "user_id": user.id,
                    "date_deadline": today,
                    "automated": True,
                }
                for user in determination._todo_signers_of(line)
            ]
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)

    def _signer_summary(self, line, user):
        """ "Sign: <step>" in the language of ``user``, who reads the to-do."""
        lang = user.lang or self.env.lang
        return self.with_context(lang=lang).env._(
            "Sign: %(step)s", step=line.with_context(lang=lang).name
        )

    def _signoff_clear_activities(self):
        self.sudo().activity_unlink(["after_sales_service.mail_activity_type_signoff"])

    def _report_lang(self):
        """The 责任界定表 is the department's Chinese form: printed in Chinese
        when Chinese is installed, else in the reader's language."""
        installed = dict(self.env["res.lang"].get_installed())
        return "zh_CN" if "zh_CN" in installed else self.env.lang

    def _report_signatures(self):
        """The signature boxes of the printed 责任界定表 (R-APR-2, 000 §2.7): the
        requester, then each sign-off step with its signer and date (empty
        boxes for the steps still to sign)."""
        self.ensure_one()
        form = self.env["after_sales.paper.form"]
        boxes = [
            {
                "label": self.env._("Requested by"),
                "name": self.requested_by_id.name,
                "image": False,
                "date": form._date(self.handed_in_date),
            }
        ]
        for line in self.signature_ids.sorted("sequence"):
            boxes.append(
                {
                    "label": line.name,
                    "name": line.user_id.name if line.state != "pending" else "",
                    "image": False,
                    "date": form._date(line.signed_at),
                }
            )
        return boxes

    def _format_amount(self, amount):
        self.ensure_one()
        return f"{self.currency_id.round(amount):.{self.currency_id.decimal_places}f}"


class AfterSalesResponsibilitySignature(models.Model):
    """One signature line of a determination: its step, then who signed, when,
    with what comment (R-APR-2). Written by the determination's transitions
    only; a signed line never changes and no line is deleted once signed."""

    _name = "after_sales.responsibility.signature"
    _description = "Determination Signature"
    _inherit = ["after_sales.input.bounds", "after_sales.frozen.mixin"]
    _order = "responsibility_id, sequence, id"

    # Made by the hand-in, signed by its transition, dropped (pending) by a
    # withdrawal or a lowered amount: never written by hand, never deleted
    # once signed.
    _state_editable = {"pending": ()}
    _unlink_states = ("pending",)
    _transition_fields = ("state", "user_id", "signed_at", "comment")

    responsibility_id = fields.Many2one(
        "after_sales.responsibility",
        string="Determination",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="responsibility_id.company_id", store=True, index=True
    )
    step_id = fields.Many2one(
        "after_sales.signoff.step", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(required=True)
    # The step's name in the reader's language (the chain is seeded translated).
    name = fields.Char(string="Step Name", related="step_id.name")
    group_id = fields.Many2one("res.groups", string="Signed by Group", required=True)
    state = fields.Selection(
        [("pending", "To Sign"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="pending",
        required=True,
    )
    user_id = fields.Many2one("res.users", string="Signer")
    signed_at = fields.Datetime(string="Signed on")
    comment = fields.Text()

    _sql_constraints = [
        (
            "step_uniq",
            "UNIQUE(responsibility_id, step_id)",
            "A step is signed once per determination.",
        ),
        (
            "signer_uniq",
            "UNIQUE(responsibility_id, user_id)",
            "One person never signs two steps of one determination.",
        ),
    ]
