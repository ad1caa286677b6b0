# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Selections shared by several models, in one place.

Models import their selections from here instead of from each other, so that a
feature file never depends on another feature file for a list of values. The
labels are English sources; Odoo exports them as field selections for zh_CN.
"""

from ..tools import quote, sla, warranty

# --- Intake (R-IN-1) ---
SERVICE_ZONES = [
    ("city", "City"),
    ("near", "Within 20 km"),
    ("far", "Beyond 20 km"),
]
URGENCIES = [("normal", "Normal"), ("urgent", "Urgent")]
PROOF_KINDS = [
    (warranty.PROOF_INVOICE, "Invoice"),
    (warranty.PROOF_WARRANTY_CARD, "Warranty Card"),
    (warranty.PROOF_NONE, "No Proof"),
]
RESOLUTION_KINDS = [
    ("visit", "On-site or Carry-in Service"),
    ("phone", "Phone Guidance"),
]
# What a service type is, whatever its code: the rules that depend on it (the
# complaint deadline, the visit-less consultation) read the kind, never the code.
SERVICE_TYPE_KINDS = [
    ("installation", "Installation"),
    ("repair", "Repair"),
    ("complaint", "Complaint"),
    ("commissioning", "Commissioning / Power-on"),
    ("training", "Training"),
    ("consultation", "Consultation"),
    ("maintenance", "Maintenance"),
    ("return", "Return / Exchange"),
    ("other", "Other"),
]

# --- Field service record (R-REC-1, R-REC-2) ---
RESPONSIBLE_PARTIES = [
    ("company", "Company"),
    ("customer", "Customer or Installer"),
    ("supplier", "Supplier"),
]
EVALUATION = [
    ("poor", "Poor"),
    ("fair", "Fair"),
    ("good", "Good"),
    ("excellent", "Excellent"),
]
EVALUATION_FIELDS = (
    "evaluation_attitude",
    "evaluation_punctuality",
    "evaluation_skill",
    "evaluation_result",
)
RECORD_RESULTS = [
    ("accepted", "Resolved and Accepted"),
    ("normal_operation", "In Normal Operation"),
    ("trained", "Customer Trained"),
    ("partial", "Partially Done"),
]
RECORD_STATES = [
    ("draft", "Draft"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

# --- Service levels (R-SLA) ---
MILESTONES = [
    ("contacted", "Customer Contacted"),
    ("response", "First Response"),
    ("on_site", "On Site"),
    ("fixed", "Fixed after Arrival"),
    ("feedback", "Result Fed Back"),
    ("complaint", "Complaint Answered"),
    ("complaint_closed", "Complaint Closed"),
    # The dealer's expected cycle (R-IN-6): met when the unit is handed back.
    ("dealer_return", "Returned to the Dealer"),
]
TIME_MODES = [
    ("calendar", "Calendar Time (24×7)"),
    ("working", "Working Time"),
]
SLA_STATUSES = [
    (sla.OK, "On Time"),
    (sla.SOON, "About to Breach"),
    (sla.BREACHED, "Breached"),
    (sla.MET, "Met"),
    (sla.MET_LATE, "Met Late"),
    (sla.PAUSED, "Paused"),
]
PAUSE_REASONS = [
    ("customer_not_ready", "Customer Not Ready"),
    ("waiting_parts", "Waiting for Parts"),
    ("customer_rescheduled", "Customer Rescheduled"),
]

# --- Warranty (R-WAR) ---
WARRANTY_STATES = [
    (warranty.IN_WARRANTY, "In Warranty"),
    (warranty.OUT_OF_WARRANTY, "Out of Warranty"),
    (warranty.EXCLUDED, "Excluded"),
    (warranty.UNKNOWN, "Unknown"),
]
FAULT_KINDS = [
    (warranty.FAULT_QUALITY, "Quality Problem"),
    (warranty.FAULT_CUSTOMER, "Customer-Caused"),
    (warranty.FAULT_UNKNOWN, "Not Established"),
]
PAYERS = [(warranty.COMPANY, "Company"), (warranty.CUSTOMER, "Customer")]
REMEDIES = [
    (warranty.RETURN, "Return"),
    (warranty.EXCHANGE, "Exchange"),
    (warranty.REPAIR, "Repair"),
]
APPRAISAL_REMEDIES = [
    (warranty.RETURN, "Return"),
    (warranty.EXCHANGE, "Exchange"),
]

# --- Performance events (DESIGN §4) ---
# What happened, to whom: the vocabulary the penalty ledger, KPIs and reports read.
EVENT_KINDS = [
    ("sla_breach", "Deadline Missed"),
    ("record_missing_item", "Record Item Missing"),
    ("record_no_cost_witness", "Costs Not Witnessed"),
    ("record_evaluation", "Customer Evaluation"),
    ("record_follow_up", "Follow-up Visit Needed"),
    ("work_log_late", "Work Log Late"),
    ("phone_resolution", "Resolved by Phone"),
    ("appraisal_decided", "Return Appraisal Decided"),
    ("parts_visit_late", "Visit Late After Parts Arrived"),
    ("purchase_plan_late", "Purchase Plan Handed In Late"),
    ("signoff_late", "Responsibility Determination Late"),
    ("quote_extra_margin", "Extra Margin on a Confirmed Quote"),
    ("callback_answer", "Callback Answer"),
    ("callback_no_contact", "No Contact for the Callback"),
    ("survey_late", "Satisfaction Survey Late"),
    ("complaint_upheld", "Complaint Upheld"),
]

# --- Callbacks (R-CB-1, R-CB-2) ---
# The four answers of a callback question (002 §5.3.1.4, 000 §3.5.2). The codes
# are the evaluation grades', so that the ledger's conditions (all poor, all
# fair, any excellent) read callbacks and records alike.
CALLBACK_GRADES = [
    ("excellent", "Very Satisfied"),
    ("good", "Satisfied"),
    ("fair", "Neutral"),
    ("poor", "Dissatisfied"),
]
# Odoo's rating value of each answer: its satisfaction percentage (ratings of 4
# and 5 over all ratings) is then 满意率 = (非常满意 + 满意) / answered.
CALLBACK_RATING = {"excellent": 5.0, "good": 4.0, "fair": 3.0, "poor": 1.0}
CALLBACK_STATES = [
    ("pending", "To Call"),
    ("done", "Answered"),
    ("refused", "Refused"),
    ("unreachable", "Not Reached"),
    ("no_contact", "No Contact Person"),
]

# --- Parts (R-PRT) ---
REQUISITION_STATES = [
    ("draft", "Draft"),
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("partial", "Partly Issued"),
    ("issued", "Issued"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
PARTS_DESTINATIONS = [
    ("consumption", "Used on Issue"),
    ("van", "Engineer's Van"),
]
# What a stock move of a requisition line does.
PARTS_MOVE_KINDS = [
    ("issue", "Issue"),
    ("consume", "Consumption"),
    ("return", "Parts Return"),
]
REPLACED_PART_DISPOSITIONS = [
    ("customer", "Left with the Customer"),
    ("taken_back", "Taken Back"),
]
PURCHASE_PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Handed In"),
    ("confirmed", "Confirmed"),
    ("received", "Parts Arrived"),
    ("cancelled", "Cancelled"),
]

# --- Responsibility sign-off (R-APR) and quotes (R-ACC-2) ---
SIGNOFF_KINDS = [
    ("goodwill", "Free Service"),
    ("special", "Special Compensation"),
]
DETERMINATION_PARTIES = [
    ("department", "Company Department"),
    ("customer", "Customer"),
    ("installer", "Installer"),
    ("supplier", "Supplier"),
]
JUSTIFICATIONS = [
    ("hardship", "Customer Hardship"),
    ("strategic", "Strategic Customer"),
    ("goodwill", "Goodwill"),
    ("special", "Special Compensation"),
]
QUOTE_LINE_KINDS = [
    (quote.PARTS, "Parts"),
    (quote.LABOUR, "Labour"),
    (quote.TRAVEL, "Travel"),
]
QUOTE_CONFIRMATIONS = [
    ("signature", "Customer Signature"),
    ("stamp", "Company Stamp Photo"),
    ("phone", "Confirmed by Phone"),
]

# --- Penalty and reward ledger (R-PEN) ---
PENALTY_TRIGGERS = [
    ("event", "Performance Event"),
    ("manual", "Manual"),
]
# A condition on the events of one source (evaluations of one record): the rule
# fires once per source, on its first event (R-PEN-3, 000 §3.2.7).
PENALTY_CONDITIONS = [
    ("none", "Every Event"),
    ("all_poor", "All Items Poor"),
    ("all_fair", "All Items Fair"),
    ("any_excellent", "Any Item Excellent"),
]
PENALTY_AMOUNT_MODES = [
    ("fixed", "Fixed Amount"),
    ("per_unit", "Per Unit of the Event"),
    ("percent", "Percentage of the Event's Amount"),
]
MERIT_GRADES = [
    ("commendation", "Commendation"),
    ("merit", "Merit"),
    ("major_merit", "Major Merit"),
    ("warning", "Warning"),
    ("demerit", "Demerit"),
    ("major_demerit", "Major Demerit"),
]
PENALTY_LINE_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]
PENALTY_DISPUTE_STATES = [
    ("none", "None"),
    ("open", "Disputed"),
    ("upheld", "Upheld"),
    ("rejected", "Rejected"),
]
PENALTY_STATEMENT_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("booked", "Booked"),
]

# --- Complaints (R-CB-3, R-CB-4) ---
# The three grades of 002 §5.3.2: 客户抱怨, 一般客诉, 严重客诉.
COMPLAINT_GRADES = [
    ("grievance", "Customer Grievance"),
    ("general", "General Complaint"),
    ("serious", "Serious Complaint"),
]
# Where a general complaint was escalated (002 §5.3.2: 消协、质监/工商、法院、
# 网络媒体).
COMPLAINT_CHANNELS = [
    ("consumer_association", "Consumer Association"),
    ("regulator", "Quality or Market Regulator"),
    ("court", "Court"),
    ("online", "Online or Press"),
]
# Why a complaint is serious (002 §5.3.2: 批量质量、不良服务政策、人身伤害、
# 重大财产损失).
COMPLAINT_CAUSES = [
    ("batch_quality", "Batch Quality Problem"),
    ("bad_policy", "Bad Service Policy"),
    ("injury", "Personal Injury"),
    ("property_loss", "Major Property Loss"),
]
COMPLAINT_STATES = [
    ("registered", "Logged"),
    ("handling", "Handling"),
    ("answered", "Result Given"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# Improvement projects (改善项目, R-CB-4; 003 客户投诉改善及追踪).
IMPROVEMENT_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("executed", "Executed"),
    ("verified", "Verified"),
    ("cancelled", "Cancelled"),
]
IMPROVEMENT_TYPES = [
    ("corrective", "Corrective"),
    ("preventive", "Preventive"),
    ("improvement", "Improvement"),
]
IMPROVEMENT_EFFICACY = [
    ("effective", "Effective"),
    ("not_effective", "Not Effective"),
]
# Quality feedback on a request (R-CB-5; 000 §2.13, 001 篇八).
QUALITY_CLASSES = [
    ("new", "New Quality Problem"),
    ("repeated", "Repeated Problem"),
    ("major", "Major Batch Problem"),
    ("suggestion", "Improvement Suggestion"),
]
QUALITY_MEETING_STATES = [
    ("draft", "Draft"),
    ("signed", "Signed"),
    ("reported", "Reported to GM"),
]

# Batches a scheduled job commits per call before it hands the cron worker back
# (Odoo 18's progress API calls it again at once while some remain): a run over
# a million rows never keeps a worker, or a lock, for minutes (issue 24).
CRON_CHUNKS = 10
