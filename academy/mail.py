"""Outgoing email: SMTP when MAIL_SERVER is set, otherwise .eml files in the outbox.

Without a mail server (development, demos) every message is written to MAIL_OUTBOX_DIR
and its links are logged, so invitations and password resets work on a laptop.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid
from logging import Logger
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from academy.models import utcnow

_LINK = re.compile(r"https?://\S+")


class MailError(RuntimeError):
    """A message could not be delivered; the message says why.

    ``permanent`` when the mail server refused this message for good (an unknown
    address, say): sending it again would fail again. Otherwise (the server is down,
    busy, or said "try later") the same message may be sent later.
    """

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None

    def links(self) -> list[str]:
        return _LINK.findall(self.text)


def compose(
    to: str,
    language: str | None,
    subject: Any,
    paragraphs: list[Any],
    link: str | None = None,
    link_label: Any = None,
) -> Mail:
    """Build a message in `language` (default language when None).

    `subject`, `paragraphs` and `link_label` are callables returning translated text,
    so they are evaluated under the recipient's locale, not the sender's.
    """
    config = current_app.config
    locale = language if language in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject_text = str(subject())
        texts = [str(p()) for p in paragraphs]
        label = str(link_label()) if link_label else None
        footer = str(
            _(
                "Customer Culture Academy of %(organisation)s",
                organisation=config["ORGANISATION_NAME"],
            )
        )
        body = list(texts)
        if link:
            body.insert(min(2, len(body)), link)
        html = render_template(
            "email/message.html",
            lang=locale,
            subject=subject_text,
            paragraphs=texts,
            link=link,
            link_label=label,
            footer=footer,
        )
    text = "\n\n".join(body) + "\n\n-- \n" + footer + "\n"
    return Mail(to=to, subject=subject_text, text=text, html=html)


def _message(mail: Mail, sender: str) -> Message:
    """The MIME message: plain text, and HTML as its alternative.

    Built with the classic (compat32) MIME classes: the modern EmailMessage API parses
    every header it is given, which made up half the CPU of sending a batch.
    """
    text = MIMEText(mail.text, "plain", "utf-8")
    message: Message
    if mail.html:
        message = MIMEMultipart("alternative")
        message.attach(text)
        message.attach(MIMEText(mail.html, "html", "utf-8"))
    else:
        message = text
    message["Subject"] = Header(mail.subject, "utf-8")  # type: ignore[assignment]
    message["From"] = sender
    message["To"] = mail.to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    return message


def deliver(mail: Mail, config: Mapping[str, Any], log: Logger) -> None:
    """Send `mail` with the given configuration. Raises MailError when it fails.

    Takes the configuration explicitly so it can run after the response has been sent,
    when there is no application context.
    """
    with Mailer(config, log) as mailer:
        mailer.send(mail)


class Mailer:
    """Sends messages over one SMTP connection, opened on first use and reopened when
    the server drops it, or writes them to the outbox when no MAIL_SERVER is set.

    Use as a context manager; a batch of thousands of messages then costs one
    connection per ``MAIL_MESSAGES_PER_CONNECTION`` messages, not one each.
    """

    def __init__(self, config: Mapping[str, Any], log: Logger) -> None:
        self.config = config
        self.log = log
        self._smtp: smtplib.SMTP | None = None
        self._sent_on_connection = 0

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            with contextlib.suppress(OSError):
                self._smtp.close()
            self._smtp = None

    def send(self, mail: Mail) -> None:
        message = _message(mail, self.config["MAIL_DEFAULT_SENDER"])
        if not self.config.get("MAIL_SERVER"):
            self._write(mail, message)
            return
        try:
            self._send_smtp(message)
        except smtplib.SMTPServerDisconnected:
            # The server closed an idle or used-up connection: one fresh try.
            self.close()
            try:
                self._send_smtp(message)
            except (smtplib.SMTPException, OSError) as exc:
                raise self._failed(mail, exc) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise self._failed(mail, exc) from exc
        self.log.info("Email to %s (%s) sent", mail.to, mail.subject)

    def _failed(self, mail: Mail, exc: Exception) -> MailError:
        self.close()
        permanent = _is_permanent(exc)
        self.log.error(
            "Email to %s (%s) %s: %s",
            mail.to,
            mail.subject,
            "refused" if permanent else "could not be sent",
            exc,
        )
        return MailError(str(exc) or type(exc).__name__, permanent=permanent)

    def _write(self, mail: Mail, message: Message) -> None:
        try:
            path = _write_to_outbox(message, Path(self.config["MAIL_OUTBOX_DIR"]))
        except OSError as exc:
            self.log.error("Email to %s (%s) could not be written: %s", mail.to, mail.subject, exc)
            raise MailError(str(exc)) from exc
        self.log.info(
            "Email to %s (%s) written to %s. Links: %s",
            mail.to,
            mail.subject,
            path,
            " ".join(mail.links()) or "none",
        )

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
        timeout = config.get("MAIL_TIMEOUT", 10)
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if config.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls(context=context)
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _send_smtp(self, message: Message) -> None:
        limit = int(self.config.get("MAIL_MESSAGES_PER_CONNECTION", 100))
        if self._smtp is not None and self._sent_on_connection >= limit:
            self.close()
        if self._smtp is None:
            self._smtp = self._connect()
            self._sent_on_connection = 0
        self._sent_on_connection += 1
        self._smtp.send_message(message)


def _is_permanent(exc: Exception) -> bool:
    """A 5xx answer about this message (not the connection) will not change on retry."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


def send(mail: Mail) -> None:
    """Deliver `mail` now with the current app's configuration."""
    deliver(mail, current_app.config, current_app.logger)


def _write_to_outbox(message: Message, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    path = outbox / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.as_bytes())
    return path
