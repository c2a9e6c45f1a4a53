"""pytest fixtures for Pact tests: where a consumer writes its pact, how a provider verifies.

A plugin of its own, loaded by `testkit.plugin` in every test process, unit runs included: Pact
is imported only by the tests that use it (and for type checking here), never by these fixtures.

    pact_dir (session): the folder of pacts, $PACT_DIR or the repository's contracts/
    pact_output (module): that folder, after removing the pact the module writes
    verify (session): runs a Verifier and saves its results for the pipeline's matrix
"""

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from testkit.contracts import pact_directory, report_directory, verify_provider
from testkit.workspace import workspace_root

if TYPE_CHECKING:
    from pact import Verifier


def pytest_configure(config: pytest.Config) -> None:
    """Pact reports usage to its authors unless told not to: tests never should."""
    os.environ.setdefault("PACT_DO_NOT_TRACK", "true")


@pytest.fixture(scope="session")
def pact_dir(pytestconfig: pytest.Config) -> Path:
    """Where the pacts are: $PACT_DIR (the pipeline: a fresh folder), else contracts/.

    A consumer writes its pacts there; a provider verifies the pacts it finds there.
    """
    directory = pact_directory(workspace_root(pytestconfig.rootpath) / "contracts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="module")
def pact_output(request: pytest.FixtureRequest, pact_dir: Path) -> Path:
    """Where a consumer test module writes the pact it names in `PACT = (consumer, provider)`.

    Its old file is removed before the module's first test, so that the tests (each adding its
    interaction) write it whole, with no interaction left over from a previous run.
    """
    consumer, provider = request.module.PACT
    (pact_dir / f"{consumer}-{provider}.json").unlink(missing_ok=True)
    return pact_dir


@pytest.fixture(scope="session")
def verify(pytestconfig: pytest.Config) -> Callable[["Verifier", str], None]:
    """Run a provider's Verifier, saving its results ($PACT_REPORT_DIR) for the pipeline's matrix.

    Called as ``verify(verifier, provider_name)``; a failure is an AssertionError naming each
    broken interaction on a line of its own.
    """
    reports = report_directory(workspace_root(pytestconfig.rootpath))
    return partial(verify_provider, reports=reports)
