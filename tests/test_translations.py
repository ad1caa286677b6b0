# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

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
        # a line break written as the two characters "\n" reads as such on screen
        escaped = sorted(
            s for s in sources if "\\n" in translated[s] and "\\n" not in s
        )
        self.assertFalse(escaped, f"a literal backslash-n: {escaped[:20]}")

    def test_helpdesk_terms_in_chinese(self):
        """R-X-1: the helpdesk labels of the service request read in Chinese too
        (helpdesk_mgmt ships no zh_CN; this addon brings it)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["after_sales_service"], ["zh_CN"]
        )
        field = self.env["ir.model.fields"]._get("helpdesk.ticket", "team_id")
        label = field.with_context(lang="zh_CN").field_description
        self.assertNotEqual(label, "Team")
        self.assertTrue(any("\u4e00" <= char <= "\u9fff" for char in label), label)
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        self.assertNotEqual(stage.with_context(lang="zh_CN").name, "New")

    def test_every_translation_is_loadable(self):
        """R-X-1: Odoo loads a translation only with its occurrence (``#:`` or
        ``#. odoo-python``): an entry without one reads English on screen although
        the catalogue has it. The catalogue is merged from the exported template,
        so every entry carries its occurrence."""
        po_path = Path(__file__).resolve().parents[1] / "i18n" / "zh_CN.po"
        unloadable = [
            entry.msgid
            for entry in polib.pofile(str(po_path))
            if not entry.obsolete
            and not entry.occurrences
            and not any(
                flag in (entry.comment or "")
                for flag in ("odoo-python", "odoo-javascript")
            )
        ]
        self.assertFalse(unloadable, f"no occurrence in zh_CN.po: {unloadable[:20]}")

    def test_new_messages_read_in_chinese(self):
        """R-X-1: a message of the code and a label of a model read in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["after_sales_service"], ["zh_CN"], overwrite=True
        )
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        message = env._("A performance event is never changed.")
        self.assertEqual(message, "绩效事件一经记录不得修改。")
        field = env["ir.model.fields"]._get("after_sales.performance.event", "kind")
        self.assertEqual(field.with_context(lang="zh_CN").field_description, "类型")
