"""Fuzzing a service's API from its own OpenAPI document (schemathesis, `testkit[fuzz]`).

openapi: the schema and the check (no 5xx, but a 503 naming a service taken down);
fixtures: the fuzz suites' fixtures and --examples option, loaded by testkit.plugin.
"""
