# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who bears a cost of a service (R-ACC-1; seed 003 电力设备公司 §4).

A cost is *chargeable* (the customer bears it) when the warranty determination
has the customer pay for its kind and no responsibility determination approved
doing it free. Otherwise it is *free*, and the free cost falls on:

``supplier``
    the fault lies with a bought-in part (外协产品质量问题由外协厂家承担): the
    company books a receivable from the supplier;
``quality_loss``
    the fault lies with the company's own manufacturing (自制产品质量问题列入
    制造费用的质量成本损失);
``company``
    anything else: the department's warranty cost (售后服务费).

Money is ``decimal.Decimal`` rounded half-up to the fen.
"""

from decimal import ROUND_HALF_UP, Decimal

COMPANY = "company"
CUSTOMER = "customer"
SUPPLIER = "supplier"
QUALITY_LOSS = "quality_loss"
BEARERS = (COMPANY, CUSTOMER, SUPPLIER, QUALITY_LOSS)
FREE_BEARERS = (COMPANY, SUPPLIER, QUALITY_LOSS)
# The cause categories that are the company's own manufacturing.
MANUFACTURING_CAUSES = frozenset({"manufacturing_defect"})
FEN = Decimal("0.01")


def propose_bearer(payer, responsible_party, cause_code, goodwill_approved):
    """The proposed bearer of a cost.

    ``payer``: who pays this kind of cost by the warranty (``company``,
    ``customer`` or ``None`` when nothing was determined: the customer);
    ``responsible_party``: the service record's (``company``, ``customer``,
    ``supplier`` or ``None``); ``cause_code``: the code of its cause category;
    ``goodwill_approved``: an approved responsibility determination makes
    chargeable work free.
    """
    if payer != COMPANY and not goodwill_approved:
        return CUSTOMER
    if responsible_party == SUPPLIER:
        return SUPPLIER
    if responsible_party == COMPANY and cause_code in MANUFACTURING_CAUSES:
        return QUALITY_LOSS
    return COMPANY


def line_amount(quantity, unit_cost):
    """``quantity × unit_cost`` rounded half-up to the fen."""
    return (Decimal(quantity) * Decimal(unit_cost)).quantize(FEN, ROUND_HALF_UP)
