"""The evidence of the pyramid's boundaries, made from the test runs themselves.

- `evidence.pyramid`: tests and seconds per layer and service, from the JUnit XML each layer writes.
- `evidence.faults`: realistic bugs applied one at a time in a throw-away copy, and who caught them.
- `evidence.affected`: which sessions a change can break, from the paths it touches.
"""
