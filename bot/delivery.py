"""The delivery contract's signals, raised below the port and passed through it to a platform.

Kept apart from the service, which needs the database driver, so that a platform (and the
terminal's storeless ``ask``) can name them without loading it.
"""

from __future__ import annotations


class RetryLater(Exception):
    """This delivery is already being answered; the platform should deliver it again later."""


class NotStarter(Exception):
    """Someone other than its starter wrote in a conversation that is not shared; nothing was kept."""
