from . import test_access
from . import test_service_request
from . import test_service_record
from . import test_report
