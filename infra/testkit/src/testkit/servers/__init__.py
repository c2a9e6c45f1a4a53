"""The real Postgres and RabbitMQ: where a run's servers come from, and a test's own share.

Environment URLs, else testcontainers, else a one-line stop (infrastructure); one pair
shared by a whole nox run (shared_servers, late_servers); on them, a test's migrated
database, its rolled-back transaction, its own topology, a planted refusal.
"""
