from evidence.pyramid.junit import parse
from evidence.pyramid.layers import Layer, by_service, cost, ratios
from pyramid_xml import case, document


def suite(layer, member, *seconds, total=1.0, outcome="passed"):
    cases = [case(f"test_{i}", value, outcome) for i, value in enumerate(seconds)]
    return parse(document(*cases, seconds=total), layer=layer, member=member)


def test_a_layer_counts_its_tests_failures_and_skips_apart():
    layer = Layer(
        "unit",
        (
            suite("unit", "a", 0.1, 0.2),
            suite("unit", "b", 0.3, outcome="failed"),
            suite("unit", "c", 0.0, outcome="skipped"),
        ),
    )

    assert (layer.ran, layer.tests, layer.failed, layer.skipped) == (True, 3, 1, 1)


def test_the_median_and_mean_are_of_the_tests_that_ran_and_skips_are_left_out():
    layer = Layer(
        "unit",
        (suite("unit", "a", 0.001, 0.002, 0.009), suite("unit", "b", 0.0, outcome="skipped")),
    )

    assert layer.median == 0.002
    assert round(layer.mean, 6) == 0.004
    assert round(layer.test_seconds, 6) == 0.012


def test_pytest_seconds_add_up_the_suites_own_times_not_their_tests():
    layer = Layer(
        "integration",
        (suite("integration", "a", 0.5, total=2.0), suite("integration", "b", 1, total=3.5)),
    )

    assert layer.pytest_seconds == 5.5


def test_a_layer_without_suites_has_not_run_and_has_no_median():
    layer = Layer("e2e", ())

    assert (layer.ran, layer.tests, layer.median, layer.mean) == (False, 0, None, None)


def test_the_slowest_tests_come_from_every_suite_of_the_layer_slowest_first():
    layer = Layer(
        "unit",
        (suite("unit", "a", *[i / 100 for i in range(8)]), suite("unit", "b", 0.5, 0.055, 0.001)),
    )

    slowest = layer.slowest(10)

    assert [c.seconds for c in slowest] == [
        0.5,
        0.07,
        0.06,
        0.055,
        0.05,
        0.04,
        0.03,
        0.02,
        0.01,
        0.001,
    ]
    assert slowest[0].member == "b"


def test_a_ratio_divides_each_layer_by_unit_per_test_and_per_layer():
    unit = Layer("unit", (suite("unit", "a", 0.001, 0.001, 0.004, total=2.0),), wall=4.0, cpu=5.0)
    integration = Layer(
        "integration", (suite("integration", "a", 0.1, 0.2, total=8.0),), 10.0, 15.0
    )

    (r,) = ratios([unit, integration])

    assert r.layer == "integration"
    assert round(r.tests, 4) == round(2 / 3, 4)
    assert round(r.median, 4) == 150.0  # 0.15 s against 1 ms
    assert round(r.mean, 4) == 75.0  # 0.15 s against 2 ms
    assert (r.pytest_seconds, r.wall, r.cpu) == (4.0, 2.5, 3.0)


def test_a_layer_not_run_or_a_base_of_zero_seconds_gives_no_ratio():
    unit = Layer("unit", (suite("unit", "a", 0.0, 0.0, total=0.0),))
    integration = Layer("integration", (suite("integration", "a", 0.1),))

    by_layer = {r.layer: r for r in ratios([unit, integration, Layer("e2e", ())])}

    assert (by_layer["integration"].median, by_layer["integration"].pytest_seconds) == (None, None)
    assert by_layer["e2e"] == type(by_layer["e2e"])("e2e", *[None] * 7)


def test_a_providers_verification_counts_for_its_member_beside_its_consumer_tests():
    layers = [
        Layer("unit", (suite("unit", "orders", 0.001, total=0.5),)),
        Layer(
            "contracts",
            (
                suite("contracts", "orders", 1, 1, total=2.0),
                suite("contracts", "orders-provider", 3, total=4.0),
            ),
        ),
        Layer("e2e", (suite("e2e", "journeys", 2, total=2.5),)),
    ]

    assert by_service(layers) == {
        "journeys": {"e2e": (1, 2.5)},
        "orders": {"unit": (1, 0.5), "contracts": (3, 6.0)},
    }


def test_time_is_measured_in_wall_seconds_only_when_every_layer_that_ran_has_them():
    unit = Layer("unit", (suite("unit", "a", 0.1, total=1.0),), wall=3.0)
    e2e = Layer("e2e", (suite("e2e", "j", 2, total=2.0),), wall=40.0)
    untimed = Layer("e2e", (suite("e2e", "j", 2, total=2.0),))

    assert cost([unit, e2e, Layer("contracts", ())]) == (
        "wall time of `nox -s <layer>`",
        {"unit": 3.0, "e2e": 40.0},
    )
    assert cost([unit, untimed]) == ("pytest time from JUnit", {"unit": 1.0, "e2e": 2.0})
