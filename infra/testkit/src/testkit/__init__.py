"""The test kit: real servers for the services' tests, the checks they inherit, what nox runs on.

Nothing is imported here: every name is imported from its own module, so an import line says where
the name lives. The folders, from the ground up (each imports only what is listed before it):

    data, polling, settings, workspace   used by all: unique data, waiting, settings, the members
    servers/      the real Postgres and RabbitMQ, and a test's own database, transaction, topology
    stand_ins/    servers in a thread: an app under uvicorn, another service, a hung one, a recorder
    pact/         what Pact suites use: fixtures, matchers, message pacts, reading and verifying
    fuzzing/      fuzzing an API from its OpenAPI document
    checks/       test classes whose tests every service inherits (api, migrations, pact wiring)
    runner/       suites side by side, the contract pipeline, the e2e images (standard library only)
    deploy/       can-i-deploy and record-deployment: the contracts across versions

and the three doors, each calling into the folders above:

    plugin        pytest's (pytest11 entry point): the fixtures every suite gets with no import
    __main__      python -m testkit serve | contracts | can-i-deploy | record-deployment
    nox_support   the noxfile's: environments, .env, one set of servers, suites side by side

Every fixture and helper, what it starts and what it costs: infra/testkit/README.md.
"""
