# The README's two commands: `make demo` (the main job) and `make test`.
.PHONY: demo test stop
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
stop:
	bash scripts/stop.sh
