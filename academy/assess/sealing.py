"""Sealing: an open cycle's answers are kept encrypted until the cycle closes.

While a cycle is open, the participation record (who answered) and the answer are
written in the same transaction, so anything that orders or groups rows by transaction
(PostgreSQL's ``xmin``, physical row order, page order in an SQLite file) would tie them
together. The answer is therefore written as ciphertext under a key that lives in the
application's configuration (``SEALING_KEY``), never in the database, and only released
as plaintext, shuffled among all the cycle's answers, when the cycle closes.

Every sealed payload has the same length, whatever was answered and however long the
comment, so the size of a sealed row tells nothing about the answer it hides.

AES-256-GCM (``cryptography``), a fresh 96-bit nonce per answer, the cycle and its
questionnaire version as associated data (a sealed row cannot be moved to another cycle).
The AES key is derived from the configured secret with HKDF-SHA256; the first bytes of a
hash of it identify the key, so a key can be rotated with ``SEALING_KEY_FALLBACKS``.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "MAX_COMMENT_CHARS",
    "MAX_ITEMS",
    "SealedAnswer",
    "Sealer",
    "SealingError",
]

MAGIC = b"CCA1"
#: The longest comment a sealed answer can hold, in characters (the form allows 2,000).
MAX_COMMENT_CHARS = 2000
#: The most items a questionnaire may have.
MAX_ITEMS = 250
_HEADER = struct.Struct(">QH")  # department id, number of items
_COMMENT_LEN = struct.Struct(">I")
# Room for the longest possible answer: every character of the comment may take 4 bytes.
PLAINTEXT_SIZE = _HEADER.size + MAX_ITEMS + _COMMENT_LEN.size + 4 * MAX_COMMENT_CHARS
_KEY_ID_SIZE = 8
_NONCE_SIZE = 12
DONT_KNOW_BYTE = 0


class SealingError(Exception):
    """A payload could not be sealed or opened (wrong key, tampered row, bad input)."""


@dataclass(frozen=True)
class SealedAnswer:
    """What a sealed row holds: the department asked in, the values in questionnaire item
    order (None = don't know) and the comment."""

    department_id: int
    values: tuple[int | None, ...]
    comment: str | None


def _derive(secret: str) -> bytes:
    if len(secret) < 32:
        raise SealingError("a sealing key needs at least 32 characters")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"academy answer sealing")
    return hkdf.derive(secret.encode())


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"key-id:" + key).digest()[:_KEY_ID_SIZE]


def _associated(cycle_id: int, version: str) -> bytes:
    return f"cycle:{cycle_id}:{version}".encode()


class Sealer:
    """Seals with the first key, opens with any of them (the others are for rotation)."""

    def __init__(self, secrets: Sequence[str]) -> None:
        keys = [_derive(s) for s in secrets if s]
        if not keys:
            raise SealingError("no sealing key is configured (SEALING_KEY)")
        self._current = keys[0]
        self._by_id = {_key_id(k): AESGCM(k) for k in keys}

    def seal(self, cycle_id: int, version: str, answer: SealedAnswer) -> bytes:
        if len(answer.values) > MAX_ITEMS:
            raise SealingError(f"a questionnaire may have at most {MAX_ITEMS} items")
        comment = (answer.comment or "").encode()
        if answer.comment is not None and len(answer.comment) > MAX_COMMENT_CHARS:
            raise SealingError(f"a comment may have at most {MAX_COMMENT_CHARS} characters")
        if any(v is not None and not 1 <= v <= 255 for v in answer.values):
            raise SealingError("answer values must be within 1..255")
        values = bytes(DONT_KNOW_BYTE if v is None else v for v in answer.values)
        plain = b"".join(
            (
                _HEADER.pack(answer.department_id, len(values)),
                values,
                _COMMENT_LEN.pack(len(comment) if answer.comment is not None else 0xFFFFFFFF),
                comment,
            )
        )
        plain = plain.ljust(PLAINTEXT_SIZE, b"\0")
        nonce = os.urandom(_NONCE_SIZE)
        key_id = _key_id(self._current)
        cipher = self._by_id[key_id].encrypt(nonce, plain, _associated(cycle_id, version))
        return MAGIC + key_id + nonce + cipher

    def open(self, cycle_id: int, version: str, blob: bytes) -> SealedAnswer:
        head = len(MAGIC) + _KEY_ID_SIZE + _NONCE_SIZE
        if len(blob) <= head or not blob.startswith(MAGIC):
            raise SealingError("not a sealed answer")
        key_id = blob[len(MAGIC) : len(MAGIC) + _KEY_ID_SIZE]
        cipher = self._by_id.get(key_id)
        if cipher is None:
            raise SealingError(
                "this answer was sealed with a key that is not configured "
                "(set the old key in SEALING_KEY_FALLBACKS)"
            )
        nonce = blob[len(MAGIC) + _KEY_ID_SIZE : head]
        try:
            plain = cipher.decrypt(nonce, blob[head:], _associated(cycle_id, version))
        except InvalidTag:
            raise SealingError("a sealed answer failed its integrity check") from None
        department_id, count = _HEADER.unpack_from(plain)
        offset = _HEADER.size
        values = tuple(None if b == DONT_KNOW_BYTE else b for b in plain[offset : offset + count])
        offset += count
        (length,) = _COMMENT_LEN.unpack_from(plain, offset)
        offset += _COMMENT_LEN.size
        comment = None if length == 0xFFFFFFFF else plain[offset : offset + length].decode()
        return SealedAnswer(department_id, values, comment)
