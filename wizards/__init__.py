from . import service_record_cancel
from . import sla_pause_wizard
