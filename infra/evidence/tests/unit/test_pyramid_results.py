import json

from evidence.pyramid.junit import Case, Suite
from evidence.pyramid.layers import Layer, part, shape
from evidence.pyramid.render import render
from evidence.pyramid.results import Run, dump, load


def suite(layer, member, *seconds):
    cases = tuple(
        Case(member, f"t{i}", s, "passed", (s / 4, s / 2, s / 4)) for i, s in enumerate(seconds)
    )
    return Suite(layer, member, cases, sum(seconds) + 1.0, None)


LAYERS = [
    Layer("unit", (suite("unit", "orders", 0.0002, 0.0004), suite("unit", "testkit", 0.0001))),
    Layer("integration", (suite("integration", "orders", 0.05, 0.07, 0.09),), wall=9.0, cpu=7.5),
    Layer("contracts", ()),
    Layer("e2e", (suite("e2e", "journeys", 0.4),)),
]


def test_the_run_survives_its_json_and_renders_the_same_page_and_picture():
    run = Run(LAYERS, "nox -s pyramid -- --run", "2026-12-04", ["- CPU: 2 cores"])

    data = json.loads(json.dumps(dump(run)))

    assert render(data) == render(dump(load(data)))
    assert load(data).layers[1].cases[0].phases == (0.0125, 0.025, 0.0125)


def test_the_tooling_is_apart_from_the_system_and_neither_keeps_the_whole_sessions_time():
    system, tooling = part(LAYERS, tooling=False), part(LAYERS, tooling=True)

    assert [layer.tests for layer in system] == [2, 3, 0, 1]
    assert [layer.tests for layer in tooling] == [1, 0, 0, 0]
    assert (system[1].wall, tooling[1].cpu) == (None, None)


def test_the_system_pages_median_is_in_microseconds_of_the_systems_tests_alone():
    page, _ = render(dump(Run(LAYERS, "nox -s pyramid", "2026-12-04", [])))

    assert "- unit: 2 tests, 1.0 s of pytest; median test 300 µs" in page
    assert "- unit: 1 tests, 1.0 s of pytest; median test 100 µs" in page  # the tooling's


def test_a_shape_is_a_pyramid_when_no_layer_outnumbers_the_one_below_and_else_a_honeycomb():
    assert shape({"unit": 159, "integration": 49}) == "pyramid"
    assert shape({"unit": 51, "integration": 86, "contracts": 4}) == "honeycomb"
    assert shape({"unit": 10, "integration": 5, "contracts": 7}) == "other"


def test_a_module_fixtures_set_up_is_shared_out_over_the_tests_of_its_module():
    probe = Case("journeys", "test_lp.py::a", 1.2, "passed", (1.2, 0.0, 0.0))  # pays the probe
    checks = [
        Case("journeys", f"test_lp.py::{n}", 0.001, "passed", (0.0, 0.001, 0.0)) for n in "bc"
    ]
    journey = Case("journeys", "test_j.py::paid", 0.3, "passed", (0.0, 0.3, 0.0))
    layer = Layer("e2e", (Suite("e2e", "journeys", (probe, *checks, journey), 2.0, None),))

    assert layer.median == 0.1505  # two checks that look free, two tests that are not
    # Each test of the probe's module pays a third of it: 0.4 s, 0.401 s, 0.401 s; and 0.3 s.
    assert round(layer.shared_median, 6) == 0.4005
