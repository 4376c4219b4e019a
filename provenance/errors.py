"""Errors a user can act on.

A `UserError` carries one readable line (what, where, how to fix); the CLI prints it without a
traceback and exits with its code: 2 for a usage or input mistake, 1 for a check that failed.
"""


class UserError(Exception):
    """A mistake in what the user gave us (a path, a file, an option)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CheckFailed(UserError):
    """A check ran and its answer is no (verification, policy tests)."""

    exit_code = 1
