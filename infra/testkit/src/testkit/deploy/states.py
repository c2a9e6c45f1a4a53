"""Provider states a provider run could not set up: can-i-deploy's plugin in the run records
them (in_runs/can_i_deploy_states.py), and the matrix names them in a failed row's reason.

The plugin is loaded into the provider run at any commit through $PYTHONPATH, so it lives in a
folder of its own that holds nothing a commit imports; it writes one JSON line per failed state
change to $CAN_I_DEPLOY_STATES: ``{"state", "action", "unknown", "error"}``.
"""

import json
from pathlib import Path

IN_RUNS = Path(__file__).parent / "in_runs"  # standard library and pact only: any commit loads it
STATES_PLUGIN = "can_i_deploy_states"


def failed_states(states: Path | None, provider: str) -> dict[str, str]:
    """State -> why the provider could not set it up, from a run's $CAN_I_DEPLOY_STATES."""
    found: dict[str, str] = {}
    lines = states.read_text().splitlines() if states and states.is_file() else []
    for change in map(json.loads, lines):
        state = change["state"]
        why = (
            f'{provider} has no provider state "{state}"'
            if change["unknown"]
            else f'provider state "{state}" failed its {change["action"]}: {change["error"]}'
        )
        found.setdefault(state, why)
    return found


def with_failed_state(error: dict, failed: dict[str, str]) -> dict:
    """The error, its verifier message ("One or more of the setup state change handlers has
    failed") replaced by why, when the interaction's states ("Given A And B - ...") failed."""
    given = error["interaction"].split(" - ", 1)[0]
    if not given.startswith("Given "):
        return error
    states = given.removeprefix("Given ").split(" And ")
    whys = [failed[state] for state in states if state in failed]
    return {**error, "mismatch": {"message": "; ".join(whys)}} if whys else error
