# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from datetime import date
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import warranty
from .const import PAYERS, WARRANTY_STATES
from .rule_errors import (
    format_rule_params,
    rule_errors_as_validation,
    rule_message,
)
from .warranty_inputs import INPUT_LABELS

START_BASES = [
    (warranty.START_INVOICE, "Purchase Date"),
    (warranty.START_INSTALLATION, "Installation Date"),
    (warranty.START_FACTORY_PLUS_GRACE, "Factory Date plus Grace"),
]


class AfterSalesWarrantyDetermination(models.Model):
    """The warranty decision of one service request, with its reasons (R-WAR-8).

    Written only by :meth:`helpdesk.ticket._warranty_update` from the
    output of ``tools.warranty.determine``: users read it, nobody edits it. It is
    re-determined whenever an input changes (request facts, serial, customer
    contract, policy) and frozen when the request is closed, so that later policy
    edits do not rewrite what was decided; reopening the request unfreezes it.
    """

    _name = "after_sales.warranty.determination"
    _description = "Warranty Determination"
    _inherit = ["after_sales.ticket.document"]
    _order = "id desc"

    policy_id = fields.Many2one("after_sales.warranty.policy", check_company=True)
    report_date = fields.Date()
    frozen = fields.Boolean(help="The request is closed: the decision is final.")
    frozen_date = fields.Datetime(string="Frozen On")
    # Periods
    state = fields.Selection(WARRANTY_STATES, string="Warranty", required=True)
    start_date = fields.Date(string="Warranty Start")
    start_basis = fields.Selection(START_BASES)
    months = fields.Integer(string="Period (Months)")
    end_date = fields.Date(string="Warranty End")
    extension_days = fields.Integer(string="Extension (Days)")
    sanbao_end_date = fields.Date(string="Three Guarantees End")
    exclusion_codes = fields.Char(string="Exclusions")
    component_line_ids = fields.One2many(
        "after_sales.warranty.determination.component",
        "determination_id",
        string="Components",
    )
    # Remedies (R-WAR-5)
    remedy_return = fields.Boolean(string="Return Allowed")
    remedy_exchange = fields.Boolean(string="Exchange Allowed")
    remedy_repair = fields.Boolean(string="Repair Allowed")
    return_with_depreciation = fields.Boolean(
        string="Return with Depreciation Fee",
        help="The return costs the depreciation fee.",
    )
    remedy_rules = fields.Char()
    # Charging (R-WAR-4)
    parts_payer = fields.Selection(PAYERS, string="Parts Paid By")
    labour_payer = fields.Selection(PAYERS, string="Labour Paid By")
    travel_payer = fields.Selection(PAYERS, string="Travel Paid By")
    charging_rule = fields.Char()
    free_component_names = fields.Char(
        string="Free Parts Of", compute="_compute_free_component_names"
    )
    needs_supervisor_decision = fields.Boolean(
        help="The decision is provisional: the start or the cause of the fault is "
        "not established."
    )
    is_rework = fields.Boolean(
        string="Rework", help="The fault recurs soon after a repair."
    )
    reason_ids = fields.One2many(
        "after_sales.warranty.reason", "determination_id", string="Reasons"
    )
    explanation = fields.Text(compute="_compute_explanation")

    def init(self):
        """One current (not frozen) determination per request; the frozen ones of
        earlier closes stay beside it as history (a partial unique index, which
        ``_sql_constraints`` cannot express)."""
        self.env.cr.execute(
            "ALTER TABLE after_sales_warranty_determination "
            "DROP CONSTRAINT IF EXISTS after_sales_warranty_determination_ticket_unique"
        )
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS "
            "after_sales_warranty_determination_current_uniq "
            "ON after_sales_warranty_determination (ticket_id) "
            "WHERE frozen IS NOT TRUE"
        )

    @api.depends("ticket_id.number", "state")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its title (R-X-1): the request and the warranty decided."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for determination in self:
            determination.display_name = " · ".join(
                filter(
                    None,
                    (determination.ticket_id.number, states.get(determination.state)),
                )
            )

    @api.depends("reason_ids.text")
    @api.depends_context("lang")
    def _compute_explanation(self):
        for determination in self:
            determination.explanation = "\n".join(
                determination.reason_ids.mapped("text")
            )

    @api.depends("component_line_ids.free_parts", "component_line_ids.name")
    @api.depends_context("lang")
    def _compute_free_component_names(self):
        for determination in self:
            lines = determination.component_line_ids.filtered("free_parts")
            determination.free_component_names = ", ".join(lines.mapped("name"))

    # ------------------------------------------------------------------
    # Storing the engine's outcomes
    # ------------------------------------------------------------------

    @api.model
    def _store_outcomes(self, outcomes):
        """Store a batch of outcomes of ``tools.warranty.determine``.

        ``outcomes``: ``(determination, ticket, closed, policy, report_date,
        result)`` tuples; an empty ``determination`` is created, an empty
        ``policy`` deletes it. Only what changed is written: the changed fields
        of determinations, reasons and component lines in one pass per model
        (``_write_each``); a reason or component line is a slot rewritten in
        place, surplus ones deleted and missing ones inserted (``_insert_rows``),
        each in one call for the batch. Called by
        :meth:`helpdesk.ticket._warranty_update`.
        """
        existing = self.browse([o[0].id for o in outcomes if o[0]])
        existing._fetch_outputs()
        plan = StorePlan(self)
        now = fields.Datetime.now()
        for determination, ticket, closed, policy, report_date, result in outcomes:
            if not policy:
                plan.obsolete[self._name] += determination.ids
                continue
            vals = self._prepare_determination_vals(ticket, policy, result)
            vals.update(
                report_date=report_date, frozen=closed, frozen_date=closed and now
            )
            reasons = self._prepare_reason_vals(result)
            components = self._prepare_component_line_vals(policy, result)
            if determination:
                plan.update(determination, vals, reasons, components)
            else:
                plan.new.append((vals, reasons, components))
        plan.apply()

    def _fetch_outputs(self):
        """Read the stored outputs of the batch at once (compared in cache)."""
        self.fetch([name for name, f in self._fields.items() if f.column_type])
        self.reason_ids.fetch(["sequence", "code", "key", "message", "params"])
        self.component_line_ids.fetch(
            ["component_id", "code", "months", "end_date", "in_warranty", "free_parts"]
        )

    @api.model
    def _prepare_determination_vals(self, ticket, policy, result):
        """Values storing ``result`` (a ``warranty.Determination``) for ``ticket``,
        without its reasons and component lines."""
        charging = result.charging
        remedy_rules = "; ".join(f"{r.kind}: {r.rule} {r.key}" for r in result.remedies)
        return_remedy = result.remedy(warranty.RETURN)
        return {
            "ticket_id": ticket.id,
            "policy_id": policy.id,
            "state": result.state,
            "start_date": result.start_date,
            "start_basis": result.start_basis,
            "months": result.months or 0,
            "end_date": result.end_date,
            "extension_days": result.extension_days,
            "sanbao_end_date": result.sanbao_end_date,
            "exclusion_codes": ", ".join(result.exclusions),
            "remedy_return": bool(return_remedy),
            "remedy_exchange": bool(result.remedy(warranty.EXCHANGE)),
            "remedy_repair": bool(result.remedy(warranty.REPAIR)),
            "return_with_depreciation": bool(
                return_remedy and return_remedy.depreciation
            ),
            "remedy_rules": remedy_rules,
            "parts_payer": charging.parts,
            "labour_payer": charging.labour,
            "travel_payer": charging.travel,
            "charging_rule": charging.rule,
            "needs_supervisor_decision": result.needs_supervisor_decision,
            "is_rework": result.is_rework,
        }

    @api.model
    def _prepare_reason_vals(self, result):
        """One reason row per step of the explanation, in order (R-WAR-8)."""
        return [
            {
                "sequence": index,
                "code": reason.code,
                "key": reason.key,
                "message": reason.message,
                "params": self._encode_params(reason.params),
            }
            for index, reason in enumerate(result.reasons, start=1)
        ]

    @api.model
    def _prepare_component_line_vals(self, policy, result):
        """One line per main component of ``policy`` with its period (R-WAR-1)."""
        by_code = {c.code: c.id for c in policy.component_ids}
        free = result.charging.free_components
        return [
            {
                "component_id": by_code.get(component.code, False),
                "code": component.code,
                "months": component.months,
                "end_date": component.end_date,
                "in_warranty": component.in_warranty,
                "free_parts": component.code in free,
            }
            for component in result.component_ends
        ]

    @api.model
    def _encode_params(self, params):
        """JSON-safe engine params: dates tagged to be formatted when displayed,
        tuples of codes as lists."""
        encoded = {}
        for name, value in params.items():
            if isinstance(value, date):
                value = {"date": value.isoformat()}
            elif isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            encoded[name] = value
        return encoded

    def _code_names(self):
        """Component and exclusion codes → names in the reader's language."""
        self.ensure_one()
        names = {c.code: c.name for c in self.sudo().policy_id.component_ids}
        names.update(
            (e.code, e.name) for e in self.sudo().ticket_id.warranty_exclusion_ids
        )
        return names

    @api.model
    def _format_params(self, params):
        """Engine params formatted for the user's language (dates, field labels)."""
        return format_rule_params(self.env, params, INPUT_LABELS)

    @api.model
    def _translate_message(self, template, params, names=None):
        """``template % params`` in the user's language (R-X-1, R-WAR-8).

        ``names`` renders the codes of components and exclusions by name.
        """
        params = dict(params or {})
        for key in ("component", "components", "exclusion"):
            if key in params:
                codes = params[key]
                codes = codes if isinstance(codes, list | tuple) else [codes]
                params[key] = ", ".join((names or {}).get(c, c) for c in codes)
        return rule_message(self.env, template, params, INPUT_LABELS)

    @api.model
    def _translate_input_errors(self):
        """Turn the engine's ``WarrantyInputError`` into a translated error."""
        return rule_errors_as_validation(self.env, INPUT_LABELS)


