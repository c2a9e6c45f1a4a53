"""deployments/<environment>.json: the commit each service of an environment runs at.

One JSON object per environment, service name -> full commit id, written in name order so that
a deployment changes one line. `record` is what a deploy job calls once the service is out.
"""

import json
from pathlib import Path

from testkit.deploy.history import Refused


def environment_file(root: Path, environment: str) -> Path:
    return root / "deployments" / f"{environment}.json"


def deployed(root: Path, environment: str) -> dict[str, str]:
    """Service -> commit, as recorded for `environment`."""
    path = environment_file(root, environment)
    if not path.is_file():
        raise Refused(
            f"no {path.relative_to(root)}: nothing is recorded as deployed to {environment!r}"
            f" (nox -s record-deployment -- <service> <ref> {environment})"
        )
    return json.loads(path.read_text())


def record(root: Path, environment: str, service: str, commit: str) -> Path:
    """Write that `service` now runs at `commit` in `environment`; the file written."""
    path = environment_file(root, environment)
    services = json.loads(path.read_text()) if path.is_file() else {}
    services[service] = commit
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(dict(sorted(services.items())), indent=2) + "\n")
    return path
