from evidence.pyramid import tables
from evidence.pyramid.junit import parse
from evidence.pyramid.layers import Layer
from evidence.pyramid.report import document, summary
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


def test_milliseconds_keep_a_decimal_only_below_a_hundred():
    assert [tables.ms(s) for s in (0.0015, 0.0985, 0.418, None)] == ["1.5", "98.5", "418", "-"]


def test_a_layer_that_has_not_run_says_so_in_its_row():
    _, rows = tables.layer_table(LAYERS)

    assert rows[0] == ["unit", "1", "2", "0", "0.0", "2.0", "2.0", "2.0", "-", "-"]
    assert rows[2] == ["e2e", "not run", "-", "-", "-", "-", "-", "-", "-", "-"]


def test_the_terminal_table_lines_up_numbers_on_the_right():
    lines = tables.text((["layer", "tests"], [["unit", "243"], ["e2e", "3"]])).splitlines()

    assert lines == ["layer  tests", "-----  -----", "unit     243", "e2e        3"]


def test_markdown_aligns_numbers_right_and_escapes_a_pipe_in_a_test_name():
    text = tables.markdown(tables.slowest_table(INTEGRATION))

    assert text.splitlines() == [
        "| # | s | member | test |",
        "| ---: | ---: | --- | --- |",
        "| 1 | 0.200 | orders | unit.test_x::c[a\\|b] |",
    ]


def test_the_summary_says_what_each_layer_costs_next_to_unit():
    assert summary(LAYERS) == [
        "unit: 2 tests, 2.0 s of pytest; median test 2.0 ms",
        "integration: 1 tests, 5.0 s of pytest; median test 200 ms",
        "e2e: not run",
        "an integration test costs 100x a unit test (median; 100x by the mean);"
        " the integration layer costs 2.5x the unit layer in pytest time",
    ]


def test_the_document_names_its_command_picture_and_machine_and_every_layers_slowest():
    text = document(
        LAYERS, command="nox -s pyramid", machine=["- CPU: 2 cores"], image="pyramid.svg"
    )

    assert "Written by `nox -s pyramid`" in text
    assert "(pyramid.svg)" in text
    assert text.endswith("## Machine\n\n- CPU: 2 cores\n")
    assert "### unit" in text
    assert "### integration" in text
    assert "### e2e" not in text
