# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import ir_module_module
from . import res_company
from . import res_config_settings
from . import res_partner
from . import frozen_mixin
from . import input_bounds
from . import ticket_document
from . import cause_category
from . import record_item
from . import service_type
from . import helpdesk_ticket
from . import helpdesk_ticket_visit
from . import helpdesk_ticket_warranty
from . import helpdesk_ticket_sla
from . import helpdesk_ticket_dispatch
from . import helpdesk_ticket_parts
from . import stock_warehouse
from . import service_record
from . import stock_lot
from . import warranty_exclusion
from . import warranty_policy
from . import warranty_determination
from . import warranty_queue
from . import return_appraisal
from . import sla_policy
from . import sla_policy_line
from . import ticket_deadline
from . import sla_pause
from . import sla_breach
from . import helpdesk_ticket_team
from . import dispatch_member
from . import work_log
from . import performance_event
