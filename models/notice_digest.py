# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections.abc import Callable
from typing import NamedTuple

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL


class DigestKind(NamedTuple):
    """What a kind of digest lists and how it reads (issue 24).

    ``item_field``: the many2many of the digest holding its items;
    ``count_by``: the stored field of the items the summary counts by (a
    selection: its labels; a many2one: the records' names);
    ``title(digest)``: the to-do's title, called in the recipient's language;
    ``deadline_days``: the to-do is due that many days after the digest's day;
    ``activity_type``: XML id of its activity type (the to-do when missing);
    ``open_model``, ``open_domain(digest)``, ``open_group_by``: the list the
    button "Open the List" shows.
    """

    label: str
    item_field: str
    count_by: str
    title: Callable
    deadline_days: int
    activity_type: str
    open_model: str
    open_domain: Callable
    open_group_by: str | None


def _breach_title(digest):
    return digest.env._("New missed deadlines of %(day)s", day=digest.day)


def _arrival_title(digest):
    return digest.env._(
        "Parts arrived for %(count)s requests: visit the customers tomorrow",
        count=digest.request_count,
    )


# Every kind in one table: a new kind is a new row (and its many2many).
KINDS = {
    "sla_breach": DigestKind(
        label="Missed Deadlines",
        item_field="breach_ids",
        count_by="milestone",
        title=_breach_title,
        deadline_days=0,
        activity_type="after_sales_service.mail_activity_type_breach_digest",
        open_model="after_sales.sla.breach",
        open_domain=lambda digest: [("digest_ids", "=", digest.id)],
        open_group_by="milestone",
    ),
    "parts_arrival": DigestKind(
        label="Parts Arrived",
        item_field="arrival_plan_ids",
        count_by="ticket_id",
        title=_arrival_title,
        deadline_days=1,
        activity_type="mail.mail_activity_data_todo",
        open_model="helpdesk.ticket",
        open_domain=lambda digest: [
            ("id", "in", digest.sudo().arrival_plan_ids.ticket_id.ids)
        ],
        open_group_by=None,
    ),
}
DIGEST_KINDS = [(kind, spec.label) for kind, spec in KINDS.items()]


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
    arrival_plan_ids = fields.Many2many(
        "after_sales.purchase.plan",
        "after_sales_notice_digest_arrival_plan_rel",
        "digest_id",
        "plan_id",
        string="Arrived Purchase Plans",
        readonly=True,
    )
    item_count = fields.Integer(string="Items", compute="_compute_summary")
    request_count = fields.Integer(string="Requests", compute="_compute_summary")
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

    @api.depends(*(spec.item_field for spec in KINDS.values()))
    @api.depends_context("lang")
    def _compute_summary(self):
        """Counts of the items of every digest at once, by the field its kind
        counts by: one grouped query per kind for a list of digests, not one
        per digest."""
        counts = {}  # {digest id: {key: count}}
        labels = {}  # {kind: {key: label}}
        by_kind = {}
        for digest in self:
            by_kind.setdefault(digest.kind, []).append(digest.id)
        for kind, digest_ids in by_kind.items():
            if not kind or not any(digest_ids):
                continue
            rows, labels[kind] = self._summary_counts(KINDS[kind], digest_ids)
            for digest_id, key, count in rows:
                counts.setdefault(digest_id, {})[key] = count
        for digest in self:
            rows = counts.get(digest.id, {})
            names = labels.get(digest.kind, {})
            digest.item_count = sum(rows.values())
            # the number of requests, of a kind that counts its items by request
            by_request = digest.kind and KINDS[digest.kind].count_by == "ticket_id"
            digest.request_count = len(rows) if by_request else 0
            digest.summary = self._summary_html(
                [(names.get(key, key), count) for key, count in rows.items()]
            )

    @api.model
    def _summary_counts(self, spec, digest_ids):
        """``([(digest id, key, count)], {key: label})`` of the items of
        ``digest_ids`` counted by ``spec.count_by``: one query on the item
        table and the relation (the summary is what the digest says, whoever
        reads it; the list behind "Open the List" applies the reader's rights)."""
        relation = self._fields[spec.item_field]
        Item = self.env[relation.comodel_name].sudo()
        count_by = Item._fields[spec.count_by]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT rel.%s, item.%s, COUNT(*) FROM %s rel"
                " JOIN %s item ON item.id = rel.%s"
                " WHERE rel.%s = ANY(%s) GROUP BY 1, 2 ORDER BY 1, 2",
                SQL.identifier(relation.column1),
                SQL.identifier(count_by.name),
                SQL.identifier(relation.relation),
                SQL.identifier(Item._table),
                SQL.identifier(relation.column2),
                SQL.identifier(relation.column1),
                [digest_id for digest_id in digest_ids if digest_id],
            )
        )
        rows = self.env.cr.fetchall()
        if count_by.type == "selection":
            labels = dict(count_by._description_selection(self.env))
        else:
            records = (
                self.env[count_by.comodel_name]
                .sudo()
                .browse({row[1] for row in rows if row[1]})
            )
            labels = {record.id: record.display_name for record in records}
        return rows, labels

    @api.model
    def _summary_html(self, rows):
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (escape(label), count) for label, count in rows
        )
        return Markup("<ul>%s</ul>") % items if rows else False

    def action_open_items(self):
        """Button "Open the List": what the digest lists, as its kind says
        (missed deadlines grouped by milestone, the requests whose parts
        arrived); the reader's rights apply: the list shows what they may
        read."""
        self.ensure_one()
        self.check_access("read")
        spec = KINDS[self.kind]
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": spec.open_model,
            "views": [(False, "list"), (False, "form")],
            "domain": spec.open_domain(self),
            "context": {"group_by": spec.open_group_by} if spec.open_group_by else {},
        }

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Nobody follows a digest (issue 24): it is one person's, who has its
        to-do. Odoo makes the assignee of a to-do a follower of its document,
        one subscription per person and digest; a job telling thousands of
        people would write as many followers for nothing."""
        return True

    # ------------------------------------------------------------------
    # Written by the jobs
    # ------------------------------------------------------------------

    @api.model
    def _notify(self, kind, items_by_key):
        """Add ``items_by_key`` ({(user, company, day): record ids}; the day
        of the company) to each person's digest of that day (created when
        missing), and give the person one to-do on it unless one is open (its
        title then follows the new count). Titles in each person's language,
        type and deadline as ``KINDS[kind]`` says. Set-based: one search, one
        create of the new digests, one INSERT of the items, one create of the
        to-dos; no followers, no e-mail."""
        if not items_by_key:
            return self.browse()
        spec = KINDS[kind]
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
        relation = self._fields[spec.item_field]
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
        digests.invalidate_recordset([relation.name, "item_count", "request_count"])
        activity_type = self.env.ref(
            spec.activity_type, raise_if_not_found=False
        ) or self.env.ref("mail.mail_activity_data_todo")
        open_todos = {}
        for digest in digests:
            open_todos[digest] = digest.activity_ids.filtered(
                lambda a, activity_type=activity_type: a.activity_type_id
                == activity_type
            )
        self._retitle(spec, {d: a for d, a in open_todos.items() if a})
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": digest.id,
                    "activity_type_id": activity_type.id,
                    "summary": spec.title(
                        digest.with_context(lang=digest.user_id.lang)
                    ),
                    "user_id": digest.user_id.id,
                    "date_deadline": fields.Date.add(
                        digest.day, days=spec.deadline_days
                    ),
                }
                for digest, todos in open_todos.items()
                if not todos
            ]
        )
        return digests

    @api.model
    def _retitle(self, spec, todos_by_digest):
        """The open to-dos of digests that got new items take the title of the
        digest as it is now (e.g. the new count): one write per distinct
        title, none when it did not change."""
        by_title = {}
        for digest, todos in todos_by_digest.items():
            title = spec.title(digest.with_context(lang=digest.user_id.lang))
            stale = todos.filtered(lambda a, title=title: a.summary != title)
            if stale:
                by_title[title] = by_title.get(title, stale.browse()) | stale
        for title, todos in by_title.items():
            todos.with_context(mail_activity_quick_update=True).write(
                {"summary": title}
            )