class StorePlan:
    """What a batch of outcomes changes, applied in one call per model.

    ``update`` compares a determination and its lines with the new outputs and
    notes the changed fields (``updates``), the surplus lines (``obsolete``) and
    the missing ones (``new_lines``); ``new`` holds the determinations to
    create with their lines. :meth:`apply` deletes, writes, creates and inserts.
    """

    def __init__(self, determinations):
        self.model = determinations
        self.obsolete = defaultdict(list)  # model → ids
        self.updates = defaultdict(list)  # model → [(record, changed vals)]
        self.new_lines = defaultdict(list)  # model → vals
        self.new = []  # (determination vals, reason vals, component vals)

    def update(self, determination, vals, reasons, components):
        changed = _changes(determination, vals)
        if changed:
            self.updates[determination._name].append((determination, changed))
        link = {"determination_id": determination.id}
        for lines, vals_list in (
            (determination.reason_ids, reasons),
            (determination.component_line_ids, components),
        ):
            changes, surplus, missing = _line_changes(lines, vals_list)
            self.updates[lines._name] += changes
            self.obsolete[lines._name] += surplus.ids
            self.new_lines[lines._name] += [{**v, **link} for v in missing]

    def apply(self):
        env = self.model.env
        for model, ids in self.obsolete.items():
            env[model].browse(ids).unlink()
        for model, pairs in self.updates.items():
            if pairs:
                records = env[model].browse([record.id for record, _v in pairs])
                _write_each(records, [changed for _r, changed in pairs])
        created = self.model.create([vals for vals, *_lines in self.new])
        for determination, (_vals, reasons, components) in zip(
            created, self.new, strict=True
        ):
            link = {"determination_id": determination.id}
            self.new_lines["after_sales.warranty.reason"] += [
                {**v, **link} for v in reasons
            ]
            self.new_lines["after_sales.warranty.determination.component"] += [
                {**v, **link} for v in components
            ]
        for model, vals_list in self.new_lines.items():
            _insert_rows(env[model], vals_list)
        if any(self.new_lines.values()):
            self.model.invalidate_model(["reason_ids", "component_line_ids"])
        # The request shows the lines through related fields, cached apart: a
        # line rewritten in SQL while the state stays the same must show too.
        env["helpdesk.ticket"].invalidate_model(
            ["warranty_reason_ids", "warranty_component_line_ids"]
        )


