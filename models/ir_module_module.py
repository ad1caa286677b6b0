# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models
from odoo.tools import file_path
from odoo.tools.translate import TranslationImporter

# Chinese for the OCA helpdesk, which ships no zh_CN: the service request is a
# helpdesk ticket, and a clerk working in Chinese must not meet English labels on it.
EXTRA_CATALOGUES = {
    "helpdesk_mgmt": {"zh_CN": "after_sales_service/i18n_extra/helpdesk_mgmt.zh_CN.po"},
}


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        """Also load the catalogues this addon ships for its dependencies, and
        give what the addon copied or created per company (sign-off steps,
        default SLA policies, service targets, operation types, locations,
        journals) the terms
        just loaded (see ``after_sales.signoff.step._sync_seeded_translations``
        and ``models/seed_copy.py``).

        Called when a module's translations are (re)loaded and when a language is
        activated, after Odoo loaded each module's own ``i18n`` files.
        """
        result = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        deps = [
            dep
            for dep in EXTRA_CATALOGUES
            if dep in modules or "after_sales_service" in modules
        ]
        importer = TranslationImporter(self.env.cr, verbose=False)
        loaded = False
        for dep in deps:
            for lang in langs:
                if lang in EXTRA_CATALOGUES[dep]:
                    importer.load_file(file_path(EXTRA_CATALOGUES[dep][lang]), lang)
                    loaded = True
        if loaded:
            importer.save(overwrite=overwrite)
        if "after_sales_service" in modules and "after_sales.signoff.step" in self.env:
            self.env["after_sales.signoff.step"]._sync_all_seeded_translations(langs)
            self.env["after_sales.sla.policy"]._sync_default_translations(langs)
            self.env["after_sales.warranty.policy.component"]._sync_seeded_translations(
                langs
            )
            warehouses = (
                self.env["stock.warehouse"].sudo().with_context(active_test=False)
            )
            warehouses.search([])._after_sales_sync_names(langs)
            self.env["account.chart.template"]._after_sales_sync_journal_names(langs)
            self.env["after_sales.kpi.target"]._sync_seeded_translations(langs)
        return result
