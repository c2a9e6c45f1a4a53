"""Test classes written once, whose tests every service inherits.

A service's test module subclasses one and names what it tests; the test functions are
here. Their names do not start with `Test`, so pytest collects their tests only in a
service's subclass, whose node id names the service (infra/testkit/README.md).
"""
