# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import service_record_cancel
from . import custody_hand_back
from . import sla_pause_wizard
from . import parts_move_wizard
from . import responsibility_sign_wizard
from . import quote_confirm_wizard
from . import penalty_line_reason
from . import provision_statement
from . import credit_note_wizard
