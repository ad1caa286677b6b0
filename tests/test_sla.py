# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import threading
from datetime import date, datetime, timedelta
from math import ceil
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import INSERT_BATCH_SIZE
from odoo.modules.registry import Registry
from odoo.tests import Form, tagged
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import SQL

from .common import AfterSalesCase

# Friday 20 November 2026, 16:30 in Shanghai (UTC+8).
FRIDAY_1630_CST = datetime(2026, 11, 20, 8, 30)
HOUR = timedelta(hours=1)
SUMMARY = ["sla_next_deadline", "sla_next_milestone", "sla_status"]


@tagged("post_install", "-at_install")
class TestSla(AfterSalesCase):
    """Service levels: policies, deadlines, pauses, breaches (R-SLA-1 … R-SLA-4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["after_sales.sla.policy"]
        cls.Breach = cls.env["after_sales.sla.breach"]
        cls.sla_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "SLA Test Team",
                "user_id": cls.supervisor.id,
                "user_ids": [
                    Command.set((cls.clerk | cls.engineer | cls.supervisor).ids)
                ],
            }
        )
        cls.shanghai = cls._shanghai_calendar()
        # The team's own policy: the most specific for every test request.
        cls.policy = cls._create_policy(
            "Team policy",
            team_id=cls.sla_team.id,
            lines=[
                ("contacted", 4.0, "calendar"),
                ("response", 1.0, "calendar"),
                ("on_site", 24.0, "calendar"),
                ("fixed", 4.0, "calendar"),
                ("feedback", 12.0, "calendar"),
                ("complaint", 72.0, "calendar"),
            ],
        )
        cls.type_complaint = cls.env.ref("after_sales_service.service_type_complaint")

    @classmethod
    def _create_policy(cls, name, lines, **vals):
        return cls.Policy.create(
            {
                "name": name,
                "line_ids": [
                    Command.create(
                        {
                            "milestone": milestone,
                            "hours": hours,
                            "time_mode": mode,
                            "resource_calendar_id": cls.shanghai.id
                            if mode == "working"
                            else False,
                        }
                    )
                    for milestone, hours, mode in lines
                ],
                **vals,
            }
        )

    @classmethod
    def _sla_ticket(cls, **vals):
        vals.setdefault("team_id", cls.sla_team.id)
        return cls._create_ticket(**vals)

    @staticmethod
    def _row(ticket, milestone):
        return ticket.sla_deadline_ids.filtered(lambda d: d.milestone == milestone)

    # ------------------------------------------------------------------
    # Policies (R-SLA-1)
    # ------------------------------------------------------------------

    def test_most_specific_policy_wins(self):
        """R-SLA-1: the policy with the most criteria set wins, then the sequence."""
        urgent = self._create_policy(
            "Urgent",
            [("contacted", 1.0, "calendar")],
            team_id=self.sla_team.id,
            urgency="urgent",
        )
        urgent_far = self._create_policy(
            "Urgent far",
            [("contacted", 0.5, "calendar")],
            team_id=self.sla_team.id,
            urgency="urgent",
            distance_zone="far",
        )
        urgent_first = self._create_policy(
            "Urgent, lower sequence",
            [("contacted", 2.0, "calendar")],
            team_id=self.sla_team.id,
            urgency="urgent",
            sequence=1,
        )
        normal = self._sla_ticket()
        urgent_city = self._sla_ticket(urgency="urgent", distance_zone="city")
        far = self._sla_ticket(urgency="urgent", distance_zone="far")
        self.assertEqual(normal.sla_policy_id, self.policy)
        self.assertEqual(urgent_city.sla_policy_id, urgent_first)
        self.assertEqual(far.sla_policy_id, urgent_far)
        self.assertNotEqual(urgent, urgent_first)
        # A change of the inputs re-matches the policy and its deadlines.
        far.distance_zone = "city"
        self.assertEqual(far.sla_policy_id, urgent_first)
        self.assertEqual(far.sla_deadline_ids.mapped("milestone"), ["contacted"])
        self.assertEqual(far.sla_deadline_ids.hours, 2.0)

    def test_default_policy_fallback(self):
        """R-SLA-1: a request no policy matches gets the company's default policy."""
        ticket = self._create_ticket(distance_zone=False)
        default = self.env.ref("after_sales_service.sla_policy_default")
        self.assertEqual(ticket.sla_policy_id, default)
        self.assertEqual(
            set(ticket.sla_deadline_ids.mapped("milestone")), {"contacted", "on_site"}
        )
        city = self._create_ticket(distance_zone="city")
        self.assertEqual(
            city.sla_policy_id, self.env.ref("after_sales_service.sla_policy_zone_city")
        )

    def test_default_policy_is_kept(self):
        """R-SLA-1: the company's default policy cannot be archived or deleted."""
        default = self.env.ref("after_sales_service.sla_policy_default")
        with self.assertRaises(UserError):
            default.with_user(self.manager).active = False
        with self.assertRaises(UserError):
            default.with_user(self.manager).urgency = "urgent"
        with self.assertRaises(UserError):
            default.with_user(self.manager).unlink()
        self.assertTrue(default.active)

    def test_company_without_policy_gets_default(self):
        """R-SLA-1: a new company gets a copy of the seeded default policy."""
        company = self.env["res.company"].create({"name": "Branch Co"})
        policies = self.Policy._match_tickets(
            self.env["helpdesk.ticket"].new({"company_id": company.id})
        )
        policy = next(iter(policies.values()))
        self.assertEqual(policy.company_id, company)
        self.assertFalse(policy.specificity)
        self.assertTrue(policy.line_ids)

    def test_line_hours_must_be_positive(self):
        """R-SLA-1: an allowance of zero or negative hours is refused."""
        with self.assertRaises(ValidationError):
            self._create_policy("Zero", [("contacted", 0.0, "calendar")])
        line = self.policy.line_ids[:1]
        with self.assertRaises(ValidationError):
            line.hours = -1
        # Minutes are hours in fractions: ten minutes.
        line.hours = 1 / 6
        self.assertAlmostEqual(line.hours, 1 / 6, places=4)

    def test_policy_without_lines_refused(self):
        """R-SLA-1: a policy that gives no deadline is refused."""
        with self.assertRaises(ValidationError):
            self.Policy.create({"name": "Empty", "team_id": self.sla_team.id})
        with self.assertRaises(UserError):
            self.policy.line_ids = [Command.clear()]
        with self.assertRaises(UserError):
            self.policy.line_ids.unlink()
        self.assertEqual(len(self.policy.line_ids), 6)
        # Deleting a whole policy takes its allowances along.
        spare = self._create_policy("Spare", [("contacted", 1.0, "calendar")])
        lines = spare.line_ids
        spare.unlink()
        self.assertFalse(lines.exists())

    def test_policy_rights(self):
        """R-SLA-1: managers edit policies, supervisors only read them."""
        self.policy.with_user(self.supervisor).read(["name"])
        with self.assertRaises(UserError):
            self.policy.with_user(self.supervisor).name = "Mine"
        self.policy.with_user(self.manager).name = "Renamed"

    # ------------------------------------------------------------------
    # Deadlines (R-SLA-2, R-SLA-4)
    # ------------------------------------------------------------------

    @freeze_time(FRIDAY_1630_CST)
    def test_deadlines_in_calendar_time(self):
        """R-SLA-1/R-SLA-4: calendar hours run through nights and weekends."""
        ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        self.assertEqual(
            self._row(ticket, "contacted").deadline, FRIDAY_1630_CST + 4 * HOUR
        )
        self.assertEqual(
            self._row(ticket, "on_site").deadline, FRIDAY_1630_CST + 24 * HOUR
        )
        self.assertEqual(self._row(ticket, "contacted").status, "ok")
        # Fixed and feedback wait for the arrival and the completion; no complaint.
        self.assertFalse(self._row(ticket, "fixed") | self._row(ticket, "complaint"))
        self.assertEqual(ticket.sla_next_deadline, FRIDAY_1630_CST + HOUR)
        self.assertEqual(ticket.sla_next_milestone, "response")
        self.assertEqual(ticket.sla_status, "soon")
        # The form shows the countdown and the deadlines page.
        form = Form(ticket.with_user(self.clerk))
        self.assertEqual(form.sla_status, "soon")
        self.assertEqual(len(form.sla_deadline_ids), 3)

    @freeze_time(FRIDAY_1630_CST)
    def test_deadlines_in_working_time(self):
        """R-SLA-4: working hours skip evenings, weekends and the lunch break."""
        self.policy.line_ids.filtered(lambda line: line.milestone == "contacted").write(
            {"time_mode": "working", "resource_calendar_id": self.shanghai.id}
        )
        ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        # Friday 16:30–17:30 (1 h), Monday 08:30–11:30 (3 h): Monday 11:30 CST.
        self.assertEqual(
            self._row(ticket, "contacted").deadline, datetime(2026, 11, 23, 3, 30)
        )
        with freeze_time(datetime(2026, 11, 23, 3, 0)):  # Monday 11:00 CST
            monday = self._sla_ticket(registered_at=datetime(2026, 11, 23, 3, 0))
        # 11:00–12:00 then, after lunch, 13:00–16:00: Monday 16:00 CST.
        self.assertEqual(
            self._row(monday, "contacted").deadline, datetime(2026, 11, 23, 8, 0)
        )

    def test_working_time_defaults_to_company_calendar(self):
        """R-SLA-4: working time counts in the company's hours unless told."""
        line = self.policy.line_ids.filtered(lambda li: li.milestone == "on_site")
        line.time_mode = "working"
        self.assertEqual(line.resource_calendar_id, self.company.resource_calendar_id)

    @freeze_time(FRIDAY_1630_CST)
    def test_contacted_button_meets_contact_and_response(self):
        """R-SLA-2: "Customer Contacted" meets the contact and the first response."""
        ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST - HOUR / 2)
        ticket.with_user(self.engineer).action_sla_contacted()
        contacted = self._row(ticket, "contacted")
        self.assertEqual(contacted.met_at, FRIDAY_1630_CST)
        self.assertEqual(contacted.status, "met")
        self.assertEqual(self._row(ticket, "response").met_at, FRIDAY_1630_CST)
        self.assertFalse(ticket.can_sla_contact)
        with self.assertRaises(UserError):
            ticket.action_sla_contacted()

    @freeze_time(FRIDAY_1630_CST)
    def test_public_reply_is_first_response(self):
        """R-SLA-2: a public reply meets the first response; a note does not."""
        ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        ticket.with_user(self.engineer).message_post(
            body="Checking", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self._row(ticket, "response").met_at)
        ticket.with_user(self.engineer).message_post(
            body="We will call you",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(self._row(ticket, "response").met_at, FRIDAY_1630_CST)
        self.assertFalse(self._row(ticket, "contacted").met_at)

    def test_on_site_fixed_feedback_follow_the_record(self):
        """R-SLA-1: arrival meets on site and starts fixed; done starts feedback."""
        with freeze_time(FRIDAY_1630_CST):
            ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
            record = self._create_record(ticket, user=self.engineer)
        arrival = FRIDAY_1630_CST + 2 * HOUR
        with freeze_time(arrival):
            record.with_user(self.engineer).action_start()
        self.assertEqual(self._row(ticket, "on_site").met_at, arrival)
        fixed = self._row(ticket, "fixed")
        self.assertEqual(fixed.start_at, arrival)
        self.assertEqual(fixed.deadline, arrival + 4 * HOUR)
        self.assertFalse(ticket.can_sla_feed_back)
        done = arrival + 5 * HOUR
        with freeze_time(done):
            record.write(self._confirm_values())
            record.with_user(self.engineer).action_done()
        self.assertEqual(fixed.met_at, done)
        self.assertEqual(fixed.status, "met_late")
        feedback = self._row(ticket, "feedback")
        self.assertEqual(feedback.deadline, done + 12 * HOUR)
        with freeze_time(done + HOUR):
            ticket.with_user(self.clerk).action_sla_fed_back()
        self.assertEqual(feedback.status, "met")
        self.assertFalse(ticket.can_sla_feed_back)

    def test_phone_resolution_drops_visit_deadlines(self):
        """R-SLA-1: a request resolved by phone has no on-site deadline."""
        ticket = self._sla_ticket()
        self.assertTrue(self._row(ticket, "on_site"))
        ticket.action_resolve_by_phone()
        self.assertFalse(self._row(ticket, "on_site"))

    @freeze_time(FRIDAY_1630_CST)
    def test_complaint_answered_only_for_complaints(self):
        """R-SLA-1: the complaint answer applies to complaint requests only."""
        repair = self._sla_ticket()
        self.assertFalse(repair.can_sla_answer_complaint)
        with self.assertRaises(UserError):
            repair.action_sla_complaint_answered()
        complaint = self._sla_ticket(
            service_type_id=self.type_complaint.id, registered_at=FRIDAY_1630_CST
        )
        row = self._row(complaint, "complaint")
        self.assertEqual(row.deadline, FRIDAY_1630_CST + 72 * HOUR)
        complaint.with_user(self.clerk).action_sla_complaint_answered()
        self.assertEqual(row.status, "met")

    @freeze_time(FRIDAY_1630_CST)
    def test_milestone_before_registration_refused(self):
        """R-SLA-2: a milestone recorded before the registration is refused."""
        ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST - HOUR)
        with self.assertRaises(ValidationError) as caught:
            ticket.sla_contacted_at = FRIDAY_1630_CST - 2 * HOUR
        self.assertIn("before the request was registered", str(caught.exception))
        ticket.sla_contacted_at = FRIDAY_1630_CST - HOUR / 2
        with self.assertRaises(ValidationError):
            ticket.registered_at = FRIDAY_1630_CST - HOUR / 4
        self.assertEqual(ticket.registered_at, FRIDAY_1630_CST - HOUR)

    @freeze_time(FRIDAY_1630_CST)
    def test_met_deadline_is_frozen(self):
        """R-SLA-2: a met deadline does not move when the policy inputs change."""
        ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        ticket.action_sla_contacted()
        contacted = self._row(ticket, "contacted")
        before = contacted.read(["deadline", "met_at", "status"])
        self._create_policy(
            "Urgent",
            [("contacted", 0.25, "calendar")],
            team_id=self.sla_team.id,
            urgency="urgent",
        )
        ticket.urgency = "urgent"
        self.assertEqual(contacted.read(["deadline", "met_at", "status"]), before)
        self.assertFalse(self._row(ticket, "on_site"))  # unmet: no longer given

    # ------------------------------------------------------------------
    # Pauses (R-SLA-3)
    # ------------------------------------------------------------------

    def test_pause_excludes_time(self):
        """R-SLA-3: paused time does not count; chatter on pause and resume."""
        with freeze_time(FRIDAY_1630_CST):
            ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        messages = len(ticket.message_ids)
        with freeze_time(FRIDAY_1630_CST + HOUR / 2):
            action = ticket.with_user(self.engineer).action_sla_pause()
            wizard = Form(
                self.env[action["res_model"]]
                .with_user(self.engineer)
                .with_context(**action["context"])
            )
            wizard.reason = "waiting_parts"
            wizard.note = "Compressor ordered"
            wizard.save().action_confirm()
        contacted = self._row(ticket, "contacted")
        self.assertTrue(ticket.sla_paused)
        self.assertFalse(contacted.deadline)
        self.assertEqual(contacted.status, "paused")
        self.assertEqual(ticket.sla_status, "paused")
        self.assertFalse(ticket.can_sla_pause)
        with freeze_time(FRIDAY_1630_CST + 5 * HOUR / 2):
            ticket.with_user(self.engineer).action_sla_resume()
        self.assertFalse(ticket.sla_paused)
        # 0.5 h counted before the pause, 3.5 h after it ends at +2.5 h.
        self.assertEqual(contacted.deadline, FRIDAY_1630_CST + 6 * HOUR)
        self.assertEqual(
            self._row(ticket, "response").deadline, FRIDAY_1630_CST + 3 * HOUR
        )
        self.assertEqual(ticket.sla_pause_ids.reason, "waiting_parts")
        self.assertEqual(len(ticket.message_ids), messages + 2)

    def test_overlapping_pauses_refused(self):
        """R-SLA-3: two pauses of one request cannot overlap (past pauses are
        recorded by a supervisor, with a note)."""
        with freeze_time(FRIDAY_1630_CST):
            ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        Pause = self.env["after_sales.sla.pause"].with_user(self.supervisor)
        with freeze_time(FRIDAY_1630_CST + 5 * HOUR):
            Pause.create(
                {
                    "ticket_id": ticket.id,
                    "reason": "customer_not_ready",
                    "note": "Customer called back: not ready.",
                    "start_at": FRIDAY_1630_CST + HOUR,
                    "end_at": FRIDAY_1630_CST + 3 * HOUR,
                }
            )
            with self.assertRaises(ValidationError) as caught:
                Pause.create(
                    {
                        "ticket_id": ticket.id,
                        "reason": "customer_rescheduled",
                        "note": "Rescheduled by phone.",
                        "start_at": FRIDAY_1630_CST + 2 * HOUR,
                    }
                )
            self.assertIn("overlap", str(caught.exception))
            with self.assertRaises(ValidationError):
                Pause.create(
                    {
                        "ticket_id": ticket.id,
                        "reason": "customer_rescheduled",
                        "note": "Rescheduled by phone.",
                        "start_at": FRIDAY_1630_CST - HOUR,
                        "end_at": FRIDAY_1630_CST,
                    }
                )
        self.assertEqual(len(ticket.sla_pause_ids), 1)
        self.assertEqual(
            self._row(ticket, "contacted").deadline, FRIDAY_1630_CST + 6 * HOUR
        )

    def test_engineer_cannot_game_the_clock(self):
        """R-SLA-2, R-SLA-3: on their own overdue request an engineer backdated the
        customer contact, created an already-ended backdated pause and moved an
        existing pause — each removed breaches. Milestones are set by their
        buttons, pauses start now, their times never move, none on a closed
        request, none deleted."""
        with freeze_time(FRIDAY_1630_CST):
            ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        Pause = self.env["after_sales.sla.pause"].with_user(self.engineer)
        with freeze_time(FRIDAY_1630_CST + 5 * HOUR):
            with self.assertRaises(AccessError):
                ticket.with_user(self.engineer).sla_contacted_at = (
                    FRIDAY_1630_CST + HOUR
                )
            with self.assertRaises(AccessError):
                Pause.create(
                    {
                        "ticket_id": ticket.id,
                        "reason": "customer_not_ready",
                        "note": "Backdated",
                        "start_at": FRIDAY_1630_CST,
                        "end_at": FRIDAY_1630_CST + 4 * HOUR,
                    }
                )
            ticket.with_user(self.engineer).action_sla_pause()
            ticket.with_user(self.engineer)._do_sla_pause("waiting_parts")
            pause = ticket.sla_pause_ids
            with self.assertRaises(UserError):
                pause.with_user(self.engineer).start_at = FRIDAY_1630_CST
            with self.assertRaises(UserError):
                pause.with_user(self.supervisor).start_at = FRIDAY_1630_CST
            with self.assertRaises(AccessError):
                pause.with_user(self.engineer).end_at = FRIDAY_1630_CST + 6 * HOUR
            with self.assertRaises(UserError):
                pause.with_user(self.supervisor).unlink()
            self.assertFalse(ticket.sla_contacted_at)
            self.assertEqual(pause.start_at, FRIDAY_1630_CST + 5 * HOUR)
            ticket.with_user(self.engineer).action_sla_resume()
            ticket.stage_id = self.stage_done
            with self.assertRaises(UserError):
                self.env["after_sales.sla.pause"].with_user(self.supervisor).create(
                    {"ticket_id": ticket.id, "reason": "customer_rescheduled"}
                )
            # A supervisor corrects a milestone by hand; the change is tracked.
            ticket.with_user(self.supervisor).sla_contacted_at = FRIDAY_1630_CST + HOUR
            self.assertEqual(ticket.sla_contacted_at, FRIDAY_1630_CST + HOUR)

    # ------------------------------------------------------------------
    # Breaches (R-SLA-2)
    # ------------------------------------------------------------------

    def _overdue_tickets(self, count):
        with freeze_time(FRIDAY_1630_CST):
            return self.env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Overdue {index}",
                        "description": "<p>Late</p>",
                        "team_id": self.sla_team.id,
                        "user_id": self.engineer.id,
                        "partner_id": self.customer.id,
                        "service_type_id": self.type_repair.id,
                        "registered_at": FRIDAY_1630_CST,
                    }
                    for index in range(count)
                ]
            )

    def _digests(self, tickets):
        """The digests listing the breaches of ``tickets``."""
        return self.env["after_sales.notice.digest"].search(
            [("breach_ids.ticket_id", "in", tickets.ids)]
        )

    def _activities(self, tickets):
        """The to-dos the breach job gave about ``tickets``: on their digests
        (one per person and day), none on the requests themselves."""
        on_tickets = self.env["mail.activity"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "after_sales_service.mail_activity_type_sla_breach"
                    ).id,
                ),
            ]
        )
        self.assertFalse(on_tickets)
        return self._digests(tickets).activity_ids

    def test_breach_job_is_idempotent(self):
        """R-SLA-2: one breach per request and milestone, however often it runs."""
        ticket = self._overdue_tickets(1)
        later = FRIDAY_1630_CST + 5 * HOUR  # contact (4 h) and response (1 h) missed
        new = self.Breach._detect_breaches(now=later)
        self.assertEqual(set(new.mapped("milestone")), {"contacted", "response"})
        self.assertFalse(self.Breach._detect_breaches(now=later))
        self.assertFalse(self.Breach._detect_breaches(now=later + HOUR))
        breaches = ticket.sla_breach_ids
        self.assertEqual(len(breaches), 2)
        self.assertEqual(breaches.user_id, self.engineer)
        self.assertEqual(breaches.employee_id, self.employee)
        self.assertEqual(breaches.team_id, self.sla_team)
        self.assertEqual(self._row(ticket, "contacted").status, "breached")
        self.assertEqual(ticket.sla_status, "breached")
        self.assertEqual(ticket.sla_breach_count, 2)

    def test_archiving_does_not_erase_a_missed_deadline(self):
        """R-SLA-2: archiving an overdue request before the job runs used to mean
        it never breached; the deadlines missed before archiving still count, the
        later ones do not; and the request with its evidence is not deleted."""
        ticket = self._overdue_tickets(1)
        with freeze_time(FRIDAY_1630_CST + 5 * HOUR / 2):  # response (1 h) missed
            ticket.with_user(self.supervisor).active = False
        self.assertTrue(ticket.archived_at)
        new = self.Breach._detect_breaches(now=FRIDAY_1630_CST + 5 * HOUR)
        self.assertEqual(new.mapped("milestone"), ["response"])
        with self.assertRaises(UserError):
            ticket.unlink()
        self.assertTrue(ticket.exists())

    def test_breach_insert_on_conflict(self):
        """R-SLA-2: a second insert of the same breaches (another worker) is a no-op."""
        ticket = self._overdue_tickets(1)
        later = FRIDAY_1630_CST + 5 * HOUR
        rows = self.Breach._breach_candidates(later, 100)
        self.assertEqual(len(rows), 2)
        first = self.Breach._insert_breaches(rows, later)
        second = self.Breach._insert_breaches(rows, later)
        self.assertEqual(len(first), 2)
        self.assertFalse(second)
        self.assertEqual(self.Breach.search_count([("ticket_id", "=", ticket.id)]), 2)
        # The job meets the rows again, inserts nothing and marks them seen.
        self.assertEqual(len(self.Breach._breach_candidates(later, 100)), 2)
        self.assertFalse(self.Breach._detect_breaches(now=later))
        self.assertFalse(self.Breach._breach_candidates(later, 100))
        self.assertEqual(self.Breach.search_count([("ticket_id", "=", ticket.id)]), 2)

    def test_breach_skips_met_paused_and_closed(self):
        """R-SLA-2/3: met, paused or closed-in-time deadlines are not breaches."""
        met, paused, closed = self._overdue_tickets(3)
        with freeze_time(FRIDAY_1630_CST + HOUR / 2):
            met.action_sla_contacted()
            paused._do_sla_pause("customer_not_ready")
            closed.stage_id = self.stage_done
        new = self.Breach._detect_breaches(now=FRIDAY_1630_CST + 5 * HOUR)
        self.assertFalse(new.filtered(lambda b: b.ticket_id in (met | paused | closed)))

    def test_breach_activities_created_once(self):
        """R-SLA-2, issue 24: the engineer and the supervisor (the team leader)
        each get the new breaches in their digest of the company's day, with
        one to-do on it, exactly once — not one per breach; nobody is made a
        follower of the request."""
        ticket = self._overdue_tickets(1)
        followers = ticket.message_partner_ids
        later = FRIDAY_1630_CST + 5 * HOUR
        self.Breach._detect_breaches(now=later)
        self.Breach._detect_breaches(now=later)
        digests = self._digests(ticket)
        self.assertEqual(digests.user_id, self.engineer | self.supervisor)
        # 21:30 in Shanghai on Friday: the company's Friday
        self.assertEqual(set(digests.mapped("day")), {date(2026, 11, 20)})
        for digest in digests:
            self.assertEqual(digest.breach_ids, ticket.sla_breach_ids)
            self.assertEqual(digest.item_count, 2)
        activities = self._activities(ticket)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.engineer | self.supervisor)
        self.assertEqual(ticket.message_partner_ids, followers)

    def test_breach_digest_gathers_the_day(self):
        """Issue 24: a hundred breaches of a day are one to-do per person, with
        the counts by milestone and a button to exactly those breaches; a to-do
        done, the next breaches of the day bring one new to-do; the next day
        is a new digest."""
        tickets = self._overdue_tickets(3)
        self.Breach._detect_breaches(now=FRIDAY_1630_CST + 2 * HOUR)
        digest = self._digests(tickets).filtered(lambda d: d.user_id == self.engineer)
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.item_count, 3)
        self.assertIn(
            "<li>First Response: 3</li>", digest.with_context(lang="en_US").summary
        )
        action = digest.with_user(self.engineer).action_open_items()
        self.assertEqual(self.Breach.search(action["domain"]), tickets.sla_breach_ids)
        digest.activity_ids.action_feedback()
        more = self._overdue_tickets(2)
        self.Breach._detect_breaches(now=FRIDAY_1630_CST + 2 * HOUR)
        self.assertEqual(
            self._digests(more).filtered(lambda d: d.user_id == self.engineer), digest
        )
        self.assertEqual(digest.item_count, 5)
        self.assertEqual(len(digest.activity_ids), 1)
        # Monday 16:30 in Shanghai: the contact deadlines found missed now
        # belong to the company's Monday: a new digest.
        self.assertTrue(self.Breach._detect_breaches(now=FRIDAY_1630_CST + 72 * HOUR))
        engineer_digests = self._digests(tickets | more).filtered(
            lambda d: d.user_id == self.engineer
        )
        self.assertEqual(len(engineer_digests), 2)

    def test_breach_digest_in_the_recipient_language(self):
        """Issue 24: the to-do reads in the recipient's language, whoever runs
        the job (here in Chinese; the engineer reads English, the supervisor
        Chinese)."""
        self._load_chinese()
        self.engineer.lang = "en_US"
        self.supervisor.lang = "zh_CN"
        tickets = self._overdue_tickets(1)
        self.Breach.with_context(lang="zh_CN")._detect_breaches(
            now=FRIDAY_1630_CST + 2 * HOUR
        )
        activities = self._activities(tickets)
        by_user = {a.user_id: a.summary for a in activities}
        self.assertIn("New missed deadlines", by_user[self.engineer])
        self.assertNotIn("New missed deadlines", by_user[self.supervisor])
        self.assertRegex(by_user[self.supervisor], "[\u4e00-\u9fff]")

    def test_breach_batches_survive_a_failure(self):
        """R-SLA-2: a failing batch leaves the earlier ones; a re-run ends the rest."""
        tickets = self._overdue_tickets(3)
        later = FRIDAY_1630_CST + 2 * HOUR  # only the response (1 h) is missed
        original = type(self.Breach)._schedule_breach_activities
        calls = []

        def failing(breaches):
            calls.append(breaches)
            if len(calls) == 2:
                raise UserError(self.env._("boom"))
            return original(breaches)

        # Not ``assertRaises``: its savepoint would also undo the first batch.
        with patch.object(type(self.Breach), "_schedule_breach_activities", failing):
            try:
                self.Breach._detect_breaches(now=later, batch_size=1)
            except UserError as error:
                self.assertEqual(str(error), "boom")
            else:
                self.fail("The second batch should have failed.")
        self.assertEqual(
            self.Breach.search_count([("ticket_id", "in", tickets.ids)]), 1
        )
        self.Breach._detect_breaches(now=later, batch_size=1)
        breaches = self.Breach.search([("ticket_id", "in", tickets.ids)])
        self.assertEqual(len(breaches), 3)
        self.assertEqual(breaches.ticket_id, tickets)
        # one digest each for the engineer and the supervisor, all three listed
        self.assertEqual(len(self._activities(tickets)), 2)
        self.assertEqual(self._digests(tickets).mapped("item_count"), [3, 3])

    def test_breach_cron_in_chunks_resumes_after_a_crash(self):
        """R-SLA-2, issue 24: the job hands the cron worker back after a few
        batches, telling Odoo's progress that some remain; killed half-way
        through a call, the next calls finish the rest: every breach, its
        event and its digest line exactly once."""
        tickets = self._overdue_tickets(5)
        later = FRIDAY_1630_CST + 2 * HOUR  # only the response (1 h) is missed
        cron = self.env.ref("after_sales_service.ir_cron_sla_detect_breaches")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        Breach = self.Breach.with_context(ir_cron_progress_id=progress.id)

        def count():
            return Breach.search_count([("ticket_id", "in", tickets.ids)])

        Breach._detect_breaches(now=later, batch_size=1, max_batches=2)
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        self.assertEqual(count(), 2)
        original = type(self.Breach)._schedule_breach_activities
        calls = []

        def killed(breaches):
            calls.append(breaches)
            if len(calls) == 2:
                raise UserError(self.env._("boom"))
            return original(breaches)

        # Not ``assertRaises``: its savepoint would also undo the first batch.
        with patch.object(type(self.Breach), "_schedule_breach_activities", killed):
            try:
                Breach._detect_breaches(now=later, batch_size=1, max_batches=2)
            except UserError as error:
                self.assertEqual(str(error), "boom")
            else:
                self.fail("The call should have been killed in its second batch.")
        self.assertEqual(count(), 3)
        for _call in range(10):
            Breach._detect_breaches(now=later, batch_size=1, max_batches=2)
            if not progress.remaining:
                break
        self.assertEqual(progress.remaining, 0)
        breaches = Breach.search([("ticket_id", "in", tickets.ids)])
        self.assertEqual(len(breaches), 5)
        self.assertEqual(breaches.ticket_id, tickets)
        events = self.env["after_sales.performance.event"].search(
            [("kind", "=", "sla_breach"), ("ticket_id", "in", tickets.ids)]
        )
        self.assertEqual(len(events), 5)
        self.assertEqual(self._digests(tickets).mapped("item_count"), [5, 5])
        self.assertEqual(len(self._activities(tickets)), 2)

    def test_breach_job_query_count(self):
        """R-SLA-2: the job's queries do not grow with the number of breaches: the
        same count at 1 and at 200 overdue requests (set-based per batch)."""
        later = FRIDAY_1630_CST + 2 * HOUR
        # One run first, not counted: the process's first run reads what Odoo then
        # caches (languages, defaults, access rules), more of it on a database
        # whose default language is not English (issue 19).
        self._overdue_tickets(1)
        self.Breach._detect_breaches(now=later)
        counts = []
        for size in (1, 200):
            tickets = self._overdue_tickets(size)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with self.assertQueryCount(55):
                new = self.Breach._detect_breaches(now=later)
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(new), size)
            self.assertEqual(len(self._activities(tickets)), 2)
        # Flat in N: 200 overdue requests cost what one costs, plus the ORM's
        # INSERT statements of at most INSERT_BATCH_SIZE rows (per breach: the
        # breach and its performance event; the digests' items are one INSERT,
        # their to-dos exist already), give or take two statements depending on
        # the day's activity deadlines; a query per row would show hundreds more.
        rows_per_breach = (1, 1)
        batches = sum(
            ceil(200 * rows / INSERT_BATCH_SIZE) - ceil(rows / INSERT_BATCH_SIZE)
            for rows in rows_per_breach
        )
        self.assertLessEqual(abs(counts[1] - counts[0] - batches), 2, counts)

    def test_breach_emits_one_event(self):
        """R-SLA-2/R-PEN-3: each new breach is one ``sla_breach`` performance event
        (key the milestone, source the breach, people and team as they were);
        re-running the job adds none."""
        ticket = self._overdue_tickets(1)
        later = FRIDAY_1630_CST + 5 * HOUR
        Event = self.env["after_sales.performance.event"].sudo()
        breaches = self.Breach._detect_breaches(now=later)
        events = Event.search(
            [("kind", "=", "sla_breach"), ("ticket_id", "=", ticket.id)]
        )
        self.assertEqual(len(events), 2)
        self.assertEqual(
            sorted(events.mapped("key")), sorted(breaches.mapped("milestone"))
        )
        for event in events:
            breach = self.Breach.browse(event.res_id)
            self.assertEqual(event.res_model, "after_sales.sla.breach")
            self.assertEqual(event.key, breach.milestone)
            self.assertEqual(event.occurred_at, breach.deadline)
            self.assertEqual(event.user_id, self.engineer)
            self.assertEqual(event.employee_id, self.employee)
            self.assertEqual(event.team_id, self.sla_team)
            self.assertEqual(event.company_id, ticket.company_id)
        # The team is a snapshot: moving the request does not move its breaches.
        ticket.team_id = self.team
        self.assertEqual(breaches.team_id, self.sla_team)
        self.Breach._detect_breaches(now=later)
        self.Breach._detect_breaches(now=later + HOUR)
        self.assertEqual(
            Event.search_count(
                [("kind", "=", "sla_breach"), ("ticket_id", "=", ticket.id)]
            ),
            2,
        )
        self.assertNotIn("penalty_processed", self.Breach._fields)

    def test_breach_job_stores_the_summary_like_the_compute(self):
        """R-SLA-2: the summary the job stores in SQL is the one the request's
        compute gives (next deadline, its milestone, the worst open status)."""
        tickets = self._overdue_tickets(3)
        with freeze_time(FRIDAY_1630_CST + HOUR / 2):
            tickets[1].action_sla_contacted()
            tickets[2]._do_sla_pause("customer_not_ready")
        later = FRIDAY_1630_CST + 2 * HOUR
        with freeze_time(later):
            self.Breach._detect_breaches(now=later)
            self.env.flush_all()
            stored = tickets.read(SUMMARY)
            self.env.add_to_compute(tickets._fields["sla_status"], tickets)
            tickets._compute_sla_next_deadline()
            computed = [{"id": t.id, **{f: t[f] for f in SUMMARY}} for t in tickets]
        self.assertEqual(stored, computed)
        self.assertEqual(tickets[0].sla_status, "breached")
        self.assertEqual(tickets[2].sla_status, "paused")

    @freeze_time(FRIDAY_1630_CST)
    def test_status_refresh_moves_on_time_to_soon_to_breached(self):
        """R-SLA-2: the job moves the stored status of open deadlines with time —
        on time, about to breach (warning window), breached — and the request's."""
        ticket = self._overdue_tickets(1)
        contacted = self._row(ticket, "contacted")  # due at +4 h, window 1 h
        self.assertEqual(contacted.status, "ok")
        self.assertEqual(contacted.warning_at, FRIDAY_1630_CST + 3 * HOUR)
        ticket.sla_responded_at = FRIDAY_1630_CST + HOUR / 2  # only contact left
        self.Breach._detect_breaches(now=FRIDAY_1630_CST + 3 * HOUR)
        self.assertEqual(contacted.status, "soon")
        self.assertEqual(ticket.sla_status, "soon")
        self.assertEqual(ticket.sla_next_milestone, "contacted")
        self.Breach._detect_breaches(now=FRIDAY_1630_CST + 4 * HOUR + HOUR / 60)
        self.assertEqual(contacted.status, "breached")
        self.assertEqual(ticket.sla_status, "breached")

    def test_due_for_refresh_uses_its_indexes(self):
        """R-SLA-2: the status refresh finds its rows by index range scans, so a
        re-run with nothing due does not read every open deadline (each OR branch
        used to compare a row with its own window)."""
        self.env.flush_all()
        self.cr.execute("SET LOCAL enable_seqscan = off")
        self.cr.execute("SET LOCAL enable_bitmapscan = off")
        Deadline = self.env["after_sales.ticket.deadline"]
        query = Deadline._due_for_refresh_query(FRIDAY_1630_CST, 10)
        self.cr.execute(SQL("EXPLAIN %s", query))
        plan = "\n".join(row[0] for row in self.cr.fetchall())
        self.assertIn("after_sales_ticket_deadline_due_breach_idx", plan)
        self.assertIn("after_sales_ticket_deadline_due_soon_idx", plan)
        self.assertNotIn("Seq Scan", plan)

    # ------------------------------------------------------------------
    # The deadline sync is batched (R-SLA-1)
    # ------------------------------------------------------------------

    def _sync_queries(self, tickets):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        tickets._sla_sync_deadlines()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    @patch("odoo.models.INSERT_BATCH_SIZE", 1000)
    @patch("odoo.models.UPDATE_BATCH_SIZE", 1000)
    def test_sync_query_count(self):
        """R-SLA-1/R-SLA-2: re-syncing the deadlines of N requests after their
        service records arrived, then finished, costs the same queries at 1 and at
        200 requests (records call ``_sla_sync_deadlines`` on their requests).

        The ORM cuts its INSERTs and UPDATEs every 100 rows; lifting that size
        shows the sync itself issues no per-request query."""
        Ticket = type(self.env["helpdesk.ticket"])
        counts = {}
        for size in (1, 200):
            tickets = self._overdue_tickets(size)
            with patch.object(Ticket, "_sla_sync_deadlines", lambda self: None):
                with freeze_time(FRIDAY_1630_CST + HOUR):
                    records = self.env["after_sales.service.record"].create(
                        [
                            {"ticket_id": ticket.id, "user_id": self.engineer.id}
                            for ticket in tickets
                        ]
                    )
                    records.write(
                        {
                            "state": "in_progress",
                            "actual_arrival": FRIDAY_1630_CST + HOUR,
                            "start_datetime": FRIDAY_1630_CST + HOUR,
                        }
                    )
            with freeze_time(FRIDAY_1630_CST + HOUR):
                arrived = self._sync_queries(tickets)
            self.assertEqual(
                set(tickets.sla_deadline_ids.filtered("met_at").mapped("milestone")),
                {"on_site"},
            )
            self.assertEqual(len(tickets.sla_deadline_ids), 4 * size)  # + fixed
            with patch.object(Ticket, "_sla_sync_deadlines", lambda self: None):
                records.write(
                    {
                        **self._confirm_values(),
                        "state": "done",
                        "end_datetime": FRIDAY_1630_CST + 3 * HOUR,
                    }
                )
            with freeze_time(FRIDAY_1630_CST + 3 * HOUR):
                closed = self._sync_queries(tickets)
            self.assertEqual(len(tickets.sla_deadline_ids), 5 * size)  # + feedback
            counts[size] = (arrived, closed)
        self.assertEqual(counts[1], counts[200], counts)

    def test_record_create_syncs_in_one_batch(self):
        """R-SLA-1: creating N service records in one call syncs their requests
        once: the queries per record stay small (the sequence and the chatter of
        each record are the records' own)."""
        counts = {}
        for size in (1, 100):
            tickets = self._overdue_tickets(size)
            self.env.flush_all()
            before = self.cr.sql_log_count
            with freeze_time(FRIDAY_1630_CST + HOUR):
                self.env["after_sales.service.record"].create(
                    [
                        {
                            "ticket_id": ticket.id,
                            "user_id": self.engineer.id,
                            "actual_arrival": FRIDAY_1630_CST + HOUR,
                        }
                        for ticket in tickets
                    ]
                )
                self.env.flush_all()
            counts[size] = self.cr.sql_log_count - before
            self.assertEqual(len(tickets.sla_deadline_ids), 4 * size)
        per_record = (counts[100] - counts[1]) / 99
        self.assertLessEqual(per_record, 8, counts)

    # ------------------------------------------------------------------
    # Guards: can_<x> and why not (R-SLA-2, R-SLA-3)
    # ------------------------------------------------------------------

    @freeze_time(FRIDAY_1630_CST)
    def test_guards_explain_why_not(self):
        """R-SLA-2/R-SLA-3: each SLA button says why it cannot be used, and its
        guard raises that reason."""
        ticket = self._sla_ticket(registered_at=FRIDAY_1630_CST)
        self.assertTrue(ticket.can_sla_contact)
        self.assertFalse(ticket.cannot_sla_contact_reason)
        self.assertEqual(
            ticket.cannot_sla_answer_complaint_reason, "The request is not a complaint."
        )
        self.assertIn("no result to feed back", ticket.cannot_sla_feed_back_reason)
        self.assertEqual(
            ticket.cannot_sla_resume_reason, "The deadlines are not paused."
        )
        with self.assertRaisesRegex(UserError, "not a complaint"):
            ticket.action_sla_complaint_answered()
        with self.assertRaisesRegex(UserError, "not paused"):
            ticket.action_sla_resume()
        ticket.action_sla_contacted()
        self.assertIn(
            "customer contact was already recorded on", ticket.cannot_sla_contact_reason
        )
        with self.assertRaisesRegex(UserError, "already recorded on"):
            ticket.action_sla_contacted()
        ticket._do_sla_pause("customer_rescheduled")
        self.assertEqual(
            ticket.cannot_sla_pause_reason, "The deadlines are already paused."
        )
        # The wizard is not the only gate: the transition checks again.
        with self.assertRaisesRegex(UserError, "already paused"):
            ticket._do_sla_pause("waiting_parts")
        ticket._do_sla_resume()
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.cannot_sla_pause_reason, "The request is closed.")
        with self.assertRaisesRegex(UserError, "is closed"):
            ticket.action_sla_pause()


