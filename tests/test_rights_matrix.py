# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rights table of SPEC §0, pinned cell by cell.

Every role × every document model the addon defines × read / write / create /
delete × a document of the user's own request, of another user's request of the
same company, and of another company. The expected table (``TABLE``) is the one
the README states; the test builds the documents, asks Odoo as each user
(``check_access`` for read/write/delete, a real ``create`` in a savepoint), and
fails on every cell that differs, listing them all. A later model adds its rows
here.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import WarrantyCase

OPS = ("read", "write", "create", "unlink")
SCOPES = ("own", "other", "company_b")
# Who is who in the table.
ROLES = (
    "clerk",
    "engineer",
    "supervisor",
    "manager",
    "general_manager",
    "estimator",
    "warehouse",
    "finance",
    "portal",
)
BACK_OFFICE = ("estimator", "warehouse", "finance")
OFFICE = ("clerk", "supervisor", "manager", "general_manager")


class _Undo(Exception):
    """Rolls back a create that the matrix only tries."""


def _cells(spec):
    """Expand ``{op: {role: scopes}}`` into ``{(role, op, scope): allowed}``."""
    cells = {}
    for op in OPS:
        granted = spec.get(op, {})
        for role in ROLES:
            scopes = granted.get(role, ())
            for scope in SCOPES:
                cells[(role, op, scope)] = scope in scopes
    return cells


TABLE_COMPONENT = "after_sales.warranty.determination.component"
OWN = ("own",)
SAME_COMPANY = ("own", "other")


def _grant(roles, scopes):
    return {role: scopes for role in roles}


# The expected rights: documents of a request (R-X-2, SPEC §0).
TABLE = {
    "helpdesk.ticket": {
        "read": {
            **_grant(OFFICE + BACK_OFFICE, SAME_COMPANY),
            "engineer": OWN,
            "portal": OWN,
        },
        "write": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "create": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "unlink": _grant(("manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.service.record": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "create": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "unlink": _grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.return.appraisal": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "create": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "unlink": _grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.custody": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": _grant((*OFFICE, "warehouse"), SAME_COMPANY),
        "create": _grant((*OFFICE, "warehouse"), SAME_COMPANY),
        "unlink": _grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.sla.pause": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "create": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
    },
    "after_sales.sla.breach": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
    },
    "after_sales.ticket.deadline": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
    },
    "after_sales.warranty.determination": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
    },
    "after_sales.warranty.reason": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
    },
    "after_sales.warranty.determination.component": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
    },
    "after_sales.performance.event": {
        "read": {
            **_grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
            "engineer": OWN,
        },
    },
    "after_sales.work.log": {
        "read": {
            **_grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
            "engineer": OWN,
        },
        "write": {
            **_grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
            "engineer": OWN,
        },
        "create": {
            **_grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
            "engineer": OWN,
        },
        "unlink": _grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
    },
    # Callbacks (R-CB-1): the office calls and reads; an engineer reads the
    # callbacks of their own services once made (a pending one: never); the
    # system makes them, nobody deletes them.
    "after_sales.callback": {
        "read": _grant(OFFICE, SAME_COMPANY),
        "write": _grant(OFFICE, SAME_COMPANY),
    },
    "after_sales.callback.answer": {
        "read": _grant(OFFICE, SAME_COMPANY),
        "write": _grant(OFFICE, SAME_COMPANY),
    },
    # The month's satisfaction survey (R-CB-2): the office hands it in; an
    # engineer never sees it; nobody deletes it.
    "after_sales.callback.survey": {
        "read": _grant(OFFICE, SAME_COMPANY),
        "write": _grant(OFFICE, SAME_COMPANY),
        "create": _grant(OFFICE, SAME_COMPANY),
    },
    "after_sales.signoff.step": {
        "read": _grant(("engineer", *OFFICE, *BACK_OFFICE), SAME_COMPANY),
        "write": _grant(("manager", "general_manager"), SAME_COMPANY),
        "create": _grant(("manager", "general_manager"), SAME_COMPANY),
        "unlink": _grant(("manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.responsibility": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "create": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
        "unlink": _grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.responsibility.signature": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
    },
    "after_sales.quote": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": _grant((*OFFICE, "estimator"), SAME_COMPANY),
        "create": _grant((*OFFICE, "estimator"), SAME_COMPANY),
        "unlink": _grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.quote.line": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": _grant((*OFFICE, "estimator"), SAME_COMPANY),
        "create": _grant((*OFFICE, "estimator"), SAME_COMPANY),
        "unlink": _grant((*OFFICE, "estimator"), SAME_COMPANY),
    },
    # Costs (R-ACC-1, R-ACC-4): everybody who reads the request reads them,
    # finance alone types, changes and books them.
    "after_sales.cost.line": {
        "read": {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN},
        "write": _grant(("finance",), SAME_COMPANY),
        "create": _grant(("finance",), SAME_COMPANY),
        "unlink": _grant(("finance",), SAME_COMPANY),
    },
    # The provision (R-ACC-5): finance and the management read it; only the
    # accrual writes it.
    "after_sales.provision": {
        "read": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
    },
    # Travel zones (R-ACC-1): configuration of the company, read by every
    # internal user, kept by finance and the managers.
    # Engineers' labour rates (R-ACC-1): finance and the managers only.
    "after_sales.engineer.rate": {
        "read": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
        "write": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
        "create": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
        "unlink": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
    },
    "after_sales.travel.zone": {
        "read": _grant(("engineer", *OFFICE, *BACK_OFFICE), SAME_COMPANY),
        "write": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
        "create": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
        "unlink": _grant(("finance", "manager", "general_manager"), SAME_COMPANY),
    },
}
# Parts (R-PRT, SPEC §0): engineers their own, supervisors all of the company;
# the warehouse keeper reads everything and moves the documents they handle.
SUPERVISORS_ = ("supervisor", "manager", "general_manager")
_PARTS_EDIT = {**_grant(SUPERVISORS_, SAME_COMPANY), "engineer": OWN}
_PARTS_READ = {**_grant(OFFICE + BACK_OFFICE, SAME_COMPANY), "engineer": OWN}
TABLE.update(
    {
        "after_sales.parts.requisition": {
            "read": _PARTS_READ,
            "write": {**_PARTS_EDIT, "warehouse": SAME_COMPANY},
            "create": _PARTS_EDIT,
            "unlink": _PARTS_EDIT,
        },
        "after_sales.parts.requisition.line": {
            "read": _PARTS_READ,
            "write": _PARTS_EDIT,
            "create": _PARTS_EDIT,
            "unlink": _PARTS_EDIT,
        },
        "after_sales.replaced.part": {
            "read": _PARTS_READ,
            "write": {**_PARTS_EDIT, "warehouse": SAME_COMPANY},
            "create": _PARTS_EDIT,
            "unlink": _PARTS_EDIT,
        },
        "after_sales.purchase.plan": {
            "read": _PARTS_READ,
            "write": {**_PARTS_EDIT, "warehouse": SAME_COMPANY},
            "create": _PARTS_EDIT,
            "unlink": _PARTS_EDIT,
        },
        "after_sales.purchase.plan.line": {
            "read": _PARTS_READ,
            "write": _PARTS_EDIT,
            "create": _PARTS_EDIT,
            "unlink": _PARTS_EDIT,
        },
    }
)


