"""Figures with one source: every generated block in README.md and docs/, and who writes it.

A figure in the docs sits between `<!-- generated: NAME ... -->` and `<!-- /generated -->`,
rewritten by a session from a committed results file; hand-written prose links to it.
`python -m evidence.generated` (in `nox -s lint`) renders every block again from those files,
offline, and fails when one differs: a figure edited by hand, or results committed without it.
"""
