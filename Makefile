# Two entry points for people: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint unit integration realnews kafka-start kafka-stop dashboards clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsstreams needs Python 3.11 or newer (set PYTHON=...)")'
	@$(PYTHON) -m venv $(VENV) || { echo "cannot create $(VENV): on Debian/Ubuntu run 'apt-get install python3-venv'"; exit 1; }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: setup
	$(BIN)/newsstreams demo

# The whole suite as CI runs it: unit tests, then integration tests on a real Kafka broker
# (started by the tests through deploy/kafka/local-kafka.sh) and a real Prometheus.
test: setup
	deploy/dev/system-packages.sh
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Lint and import order (ruff), types (mypy, strict on enrichment/ and articles/); CI runs it before the tests.
lint: setup
	$(BIN)/ruff check streams tests deploy
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest -q -m "not integration and not real_news"

integration: setup
	$(BIN)/python -m pytest -q -m integration

# Every PolNeAR train and dev article through the enrichment (needs ../shared/polnear or NEWSSTREAMS_POLNEAR).
realnews: setup
	$(BIN)/python -m pytest -q -m real_news

kafka-start:
	deploy/kafka/local-kafka.sh start

kafka-stop:
	deploy/kafka/local-kafka.sh stop

dashboards: setup
	$(BIN)/python deploy/grafana/dashboards.py

clean:
	rm -rf $(VENV) build *.egg-info