# Penalty ledger (R-PEN, SPEC §0): engineers read their own lines and
# statements; supervisors enter lines for their teams; managers configure rules
# and confirm statements; finance reads (and books through its method).
_MANAGERS = ("manager", "general_manager")
TABLE.update(
    {
        "after_sales.penalty.rule": {
            "read": _grant(("engineer", *OFFICE, *BACK_OFFICE), SAME_COMPANY),
            "write": _grant(_MANAGERS, SAME_COMPANY),
            "create": _grant(_MANAGERS, SAME_COMPANY),
            "unlink": _grant(_MANAGERS, SAME_COMPANY),
        },
        "after_sales.penalty.line": {
            "read": {
                **_grant((*SUPERVISORS_, "finance"), SAME_COMPANY),
                "engineer": OWN,
            },
            "write": _grant(SUPERVISORS_, SAME_COMPANY),
            "create": _grant(SUPERVISORS_, SAME_COMPANY),
            "unlink": _grant(SUPERVISORS_, SAME_COMPANY),
        },
        "after_sales.penalty.statement": {
            "read": {
                **_grant((*SUPERVISORS_, "finance"), SAME_COMPANY),
                "engineer": OWN,
            },
            "write": _grant(_MANAGERS, SAME_COMPANY),
            "create": _grant(_MANAGERS, SAME_COMPANY),
            "unlink": _grant(_MANAGERS, SAME_COMPANY),
        },
    }
)


# The document history (R-X-3): the auditors of the department read it —
# supervisors, managers and finance; nobody writes, creates or deletes a row.
# A record added to a submitted log (R-REC-6): the system writes it; the
# engineer reads those of their own logs, supervisors all.
TABLE["after_sales.work.log.amendment"] = {
    "read": {
        **_grant(("supervisor", "manager", "general_manager"), SAME_COMPANY),
        "engineer": OWN,
    },
}
TABLE["after_sales.transition.log"] = {
    "read": _grant((*SUPERVISORS_, "finance"), SAME_COMPANY),
}
# Complaints (R-CB-3): the office reads and writes them (the roles of each
# step are the transitions'); an engineer reads, once graded, those about their
# own work; the system makes them, nobody deletes them.
TABLE["after_sales.complaint"] = {
    "read": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
    "write": _grant(OFFICE, SAME_COMPANY),
}
# Improvement projects (R-CB-4) and quality analysis meetings (R-CB-5): the
# office reads and drafts; an engineer the projects they own and the meetings
# they chair or attend; supervisors call meetings; the verifications are
# written by the transitions only.
TABLE["after_sales.improvement"] = {
    "read": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
    "write": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
    "create": _grant(OFFICE, SAME_COMPANY),
    "unlink": _grant(SUPERVISORS_, SAME_COMPANY),
}
TABLE["after_sales.improvement.check"] = {
    "read": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
}
# The quarter's service-target scorecard (R-RPT-2): the office drafts and
# recomputes it, the managers confirm it (the transition's), finance reads it;
# engineers do not see it; a draft may be deleted, a confirmed one is frozen.
TABLE["after_sales.kpi.scorecard"] = {
    "read": _grant((*OFFICE, "finance"), SAME_COMPANY),
    "write": _grant(OFFICE, SAME_COMPANY),
    "create": _grant(OFFICE, SAME_COMPANY),
    "unlink": _grant(OFFICE, SAME_COMPANY),
}
# Its lines: the figures are the recompute's (nobody creates a line), the
# deviation explanation is typed on a draft.
TABLE["after_sales.kpi.scorecard.line"] = {
    "read": _grant((*OFFICE, "finance"), SAME_COMPANY),
    "write": _grant(OFFICE, SAME_COMPANY),
    "unlink": _grant(OFFICE, SAME_COMPANY),
}
# The month's report submissions (R-RPT-1): the daily job opens them, the
# office submits them, finance reads them; nobody creates or deletes one.
TABLE["after_sales.report.submission"] = {
    "read": _grant((*OFFICE, "finance"), SAME_COMPANY),
    "write": _grant(OFFICE, SAME_COMPANY),
}
TABLE["after_sales.quality.meeting"] = {
    "read": {**_grant(OFFICE, SAME_COMPANY), "engineer": OWN},
    "write": {**_grant(SUPERVISORS_, SAME_COMPANY), "engineer": OWN},
    "create": _grant(SUPERVISORS_, SAME_COMPANY),
}
# What the jobs tell a person (issue 24): the recipient reads theirs, the
# supervisors the company's; the jobs write them, nobody else.
TABLE["after_sales.notice.digest"] = {
    "read": {**_grant(SUPERVISORS_, SAME_COMPANY), "engineer": OWN},
}

