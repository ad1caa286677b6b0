# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .const import SIGNOFF_KINDS


class AfterSalesSignoffStep(models.Model):
    """One step of a company's signing chain of responsibility determinations
    (R-APR-1, R-APR-4, R-APR-5).

    The chain of a determination is the company's active steps of its kind in
    sequence; a step marked ``above_threshold_only`` joins it only when the
    amount is strictly above the company's threshold, compared with the
    currency's rounding (R-X-6). Who may sign a step is its group. Seeded for the
    main company by ``data/signoff_step_data.xml`` (supervisor → manager → general
    manager above 100 yuan; special compensation: the general manager) and copied
    for every new company; a department manager edits them like any master data.
    """

    _name = "after_sales.signoff.step"
    _description = "Sign-off Step"
    _inherit = ["after_sales.input.bounds"]
    _order = "company_id, kind, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(
        SIGNOFF_KINDS,
        string="Determination Kind",
        required=True,
        default="goodwill",
    )
    group_id = fields.Many2one(
        "res.groups",
        string="Signed by",
        required=True,
        ondelete="restrict",
        help="Members of this group sign this step (never one who requested the "
        "determination or signed another step of it).",
    )
    above_threshold_only = fields.Boolean(
        string="Above the Threshold Only",
        help="This step is needed only when the amount is strictly above the "
        "company's sign-off threshold.",
    )

    @api.model
    def _chain(self, company, kind, amount):
        """The steps a determination of ``company``, ``kind`` and ``amount``
        needs, in signing order (R-APR-1: 100.00 is not above 100.00; 100.005
        rounds to 100.01 and is)."""
        above = (
            company.currency_id.compare_amounts(
                amount, company.after_sales_signoff_threshold
            )
            > 0
        )
        steps = self.sudo().search(
            [("company_id", "=", company.id), ("kind", "=", kind)]
        )
        return steps.filtered(lambda step: above or not step.above_threshold_only)

    SEEDED_XMLIDS = (
        "signoff_step_supervisor",
        "signoff_step_manager",
        "signoff_step_general_manager",
        "signoff_step_special_general_manager",
    )

    @api.model
    def _seeded_steps(self):
        """The seeded steps of the main company (``data/signoff_step_data.xml``)."""
        seeded = self.browse()
        for xmlid in self.SEEDED_XMLIDS:
            seeded |= (
                self.env.ref(f"after_sales_service.{xmlid}", raise_if_not_found=False)
                or self.browse()
            )
        return seeded

    @api.model
    def _seed_company_steps(self, companies):
        """Give new ``companies`` the seeded default chain (a copy of the
        seeded steps of the main company), which they then edit."""
        seeded = self._seeded_steps().with_context(lang="en_US")
        pairs = [
            (company, step)
            for company in companies
            for step in seeded
            if step.company_id != company
        ]
        vals_list = [
            {
                "name": step.name,
                "sequence": step.sequence,
                "kind": step.kind,
                "group_id": step.group_id.id,
                "above_threshold_only": step.above_threshold_only,
                "company_id": company.id,
            }
            for company, step in pairs
        ]
        steps = self.with_context(lang="en_US").create(vals_list)
        langs = [lang for lang, _name in self.env["res.lang"].get_installed()]
        steps._sync_seeded_translations(langs)
        return steps

    def _sync_seeded_translations(self, langs):
        """Give these steps, copies of a seeded step, the seed's name in
        ``langs`` (R-X-1): the catalogue translates the seeded records only (it
        names them by xmlid), so a copy made before the language's terms were
        loaded (the demo company, a company created before Chinese was
        installed) would read English. A copy takes the seed's translation while
        it still has the seed's English name and no translation of its own: a
        name a manager changed or translated stays as written."""
        seeded = self._seeded_steps()
        if not seeded:
            return
        for lang in langs:
            if lang == "en_US":
                continue
            translated = {
                (step.kind, step.group_id.id, step.with_context(lang="en_US").name): (
                    step.with_context(lang=lang).name
                )
                for step in seeded
            }
            for step in self - seeded:
                english = step.with_context(lang="en_US").name
                name = translated.get((step.kind, step.group_id.id, english))
                if not name or step.with_context(lang=lang).name != english:
                    continue
                step.with_context(lang=lang).name = name

    @api.model
    def _sync_all_seeded_translations(self, langs):
        """After a language's terms are loaded: every company's copies."""
        self.sudo().with_context(active_test=False).search(
            []
        )._sync_seeded_translations(langs)
