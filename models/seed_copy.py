# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Translations of the records the addon copies or creates per company.

The catalogue translates a seeded record by its xmlid; a copy made for another
company at run time (the default SLA policy) has no xmlid, and a record the code
names (operation types, journals) is created in one language. Each is created in
English and given its other languages here, at creation and again when a
language's terms are loaded (a copy made before Chinese was installed), so a
Chinese reader never meets the English name (R-X-1).
"""


def other_langs(env, langs=None):
    """The installed languages but English (or those of ``langs``)."""
    if langs is None:
        langs = [code for code, _name in env["res.lang"].get_installed()]
    return [lang for lang in langs if lang != "en_US"]


def copy_translations(seed, copies, field_names, langs=None):
    """Give ``copies`` of ``seed`` its translations of ``field_names`` in
    ``langs`` (default: the installed ones), where a copy still has the seed's
    English name and no translation of its own: a name a manager changed or
    translated stays as written."""
    for name in field_names:
        english = seed.with_context(lang="en_US")[name]
        for lang in other_langs(seed.env, langs):
            value = seed.with_context(lang=lang)[name]
            if not value or value == english:
                continue
            for copy in copies:
                if (
                    copy.with_context(lang="en_US")[name] == english
                    and copy.with_context(lang=lang)[name] == english
                ):
                    copy.with_context(lang=lang)[name] = value


def name_in_langs(record, field_name, label, langs=None):
    """Give ``record`` (created with the English ``label(env)``) the label in
    ``langs`` (default: the installed ones) where it still reads the English."""
    english = label(record.with_context(lang="en_US").env)
    for lang in other_langs(record.env, langs):
        localized = record.with_context(lang=lang)
        value = label(localized.env)
        if value != english and localized[field_name] == english:
            localized[field_name] = value


def seeded(model):
    """The records of ``model`` the addon's data files seeded (they have an
    xmlid of the addon): the main company's, which other companies copy."""
    ids = (
        model.env["ir.model.data"]
        .sudo()
        .search([("module", "=", "after_sales_service"), ("model", "=", model._name)])
        .mapped("res_id")
    )
    return model.sudo().with_context(active_test=False).browse(ids).exists()


def seed_companies(model, companies):
    """Give each of ``companies`` a copy of the seeded records of ``model`` (by
    ``code``) it lacks; a company that already has a record of that code keeps
    its own. The copies take the seeds' translations (``copy`` copies them)."""
    seeds = seeded(model)
    for company in companies:
        existing = set(
            model.sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
            .mapped("code")
        )
        missing = seeds.filtered(
            lambda seed, c=company, e=existing: seed.company_id != c
            and seed.code not in e
        )
        if missing:
            missing.copy({"company_id": company.id})
