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
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from logging import Logger
from pathlib import Path
from typing import Any

from flask import Response, current_app, render_template
from flask_babel import force_locale

from academy.models import utcnow

_LINK = re.compile(r"https?://\S+")


class MailError(RuntimeError):
    """A message could not be delivered; the message says why."""


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
        )
    return Mail(to=to, subject=subject_text, text="\n\n".join(body) + "\n", html=html)


def _message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = mail.to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    return message


def deliver(mail: Mail, config: Mapping[str, Any], log: Logger) -> None:
    """Send `mail` with the given configuration. Raises MailError when SMTP fails.

    Takes the configuration explicitly so it can run after the response has been sent,
    when there is no application context.
    """
    message = _message(mail, config["MAIL_DEFAULT_SENDER"])
    if not config.get("MAIL_SERVER"):
        try:
            path = _write_to_outbox(message, Path(config["MAIL_OUTBOX_DIR"]))
        except OSError as exc:
            log.error("Email to %s (%s) could not be written: %s", mail.to, mail.subject, exc)
            raise MailError(str(exc)) from exc
        log.info(
            "Email to %s (%s) written to %s. Links: %s",
            mail.to,
            mail.subject,
            path,
            " ".join(mail.links()) or "none",
        )
        return
    try:
        _send_smtp(message, config)
    except (smtplib.SMTPException, OSError) as exc:
        log.error("Email to %s (%s) could not be sent: %s", mail.to, mail.subject, exc)
        raise MailError(str(exc)) from exc
    log.info("Email to %s (%s) sent", mail.to, mail.subject)


def send(mail: Mail) -> None:
    """Deliver `mail` now with the current app's configuration."""
    deliver(mail, current_app.config, current_app.logger)


def send_after_response(response: Response, mail: Mail) -> None:
    """Deliver `mail` once `response` has been sent to the client.

    Used where the time taken to send must not tell the client anything (whether an
    account exists). Failures are logged, since nobody is waiting for them.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def deliver_later() -> None:
        # deliver() has already logged a failure; nobody else is waiting for it.
        with app.app_context(), contextlib.suppress(MailError):
            deliver(mail, app.config, app.logger)

    response.call_on_close(deliver_later)


def _write_to_outbox(message: EmailMessage, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    path = outbox / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.as_bytes())
    return path


def _send_smtp(message: EmailMessage, config: Mapping[str, Any]) -> None:
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = config.get("MAIL_TIMEOUT", 10)
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(message)
