"""Real infrastructure for tests: a Postgres server and a RabbitMQ broker, found or started once."""

from testkit.data import random_email, random_sku, unique_name
from testkit.infrastructure import MissingInfrastructure, provide_postgres, provide_rabbitmq
from testkit.isolation import rollback_session_factory
from testkit.postgres import PostgresServer
from testkit.rabbitmq import RabbitMQBroker

__all__ = [
    "MissingInfrastructure",
    "PostgresServer",
    "RabbitMQBroker",
    "provide_postgres",
    "provide_rabbitmq",
    "random_email",
    "random_sku",
    "rollback_session_factory",
    "unique_name",
]
