"""Running a Pact provider verification and saying, one line each, which interactions broke.

Imports Pact only inside `verifier_for` (and for type checking): the plugin and the contract
pipeline import this module where pact is not installed.
"""

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pact import Verifier


def pact_directory(default: Path) -> Path:
    """Where the pacts are: $PACT_DIR if set (the contract pipeline's fresh folder), else `default`.

    Args:
        default: The repository's ``contracts/`` folder, the pacts as committed.
    """
    return Path(os.environ.get("PACT_DIR", default))


def consumer_output_directory(root: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """Where a consumer test writes its pact: $PACT_DIR if set (the pipeline), else .reports/pacts.

    Never the committed contracts/ by default: a consumer test run by hand (plain pytest) must not
    rewrite them. Only the pipeline changes contracts/, and only when told
    (`nox -s contracts -- --update`), after its providers verified what the consumers wrote.

    Args:
        root: The workspace root.
        environ: Where to read the variable.
    """
    return Path(environ.get("PACT_DIR") or root / ".reports" / "pacts")


def report_directory(root: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """Where providers save their verification results: $PACT_REPORT_DIR if set.

    Args:
        root: The workspace root; the default is its ``.reports/contracts``.
        environ: Where to read the variable.
    """
    return Path(environ.get("PACT_REPORT_DIR") or root / ".reports" / "contracts")


def pact_files(pacts_dir: Path, provider: str) -> list[Path]:
    """Every ``<consumer>-<provider>.json`` in `pacts_dir`, in name order.

    Args:
        pacts_dir: A folder of pact files, e.g. the committed contracts/.
        provider: The provider's name in the pacts, e.g. ``"users"`` or ``"orders-events"``.
    """
    return sorted(pacts_dir.glob(f"*-{provider}.json"))


def interactions(pacts_dir: Path, provider: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(consumer, interaction) for each interaction of the `pact_files`, in file order.

    Args:
        pacts_dir: A folder of pact files, e.g. the committed contracts/.
        provider: The provider's name in the pacts, e.g. ``"users"`` or ``"orders-events"``.
    """
    for path in pact_files(pacts_dir, provider):
        pact = json.loads(path.read_text())
        for interaction in pact["interactions"]:
            yield pact["consumer"]["name"], interaction


def verifier_for(provider: str, pact_dir: Path) -> "Verifier":
    """A Verifier of every ``<consumer>-<provider>.json`` in `pact_dir`, for one verify() call.

    Colours are off (the output goes to logs) and a pact with no interaction fails. The caller
    adds what the provider serves: a transport and states, or message handlers.

    Args:
        provider: The provider's name in the pacts, e.g. ``"users"`` or ``"orders-events"``.
        pact_dir: The folder of pacts (the `pact_dir` fixture).

    Raises:
        AssertionError: `pact_dir` holds no pact for `provider`: nothing would be verified.
    """
    from pact import Verifier

    pacts = pact_files(pact_dir, provider)
    assert pacts, f"no pacts for {provider} in {pact_dir}"
    verifier = Verifier(provider).set_coloured_output(enabled=False).set_error_on_empty_pact()
    for pact in pacts:
        verifier.add_source(pact)
    return verifier


def verifier_for_app(provider: str, pact_dir: Path, *, url: str, token: str) -> "Verifier":
    """`verifier_for` an HTTP provider: its app at `url`, called with `token`.

    The verifier sends a token the app accepts in place of the consumers' (the pacts fix only
    its shape, ``Bearer .+``), so the app's auth is exercised, not bypassed.

    Args:
        provider: The provider's name in the pacts, e.g. ``"users"``.
        pact_dir: The folder of pacts (the `pact_dir` fixture).
        url: The app, served for real (the `provider_url` fixture).
        token: A bearer token the app accepts (the `verifier_token` fixture).
    """
    verifier = verifier_for(provider, pact_dir).add_transport(url=url)
    return verifier.add_custom_header("Authorization", f"Bearer {token}")


def verify_provider(verifier: "Verifier", provider: str, reports: Path) -> None:
    """Run `verifier`, writing its results to ``reports/<provider>.json`` whatever the outcome.

    Args:
        verifier: A configured ``pact.Verifier``.
        provider: The provider's name, which names the results file.
        reports: The folder of results the contract pipeline prints as a matrix.

    Raises:
        AssertionError: With one line per broken interaction (see `broken_interactions`), rather
            than pact's bare RuntimeError.
    """
    reports.mkdir(parents=True, exist_ok=True)
    try:
        verifier.verify()  # prints its own report as it goes
    except RuntimeError:
        raise AssertionError(broken_interactions(verifier.results)) from None
    finally:
        (reports / f"{provider}.json").write_text(json.dumps(verifier.results, indent=2))


def broken_interactions(results: dict[str, Any]) -> str:
    """One line per mismatch in a verifier's results: the interaction, then what broke.

    Args:
        results: ``Verifier.results`` after a run.

    Returns:
        e.g. ``"a request for user 1: $.email Expected 'email' but was missing"``, or a generic
        sentence when the results name no mismatch.
    """
    lines = []
    for error in results.get("errors", []):
        found = error["mismatch"]
        details = [
            f"{m.get('path', '')} {m.get('mismatch') or m}".strip()
            for m in found.get("mismatches", [])
        ] or [found.get("message") or str(found)]
        lines += [f"{error['interaction']}: {detail}" for detail in details]
    return "\n".join(lines) or "the verifier failed (see its report above)"
