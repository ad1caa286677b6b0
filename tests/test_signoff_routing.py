# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.tests import tagged

from .test_signoff import SignoffCase

STEP_NAMES_ZH = {"业务主管", "部门经理", "总经理"}


@tagged("post_install", "-at_install")
class TestSignoffRouting(SignoffCase):
    """Who gets the "sign" to-do of a step, and in which language."""

    def _load_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["after_sales_service"], ["zh_CN"]
        )

    def test_todo_goes_to_the_steps_own_role(self):
        """R-APR-2: a 99-yuan determination's supervisor step is a to-do of the
        supervisors, its manager step of the managers: not of the general manager
        whose group implies theirs. The general manager may still sign it."""
        determination = self._create_determination(99.0)
        determination.with_user(self.engineer).action_submit()
        users = determination.activity_ids.user_id
        self.assertIn(self.supervisor, users)
        self.assertIn(self.supervisor_2, users)
        for user in (self.manager, self.general_manager, self.boss, self.engineer):
            self.assertNotIn(user, users)
        self._sign(determination, self.supervisor)
        users = determination.activity_ids.user_id
        self.assertIn(self.manager, users)
        for user in (self.general_manager, self.boss, self.supervisor):
            self.assertNotIn(user, users)
        self._sign(determination, self.general_manager)
        self.assertEqual(determination.state, "approved")
        self.assertFalse(determination.activity_ids)

    def test_todo_falls_back_to_who_may_sign(self):
        """R-APR-2: when nobody of the company holds the step's role itself,
        those who may sign it get the to-do (never the requester), so the step
        is not left unassigned."""
        supervisor = self.env.ref("after_sales_service.group_supervisor")
        manager = self.env.ref("after_sales_service.group_manager")
        supervisor.write(
            {
                "users": [
                    Command.unlink(user.id) for user in supervisor.users - manager.users
                ]
            }
        )
        determination = self._create_determination(99.0)
        determination.with_user(self.engineer).action_submit()
        users = determination.activity_ids.user_id
        self.assertIn(self.manager, users)
        self.assertIn(self.general_manager, users)
        self.assertNotIn(self.engineer, users)
        self.assertNotIn(self.supervisor, users)

    def test_todo_summary_in_the_signers_language(self):
        """R-X-1: "签署：业务主管" for a signer working in Chinese, although the
        requester works in English."""
        self._load_chinese()
        self.engineer.lang = "en_US"
        self.supervisor.lang = "zh_CN"
        determination = self._create_determination(150.0)
        determination.with_user(self.engineer).action_submit()
        activity = determination.activity_ids.filtered(
            lambda a: a.user_id == self.supervisor
        )
        self.assertEqual(activity.summary, "签署：业务主管")

    def test_copied_steps_read_chinese(self):
        """R-X-1: a company whose steps were copied before the Chinese terms
        were loaded (as the demo company's are) reads them in Chinese once they
        are; a name its manager translated stays."""
        company = self.env["res.company"].create({"name": "华东机电"})
        steps = self.env["after_sales.signoff.step"].search(
            [("company_id", "=", company.id)]
        )
        self.assertEqual(len(steps), 4)
        for step in steps:  # as copied before Chinese was installed
            step.with_context(lang="zh_CN").name = step.with_context(lang="en_US").name
        own = steps.filtered(lambda s: s.kind == "special")
        own.with_context(lang="zh_CN").name = "总裁"
        self._load_chinese()
        names = set((steps - own).with_context(lang="zh_CN").mapped("name"))
        self.assertEqual(names, STEP_NAMES_ZH)
        self.assertEqual(own.with_context(lang="zh_CN").name, "总裁")
        # A company created now has the Chinese names straight away.
        later = self.env["res.company"].create({"name": "华北机电"})
        steps = self.env["after_sales.signoff.step"].search(
            [("company_id", "=", later.id)]
        )
        self.assertEqual(
            set(steps.with_context(lang="zh_CN").mapped("name")), STEP_NAMES_ZH
        )

    def test_demo_company_steps_on_the_printed_form(self):
        """R-X-1: the demo company's 责任界定表 reads its steps in Chinese."""
        determination = self.env.ref(
            "after_sales_service.responsibility_transformer_fan",
            raise_if_not_found=False,
        )
        if not determination:
            self.skipTest("no demo data")
        self._load_chinese()
        report = self.env.ref("after_sales_service.responsibility_report_action")
        html, _type = report._render_qweb_html(report.report_name, determination.ids)
        html = html.decode()
        for name in STEP_NAMES_ZH:
            self.assertIn(name, html)
        for name in ("Business Supervisor", "Department Manager", "General Manager"):
            self.assertNotIn(name, html)
