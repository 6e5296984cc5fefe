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


class StoreExistsError(StoreError):
    """A store already exists where a new one was to be created."""

    exit_code = 2


class WalDamagedError(StoreUnusableError):
    """The write-ahead log holds committed transactions that fail their checksums."""
