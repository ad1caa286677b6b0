# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import test_access
from . import test_service_request
from . import test_service_record
from . import test_report
from . import test_tour
from . import test_sla
from . import test_key_customer
from . import test_warranty
from . import test_return_appraisal
from . import test_custody
from . import test_dispatch
from . import test_work_log
from . import test_translations
from . import test_performance_event
from . import test_rights_matrix
from . import test_portal
from . import test_races
from . import test_bad_input
from . import test_rework
from . import test_portal_internal_fields
from . import test_screens_zh
from . import test_parts
from . import test_odoo_stock
from . import test_signoff
from . import test_quote
from . import test_penalty
from . import test_costing
from . import test_costing_facts
from . import test_costing_races
from . import test_odoo_account
from . import test_demo_books
from . import test_costing_rpc
from . import test_chart_cn
from . import test_signoff_trust
