"""Errors a user can act on. The CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: a problem the user can fix (bad input, bad usage, a busy store)."""

    exit_code = 2


class InputError(MarsadError):
    """A whole input is unusable: missing, empty, not CSV, missing required columns..."""


class StoreError(MarsadError):
    """The store cannot be opened, is locked by another writer, or has an unknown schema."""


class ConfigError(MarsadError):
    """A setting has a value that cannot be used."""