@tagged("post_install", "-at_install")
class TestSlaConcurrency(BaseCase):
    """Two cron workers run the breach job at once (R-SLA-2, DESIGN §7).

    Real cursors, committed data: prepared in its own cursor and removed at the
    end, whatever happens.
    """

    # Long ago: the job's "now" sees only the deadlines of this test.
    REGISTERED = datetime(2001, 1, 1, 1, 0)
    NOW = datetime(2001, 1, 3)
    TICKETS = 5

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            admin = env.ref("base.user_admin")
            team = env["helpdesk.ticket.team"].create(
                {"name": "SLA concurrency team", "user_id": admin.id}
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Concurrent {index}",
                        "description": "<p>Late</p>",
                        "team_id": team.id,
                        "user_id": admin.id,
                        "registered_at": cls.REGISTERED,
                    }
                    for index in range(cls.TICKETS)
                ]
            )
            cls.team_id = team.id
            cls.ticket_ids = tickets.ids
            cls.deadline_count = len(tickets.sla_deadline_ids)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls._reset(cr)
            env["helpdesk.ticket"].browse(cls.ticket_ids).exists().unlink()
            env["helpdesk.ticket.team"].browse(cls.team_id).exists().unlink()

    @classmethod
    def _reset(cls, cr):
        """Undo one run of the job: events, activities, breaches, flags."""
        ids = cls.ticket_ids
        cr.execute(
            "DELETE FROM after_sales_performance_event WHERE ticket_id = ANY(%s)",
            [ids],
        )
        cr.execute(
            "DELETE FROM mail_activity WHERE res_model = 'helpdesk.ticket'"
            " AND res_id = ANY(%s)",
            [ids],
        )
        cr.execute(
            "DELETE FROM after_sales_sla_breach WHERE ticket_id = ANY(%s)", [ids]
        )
        cr.execute(
            "UPDATE after_sales_ticket_deadline SET breach_recorded = FALSE,"
            " status = 'ok' WHERE ticket_id = ANY(%s)",
            [ids],
        )

    def _run_two_workers(self):
        barrier = threading.Barrier(2)
        results, errors = [], []

        def worker():
            try:
                with self.registry.cursor() as cr:
                    # The test runner holds the registries' lock: give the cursor
                    # its registry instead of letting the environment look it up.
                    cr.transaction = api.Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    Breach = env["after_sales.sla.breach"]
                    barrier.wait(timeout=10)
                    results.append(
                        len(Breach._detect_breaches(now=self.NOW, commit=True))
                    )
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse(any(thread.is_alive() for thread in threads), "stuck")
        return results, errors

    def test_two_workers_record_each_breach_once(self):
        """R-SLA-2: two workers running the breach job at the same moment record
        exactly one breach and one event per request and milestone, and neither
        fails: the second yields quietly (no "could not serialize access")."""
        for attempt in range(20):
            results, errors = self._run_two_workers()
            self.assertFalse(errors, f"attempt {attempt}: {errors}")
            self.assertEqual(len(results), 2)
            self.assertEqual(sum(results), self.deadline_count, attempt)
            with self.registry.cursor() as cr:
                cr.execute(
                    """
                    SELECT b.ticket_id, b.milestone, count(DISTINCT b.id),
                           count(e.id)
                      FROM after_sales_sla_breach b
                      LEFT JOIN after_sales_performance_event e
                        ON e.res_model = 'after_sales.sla.breach'
                       AND e.res_id = b.id AND e.kind = 'sla_breach'
                     WHERE b.ticket_id = ANY(%s)
                     GROUP BY b.ticket_id, b.milestone
                    """,
                    [self.ticket_ids],
                )
                rows = cr.fetchall()
                self.assertEqual(len(rows), self.deadline_count, attempt)
                self.assertTrue(all(row[2:] == (1, 1) for row in rows), rows)
                self._reset(cr)
