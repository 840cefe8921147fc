"""A real keyring backend that keeps secrets in a dict (tests only; never keyrings.alt).

``use_keyring(backend)`` installs a backend with ``keyring.set_keyring`` and restores the previous
one afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import keyring
import keyring.backends.fail
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

__all__ = ["MemoryKeyring", "no_keyring", "use_keyring"]


class MemoryKeyring(KeyringBackend):
    """Secrets in memory: ``passwords[(service, username)]``."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


@contextlib.contextmanager
def use_keyring(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@contextlib.contextmanager
def no_keyring() -> Iterator[KeyringBackend]:
    """keyring's own "no backend" (as on headless Linux): every call raises NoKeyringError."""
    with use_keyring(keyring.backends.fail.Keyring()) as backend:
        yield backend
