from evidence.pyramid import tables
from evidence.pyramid.junit import parse
from evidence.pyramid.layers import Layer
from evidence.pyramid.report import document, summary
from evidence.pyramid.results import Run
from pyramid_xml import case
from pyramid_xml import document as junit_document

UNIT = Layer(
    "unit",
    (
        parse(
            junit_document(case("a", 0.001), case("b", 0.003), seconds=2.0),
            layer="unit",
            member="orders",
        ),
    ),
)
INTEGRATION = Layer(
    "integration",
    (
        parse(
            junit_document(case("c[a|b]", 0.2), seconds=5.0), layer="integration", member="orders"
        ),
    ),
)
LAYERS = [UNIT, INTEGRATION, Layer("e2e", ())]


def test_a_ratio_keeps_two_significant_figures_at_most():
    assert [tables.times(r) for r in (0.756, 3.24, 98.4, 1443.2, None)] == [
        "0.76x",
        "3.2x",
        "98x",
        "1443x",
        "-",
    ]


def test_microseconds_are_whole_with_thousands_apart():
    assert [tables.us(s) for s in (0.000183, 0.0490124, 1.5, None)] == [
        "183",
        "49,012",
        "1,500,000",
        "-",
    ]


def test_a_layer_that_has_not_run_says_so_in_its_row():
    _, rows = tables.layer_table(LAYERS)

    figures = ["2,000", "2,000", "2,000", "0.0", "-", "2.0", "2.0", "-", "-"]
    assert rows[0] == ["unit", "1", "2", "0", *figures]
    assert rows[2] == ["e2e", "not run", *["-"] * 11]


def test_the_terminal_table_lines_up_numbers_on_the_right():
    lines = tables.text((["layer", "tests"], [["unit", "243"], ["e2e", "3"]])).splitlines()

    assert lines == ["layer  tests", "-----  -----", "unit     243", "e2e        3"]


def test_markdown_aligns_numbers_right_and_escapes_a_pipe_in_a_test_name():
    text = tables.markdown(tables.slowest_table(INTEGRATION))

    assert text.splitlines() == [
        "| # | s | of it set-up s | member | test |",
        "| ---: | ---: | ---: | --- | --- |",
        "| 1 | 0.200000 | - | orders | unit.test_x::c[a\\|b] |",
    ]


def test_the_summary_says_what_each_layer_costs_next_to_unit():
    assert summary(LAYERS) == [
        "unit: 2 tests, 2.0 s of pytest; median test 2,000 µs"
        " (2,000 µs with each module's set-ups shared out)",
        "integration: 1 tests, 5.0 s of pytest; median test 200,000 µs"
        " (200,000 µs with each module's set-ups shared out)",
        "e2e: not run",
        "an integration test costs 100x a unit test (median; 100x with set-ups shared out;"
        " 100x by the mean);"
        " the integration layer costs 2.5x the unit layer in pytest time",
    ]


def test_the_document_names_its_command_picture_and_machine_and_every_layers_slowest():
    text = document(
        Run(LAYERS, "nox -s pyramid", "2026-12-04", ["- CPU: 2 cores"]), image="pyramid.svg"
    )

    assert "Written by `nox -s pyramid`" in text
    assert "(pyramid.svg)" in text
    assert text.endswith("## Machine\n\n- CPU: 2 cores\n")
    assert "### unit" in text
    assert "### integration" in text
    assert "### e2e" not in text
