from . import service_record_cancel
