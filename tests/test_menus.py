# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import AfterSalesCase

# The most top-level entries the navbar shows at 1280 px before it folds the rest
# into its overflow menu (Chinese names of four to six characters).
MAX_TOP_MENUS = 8

# What each role opens every day (menu xml ids).
DAILY = {
    "clerk": ("service_request_menu", "stock_lot_menu", "custody_menu"),
    "engineer": (
        "service_request_menu",
        "service_record_menu",
        "work_log_menu",
        "parts_requisition_menu",
        "penalty_line_mine_menu",
    ),
    "supervisor": (
        "service_request_menu",
        "dispatch_member_menu",
        "penalty_line_menu",
        "responsibility_menu",
        "sla_breach_menu",
    ),
    "manager": (
        "penalty_line_menu",
        "penalty_statement_menu",
        "purchase_plan_menu",
        "responsibility_menu",
    ),
    "warehouse": ("parts_to_issue_menu", "custody_menu"),
    "finance": ("cost_line_menu", "penalty_statement_menu", "provision_menu"),
    "general_manager": ("responsibility_menu", "penalty_line_menu"),
}


@tagged("post_install", "-at_install")
class TestMenus(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root = cls.env.ref("after_sales_service.after_sales_menu_root")
        cls.general_manager = new_test_user(
            cls.env,
            "t_menu_gm",
            groups="base.group_user,after_sales_service.group_general_manager",
        )

    def _visible(self, user):
        menus = self.env["ir.ui.menu"].with_user(user)
        visible = menus.browse(menus._visible_menu_ids())
        root_path = self.root.parent_path
        return visible.filtered(lambda m: m.parent_path.startswith(root_path))

    def test_top_menus_fit_the_navbar(self):
        """R-X-1: no role's After-Sales navbar folds its entries into the hidden
        overflow menu: at most eight top-level entries for every role, the
        general manager (who holds every after-sales group) included."""
        for role in DAILY:
            user = getattr(self, role)
            with self.subTest(role=role):
                top = self._visible(user).filtered(lambda m: m.parent_id == self.root)
                self.assertLessEqual(len(top), MAX_TOP_MENUS, top.mapped("name"))

    def test_daily_entries_are_reachable(self):
        """R-X-1: every role finds its daily entries in its After-Sales menus."""
        for role, xmlids in DAILY.items():
            user = getattr(self, role)
            visible = self._visible(user)
            for xmlid in xmlids:
                with self.subTest(role=role, menu=xmlid):
                    menu = self.env.ref(f"after_sales_service.{xmlid}")
                    self.assertIn(menu, visible)
