"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and can be
told to refuse for a while, as a mail server that is down or busy would."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.envelopes = []
        self.lock = threading.Lock()
        # "451 ..." makes every message fail for now; "550 ..." for one recipient.
        self.busy: str | None = None
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.busy:
            return self.busy
        with self.lock:
            self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = [e.original_content for e in self.envelopes]
        return [BytesParser(policy=policy.default).parsebytes(r) for r in raw]

    def recipients(self) -> list[str]:
        with self.lock:
            return [r for e in self.envelopes for r in e.rcpt_tos]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def plain_text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()
