"""Errors a store can raise; each carries one plain sentence for the user.

The messages never include case data, keys or passphrases.
"""


class StoreError(Exception):
    """Base class of every store problem the user can cause or meet."""

    exit_code = 1


class UnlockError(StoreError):
    """The passphrase, recovery key or remembered key does not open the store."""

    exit_code = 3


class KeyringUnavailableError(UnlockError):
    """No remembered key can be had from the OS keyring on this computer."""


class StoreUnusableError(StoreError):
    """The store is corrupt, written by a newer version, or not a SOLO Desk store."""

    exit_code = 4


class ForbiddenError(StoreError):
    """A team store's server refused a change this login may not make (its grants and row policies)."""

    exit_code = 4


class CheckedOutError(StoreError):
    """A team store's conference is checked out by someone else for offline work (or that lease was broken)."""

    exit_code = 4


class StoreExistsError(StoreError):
    """A store already exists where a new one was to be created."""

    exit_code = 2


class WalDamagedError(StoreUnusableError):
    """The write-ahead log holds committed transactions that fail their checksums."""


class StoreDamagedError(StoreUnusableError):
    """A page or key-slot authentication failed, or the file is not a database at all."""


class EnvironmentFaultError(StoreError):
    """The computer, not the store, stopped the work: disk full, busy, forbidden, read-only or missing.

    The store itself is not damaged; the sentence says what to put right.
    """

    exit_code = 4


class DiskFullError(EnvironmentFaultError):
    """There is not enough free space (or quota) where SOLO Desk had to write."""


class StoreBusyError(EnvironmentFaultError):
    """Another process holds a lock on the database."""


class PermissionDeniedError(EnvironmentFaultError):
    """The operating system does not allow SOLO Desk to use a file or folder."""


class ReadOnlyMediumError(EnvironmentFaultError):
    """The file or folder is on a disk mounted read-only."""


class MissingFolderError(EnvironmentFaultError):
    """A folder (or the disk it was on) is not there."""


class DiskIOError(EnvironmentFaultError):
    """The disk reported a read or write error."""
