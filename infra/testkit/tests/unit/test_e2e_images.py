"""The e2e images are built early only in a nox run that will run e2e; otherwise e2e builds them."""

from pathlib import Path
from types import SimpleNamespace

from testkit.runner.e2e_images import build_early, wait_for_early_build, will_run


class Manifest:
    """What nox's run manifest answers to `name in manifest`."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def __contains__(self, name: str) -> bool:
        return name in self.names


class Broken:
    def __contains__(self, name: str) -> bool:
        raise TypeError("a nox release that changed its manifest")


def session(manifest: object | None) -> SimpleNamespace:
    runner = SimpleNamespace(manifest=manifest) if manifest is not None else None
    return SimpleNamespace(_runner=runner, log=print, error=print)


def test_a_run_with_e2e_in_it_will_run_e2e():
    assert will_run(session(Manifest("lint", "unit", "e2e")), "e2e")


def test_a_run_without_e2e_will_not():
    assert not will_run(session(Manifest("unit", "contracts")), "e2e")


def test_a_nox_whose_manifest_cannot_be_read_is_taken_as_not_running_it():
    assert not will_run(session(None), "e2e")
    assert not will_run(session(Broken()), "e2e")


def test_without_e2e_in_the_run_nothing_is_built_and_e2e_would_build_itself(tmp_path: Path):
    build_early(session(Manifest("unit")), tmp_path, {})

    assert not (tmp_path / ".reports").exists()
    assert wait_for_early_build(session(Manifest("e2e")), tmp_path) is False