# Master data and configuration: no document of a request. Who may change them
# is pinned by their own tests (named here); every other model of the addon is
# in TABLE, and ``test_every_model_is_in_the_table`` fails on a new one in
# neither.
CONFIGURATION = {
    "after_sales.cause.category": "test_service_record (managers keep causes)",
    "after_sales.callback.question": "test_callback (the questions, managers keep)",
    "after_sales.dispatch.member": "test_dispatch (the team's rotation)",
    "after_sales.record.item": "test_service_record (record items)",
    "after_sales.service.type": "test_service_request (service types)",
    "after_sales.sla.policy": "test_sla (policies by managers)",
    "after_sales.sla.policy.line": "test_sla (policies by managers)",
    "after_sales.warranty.exclusion": "test_warranty (exclusions)",
    "after_sales.warranty.policy": "test_warranty (policies)",
    "after_sales.warranty.policy.component": "test_warranty (policies)",
    "after_sales.warranty.queue": "test_warranty (the system's queue)",
    "after_sales.quality.review": "test_quality (a report on a SQL view: "
    "supervisors and up read it)",
    # The monthly reports (R-RPT-1): SQL views, engineers read their own rows,
    # the office and finance all, nobody writes (test_report_monthly).
    "after_sales.kpi.target": "test_kpi (the service targets, managers keep)",
    "after_sales.report.labour": "test_report_monthly (a report on a SQL view)",
    "after_sales.report.material": "test_report_monthly (a report on a SQL view)",
    "after_sales.report.feedback": "test_report_monthly (a report on a SQL view)",
    "after_sales.report.cause": "test_report_monthly (a report on a SQL view)",
    # The year in figures (R-RPT-3): supervisors and up and finance read it.
    "after_sales.report.year": "test_report_year (a report on a SQL view)",
}

