from pathlib import Path

from evidence.coverage.lines import from_data, modules
from evidence.coverage.measure import configuration, environment, gather
from evidence.coverage.report import kind, render

DOMAIN = "services/orders/src/orders/domain.py"
CLIENT = "services/orders/src/orders/users_client.py"


def json_report(files):
    """`coverage json` as it names each file's statements and the lines run of them."""
    return {
        "files": {
            path: {"summary": {"num_statements": total}, "executed_lines": ran}
            for path, (total, ran) in files.items()
        }
    }


def reports():
    """Every layer's report, then each layer's own (`--contexts=^<layer>$`)."""
    whole = json_report({CLIENT: (4, [1, 2, 3]), DOMAIN: (5, [1, 2, 3])})
    by_layer = {
        "unit": json_report({CLIENT: (4, [1]), DOMAIN: (5, [1, 2, 3])}),
        "integration": json_report({CLIENT: (4, [1, 2]), DOMAIN: (5, [2])}),
        "contracts": json_report({CLIENT: (4, [3]), DOMAIN: (5, [])}),
    }
    return whole, by_layer


def test_each_module_counts_what_each_layer_ran_their_union_and_what_one_layer_alone_ran():
    domain, client = sorted(modules(*reports()), key=lambda m: m.path)

    assert (client.member, client.statements, client.union) == ("orders", 4, 3)
    assert client.by_layer == {"unit": 1, "integration": 2, "contracts": 1}
    assert client.only == {"unit": 0, "integration": 1, "contracts": 1}
    assert domain.by_layer == {"unit": 3, "integration": 1, "contracts": 0}
    assert domain.only == {"unit": 2, "integration": 0, "contracts": 0}


def test_a_module_is_a_rule_or_an_adapter_by_its_name_and_the_reading_says_who_reaches_it():
    found = modules(*reports())
    page = render(
        {
            "command": "nox -s coverage",
            "date": "2026-12-04",
            "sessions": [],
            "modules": [m.as_data() for m in found],
        }
    )

    assert [kind(m) for m in sorted(found, key=lambda m: m.path)] == ["rules", "adapters"]
    assert (
        "- **rules**: unit reaches the most (60 % of 5 statements); 40 % are reached by unit alone."
        in page
    )
    assert (
        "- **adapters**: integration reaches the most (50 % of 4 statements); 25 % are reached"
        " by integration alone, 25 % by contracts alone." in page
    )
    assert from_data([m.as_data() for m in found]) == found


def test_each_layer_names_its_context_and_keeps_each_processs_data_in_its_own_environment(tmp_path):
    text = configuration("integration")
    env = environment({"PYTEST_ADDOPTS": "--disable-socket"}, Path("/r/integration.coveragerc"))

    assert "context = integration" in text
    assert "data_file = ${VIRTUAL_ENV}/.coverage-layer" in text
    assert "\n    orders\n" in text
    assert env["PYTEST_ADDOPTS"].startswith("--disable-socket --cov --cov-config=/r/integration")


def test_gathering_moves_every_environments_data_out_named_after_it(tmp_path):
    for name in ("unit-orders", "unit-users"):
        (tmp_path / ".nox" / name).mkdir(parents=True)
        (tmp_path / ".nox" / name / ".coverage-layer").write_text(name)

    moved = gather(tmp_path / ".nox", tmp_path / "data", "unit")

    assert [path.name for path in moved] == [
        ".coverage.unit.unit-orders",
        ".coverage.unit.unit-users",
    ]
    assert not list((tmp_path / ".nox").glob("*/.coverage-layer"))
