# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import AfterSalesCase


class SignoffCase(AfterSalesCase):
    """A general manager, a second supervisor and a priced request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "after_sales_service.group_"
        cls.general_manager = new_test_user(
            cls.env, "t_gm", groups=f"base.group_user,{group}general_manager", name="GM"
        )
        cls.supervisor_2 = new_test_user(
            cls.env,
            "t_supervisor2",
            groups=f"base.group_user,{group}supervisor",
            name="Supervisor 2",
        )
        # One person holding every role: still signs one step only (R-APR-2).
        cls.boss = new_test_user(
            cls.env,
            "t_boss",
            groups=f"base.group_user,{group}general_manager,{group}estimator",
            name="Boss",
        )
        cls.company.after_sales_signoff_threshold = 100.0

    @classmethod
    def _create_quote(cls, ticket, cost=150.0, user=None, **vals):
        env = cls.env(user=user or cls.estimator)
        return env["after_sales.quote"].create(
            {
                "ticket_id": ticket.id,
                "tax_id": False,
                "line_ids": [
                    Command.create(
                        {
                            "kind": "parts",
                            "name": "Fan capacitor",
                            "quantity": 1,
                            "unit_cost": cost,
                        }
                    )
                ],
                **vals,
            }
        )

    @classmethod
    def _create_determination(cls, amount=150.0, user=None, ticket=None, **vals):
        ticket = ticket or cls._create_ticket()
        if not ticket.quote_ids:
            cls._create_quote(ticket, cost=max(amount, 1.0))
        env = cls.env(user=user or cls.engineer)
        return env["after_sales.responsibility"].create(
            {
                "ticket_id": ticket.id,
                "cause": "Customer moved the unit himself",
                "responsible_party": "customer",
                "justification": "hardship",
                "amount": amount,
                **vals,
            }
        )

    def _sign(self, determination, user, approve=True, comment=""):
        wizard = (
            self.env["after_sales.responsibility.sign.wizard"]
            .with_user(user)
            .create(
                {
                    "responsibility_id": determination.id,
                    "decision": "approve" if approve else "reject",
                    "comment": comment,
                }
            )
        )
        wizard.action_sign()
        determination.invalidate_recordset()

    def _approve_all(self, determination):
        for user in (self.supervisor, self.manager, self.general_manager):
            if determination.state != "pending":
                break
            self._sign(determination, user)


@tagged("post_install", "-at_install")
class TestSignoff(SignoffCase):
    def test_threshold_table(self):
        """R-APR-1, R-X-6: strictly above the threshold by the currency's
        rounding: 100.00 → 2 signatures, 100.004 → 2, 100.005 → 3, 100.01 → 3."""
        Step = self.env["after_sales.signoff.step"]
        for amount, count in (
            (99.0, 2),
            (100.0, 2),
            (100.004, 2),
            (100.005, 3),
            (100.01, 3),
            (150.0, 3),
        ):
            with self.subTest(amount=amount):
                chain = Step._chain(self.company, "goodwill", amount)
                self.assertEqual(len(chain), count)
                determination = self._create_determination(amount)
                determination.with_user(self.engineer).action_submit()
                self.assertEqual(len(determination.signature_ids), count)
                self.assertEqual(
                    determination.signature_ids[-1:].group_id
                    == self.env.ref("after_sales_service.group_general_manager"),
                    count == 3,
                )

    def test_chain_in_order_and_approval(self):
        """R-APR-1, R-APR-2: supervisor, manager, GM in order, each recorded
        with signer, time and comment; the last signature approves."""
        determination = self._create_determination(150.0)
        determination.with_user(self.engineer).action_submit()
        self.assertEqual(determination.state, "pending")
        self.assertEqual(
            determination.pending_signers,
            "Business Supervisor, Department Manager, General Manager",
        )
        # The clerk signs no step.
        with self.assertRaises(AccessError):
            self._sign(determination, self.clerk)
        self._sign(determination, self.supervisor, comment="Agreed")
        self.assertEqual(determination.state, "pending")
        self._sign(determination, self.manager)
        self._sign(determination, self.general_manager)
        self.assertEqual(determination.state, "approved")
        lines = determination.signature_ids
        self.assertEqual(
            lines.mapped("user_id"),
            self.supervisor | self.manager | self.general_manager,
        )
        self.assertEqual(lines[0].comment, "Agreed")
        self.assertTrue(all(lines.mapped("signed_at")))
        self.assertTrue(determination.approved_at)
        ticket = determination.ticket_id
        self.assertEqual(ticket.signoff_state, "approved")
        self.assertEqual(ticket.signoff_approved_amount, 150.0)

    def test_one_person_one_step(self):
        """R-APR-2: a person holding several roles never signs two steps, and
        never a determination they requested."""
        determination = self._create_determination(150.0)
        determination.with_user(self.engineer).action_submit()
        self._sign(determination, self.boss)  # as supervisor
        with self.assertRaises(AccessError):
            self._sign(determination, self.boss)  # again, as manager
        own = self._create_determination(150.0, user=self.boss)
        own.with_user(self.boss).action_submit()
        with self.assertRaises(AccessError):
            self._sign(own, self.boss)
        self.assertFalse(own.signature_ids.filtered("user_id"))

    def test_rejection_needs_a_comment_and_ends_it(self):
        """R-APR-2: a rejection without a comment is refused; with one it ends
        the determination with the reason."""
        determination = self._create_determination(99.0)
        determination.with_user(self.engineer).action_submit()
        with self.assertRaises(UserError):
            self._sign(determination, self.supervisor, approve=False)
        self.assertEqual(determination.state, "pending")
        self._sign(determination, self.supervisor, approve=False, comment="No")
        self.assertEqual(determination.state, "rejected")
        self.assertEqual(determination.rejection_reason, "No")
        with self.assertRaises(UserError):
            self._sign(determination, self.manager)

    def test_withdraw_before_first_signature(self):
        """R-APR-2: the requester withdraws before the first signature only."""
        determination = self._create_determination(99.0)
        determination.with_user(self.engineer).action_submit()
        with self.assertRaises(AccessError):
            determination.with_user(self.supervisor).action_withdraw()
        determination.with_user(self.engineer).action_withdraw()
        self.assertEqual(determination.state, "withdrawn")
        other = self._create_determination(99.0)
        other.with_user(self.engineer).action_submit()
        self._sign(other, self.supervisor)
        with self.assertRaises(UserError):
            other.with_user(self.engineer).action_withdraw()

    def test_amount_lowered_never_raised(self):
        """R-APR-3: while signing the amount may go down (the GM step is
        dropped below the threshold), never up; approved: frozen."""
        determination = self._create_determination(150.0)
        determination.with_user(self.engineer).action_submit()
        with self.assertRaises(UserError):
            determination.with_user(self.engineer).amount = 160.0
        self.assertEqual(determination.amount, 150.0)
        self._sign(determination, self.supervisor)
        determination.with_user(self.engineer).amount = 100.0
        self.assertEqual(len(determination.signature_ids), 2)
        self._sign(determination, self.manager)
        self.assertEqual(determination.state, "approved")
        for amount in (120.0, 50.0):
            with self.assertRaises(UserError):
                determination.with_user(self.manager).amount = amount
        with self.assertRaises(UserError):
            determination.with_user(self.manager).cause = "Another cause"

    def test_bad_input(self):
        """R-X-4, R-APR-1: amount ≤ 0, a request without any cost, signing an
        already decided step: a clear error and nothing changed."""
        Determination = self.env["after_sales.responsibility"].with_user(self.engineer)
        count = Determination.search_count([])
        for amount in (0.0, -5.0):
            with self.subTest(amount=amount), self.assertRaises(UserError):
                self._create_determination(amount)
        bare = self._create_ticket()
        with self.assertRaises(UserError):
            Determination.create({"ticket_id": bare.id, "cause": "x", "amount": 50.0})
        self.assertEqual(Determination.search_count([]), count)
        determination = self._create_determination(99.0)
        with self.assertRaises(UserError):
            determination.with_user(self.engineer).amount = -1.0
        determination.with_user(self.engineer).action_submit()
        self._sign(determination, self.supervisor)
        line = determination.signature_ids[0]
        with self.assertRaises(UserError):
            determination.with_user(self.supervisor_2)._do_sign(True, "", line=line)
        self.assertEqual(line.user_id, self.supervisor)
        with self.assertRaises(UserError):
            determination.with_user(self.engineer).action_submit()

    def test_nothing_forged(self):
        """R-X-3, R-APR-2: the state, the requester and the signature lines
        change only through the actions."""
        determination = self._create_determination(99.0)
        with self.assertRaises(AccessError):
            determination.with_user(self.manager).state = "approved"
        with self.assertRaises(AccessError):
            determination.with_user(self.engineer).requested_by_id = self.clerk
        determination.with_user(self.engineer).action_submit()
        line = determination.signature_ids[0]
        for user in (self.engineer, self.supervisor, self.general_manager):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                line.with_user(user).write({"user_id": user.id, "state": "approved"})
        self._sign(determination, self.supervisor)
        with self.assertRaises(UserError):
            line.sudo().unlink()
        with self.assertRaises(UserError):
            determination.sudo().unlink()

    def test_rights_of_signing(self):
        """R-APR-2, R-X-2: an engineer calling the signing method directly gets
        an AccessError; a user of another company is refused."""
        determination = self._create_determination(99.0)
        determination.with_user(self.engineer).action_submit()
        with self.assertRaises(AccessError):
            determination.with_user(self.engineer)._do_sign(True, "")
        with self.assertRaises(AccessError):
            self.env["after_sales.responsibility.sign.wizard"].with_user(
                self.engineer
            ).create({"responsibility_id": determination.id})
        company_b = self.env["res.company"].create({"name": "Signoff B"})
        supervisor_b = new_test_user(
            self.env,
            "t_supervisor_b",
            groups="base.group_user,after_sales_service.group_supervisor",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        with self.assertRaises(AccessError):
            determination.with_user(supervisor_b)._do_sign(True, "")
        self.assertFalse(determination.signature_ids.filtered("user_id"))

    def test_activities_for_pending_signers(self):
        """R-APR-2: who may sign the next step gets an activity; it moves on
        with the signatures."""
        determination = self._create_determination(150.0)
        determination.with_user(self.engineer).action_submit()
        users = determination.activity_ids.user_id
        self.assertIn(self.supervisor, users)
        self.assertNotIn(self.engineer, users)
        self._sign(determination, self.supervisor)
        users = determination.activity_ids.user_id
        self.assertIn(self.manager, users)
        self.assertNotIn(self.supervisor, users)
        self._sign(determination, self.manager)
        self._sign(determination, self.general_manager)
        self.assertFalse(determination.activity_ids)

    def test_gates(self):
        """R-APR-3, R-ACC-2: free parts wait for an approved determination that
        covers them, chargeable parts for a confirmed quote; the free cost gate
        answers the same."""
        ticket = self._create_ticket()
        self.assertEqual(ticket._parts_issue_blockers(0.0, 0.0), [])
        self.assertEqual(len(ticket._parts_issue_blockers(50.0, 0.0)), 1)
        self.assertEqual(len(ticket._parts_purchase_blockers(0.0, 10.0)), 1)
        self.assertEqual(len(ticket._parts_issue_blockers(50.0, 10.0)), 2)
        determination = self._create_determination(150.0, ticket=ticket)
        determination.with_user(self.engineer).action_submit()
        self._sign(determination, self.supervisor)
        self._sign(determination, self.manager)
        self.assertTrue(ticket._signoff_free_cost_blockers(50.0))
        self._sign(determination, self.general_manager)
        self.assertEqual(ticket._parts_issue_blockers(150.0, 0.0), [])
        self.assertEqual(ticket._parts_purchase_blockers(150.004, 0.0), [])
        self.assertTrue(ticket._parts_issue_blockers(150.01, 0.0))
        self.assertEqual(ticket._signoff_free_cost_blockers(120.0), [])
        quote = ticket.quote_ids
        quote.with_user(self.estimator).action_mark_sent()
        self.assertTrue(ticket._parts_issue_blockers(0.0, 10.0))
        quote.with_user(self.clerk)._do_confirm(
            {"confirmation_method": "phone", "confirmed_by_name": "Mr Li"}
        )
        self.assertEqual(ticket._parts_issue_blockers(0.0, 10.0), [])
        self.assertEqual(ticket._parts_purchase_blockers(150.0, 10.0), [])
        # A cancelled determination opens nothing.
        determination.with_user(self.manager).cancel_reason = "Customer paid"
        determination.with_user(self.manager).action_cancel()
        self.assertTrue(ticket._parts_issue_blockers(50.0, 0.0))

    def test_final_approval_date_in_company_time_zone(self):
        """R-APR-3, 000 §3.4.2: the day of the last signature in the company's
        time zone (23:30 UTC is the next day in Shanghai)."""
        self.company.partner_id.tz = "Asia/Shanghai"
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        determination = self._create_determination(99.0)
        ticket = determination.ticket_id
        self.assertFalse(ticket._signoff_final_approval_date())
        determination.with_user(self.engineer).action_submit()
        self._sign(determination, self.supervisor)
        with freeze_time(datetime(2026, 11, 2, 23, 30)):
            self._sign(determination, self.manager)
        self.assertEqual(
            ticket._signoff_final_approval_date(), fields.Date.to_date("2026-11-03")
        )

    def test_late_hand_in_event(self):
        """R-APR-1, 000 §3.3.3: handed in later than the day after the service is
        one event of the requester with the days late; on time, none."""
        Event = self.env["after_sales.performance.event"]
        today = self.env["after_sales.work.log"]._after_sales_today(self.company)
        on_time = self._create_determination(
            99.0, service_date=fields.Date.subtract(today, days=1)
        )
        on_time.with_user(self.engineer).action_submit()
        self.assertFalse(
            Event.search(
                [("res_model", "=", on_time._name), ("res_id", "=", on_time.id)]
            )
        )
        late = self._create_determination(
            99.0, service_date=fields.Date.subtract(today, days=4)
        )
        late.with_user(self.engineer).action_submit()
        event = Event.search([("res_model", "=", late._name), ("res_id", "=", late.id)])
        self.assertEqual(event.kind, "signoff_late")
        self.assertEqual(event.quantity, 3)
        self.assertEqual(event.user_id, self.engineer)

    def test_company_configuration(self):
        """R-APR-4: another company has its own threshold and adds a step
        without code; new companies get the seeded chain."""
        company_b = self.env["res.company"].create({"name": "Chain B"})
        Step = self.env["after_sales.signoff.step"]
        self.assertEqual(len(Step._chain(company_b, "goodwill", 150.0)), 3)
        company_b.after_sales_signoff_threshold = 500.0
        self.assertEqual(len(Step._chain(company_b, "goodwill", 150.0)), 2)
        Step.create(
            {
                "name": "Finance Check",
                "sequence": 25,
                "company_id": company_b.id,
                "group_id": self.env.ref("after_sales_service.group_finance").id,
            }
        )
        chain = Step._chain(company_b, "goodwill", 150.0)
        self.assertEqual(chain.mapped("name")[-1], "Finance Check")
        self.assertEqual(len(Step._chain(self.company, "goodwill", 150.0)), 3)
        with self.assertRaises(ValidationError):
            company_b.after_sales_signoff_threshold = -1.0

    def test_special_compensation(self):
        """R-APR-5: proposed by the service manager, approved by the GM."""
        with self.assertRaises(AccessError):
            self._create_determination(500.0, user=self.supervisor, kind="special")
        special = self._create_determination(
            500.0, user=self.manager, kind="special", justification="special"
        )
        special.with_user(self.manager).action_submit()
        self.assertEqual(
            special.signature_ids.group_id,
            self.env.ref("after_sales_service.group_general_manager"),
        )
        with self.assertRaises(AccessError):
            self._sign(special, self.supervisor)
        self._sign(special, self.general_manager)
        self.assertEqual(special.state, "approved")

    def test_start_from_the_request(self):
        """R-APR-1: started from the request, the amount proposed from its known
        free cost (the priced work), may be lowered."""
        ticket = self._create_ticket()
        self._create_quote(ticket, cost=88.5)
        action = ticket.with_user(self.engineer).action_signoff_start()
        form = Form(
            self.env["after_sales.responsibility"]
            .with_user(self.engineer)
            .with_context(**action["context"])
        )
        form.cause = "Installer damaged the pipe"
        form.responsible_party = "installer"
        determination = form.save()
        self.assertEqual(determination.proposed_amount, 88.5)
        self.assertEqual(determination.amount, 88.5)
        self.assertEqual(determination.requested_by_id, self.engineer)


@tagged("post_install", "-at_install")
class TestSignoffReport(SignoffCase):
    def test_chinese_form_with_signatures(self):
        """R-APR-2, R-X-1: the 责任界定表 prints in Chinese with its filled
        signature block."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "after_sales_service")]
        )._update_translations(["zh_CN"])
        determination = self._create_determination(150.0)
        determination.with_user(self.engineer).action_submit()
        self._sign(determination, self.supervisor, comment="同意")
        report = self.env.ref("after_sales_service.responsibility_report_action")
        html, _type = report._render_qweb_html(report.report_name, determination.ids)
        html = html.decode()
        for text in ("售后服务责任界定表", "同意", self.supervisor.name, "总经理"):
            self.assertIn(text, html)