ENGINEER_OFFICE = ("engineer", *OFFICE)
PRICERS = (*OFFICE, "estimator")
SUPERVISORS = ("supervisor", "manager", "general_manager")
# Who takes customer units in and hands them back (R-REC-7).
KEEPERS = (*OFFICE, "warehouse")
# Every public method of the addon's models, and who may call it on a document
# of the engineer's own request (everybody else gets an AccessError). A refusal
# for a business reason (a ``UserError`` that is not an ``AccessError``: "already
# done", "nobody available") counts as allowed: the role passed.
ACTIONS = {
    ("helpdesk.ticket", "action_resolve_by_phone"): ((), ("engineer", *SUPERVISORS)),
    ("helpdesk.ticket", "action_dispatch"): ((), SUPERVISORS),
    ("helpdesk.ticket", "action_sla_contacted"): ((), ENGINEER_OFFICE),
    ("helpdesk.ticket", "action_sla_fed_back"): ((), ENGINEER_OFFICE),
    ("helpdesk.ticket", "action_sla_complaint_answered"): ((), ENGINEER_OFFICE),
    ("helpdesk.ticket", "action_sla_pause"): ((), ENGINEER_OFFICE),
    ("helpdesk.ticket", "action_sla_resume"): ((), ENGINEER_OFFICE),
    ("after_sales.service.record", "action_start"): ((), ENGINEER_OFFICE),
    ("after_sales.service.record", "action_done"): ((), ENGINEER_OFFICE),
    ("after_sales.service.record", "action_cancel"): (("No access",), ENGINEER_OFFICE),
    ("after_sales.service.record", "action_portal_new_link"): ((), ENGINEER_OFFICE),
    ("after_sales.return.appraisal", "action_approve"): ((), SUPERVISORS),
    ("after_sales.return.appraisal", "action_refuse"): ((), SUPERVISORS),
    ("after_sales.return.appraisal", "action_reset_to_draft"): ((), SUPERVISORS),
    ("after_sales.custody", "action_receive"): ((), KEEPERS),
    ("after_sales.custody", "action_hand_back"): (("SX-WRONG", "Li Lei"), KEEPERS),
    ("after_sales.custody", "action_cancel"): ((), KEEPERS),
    ("after_sales.work.log", "action_submit"): ((), ("engineer", *SUPERVISORS)),
    ("after_sales.work.log", "action_refresh_records"): (
        (),
        ("engineer", *SUPERVISORS),
    ),
    ("after_sales.work.log", "action_generate_today"): ((), SUPERVISORS),
    ("after_sales.parts.requisition", "action_request"): (
        (),
        ("engineer", *SUPERVISORS),
    ),
    ("after_sales.parts.requisition", "action_approve"): ((), SUPERVISORS),
    ("after_sales.parts.requisition", "action_issue"): ((), ("warehouse",)),
    ("after_sales.parts.requisition", "action_close"): (
        (),
        ("warehouse", *SUPERVISORS),
    ),
    ("after_sales.parts.requisition", "action_make_purchase_plan"): (
        (),
        ("engineer", *SUPERVISORS),
    ),
    ("after_sales.replaced.part", "action_take_back"): ((), ("warehouse",)),
    ("after_sales.purchase.plan", "action_submit"): ((), ("engineer", *SUPERVISORS)),
    ("after_sales.purchase.plan", "action_confirm"): (
        (),
        ("manager", "general_manager"),
    ),
    ("after_sales.purchase.plan", "action_record_arrival"): (
        (),
        ("warehouse", "manager", "general_manager"),
    ),
    ("after_sales.responsibility", "action_submit"): ((), ENGINEER_OFFICE),
    ("after_sales.responsibility", "action_withdraw"): ((), ()),
    ("after_sales.responsibility", "action_cancel"): (
        (),
        ("manager", "general_manager"),
    ),
    ("after_sales.quote", "action_mark_sent"): ((), PRICERS),
    ("after_sales.quote", "action_new_version"): ((), PRICERS),
    ("after_sales.quote", "action_cancel"): ((), PRICERS),
    ("after_sales.quote", "action_portal_new_link"): ((), PRICERS),
    ("after_sales.penalty.line", "action_confirm"): ((), SUPERVISORS),
    ("after_sales.penalty.line", "action_cancel"): (("No",), SUPERVISORS),
    ("after_sales.penalty.line", "action_reverse"): (("No",), _MANAGERS),
    ("after_sales.penalty.line", "action_dispute"): (("No",), ("engineer",)),
    ("after_sales.penalty.line", "action_decide_dispute"): ((True, "ok"), _MANAGERS),
    ("after_sales.penalty.statement", "action_generate"): ((), _MANAGERS),
    ("after_sales.penalty.statement", "action_confirm"): ((), _MANAGERS),
    ("after_sales.penalty.statement", "action_book"): ((), ("finance",)),
    ("after_sales.penalty.statement", "action_export_xlsx"): (
        (),
        ("finance", *_MANAGERS),
    ),
    ("helpdesk.ticket", "action_costing_refresh"): ((), ("finance",)),
    ("helpdesk.ticket", "action_costing_book"): ((), ("finance",)),
    ("helpdesk.ticket", "action_costing_reverse"): ((), ("finance",)),
    ("helpdesk.ticket", "action_costing_invoice"): ((), ("finance",)),
    ("after_sales.provision", "action_accrue_last_month"): ((), ("finance",)),
    # The yearly statement (R-ACC-5): a wizard finance and the managers create.
    ("after_sales.provision.statement", "action_print_pdf"): (
        (),
        ("finance", *_MANAGERS),
    ),
    ("after_sales.provision.statement", "action_export_xlsx"): (
        (),
        ("finance", *_MANAGERS),
    ),
    ("after_sales.callback", "action_answer"): ((), OFFICE),
    ("after_sales.callback", "action_not_reached"): ((), OFFICE),
    ("after_sales.callback", "action_refuse"): ((), OFFICE),
    ("after_sales.callback", "action_no_contact"): ((), OFFICE),
    ("after_sales.callback", "action_portal_new_link"): ((), OFFICE),
    ("after_sales.callback.survey", "action_refresh"): ((), OFFICE),
    ("after_sales.callback.survey", "action_submit"): ((), OFFICE),
    ("after_sales.return.appraisal", "action_create_credit_note"): ((), ("finance",)),
    ("after_sales.return.appraisal", "action_open_credit_note_wizard"): (
        (),
        ("finance",),
    ),
    ("helpdesk.ticket", "action_register_complaint"): ((), OFFICE),
    ("after_sales.complaint", "action_grade_grievance"): ((), SUPERVISORS),
    ("after_sales.complaint", "action_grade_general"): ((), SUPERVISORS),
    ("after_sales.complaint", "action_grade_serious"): ((), SUPERVISORS),
    ("after_sales.complaint", "action_answer"): ((), SUPERVISORS),
    ("after_sales.complaint", "action_uphold"): ((), _MANAGERS),
    ("after_sales.complaint", "action_inform_gm"): ((), _MANAGERS),
    ("after_sales.complaint", "action_approve_compensation"): (
        (),
        ("general_manager",),
    ),
    ("after_sales.complaint", "action_record_callback"): ((), OFFICE),
    ("after_sales.complaint", "action_close"): ((), SUPERVISORS),
    ("after_sales.complaint", "action_cancel"): ((), SUPERVISORS),
    ("after_sales.improvement", "action_confirm"): ((), SUPERVISORS),
    ("after_sales.improvement", "action_execute"): ((), ("engineer", *SUPERVISORS)),
    ("after_sales.improvement", "action_verify"): ((), _MANAGERS),
    ("after_sales.improvement", "action_send_back"): ((), _MANAGERS),
    ("after_sales.improvement", "action_cancel"): ((), SUPERVISORS),
    ("after_sales.quality.meeting", "action_report"): ((), _MANAGERS),
    ("after_sales.report.submission", "action_submit"): ((), OFFICE),
    ("after_sales.report.submission", "action_open_print"): (
        (),
        (*OFFICE, "finance"),
    ),
    ("after_sales.kpi.scorecard", "action_recompute"): ((), OFFICE),
    ("after_sales.kpi.scorecard", "action_confirm"): ((), _MANAGERS),
    ("helpdesk.ticket", "action_new_improvement"): ((), OFFICE),
    ("helpdesk.ticket", "action_accept_repeat"): ((), SUPERVISORS),
}
# Public methods that change nothing and need no row in ACTIONS, and why.
NAVIGATION = {
    "action_view_service_records": "opens a list: the list applies the rights",
    "action_view_equipment_history": "opens a list: the list applies the rights",
    "action_view_sla_breaches": "opens a list: the list applies the rights",
    "action_open_items": "opens a list: the list applies the rights",
    "action_view_return_appraisals": "opens a list: the list applies the rights",
    "action_view_after_sales_history": "opens a list: the list applies the rights",
    "action_open_cancel_wizard": "opens the wizard, which calls action_cancel",
    "action_open_source": "opens the source document with its own rights",
    "action_print": "the report reads the record with the caller's rights",
    "action_confirm": "wizards: call _do_sla_pause / _do_move_parts (and the "
    "purchase plan's, in ACTIONS)",
    "action_view_parts_requisitions": "opens a list: the list applies the rights",
    "action_view_purchase_plans": "opens a list: the list applies the rights",
    "action_view_pickings": "opens Odoo's transfers with their own rights",
    "action_open_move_wizard": "opens the wizard, which calls _do_move_parts",
    "action_print_tag": "the report reads the record with the caller's rights",
    "action_open_hand_back_wizard": "opens the wizard, which calls action_hand_back",
    "action_view_custodies": "opens a list: the list applies the rights",
    "action_cancel": "wizard (cancel): calls after_sales.service.record.action_cancel",
    "action_view_responsibilities": "opens a list: the list applies the rights",
    "action_view_quotes": "opens a list: the list applies the rights",
    "action_signoff_start": "opens the new determination's form: create checks",
    "action_open_sign_wizard": "opens the wizard, which calls _do_sign",
    "action_open_confirm_wizard": "opens the wizard, which calls _do_confirm",
    "action_sign": "wizard: calls after_sales.responsibility._do_sign",
    "action_record_confirmation": "wizard: calls after_sales.quote._do_confirm",
    "action_apply": "wizard (ledger line reason): calls the line's own methods",
    "action_view_callbacks": "opens a list: the list applies the rights",
    "action_open_callbacks": "opens a list: the list applies the rights",
    "action_view_complaints": "opens a list: the list applies the rights",
    "action_view_costing_moves": "opens Odoo's journal entries (finance only) "
    "with their own rights",
    "generate_xlsx_report": "OCA report_xlsx's hook of the provision statement: "
    "reads it through after_sales.provision._statement, which checks the groups "
    "(TestProvision.test_statement_rights)",
    "action_view_improvements": "opens a list: the list applies the rights",
    "action_view_quality_meetings": "opens a list: the list applies the rights",
    "action_open_counted": "opens a list of the counted documents: the list "
    "applies the rights",
    "action_open_meeting": "opens a list of the counted documents: the list "
    "applies the rights",
    "message_subscribe": "the notice digest's override subscribes nobody and "
    "changes nothing (issue 24: nobody follows a digest)",
}
# Values of a new document of a model that belongs to no request.
STANDALONE_CREATE_VALUES = {
    "after_sales.notice.digest": lambda document: {
        "user_id": document.user_id.id,
        "company_id": document.company_id.id,
        "kind": "sla_breach",
        "day": "2020-01-01",
    },
    "after_sales.improvement": lambda document: {
        "name": "Another project",
        "company_id": document.company_id.id,
        "ticket_ids": [Command.set(document.ticket_ids.ids)],
    },
    "after_sales.improvement.check": lambda document: {
        "improvement_id": document.improvement_id.id,
        "result": "effective",
    },
    "after_sales.quality.meeting": lambda document: {
        "name": "Another meeting",
        "company_id": document.company_id.id,
        "ticket_ids": [Command.set(document.ticket_ids.ids)],
    },
    "after_sales.work.log.amendment": lambda document: {
        "log_id": document.log_id.id,
        "record_id": document.record_id.id,
        "added_at": document.added_at,
    },
    "after_sales.callback": lambda document: {"record_id": document.record_id.id},
    "after_sales.callback.survey": lambda document: {
        "company_id": document.company_id.id,
        "month": "2020-02-01",
    },
    "after_sales.report.submission": lambda document: {
        "company_id": document.company_id.id,
        "kind": "cause",
        "month": "2020-02-01",
    },
    "after_sales.kpi.scorecard": lambda document: {
        "company_id": document.company_id.id,
        "year": 2018,
        "quarter": "2",
        "department": "sales",
    },
    "after_sales.kpi.scorecard.line": lambda document: {
        "scorecard_id": document.scorecard_id.id,
        "code": "first_time_fix",
        "explanation": "Another line",
    },
    "after_sales.callback.answer": lambda document: {
        "callback_id": document.callback_id.id,
        "question_id": document.question_id.id,
    },
    "after_sales.signoff.step": lambda document: {
        "name": "Another step",
        "group_id": document.group_id.id,
        "company_id": document.company_id.id,
    },
    "after_sales.transition.log": lambda document: {
        "res_model": document.res_model,
        "res_id": document.res_id,
        "to_state": "forged",
        "company_id": document.company_id.id,
    },
    "after_sales.provision": lambda document: {
        "company_id": document.company_id.id,
        "date_from": "2020-01-01",
        "date_to": "2020-01-31",
    },
    "after_sales.engineer.rate": lambda document: {
        "employee_id": document.env["hr.employee"]
        .sudo()
        .create({"name": "Another engineer", "company_id": document.company_id.id})
        .id,
        "company_id": document.company_id.id,
        "rate": 10.0,
    },
    "after_sales.travel.zone": lambda document: {
        "name": "Another zone",
        "company_id": document.company_id.id,
        "distance_from": document.distance_to + 1000,
        "distance_to": document.distance_to + 2000,
        "amount": 10.0,
    },
}
# Required values of a document of a request besides the request.
EXTRA_CREATE_VALUES = {"after_sales.cost.line": {"name": "Cost"}}
ORM_METHODS = {
    "create",
    "write",
    "unlink",
    "init",
    "copy",
    "default_get",
    # the reports read without JIT (report_monthly_common.without_jit)
    "search_fetch",
    "search_count",
}


