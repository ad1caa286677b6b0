import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_every_string_has_a_chinese_translation(self):
        """R-X-1: every term the addon shows (fields, selections, views, menus,
        reports, data, code messages) has a zh_CN translation with the same
        placeholders. Reads the terms from this database as an export would."""
        po_path = Path(__file__).resolve().parents[1] / "i18n" / "zh_CN.po"
        translated = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(str(po_path))
            if not entry.obsolete and not entry.fuzzy
        }
        reader = TranslationModuleReader(self.env.cr, modules=["after_sales_service"])
        sources = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in reader
            if module == "after_sales_service" and source
        }
        missing = sorted(s for s in sources if not translated.get(s))
        self.assertFalse(missing, f"untranslated in i18n/zh_CN.po: {missing[:20]}")
        mismatched = sorted(
            s
            for s in sources
            if sorted(PLACEHOLDER.findall(s))
            != sorted(PLACEHOLDER.findall(translated[s]))
        )
        self.assertFalse(mismatched, f"placeholders differ: {mismatched[:20]}")
