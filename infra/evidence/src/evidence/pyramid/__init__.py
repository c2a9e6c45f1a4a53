"""The pyramid report: tests and seconds per layer and member, from the JUnit XML of each layer.

`python -m evidence.pyramid` (the `nox -s pyramid` session) prints it and writes it as Markdown and
as an SVG drawn to scale; see `__main__` for its options.
"""
