"""Coverage per layer: which lines of each service module the unit, integration and contract
suites reach, each alone and together (`nox -s coverage`, docs/coverage.md).

Every layer runs as its own nox session does, with pytest-cov measuring the services and the
chassis under a static context named after the layer (coverage.py's `[run] context`); the data of
all layers is combined, so each line knows which layers ran it.
"""
