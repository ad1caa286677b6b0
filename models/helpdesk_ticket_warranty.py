# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import warranty
from .const import CRON_CHUNKS, FAULT_KINDS, WARRANTY_STATES
from .warranty_inputs import FACT_FIELDS, TICKET_INPUTS, engine_inputs

_logger = logging.getLogger(__name__)

# Requests re-determined per batch (and per commit) by the queue's cron.
WARRANTY_BATCH_SIZE = 500


class HelpdeskTicketWarranty(models.Model):
    """Warranty and 三包 of the service request (R-WAR).

    Facts found by the engineer (R-WAR-2, R-WAR-3, R-WAR-5, R-WAR-5a). Every change
    re-determines the warranty (``warranty_determination_ids``, one per request)
    until the request is closed, when the determination is frozen.
    """

    _inherit = "helpdesk.ticket"
    # Counts of days and repairs of one unit (the warranty facts) stay human.
    _input_bounds = {
        "warranty_earlier_repairs": (0, 100),
        "warranty_days_in_repair": (0, 36_500),
        "warranty_days_parts_missing": (0, 36_500),
        "warranty_days_repairer_delay": (0, 36_500),
        "warranty_contract_months": (0, 1_200),
    }

    warranty_factory_date = fields.Date(
        related="lot_id.after_sales_factory_date", string="Factory Date"
    )
    warranty_installation_date = fields.Date(string="Installation Date")
    warranty_card_altered = fields.Boolean(
        string="Card or Serial Altered",
        help="The warranty card, purchase date or serial number is altered or does "
        "not match: no warranty.",
    )
    warranty_serial_unreadable = fields.Boolean(
        string="Serial Unreadable",
        help="No readable serial number or factory date on the unit.",
    )
    warranty_fault_kind = fields.Selection(
        FAULT_KINDS,
        string="Fault Cause",
        required=True,
        default=warranty.FAULT_UNKNOWN,
        tracking=True,
    )
    warranty_major_fault = fields.Boolean(string="Major Performance Fault")
    warranty_policy_id = fields.Many2one(
        "after_sales.warranty.policy",
        compute="_compute_warranty_policy_id",
        groups="base.group_user",
    )
    warranty_component_ids = fields.Many2many(
        "after_sales.warranty.policy.component",
        string="Faulty Components",
        domain="[('policy_id', '=', warranty_policy_id)]",
        help="Main components with their own period involved in the fault.",
    )
    warranty_other_parts = fields.Char(
        string="Other Faulty Parts",
        help="Faulty parts that no main component of the policy covers, separated "
        "by commas: they share the whole unit's warranty.",
    )
    warranty_exclusion_ids = fields.Many2many(
        "after_sales.warranty.exclusion",
        string="Exclusions Found",
        domain="[('company_id', 'in', (company_id, False))]",
        tracking=True,
        help="Reasons voiding free service; attach the photos to the chatter.",
    )
    warranty_earlier_repairs = fields.Integer(
        string="Earlier Repairs of This Fault",
        help="Repairs of the same performance fault inside the three-guarantees "
        "period before this request.",
    )
    warranty_days_in_repair = fields.Integer(
        string="Days in Repair",
        help="Days the unit spent in repair or waiting for repair: they extend the "
        "periods and are deducted from the depreciation.",
    )
    warranty_days_parts_missing = fields.Integer(
        string="Days Without Parts",
        help="Days since sending for repair without the producer supplying parts.",
    )
    warranty_days_repairer_delay = fields.Integer(
        string="Repairer Delay (Days)",
        help="Days the repair is delayed by the repairer.",
    )
    warranty_last_repair_date = fields.Date(
        string="Last Repair",
        compute="_compute_warranty_last_repair_date",
        store=True,
        readonly=False,
        precompute=True,
        help="Last finished visit on this serial before this request (rework).",
    )
    warranty_deformed_out_of_box = fields.Boolean(string="Deformed Out of the Box")
    warranty_same_model_available = fields.Boolean(
        string="Same Model Available", default=True
    )
    warranty_customer_wants_return = fields.Boolean(string="Customer Wants a Return")
    warranty_remote_site = fields.Boolean(
        string="Remote Site",
        help="Beyond the service area: travel may be charged in warranty.",
    )
    warranty_contract_months = fields.Integer(
        string="Contract Warranty (Months)",
        compute="_compute_warranty_contract_months",
        help="Warranty set by a contract: the serial's beats the customer's.",
    )
    warranty_pending = fields.Boolean(
        string="Warranty Re-determination Pending",
        compute="_compute_warranty_pending",
        search="_search_warranty_pending",
        help="A warranty policy changed: the warranty of this request is "
        "determined again shortly by a scheduled job.",
    )
    # The determination and its outcome, shown on the Warranty page
    warranty_determination_ids = fields.One2many(
        "after_sales.warranty.determination", "ticket_id", string="Determinations"
    )
    warranty_determination_id = fields.Many2one(
        "after_sales.warranty.determination",
        compute="_compute_warranty_determination_id",
        store=True,
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        string="Warranty",
        compute="_compute_warranty_state",
        store=True,
        index=True,
    )
    warranty_applied_policy_id = fields.Many2one(
        related="warranty_determination_id.policy_id",
        string="Applied Policy",
        groups="base.group_user",
    )
    warranty_start_date = fields.Date(
        related="warranty_determination_id.start_date", string="Warranty Start"
    )
    warranty_start_basis = fields.Selection(
        related="warranty_determination_id.start_basis"
    )
    warranty_end_date = fields.Date(
        related="warranty_determination_id.end_date", string="Warranty End"
    )
    warranty_sanbao_end_date = fields.Date(
        related="warranty_determination_id.sanbao_end_date"
    )
    warranty_remedy_return = fields.Boolean(
        related="warranty_determination_id.remedy_return"
    )
    warranty_remedy_exchange = fields.Boolean(
        related="warranty_determination_id.remedy_exchange"
    )
    warranty_remedy_repair = fields.Boolean(
        related="warranty_determination_id.remedy_repair"
    )
    warranty_return_with_depreciation = fields.Boolean(
        related="warranty_determination_id.return_with_depreciation"
    )
    warranty_parts_payer = fields.Selection(
        related="warranty_determination_id.parts_payer",
        groups="base.group_user",
    )
    warranty_labour_payer = fields.Selection(
        related="warranty_determination_id.labour_payer",
        groups="base.group_user",
    )
    warranty_travel_payer = fields.Selection(
        related="warranty_determination_id.travel_payer",
        groups="base.group_user",
    )
    warranty_needs_supervisor = fields.Boolean(
        related="warranty_determination_id.needs_supervisor_decision",
        string="Supervisor Decides",
        groups="base.group_user",
    )
    warranty_is_rework = fields.Boolean(related="warranty_determination_id.is_rework")
    warranty_frozen = fields.Boolean(related="warranty_determination_id.frozen")
    warranty_reason_ids = fields.One2many(
        related="warranty_determination_id.reason_ids", string="Warranty Reasons"
    )
    warranty_component_line_ids = fields.One2many(
        related="warranty_determination_id.component_line_ids",
        string="Component Warranty",
    )
    return_appraisal_ids = fields.One2many(
        "after_sales.return.appraisal", "ticket_id", string="Return Appraisals"
    )
    return_appraisal_count = fields.Integer(compute="_compute_return_appraisal_count")

    @api.depends("product_id", "company_id")
    def _compute_warranty_policy_id(self):
        Policy = self.env["after_sales.warranty.policy"]
        for ticket in self:
            ticket.warranty_policy_id = Policy._get_for_product(
                ticket.product_id, ticket.company_id or self.env.company
            )

    @api.depends("lot_id", "registered_at")
    def _compute_warranty_last_repair_date(self):
        """The last finished visit on the serial before the request (R-WAR-5a).

        One search for the whole batch: the finished records of its serials,
        latest first; each request takes the first one of its serial that ended
        before it was registered and belongs to another request.
        """
        tickets = self.filtered(lambda t: t.lot_id and t.registered_at)
        if not tickets:
            return
        records = (
            self.env["after_sales.service.record"]
            .sudo()
            .search_fetch(
                [
                    ("lot_id", "in", tickets.lot_id.ids),
                    ("state", "=", "done"),
                    ("end_datetime", "<=", max(tickets.mapped("registered_at"))),
                ],
                ["lot_id", "ticket_id", "end_datetime"],
                order="end_datetime desc, id desc",
            )
        )
        by_lot = {}
        for record in records:
            by_lot.setdefault(record.lot_id.id, []).append(record)
        for ticket in tickets:
            last = next(
                (
                    record
                    for record in by_lot.get(ticket.lot_id.id, ())
                    if record.end_datetime <= ticket.registered_at
                    and record.ticket_id.id != ticket.id
                ),
                None,
            )
            if last:
                ticket.warranty_last_repair_date = fields.Date.context_today(
                    ticket, last.end_datetime
                )

    @api.depends(
        "lot_id.after_sales_contract_months",
        "commercial_partner_id.after_sales_contract_months",
    )
    def _compute_warranty_contract_months(self):
        for ticket in self:
            ticket.warranty_contract_months = (
                ticket.lot_id.after_sales_contract_months
                or ticket.commercial_partner_id.after_sales_contract_months
            )

    def _compute_warranty_pending(self):
        queued = set(
            self.env["after_sales.warranty.queue"]
            .sudo()
            .search([("ticket_id", "in", self.ids)])
            .ticket_id.ids
        )
        for ticket in self:
            ticket.warranty_pending = ticket.id in queued

    def _search_warranty_pending(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        queue = self.env["after_sales.warranty.queue"].sudo().search([])
        queued = queue.ticket_id.ids
        if (operator == "=") == value:
            return [("id", "in", queued)]
        return [("id", "not in", queued)]

    @api.depends("warranty_determination_ids")
    def _compute_warranty_determination_id(self):
        for ticket in self:
            # The latest: earlier frozen ones are the history of earlier closes.
            ticket.warranty_determination_id = ticket.warranty_determination_ids.sorted(
                "id"
            )[-1:]

    @api.depends("warranty_determination_ids.state")
    def _compute_warranty_state(self):
        self.warranty_determination_ids.fetch(["state"])  # one query per batch
        for ticket in self:
            latest = ticket.warranty_determination_ids.sorted("id")[-1:]
            ticket.warranty_state = latest.state

    @api.depends("return_appraisal_ids")
    def _compute_return_appraisal_count(self):
        for ticket in self:
            ticket.return_appraisal_count = len(ticket.return_appraisal_ids)

    @api.constrains("warranty_installation_date", "purchase_date")
    def _check_warranty_installation_date(self):
        """A unit is installed after it was bought, not before (R-X-4)."""
        for ticket in self:
            installed, bought = ticket.warranty_installation_date, ticket.purchase_date
            if installed and bought and installed < bought:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s: the installation date %(installed)s is before "
                        "the purchase date %(bought)s.",
                        ticket=ticket.display_name,
                        installed=installed,
                        bought=bought,
                    )
                )

    # ------------------------------------------------------------------
    # Determination
    # ------------------------------------------------------------------

    def _warranty_facts(self):
        """The request as ``tools.warranty.WarrantyFacts`` (``FACT_FIELDS``).

        Raises a translated ``ValidationError`` on facts the engine refuses
        (invoice date after the report date, factory date after the invoice…).
        """
        self.ensure_one()
        Determination = self.env["after_sales.warranty.determination"]
        with Determination._translate_input_errors():
            inputs = engine_inputs(self, FACT_FIELDS)
            others = (self.warranty_other_parts or "").replace("，", ",").split(",")
            inputs["components"] = inputs.get("components", ()) + tuple(
                part.strip() for part in others if part.strip()
            )
            return warranty.WarrantyFacts(**inputs)

    def _warranty_update(self, strict=True):
        """(Re-)determine the warranty of open requests, freeze it on closing.

        Called by ``create``/``write`` of requests, serials and customers, and by
        the queue of policy edits (:meth:`_warranty_redetermine_pending`). A
        closed request keeps its frozen determination (history is not rewritten
        by later policy edits); reopening it determines it again in a new
        determination, the frozen one kept as the history of the earlier close.
        The whole batch is determined first, then stored at once, writing only the
        determinations whose outcome changed. ``strict=False`` (serial,
        customer and policy edits): a request whose own facts are invalid keeps
        its determination instead of failing the edit of something else; the
        request reports the error when it is next saved.
        """
        tickets = self.sudo()
        current = {}  # the latest determination of each request
        for determination in tickets.warranty_determination_ids.sorted("id"):
            current[determination.ticket_id.id] = determination
        Determination = self.env["after_sales.warranty.determination"].sudo()
        engines = {}  # (product, company) → (policy, engine policy)
        outcomes = []
        for ticket in tickets:
            determination = current.get(ticket.id, Determination)
            closed = ticket.stage_id.closed
            if closed and determination.frozen:
                continue
            if determination.frozen:
                # Reopened: a new decision; the frozen one stays as history.
                determination = Determination
            outcome = ticket._warranty_determine(engines, strict)
            if outcome is not None:
                outcomes.append((determination, ticket, closed, *outcome))
        Determination._store_outcomes(outcomes)

    def _warranty_determine(self, engines, strict):
        """``(policy, report date, result)`` of this request, ``policy`` empty
        when no policy applies; ``None`` when its facts are invalid and not
        ``strict``. ``engines`` caches the policy and its engine input per
        product and company across a batch."""
        self.ensure_one()
        try:
            facts = self._warranty_facts()
        except ValidationError as error:
            if strict:
                raise
            _logger.info(
                "Warranty of %s not re-determined: %s", self.display_name, error
            )
            return None
        key = (self.product_id, self.company_id)
        if key not in engines:
            policy = self.env["after_sales.warranty.policy"]._get_for_product(*key)
            engines[key] = (policy, policy and policy._to_engine())
        policy, engine = engines[key]
        if not policy:
            return policy, facts.report_date, None
        Determination = self.env["after_sales.warranty.determination"]
        with Determination._translate_input_errors():
            return policy, facts.report_date, warranty.determine(engine, facts)

    # ------------------------------------------------------------------
    # The queue of re-determinations (policy edits)
    # ------------------------------------------------------------------

    @api.model
    def _warranty_queue(self, condition):
        """Queue the open requests matching ``condition`` (an ``SQL`` on the
        request alias ``t``) for re-determination and wake the cron up.

        One ``INSERT`` into ``after_sales.warranty.queue`` whatever the number
        of requests: the save of a policy returns at once, the cron
        re-determines them in batches.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO after_sales_warranty_queue (ticket_id)
                SELECT t.id
                  FROM helpdesk_ticket t
                  JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE s.closed IS NOT TRUE AND %s
                ON CONFLICT (ticket_id) DO NOTHING
                """,
                condition,
            )
        )
        if self.env.cr.rowcount:
            self.invalidate_model(["warranty_pending"])
            cron = self.env.ref(
                "after_sales_service.ir_cron_warranty_redetermine",
                raise_if_not_found=False,
            )
            if cron:  # absent while the module's data is being loaded
                cron.sudo()._trigger()

    @api.model
    def _cron_warranty_redetermine(self, max_batches=CRON_CHUNKS):
        """Cron "Warranty: Re-determine Requests": work off the queue, at most
        ``max_batches`` committed batches per call; the progress tells Odoo
        how many requests remain queued, and it calls again at once while
        some do (issue 24)."""
        done = self._warranty_redetermine_pending(commit=True, max_batches=max_batches)
        self.env.cr.execute("SELECT count(*) FROM after_sales_warranty_queue")
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=self.env.cr.fetchone()[0]
        )

    @api.model
    def _warranty_redetermine_pending(
        self, batch_size=WARRANTY_BATCH_SIZE, commit=False, max_batches=None
    ):
        """Re-determine the queued requests batch by batch (keyset pagination).

        Each batch is claimed and taken off the queue by one ``DELETE …
        RETURNING`` over rows locked with ``SKIP LOCKED``, so that two cron
        workers share the queue (a failing batch is rolled back, queue
        included); it is determined with :meth:`_warranty_update`, not strict:
        one bad request does not stop the others. With ``commit`` (the cron
        only: tests never commit) each batch is committed. Returns the number of
        requests processed. With ``max_batches``, stops after that many
        batches (the rest stays queued for the next call).
        """
        cr = self.env.cr
        last_id, done, batches = 0, 0, 0
        while True:
            cr.execute(
                SQL(
                    """
                    DELETE FROM after_sales_warranty_queue
                     WHERE id IN (
                            SELECT id FROM after_sales_warranty_queue
                             WHERE ticket_id > %s
                             ORDER BY ticket_id
                             LIMIT %s
                               FOR UPDATE SKIP LOCKED)
                    RETURNING ticket_id
                    """,
                    last_id,
                    batch_size,
                )
            )
            ids = sorted(row[0] for row in cr.fetchall())
            if not ids:
                return done
            self.invalidate_model(["warranty_pending"])
            self.browse(ids).sudo()._warranty_update(strict=False)
            self.env.flush_all()
            last_id, done = ids[-1], done + len(ids)
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
                self.env.invalidate_all()
            batches += 1
            if max_batches and batches >= max_batches:
                return done

    def action_view_return_appraisals(self):
        """Smart button: the return appraisals of this request (R-WAR-7)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales_service.return_appraisal_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    # ------------------------------------------------------------------
    # CRUD: a new or changed request is determined again
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._warranty_update()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if TICKET_INPUTS.intersection(vals):
            self._warranty_update()
        return result
