# Developer shortcuts. `make train` rebuilds the relation classifier shipped in the package.
PYTHON ?= .venv/bin/python

.PHONY: train check-corpus test eval

# the relation classifier's weights (src/allegiance/data/models/relations.json) from the
# committed training corpus; deterministic, about five minutes on two cores
train: check-corpus
	$(PYTHON) training/train.py

check-corpus:
	$(PYTHON) training/check.py

test:
	$(PYTHON) -m pytest -q

# relation scores of the three relation modes on the shared evaluation sets
eval:
	$(PYTHON) scripts/accuracy_report.py
