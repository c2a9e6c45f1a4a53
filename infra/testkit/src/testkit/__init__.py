"""Real infrastructure for tests: a Postgres server and a RabbitMQ broker, found or started once.

The names below are loaded on first use (the module `__getattr__` at the end): pytest loads this
package's plugin in every test process, unit runs included, and those should not pay for
importing Docker, psycopg and pika. `from testkit.data import random_email` is the same name,
imported from its module, never lazily. Every fixture and helper: infra/testkit/README.md.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from testkit.data import random_email, random_sku, unique_name
    from testkit.databases import Upgrade, migrated_database
    from testkit.infrastructure import MissingInfrastructure, provide_postgres, provide_rabbitmq
    from testkit.isolation import rollback_session_factory
    from testkit.postgres import PostgresServer
    from testkit.rabbitmq import RabbitMQBroker

_HOMES = {
    "MissingInfrastructure": "testkit.infrastructure",
    "PostgresServer": "testkit.postgres",
    "RabbitMQBroker": "testkit.rabbitmq",
    "Upgrade": "testkit.databases",
    "migrated_database": "testkit.databases",
    "provide_postgres": "testkit.infrastructure",
    "provide_rabbitmq": "testkit.infrastructure",
    "random_email": "testkit.data",
    "random_sku": "testkit.data",
    "rollback_session_factory": "testkit.isolation",
    "unique_name": "testkit.data",
}
__all__ = [
    "MissingInfrastructure",
    "PostgresServer",
    "RabbitMQBroker",
    "Upgrade",
    "migrated_database",
    "provide_postgres",
    "provide_rabbitmq",
    "random_email",
    "random_sku",
    "rollback_session_factory",
    "unique_name",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'testkit' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