def _changes(record, vals):
    """The values of ``vals`` that differ from what ``record`` has in cache (it
    is read beforehand); empty values (``False``, ``None``, ``""``, 0) compare
    alike, as the ORM reads them back."""
    cache = record._cache
    fields_ = record._fields
    return {
        name: value
        for name, value in vals.items()
        if (cache[name] or None)
        != (fields_[name].convert_to_cache(value, record, validate=False) or None)
    }


def _line_changes(lines, vals_list):
    """``(changes, surplus, missing)`` turning ``lines`` into ``vals_list``: the
    lines are slots, the n-th rewritten with the n-th values (``[(line, changed
    vals)]``), the surplus lines deleted, the missing values created."""
    count = min(len(lines), len(vals_list))
    changes = []
    for line, vals in zip(lines[:count], vals_list[:count], strict=True):
        changed = _changes(line, vals)
        if changed:
            changes.append((line, changed))
    return changes, lines[count:], vals_list[count:]


def _write_each(records, vals_list):
    """Write ``vals_list[i]`` on ``records[i]``, in SQL, for the whole batch.

    ``write`` per record would look up the records depending on it (the
    request's stored state, the related fields of requests, appraisals) once per
    record. Here the values go to the database the way the ORM's flush sends
    them (``_write_multi``: one ``UPDATE … FROM (VALUES …)`` per set of
    fields), then the cache is invalidated and ``modified`` marks the
    dependents once for the batch, as ``write`` would. Only plain stored fields
    of the model, no inverse, no x2many; the caller has the rights (system
    writes).
    """
    if not records:
        return
    names = list(set().union(*vals_list))
    fields_ = records._fields
    records.flush_recordset(names)
    relational = [n for n in names if records.pool.is_modifying_relations(fields_[n])]
    if relational:
        records.modified(relational, before=True)
    columns = [
        {
            name: fields_[name].convert_to_column_update(
                fields_[name].convert_to_cache(value, record), record
            )
            for name, value in vals.items()
        }
        for record, vals in zip(records, vals_list, strict=True)
    ]
    records._write_multi(columns)
    records.invalidate_recordset([*names, "write_uid", "write_date"])
    records.modified(names)


