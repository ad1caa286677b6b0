# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# The README's two commands: `make demo` (the main job) and `make test`.
.PHONY: demo test stop
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
stop:
	bash scripts/stop.sh
