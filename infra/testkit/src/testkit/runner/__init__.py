"""Suites side by side, the contract pipeline, the e2e images: what nox's sessions run.

Standard library only: the noxfile imports these from the kit's source folder before any
environment exists (nox's own environment holds nox alone).
"""