def _insert_rows(model, vals_list):
    """Insert rows of ``model`` in SQL, a thousand per ``INSERT``; return ids.

    For system-written lines only (reasons, component lines): no defaults, no
    computed fields, no constraints but the database's. Every dict of
    ``vals_list`` has the same keys; the callers invalidate the x2many caches.
    """
    if not vals_list:
        return []
    names = list(vals_list[0])
    fields_ = model._fields
    env = model.env
    log = (env.uid, env.cr.now(), env.uid, env.cr.now())
    columns = SQL(", ").join(
        SQL.identifier(name)
        for name in (*names, "create_uid", "create_date", "write_uid", "write_date")
    )
    ids = []
    for chunk in split_every(1000, vals_list):
        rows = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    [
                        *(
                            fields_[name].convert_to_column_insert(vals[name], model)
                            for name in names
                        ),
                        *log,
                    ]
                ),
            )
            for vals in chunk
        )
        env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s RETURNING id",
                SQL.identifier(model._table),
                columns,
                rows,
            )
        )
        ids += [row[0] for row in env.cr.fetchall()]
    return ids


class AfterSalesWarrantyDeterminationComponent(models.Model):
    """The period of one named main component on a determination (R-WAR-1)."""

    _name = "after_sales.warranty.determination.component"
    _description = "Warranty Determination Component"
    _order = "determination_id, id"

    determination_id = fields.Many2one(
        "after_sales.warranty.determination",
        required=True,
        ondelete="cascade",
        index=True,
    )
    component_id = fields.Many2one(
        "after_sales.warranty.policy.component",
        string="Policy Component",
        ondelete="set null",
    )
    code = fields.Char(required=True)
    name = fields.Char(string="Component", compute="_compute_name")
    months = fields.Integer()
    end_date = fields.Date(string="Covered Until")
    in_warranty = fields.Boolean()
    free_parts = fields.Boolean(
        help="Involved in the fault and still in warranty: its parts are free.",
    )

    @api.depends("component_id.name", "code")
    @api.depends_context("lang")
    def _compute_name(self):
        """The component's name in the reader's language (its code once the
        component is deleted from the policy)."""
        for line in self:
            line.name = line.component_id.sudo().name or line.code


class AfterSalesWarrantyReason(models.Model):
    """One sentence of the explanation of a determination (R-WAR-8).

    Stores the engine's English template and its params; ``text`` renders it in
    the reader's language, so the same decision prints in Chinese or English.
    """

    _name = "after_sales.warranty.reason"
    _description = "Warranty Reason"
    _order = "determination_id, sequence, id"

    determination_id = fields.Many2one(
        "after_sales.warranty.determination",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer()
    code = fields.Char(string="Rule Code", required=True)
    key = fields.Char(string="Case")
    rule_name = fields.Char(string="Rule", compute="_compute_rule_name")
    message = fields.Text(string="Template", required=True)
    params = fields.Json()
    text = fields.Text(string="Reason", compute="_compute_text")

    @api.depends("key")
    @api.depends_context("lang")
    def _compute_rule_name(self):
        """The rule's name in the reader's terms (购买凭证, 三包退货期 …), never
        the requirement id."""
        for reason in self:
            kind = warranty.REASONS.get(reason.key)
            # The names are marked with _lt in tools/warranty.py.
            reason.rule_name = self.env._(kind.name) if kind else reason.key  # pylint: disable=translation-not-lazy

    @api.depends("determination_id", "key")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Its title (R-X-1): the rule it applies, in the reader's terms."""
        for reason in self:
            reason.display_name = reason.rule_name or reason.code

    @api.depends("message", "params")
    @api.depends_context("lang")
    def _compute_text(self):
        Determination = self.env["after_sales.warranty.determination"]
        names = {}
        for reason in self:
            determination = reason.determination_id
            if determination not in names:
                names[determination] = determination._code_names()
            reason.text = Determination._translate_message(
                reason.message, reason.params, names[determination]
            )
