# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import report_monthly_common
from . import report_labour
from . import report_material
from . import report_feedback
from . import report_cause
from . import report_monthly_xlsx
from . import report_year
