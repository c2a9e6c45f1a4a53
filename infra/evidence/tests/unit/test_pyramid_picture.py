import xml.etree.ElementTree as ET

import pytest
from evidence.pyramid.picture import BAR, Panel, bars, svg

VALUES = [("unit", 240.0), ("integration", 180.0), ("contracts", 20.0), ("e2e", 3.0)]
SVG = "{http://www.w3.org/2000/svg}"


def test_each_bars_area_is_to_scale_with_its_value():
    drawn = bars(VALUES, span=300)

    areas = {bar.layer: bar.width * bar.height for bar in drawn}
    for layer, value in VALUES:
        assert areas[layer] / areas["unit"] == pytest.approx(value / 240.0)


def test_the_largest_value_fills_the_span_and_every_bar_is_centred_in_it():
    drawn = bars(VALUES, span=300)

    assert drawn[0].width == 300
    for bar in drawn:
        assert bar.x + bar.width / 2 == pytest.approx(150)


def test_the_first_layer_is_the_bottom_bar_and_the_last_the_top_one():
    drawn = bars(VALUES, span=300)

    tops = [bar.y for bar in drawn]
    assert tops == sorted(tops, reverse=True)
    assert tops[-1] == 0
    assert all(bar.height == BAR for bar in drawn)


def test_time_may_make_an_upside_down_pyramid_still_to_scale():
    drawn = bars([("unit", 2.0), ("e2e", 60.0)], span=300)

    assert [bar.width for bar in drawn] == [10.0, 300.0]


def test_a_layer_not_run_gets_a_bar_of_no_width_in_its_place():
    drawn = bars([("unit", 10.0), ("integration", None)], span=300)

    assert (drawn[1].value, drawn[1].width, drawn[1].y) == (None, 0.0, 0.0)


def test_nothing_above_zero_to_draw_is_an_error():
    with pytest.raises(ValueError, match="nothing to draw"):
        bars([("unit", 0.0), ("e2e", None)])


def test_the_svg_is_well_formed_and_shows_every_layer_with_its_value():
    panels = [
        Panel(
            "area = number of tests", [("unit", 240), ("integration", 180), ("e2e", None)], "tests"
        ),
        Panel(
            "area = pytest time & <more>",
            [("unit", 2.0), ("integration", 9.25), ("e2e", None)],
            "s",
        ),
    ]

    root = ET.fromstring(svg(panels, title="Pyramid", note="to scale"))  # noqa: S314 (ours)

    words = [text.text for text in root.iter(f"{SVG}text")]
    assert words.count("unit") == 2
    assert words.count("not run") == 2
    for expected in (
        "240 tests",
        "180 tests",
        "2.0 s",
        "9.2 s",
        "area = pytest time & <more>",
        "to scale",
    ):
        assert expected in words
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")][1:]  # [0]: background
    assert widths[1] / widths[0] == pytest.approx(180 / 240, abs=0.001)
    assert widths[2] / widths[3] == pytest.approx(2.0 / 9.25, abs=0.001)
