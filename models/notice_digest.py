# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

DIGEST_KINDS = [("sla_breach", "Missed Deadlines")]
# The items of each kind: a many2many of the digest.
ITEM_FIELDS = {"sla_breach": "breach_ids"}


class AfterSalesNoticeDigest(models.Model):
    """What a scheduled job tells one person in one day (issue 24): one
    document per person, company, kind and day of the company, listing the
    new items the job found for them, with one to-do on it — not one to-do per
    item. A run over a hundred thousand missed deadlines gives each engineer
    and supervisor one to-do they can act on: counts by milestone, a button to
    the filtered list.

    Written by the jobs only (in bulk: one ``create`` of the day's new digests,
    one ``INSERT`` of their items, one ``create`` of their to-dos; no
    followers): nobody creates, edits or deletes one. The recipient reads
    theirs; supervisors and managers read the company's.
    """

    _name = "after_sales.notice.digest"
    _description = "Notice Digest"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "day desc, id desc"

    user_id = fields.Many2one(
        "res.users", string="For", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    kind = fields.Selection(DIGEST_KINDS, required=True, readonly=True)
    day = fields.Date(
        string="Date",
        required=True,
        readonly=True,
        help="The day of the company it covers.",
    )
    breach_ids = fields.Many2many(
        "after_sales.sla.breach",
        "after_sales_notice_digest_breach_rel",
        "digest_id",
        "breach_id",
        string="Missed Deadlines",
        readonly=True,
    )
    item_count = fields.Integer(string="Items", compute="_compute_summary")
    summary = fields.Html(compute="_compute_summary", sanitize=True)

    _sql_constraints = [
        (
            "user_company_kind_day_uniq",
            "unique(user_id, company_id, kind, day)",
            "One digest per person, company, kind and day.",
        ),
    ]

    @api.depends("kind", "day")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for digest in self:
            digest.display_name = self.env._(
                "%(kind)s of %(day)s",
                kind=labels.get(digest.kind, ""),
                day=digest.day and fields.Date.to_string(digest.day) or "",
            )

    @api.depends("breach_ids")
    @api.depends_context("lang")
    def _compute_summary(self):
        """Counts by milestone of every digest at once (one grouped query for
        a list of digests, not one per digest)."""
        Breach = self.env["after_sales.sla.breach"]
        labels = dict(Breach._fields["milestone"]._description_selection(self.env))
        counts = {}
        if self.ids:
            for digest, milestone, count in Breach._read_group(
                [("digest_ids", "in", self.ids)],
                ["digest_ids", "milestone"],
                ["__count"],
            ):
                counts.setdefault(digest.id, {})[milestone] = count
        for digest in self:
            rows = counts.get(digest.id, {})
            digest.item_count = sum(rows.values())
            digest.summary = self._summary_html(
                [(labels.get(key, key), count) for key, count in rows.items()]
            )

    @api.model
    def _summary_html(self, rows):
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (escape(label), count) for label, count in rows
        )
        return Markup("<ul>%s</ul>") % items if rows else False

    def action_open_items(self):
        """Button "Open": the digest's items, grouped by milestone (the
        reader's rights apply: the list shows what they may read)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": "after_sales.sla.breach",
            "views": [(False, "list"), (False, "form")],
            "domain": [("digest_ids", "=", self.id)],
            "context": {"group_by": "milestone"},
        }

    # ------------------------------------------------------------------
    # Written by the jobs
    # ------------------------------------------------------------------

    @api.model
    def _notify(self, kind, items_by_key, activity_type, summary):
        """Add ``items_by_key`` ({(user, company, day): record ids}; the day
        of the company) to each person's digest of that day (created when
        missing), and give the person one to-do on it unless one is open.
        ``summary(digest)``: the to-do's title, called in the person's
        language. Set-based: one search, one create of the new digests, one
        INSERT of the items, one create of the to-dos."""
        if not items_by_key:
            return self.browse()
        Digest = self.sudo()
        keys = {(user.id, company.id, day) for user, company, day in items_by_key}
        existing = Digest.search(
            [
                ("kind", "=", kind),
                ("user_id", "in", list({key[0] for key in keys})),
                ("company_id", "in", list({key[1] for key in keys})),
                ("day", "in", list({key[2] for key in keys})),
            ]
        )
        by_key = {(d.user_id.id, d.company_id.id, d.day): d for d in existing}
        created = Digest.create(
            [
                {"user_id": user_id, "company_id": company_id, "kind": kind, "day": day}
                for user_id, company_id, day in keys
                if (user_id, company_id, day) not in by_key
            ]
        )
        for digest in created:
            by_key[(digest.user_id.id, digest.company_id.id, digest.day)] = digest
        relation = self._fields[ITEM_FIELDS[kind]]
        pairs = [
            (by_key[(user.id, company.id, day)].id, item_id)
            for (user, company, day), item_ids in items_by_key.items()
            for item_id in item_ids
        ]
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int[], %s::int[])"
                " ON CONFLICT DO NOTHING",
                SQL.identifier(relation.relation),
                SQL.identifier(relation.column1),
                SQL.identifier(relation.column2),
                [pair[0] for pair in pairs],
                [pair[1] for pair in pairs],
            )
        )
        digests = Digest.browse(sorted({pair[0] for pair in pairs}))
        digests.invalidate_recordset([relation.name])
        model_id = self.env["ir.model"]._get_id(self._name)
        to_remind = digests.filtered(
            lambda d: not d.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
        )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": digest.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary(digest.with_context(lang=digest.user_id.lang)),
                    "user_id": digest.user_id.id,
                    "date_deadline": digest.day,
                }
                for digest in to_remind
            ]
        )
        return digests
