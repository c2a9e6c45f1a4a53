"""The mutation matrix: faults nobody chose, taken through the pyramid a layer at a time.

mutmut 3 makes the mutants of the services' domain, use-case and handler modules and of the
chassis' messaging modules; each mutant meets the unit tests that cover it, then (still alive)
the integration tests that cover it, then the contract tests. `nox -s mutants` runs it and
writes docs/mutation-matrix.{json,md,svg}; the markdown and the picture are functions of the
JSON alone (`-- --render`), so they can be rebuilt and checked offline (`-- --check`).
"""
