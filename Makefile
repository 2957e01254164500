# Two commands on a fresh machine with Python 3.11:  make run  &&  make test
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
SHARED ?= ../shared
OUT    ?= extracted

.PHONY: venv run test eval train gate gate-update gate-rebase snapshot snapshot-update bench lint lock clean-out

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,dask]'
	touch $@

venv: $(VENV)/.installed

## run the pipeline on the sample corpus -> extracted/records.jsonl
run: venv
	$(PY) -m pipeline run raw --out $(OUT) --no-progress

## the test suite (starts its own PostgreSQL from the installed binaries)
test: venv
	$(PY) -m pytest -q

## score the development corpus (raw/), the seeds, the real HTML pages (when ../shared is present) and the
## never-tuned split (tests/heldout: figures only, never its errors); HTML sets beside trafilatura's default.
## Writes $(OUT)/eval/report.html (charts, per-code results, every error of the tuned sets, the never-tuned
## figures beside them) and scores the incident grouping on tests/incidents and on the never-tuned tests/incidents_heldout.
eval: venv
	$(PY) -m pipeline -q run raw --out $(OUT)/eval/raw --force --no-progress
	$(PY) -m pipeline -q run tests/heldout/html tests/heldout/text --out $(OUT)/eval/heldout --force --no-progress
	$(PY) -m pipeline evaluate --gold tests/heldout/gold.jsonl --pred $(OUT)/eval/heldout/records.jsonl --title "never-tuned split (tests/heldout)" --no-errors --html-baseline tests/heldout/html
	$(PY) -m pipeline evaluate --gold tests/heldout/gold.jsonl --pred $(OUT)/eval/heldout/records.jsonl --json --no-errors > $(OUT)/eval/heldout/metrics.json
	@set -e; sets="--gold tests/gold/raw.jsonl --pred $(OUT)/eval/raw/records.jsonl --title development"; \
	if [ -d $(SHARED)/seeds ]; then \
	  $(PY) -m pipeline -q run $(SHARED)/seeds/*.txt --out $(OUT)/eval/seeds --force --no-progress; \
	  sets="$$sets --gold $(SHARED)/seeds/gold.jsonl --pred $(OUT)/eval/seeds/records.jsonl --title seeds"; \
	fi; \
	if [ -d $(SHARED)/html ]; then \
	  $(PY) -m pipeline -q run $(SHARED)/html/pages --out $(OUT)/eval/html --force --no-progress; \
	  $(PY) -m pipeline evaluate --gold $(SHARED)/html/gold.jsonl --pred $(OUT)/eval/html/records.jsonl --title "real HTML pages ($(SHARED)/html)" --no-errors --html-baseline $(SHARED)/html/pages; \
	  sets="$$sets --gold $(SHARED)/html/gold.jsonl --pred $(OUT)/eval/html/records.jsonl --title real-html"; \
	fi; \
	$(PY) -m pipeline evaluate $$sets --compare $(OUT)/eval/heldout/metrics.json --html $(OUT)/eval/report.html
	$(PY) -m pipeline -q run tests/incidents/text tests/incidents/html --out $(OUT)/eval/incidents --force --no-progress
	rm -f $(OUT)/eval/incidents/incidents.jsonl $(OUT)/eval/incidents/incident_members.jsonl
	$(PY) -m pipeline -q incidents $(OUT)/eval/incidents/records.jsonl --out $(OUT)/eval/incidents
	$(PY) -m pipeline evaluate --incidents --gold tests/incidents/incidents.jsonl --pred $(OUT)/eval/incidents/incidents.jsonl --records $(OUT)/eval/incidents/records.jsonl --title "incident set (tests/incidents)"
	$(PY) -m pipeline -q run tests/incidents_heldout/text tests/incidents_heldout/html --out $(OUT)/eval/incidents-heldout --force --no-progress
	rm -f $(OUT)/eval/incidents-heldout/incidents.jsonl $(OUT)/eval/incidents-heldout/incident_members.jsonl
	$(PY) -m pipeline -q incidents $(OUT)/eval/incidents-heldout/records.jsonl --out $(OUT)/eval/incidents-heldout
	$(PY) -m pipeline evaluate --incidents --gold tests/incidents_heldout/incidents.jsonl --pred $(OUT)/eval/incidents-heldout/incidents.jsonl --records $(OUT)/eval/incidents-heldout/records.jsonl --title "never-tuned incident set (tests/incidents_heldout): figures only"

## fit the learned scorers on the development corpus -> models/classifiers/*.learned.json (+ training rows)
train: venv
	$(PY) -m pipeline.learn.train

## the regression gate: fails when a field's F1 on the gold sets drops below tests/gate_baseline.json
gate: venv
	$(PY) -m pipeline.gate

## identity of the outputs: records, error rows and SQL rows of raw/, the seeds and ../shared/html against
## tests/snapshots/outputs.json (a refactoring or a speed-up must change nothing)
snapshot: venv
	$(PY) -m pipeline.snapshot

## re-pin the snapshot after a change meant to alter the outputs (say why in the commit)
snapshot-update: venv
	$(PY) -m pipeline.snapshot --update

## raise the gate's floors to today's figures (never lowers them)
gate-update: venv
	$(PY) -m pipeline.gate --update

## re-pin the floors of sets whose inputs or gold changed: make gate-rebase SETS=raw
gate-rebase: venv
	$(PY) -m pipeline.gate --rebase $(SETS)

## speed and memory on a generated corpus (1,000 pages + 10,000 for memory) -> extracted/bench.json
bench: venv
	$(PY) -m pipeline.bench

lint: venv
	$(PY) -m ruff check pipeline tests

## refresh requirements.lock from a clean environment (run after changing pyproject.toml)
lock:
	rm -rf /tmp/frincident-lock && $(PYTHON) -m venv /tmp/frincident-lock
	/tmp/frincident-lock/bin/pip install --quiet '.[dev,dask]'
	/tmp/frincident-lock/bin/pip freeze --exclude french-incident-pipeline | grep -v '^-e' > requirements.lock

clean-out:
	rm -rf $(OUT)/*.jsonl $(OUT)/eval $(OUT)/.ledger.sqlite*
