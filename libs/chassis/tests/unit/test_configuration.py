"""What the chassis configures without connecting: Alembic's URL, constraint names, the engine."""

from pathlib import Path

from sqlalchemy import Column, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL, make_url
from sqlalchemy.schema import CreateTable

from chassis.db import create_session_factory, service_metadata
from chassis.migrations import alembic_config
from chassis.settings import ServiceSettings, migration_url

INI = Path("services/example/alembic.ini")  # never read: only the URL option is asked for
URL_WITH_SECRETS = URL.create(
    "postgresql+psycopg",
    username="svc",
    password="p%40ss w/rd:%",  # noqa: S106 (a made-up password, full of URL and configparser syntax)
    host="db",
    database="svc",
)


def test_alembic_gets_the_url_with_its_real_password_through_configparser_interpolation():
    config = alembic_config(INI, URL_WITH_SECRETS)

    rendered = config.get_main_option("sqlalchemy.url")

    assert make_url(rendered).password == URL_WITH_SECRETS.password


def test_a_url_given_as_text_reaches_alembic_unchanged():
    text = URL_WITH_SECRETS.render_as_string(hide_password=False)

    assert alembic_config(INI, text).get_main_option("sqlalchemy.url") == text


def test_alembic_is_told_to_leave_the_callers_logging_alone():
    assert alembic_config(INI, "postgresql://db/svc").attributes["configure_logger"] is False


def test_the_migrations_log_in_with_their_own_url_when_one_is_given(monkeypatch):
    monkeypatch.setenv("SVC_DATABASE_URL", "postgresql+psycopg://svc_app@db/svc")
    monkeypatch.setenv("SVC_MIGRATION_DATABASE_URL", "postgresql+psycopg://svc_migrator@db/svc")

    assert migration_url("SVC_") == "postgresql+psycopg://svc_migrator@db/svc"


def test_without_a_migration_url_the_migrations_use_the_services_own(monkeypatch):
    monkeypatch.delenv("SVC_MIGRATION_DATABASE_URL", raising=False)
    monkeypatch.setenv("SVC_DATABASE_URL", "postgresql+psycopg://svc@db/svc")

    assert migration_url("SVC_") == "postgresql+psycopg://svc@db/svc"


def test_the_running_service_does_not_read_the_migration_url(monkeypatch):
    # The service's settings have no such field: given one, it is not kept anywhere in them.
    monkeypatch.setenv("MIGRATION_DATABASE_URL", "postgresql+psycopg://svc_migrator@db/svc")

    settings = ServiceSettings(database_url="postgresql+psycopg://svc_app@db/svc")

    assert "svc_migrator" not in repr(settings.model_dump())


def test_a_services_metadata_names_its_constraints_so_migrations_can_refer_to_them():
    metadata = service_metadata()
    Table("users", metadata, Column("id", Integer, primary_key=True))
    orders = Table(
        "orders",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", ForeignKey("users.id")),
        Column("reference", String),
        UniqueConstraint("reference"),
    )

    ddl = str(CreateTable(orders).compile(dialect=postgresql.dialect()))

    assert "CONSTRAINT pk_orders PRIMARY KEY" in ddl
    assert "CONSTRAINT uq_orders_reference UNIQUE" in ddl
    assert "CONSTRAINT fk_orders_user_id_users FOREIGN KEY" in ddl


def test_a_session_factory_connects_only_when_used_and_keeps_objects_readable_after_commit():
    factory = create_session_factory("postgresql+psycopg://nobody@127.0.0.1:1/none")

    assert factory.kw["expire_on_commit"] is False
