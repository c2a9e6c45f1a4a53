"""`nox -s affected -- <base-ref>`: only the sessions a change can break, and why each one.

- `evidence.affected.model`: what the rules take (the workspace) and give (sessions, why).
- `evidence.affected.rules`: the pure function from changed paths to sessions with reasons.
- `evidence.affected.services`: the rules inside one service's folder.
- `evidence.affected.checks`: when the fault patches must be checked to still apply.
- `evidence.affected.inputs`: the changed paths (git), the sessions (nox), members, pacts.
- `python -m evidence.affected`: prints the plan, writes it for the nox session to run.
"""