@tagged("post_install", "-at_install")
class TestRightsMatrix(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "after_sales_service.group_"
        cls.general_manager = new_test_user(
            cls.env,
            "t_gm",
            groups=f"base.group_user,{group}general_manager",
            name="General Manager",
        )
        cls.portal_partner = cls.env["res.partner"].create({"name": "Portal Co"})
        cls.portal = new_test_user(
            cls.env, "t_portal", groups="base.group_portal", name="Portal"
        )
        cls.portal.partner_id.parent_id = cls.portal_partner
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.engineer_b = new_test_user(
            cls.env,
            "t_engineer_b",
            groups=f"base.group_user,{group}engineer",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
            name="Engineer B",
        )
        cls.team.user_ids = [Command.link(cls.engineer_2.id)]
        cls.Policy.create(
            {
                "name": "Household B",
                "company_id": cls.company_b.id,
                "whole_months": 36,
                "sanbao_applies": True,
                "product_ids": [Command.set(cls.product.ids)],
            }
        )
        cls.docs = {
            "own": cls._documents(cls.engineer, cls.portal_partner),
            "other": cls._documents(cls.engineer_2, cls.customer),
            "company_b": cls._documents(cls.engineer_b, cls.customer, cls.company_b),
        }

    @classmethod
    def _documents(cls, engineer, partner, company=None):
        """One document of every model on one request served by ``engineer``."""
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=None))
        company = company or cls.company
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        team = cls.team
        if company != cls.company:
            team = env["helpdesk.ticket.team"].create(
                {"name": "Team B", "company_id": company.id}
            )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Rights matrix",
                "description": "<p>x</p>",
                "company_id": company.id,
                "team_id": team.id,
                "user_id": engineer.id,
                "partner_id": partner.id,
                "registered_at": fields.Datetime.now(),
                # A major fault three days after the invoice: a return is allowed.
                "product_id": cls.product.id,
                "purchase_date": fields.Date.subtract(fields.Date.today(), days=3),
                "proof_kind": "invoice",
                "warranty_major_fault": True,
                "warranty_fault_kind": "quality",
            }
        )
        record = env["after_sales.service.record"].create(
            {"ticket_id": ticket.id, "user_id": engineer.id}
        )
        appraisal = env["after_sales.return.appraisal"].create({"ticket_id": ticket.id})
        custody = env["after_sales.custody"].create({"ticket_id": ticket.id})
        pause = env["after_sales.sla.pause"].create(
            {"ticket_id": ticket.id, "reason": "customer_not_ready"}
        )
        employee = env["hr.employee"].search(
            [("user_id", "=", engineer.id), ("company_id", "=", company.id)]
        ) or env["hr.employee"].create(
            {"name": engineer.name, "user_id": engineer.id, "company_id": company.id}
        )
        log = env["after_sales.work.log"].create(
            {"employee_id": employee.id, "company_id": company.id}
        )
        event_id = env["after_sales.performance.event"]._record(
            [
                {
                    "kind": "phone_resolution",
                    "res_model": ticket._name,
                    "res_id": ticket.id,
                    "company_id": company.id,
                    "ticket_id": ticket.id,
                    "user_id": engineer.id,
                }
            ]
        )
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        requisition = env["after_sales.parts.requisition"].create(
            {
                "ticket_id": ticket.id,
                "engineer_id": employee.id,
                "warehouse_id": warehouse.id,
                "line_ids": [Command.create({"product_id": cls.product.id})],
            }
        )
        plan = env["after_sales.purchase.plan"].create(
            {
                "ticket_id": ticket.id,
                "warehouse_id": warehouse.id,
                "line_ids": [Command.create({"product_id": cls.product.id})],
            }
        )
        quote = env["after_sales.quote"].create(
            {
                "ticket_id": ticket.id,
                "line_ids": [
                    Command.create(
                        {"kind": "parts", "name": "Part", "unit_cost": 150.0}
                    )
                ],
            }
        )
        rule = env["after_sales.penalty.rule"].create(
            {
                "code": f"RM-{engineer.login}",
                "name": "Matrix rule",
                "amount": -5,
                "company_id": company.id,
            }
        )
        penalty_line = env["after_sales.penalty.line"].create(
            {
                "employee_id": employee.id,
                "rule_id": rule.id,
                "company_id": company.id,
            }
        )
        statement = env["after_sales.penalty.statement"].create(
            {
                "employee_id": employee.id,
                "company_id": company.id,
                "month": fields.Date.today().replace(day=1),
                "wage": 5000,
            }
        )
        called = env["after_sales.service.record"].create(
            {"ticket_id": ticket.id, "user_id": engineer.id, **cls._confirm_values()}
        )
        called.sudo()._do_done()
        callback = env["after_sales.callback"].search([("record_id", "=", called.id)])
        amendment = env["after_sales.work.log.amendment"].create(
            {"log_id": log.id, "record_id": called.id, "added_at": "2026-01-05 10:00"}
        )
        Determination = env["after_sales.responsibility"]
        determination = Determination.create({"ticket_id": ticket.id, "cause": "x"})
        handed_in = Determination.create({"ticket_id": ticket.id, "cause": "y"})
        handed_in._do_submit()
        # A complaint about the engineer's record, graded (R-CB-3).
        complaint = (
            env["helpdesk.ticket"]
            .create(
                {
                    "name": "Matrix complaint",
                    "description": "<p>x</p>",
                    "company_id": company.id,
                    "team_id": team.id,
                    "partner_id": partner.id,
                    "service_type_id": env.ref(
                        "after_sales_service.service_type_complaint"
                    ).id,
                }
            )
            .complaint_ids
        )
        complaint.sudo()._transition_write({"state": "handling", "grade": "general"})
        complaint.sudo().write({"record_ids": [Command.set(record.ids)]})
        improvement = env["after_sales.improvement"].create(
            {
                "name": "Matrix project",
                "company_id": company.id,
                "ticket_ids": [Command.set(ticket.ids)],
                "owner_id": engineer.id,
                # tomorrow in UTC is never before the creation day in the
                # company's time zone
                "deadline": fields.Date.today() + timedelta(days=1),
            }
        )
        meeting = env["after_sales.quality.meeting"].create(
            {
                "name": "Matrix meeting",
                "company_id": company.id,
                "ticket_ids": [Command.set(ticket.ids)],
                "chief_engineer_id": cls.manager.id,
                "attendee_ids": [Command.set(engineer.ids)],
            }
        )
        # A scorecard belongs to no request: one for the engineer's scope and
        # one in the other company, as the survey's.
        scorecard = (
            env["after_sales.kpi.scorecard"].create(
                {
                    "company_id": company.id,
                    "year": 2019,
                    "quarter": "1",
                    "department": "technical",
                }
            )
            if engineer == cls.engineer or company != cls.company
            else env["after_sales.kpi.scorecard"]
        )
        submission = (
            env["after_sales.report.submission"]
            .sudo()
            .create({"company_id": company.id, "kind": "labour", "month": "2020-01-01"})
            .with_env(env)
            if engineer == cls.engineer or company != cls.company
            else env["after_sales.report.submission"]
        )
        return {
            "after_sales.complaint": complaint,
            "after_sales.improvement": improvement,
            "after_sales.improvement.check": env["after_sales.improvement.check"]
            .sudo()
            .create({"improvement_id": improvement.id, "result": "not_effective"})
            .with_env(env),
            "after_sales.quality.meeting": meeting,
            "after_sales.callback": callback,
            "after_sales.work.log.amendment": amendment,
            "after_sales.callback.answer": callback.answer_ids[:1],
            "after_sales.penalty.rule": rule,
            "after_sales.penalty.line": penalty_line,
            "after_sales.penalty.statement": statement,
            "after_sales.parts.requisition": requisition,
            "after_sales.parts.requisition.line": requisition.line_ids,
            "after_sales.replaced.part": env["after_sales.replaced.part"].create(
                {"requisition_id": requisition.id, "product_id": cls.product.id}
            ),
            "after_sales.purchase.plan": plan,
            "after_sales.purchase.plan.line": plan.line_ids,
            "after_sales.signoff.step": env["after_sales.signoff.step"].search(
                [("company_id", "=", company.id)], limit=1
            ),
            "after_sales.responsibility": determination,
            "after_sales.responsibility.signature": handed_in.signature_ids[:1],
            "after_sales.quote": quote,
            "after_sales.quote.line": quote.line_ids,
            "after_sales.cost.line": env["after_sales.cost.line"].create(
                {"ticket_id": ticket.id, "name": "Cost", "amount": 10.0}
            ),
            "after_sales.callback.survey": env["after_sales.callback.survey"].create(
                {"company_id": company.id, "month": "2020-01-01"}
            )
            if engineer == cls.engineer or company != cls.company
            else env["after_sales.callback.survey"],
            "after_sales.kpi.scorecard": scorecard,
            "after_sales.kpi.scorecard.line": scorecard.line_ids[:1],
            "after_sales.report.submission": submission,
            "after_sales.provision": env["after_sales.provision"].create(
                {
                    "company_id": company.id,
                    "date_from": fields.Date.today().replace(day=1),
                    "date_to": fields.Date.today().replace(day=1),
                }
            )
            if engineer == cls.engineer or company != cls.company
            else env["after_sales.provision"],
            "after_sales.engineer.rate": env["after_sales.engineer.rate"].create(
                {
                    "employee_id": env["hr.employee"]
                    .create({"name": "Matrix rate engineer", "company_id": company.id})
                    .id,
                    "company_id": company.id,
                    "rate": 90.0,
                }
            )
            if engineer == cls.engineer or company != cls.company
            else env["after_sales.engineer.rate"],
            "after_sales.travel.zone": env["after_sales.travel.zone"].create(
                {
                    "name": "Matrix zone",
                    "company_id": company.id,
                    "distance_from": 100.0,
                    "distance_to": 200.0,
                    "amount": 50.0,
                }
            )
            if engineer == cls.engineer or company != cls.company
            else env["after_sales.travel.zone"],
            "helpdesk.ticket": ticket,
            "after_sales.service.record": record,
            "after_sales.return.appraisal": appraisal,
            "after_sales.custody": custody,
            "after_sales.sla.pause": pause,
            "after_sales.sla.breach": env["after_sales.sla.breach"].create(
                {
                    "ticket_id": ticket.id,
                    "milestone": "contacted",
                    "deadline": fields.Datetime.now(),
                    "user_id": engineer.id,
                }
            ),
            "after_sales.notice.digest": env["after_sales.notice.digest"]
            .sudo()
            .create(
                {
                    "user_id": engineer.id,
                    "company_id": company.id,
                    "kind": "sla_breach",
                    "day": fields.Date.today(),
                }
            )
            .with_env(env),
            "after_sales.warranty.reason": ticket.warranty_reason_ids[:1],
            "after_sales.warranty.determination.component": (
                ticket.warranty_component_line_ids[:1]
            ),
            "after_sales.ticket.deadline": ticket.sla_deadline_ids[:1],
            "after_sales.warranty.determination": ticket.warranty_determination_ids[:1],
            "after_sales.performance.event": env[
                "after_sales.performance.event"
            ].browse(event_id),
            "after_sales.work.log": log,
            "after_sales.transition.log": env["after_sales.transition.log"]
            .sudo()
            .create(
                {
                    "res_model": custody._name,
                    "res_id": custody.id,
                    "from_state": "draft",
                    "to_state": "received",
                    "company_id": company.id,
                }
            )
            .with_env(env),
        }

    def _allowed(self, user, model, op, document):
        """Can ``user`` do ``op`` on ``document`` (create: a copy of its values)?"""
        if op == "create":
            values = self._penalty_create_values(
                model, document
            ) or self._create_values(model, document)
            if values is None:
                return None
            allowed = True
            try:
                with self.env.cr.savepoint():
                    self.env[model].with_user(user).create(values)
                    self.env.flush_all()
                    raise _Undo()
            except _Undo:
                allowed = True  # created, then undone
            except (AccessError, UserError):
                allowed = False
            self.env.invalidate_all()
            return allowed
        try:
            document.with_user(user).check_access(op)
        except AccessError:
            return False
        return True

    @staticmethod
    def _penalty_create_values(model, document):
        """Values of a new penalty rule, line or statement like ``document``."""
        if model == "after_sales.penalty.rule":
            return {
                "code": "RM-NEW",
                "name": "New rule",
                "amount": -1,
                "company_id": document.company_id.id,
            }
        if model == "after_sales.penalty.line":
            return {
                "employee_id": document.employee_id.id,
                "rule_id": document.rule_id.id,
                "company_id": document.company_id.id,
            }
        if model == "after_sales.penalty.statement":
            return {
                "employee_id": document.employee_id.id,
                "company_id": document.company_id.id,
                "month": fields.Date.subtract(document.month, months=1),
                "wage": 4000,
            }
        return None

    def _create_values(self, model, document):
        if model == "after_sales.work.log":
            return {
                "employee_id": document.employee_id.id,
                "company_id": document.company_id.id,
                "date": fields.Date.subtract(document.date, days=1),
            }
        if model == "after_sales.performance.event":
            return {
                "kind": "phone_resolution",
                "key": "forged",
                "res_model": document.res_model,
                "res_id": document.res_id,
                "company_id": document.company_id.id,
            }
        if model in STANDALONE_CREATE_VALUES:
            return STANDALONE_CREATE_VALUES[model](document)
        if model == "after_sales.responsibility.signature":
            return None  # made by handing in a determination: its own tests
        if model == "after_sales.quote.line":
            return {"quote_id": document.quote_id.id, "name": "Labour"}
        if model == "after_sales.responsibility":
            return {"ticket_id": document.ticket_id.id, "cause": "z"}
        if model in ("after_sales.warranty.reason", TABLE_COMPONENT):
            return {"determination_id": document.determination_id.id}
        if model in (
            "after_sales.parts.requisition.line",
            "after_sales.replaced.part",
        ):
            return {
                "requisition_id": document.requisition_id.id,
                "product_id": document.product_id.id,
            }
        if model == "after_sales.purchase.plan.line":
            return {
                "plan_id": document.plan_id.id,
                "product_id": document.product_id.id,
            }
        if model == "after_sales.parts.requisition":
            return {
                "ticket_id": document.ticket_id.id,
                "engineer_id": document.engineer_id.id,
                "warehouse_id": document.warehouse_id.id,
            }
        if model == "after_sales.purchase.plan":
            return {
                "ticket_id": document.ticket_id.id,
                "warehouse_id": document.warehouse_id.id,
            }
        ticket = document.ticket_id if model != "helpdesk.ticket" else document
        if model == "helpdesk.ticket":
            return {
                "name": "New call",
                "description": "<p>x</p>",
                "team_id": document.team_id.id,
                "user_id": document.user_id.id,
                "partner_id": document.partner_id.id,
                "company_id": document.company_id.id,
            }
        if model == "after_sales.service.record":
            return {"ticket_id": ticket.id, "user_id": document.user_id.id}
        if model == "after_sales.return.appraisal":
            return {"ticket_id": ticket.id, "remedy": "return"}
        if model == "after_sales.sla.pause":
            return None  # one open pause per request: covered by its own tests

        return {"ticket_id": ticket.id, **EXTRA_CREATE_VALUES.get(model, {})}

    def test_rights_matrix(self):
        """SPEC §0, R-X-2: every role × model × operation × scope as the table."""
        differences = []
        checked = 0
        for model, spec in TABLE.items():
            expected = _cells(spec)
            for (role, op, scope), allowed in sorted(expected.items()):
                document = self.docs[scope][model]
                if not document:
                    continue
                user = getattr(self, role)
                actual = self._allowed(user, model, op, document)
                if actual is None:
                    continue
                checked += 1
                if actual != allowed:
                    differences.append(
                        f"{model} {op} {scope} as {role}: "
                        f"{'allowed' if actual else 'refused'}, "
                        f"table says {'allowed' if allowed else 'refused'}"
                    )
        self.assertGreater(checked, 500)
        self.assertFalse(differences, "\n" + "\n".join(differences))

    def _call(self, user, model, method, args):
        """Call ``method`` as ``user`` on the own document, undone afterwards:
        "allowed", "refused" (an ``AccessError``) or the traceback."""
        document = self.docs["own"].get(model)
        target = document.with_user(user) if document is not None else None
        if method in ("action_generate_today", "action_accrue_last_month"):
            target = self.env[model].with_user(user)
        outcome = "allowed"
        try:
            with self.env.cr.savepoint():
                if target is None:  # a wizard: the user creates it
                    target = self.env[model].with_user(user).create({})
                getattr(target, method)(*args)
                self.env.flush_all()
                raise _Undo()
        except _Undo:
            outcome = "allowed"  # done, then undone
        except AccessError:
            outcome = "refused"
        except UserError:
            outcome = "allowed"  # the role passed; a business rule said no
        except Exception as error:  # noqa: BLE001 - the test's subject
            outcome = f"traceback {type(error).__name__}: {error}"[:160]
        self.env.invalidate_all()
        return outcome

    def test_every_public_method_as_every_role(self):
        """SPEC §0: every public method of every model the addon defines, called
        by every role over the ORM (as JSON-RPC would), refuses exactly the roles
        the table does not name; a new public method must join the table."""
        differences = []
        for (model, method), (args, allowed_roles) in ACTIONS.items():
            for role in ROLES:
                outcome = self._call(getattr(self, role), model, method, args)
                expected = "allowed" if role in allowed_roles else "refused"
                if outcome != expected:
                    differences.append(
                        f"{model}.{method} as {role}: {outcome}, table: {expected}"
                    )
        self.assertFalse(differences, "\n" + "\n".join(differences))
        self.assertGreater(len(ACTIONS) * len(ROLES), 140)

    def test_every_model_is_in_the_table(self):
        """SPEC §0: every model the addon defines (from the registry) has its
        rows in the table, or is configuration named with the test that pins
        its rights: a new model in neither fails."""
        models = {
            name
            for name in self.env.registry
            if self.env[name]._original_module == "after_sales_service"
            and not self.env[name]._abstract
            and not self.env[name]._transient
        }
        self.assertFalse(sorted(models - set(TABLE) - set(CONFIGURATION)))
        self.assertFalse(sorted(set(CONFIGURATION) - models))
        self.assertFalse(sorted(set(CONFIGURATION) & set(TABLE)))

    def test_no_public_method_outside_the_table(self):
        """SPEC §0: the addon's public methods are all in the table (or are
        navigation that changes nothing), so a new one cannot slip by."""
        listed = {method for _model, method in ACTIONS} | set(NAVIGATION)
        unlisted = []
        for name in self.env.registry:
            for cls in type(self.env[name]).__mro__:
                if not cls.__module__.startswith("odoo.addons.after_sales_service"):
                    continue
                for attr, value in vars(cls).items():
                    if (
                        callable(value)
                        and not attr.startswith("_")
                        and attr not in ORM_METHODS
                        and attr not in listed
                    ):
                        unlisted.append(f"{name}.{attr}")
        self.assertFalse(sorted(set(unlisted)))

    def test_customer_personal_data_for_the_front_office(self):
        """R-X-5: the customer's phone and service address are read by the front
        office that serves the customer (clerks, supervisors, the engineer of the
        request), not by warehouse, finance or estimators."""
        ticket = self.docs["own"]["helpdesk.ticket"]
        record = self.docs["own"]["after_sales.service.record"]
        for role in ("clerk", "engineer", "supervisor"):
            user = getattr(self, role)
            self.assertTrue(ticket.with_user(user).read(["contact_phone"]))
            record.with_user(user).read(["site_contact_phone"])
        for role in BACK_OFFICE:
            user = getattr(self, role)
            self.assertTrue(ticket.with_user(user).read(["name"]))
            for document, field in (
                (ticket, "contact_phone"),
                (ticket, "service_address"),
                (record, "site_contact_phone"),
            ):
                with (
                    self.subTest(role=role, field=field),
                    self.assertRaises(AccessError),
                ):
                    document.with_user(user).read([field])
