"""Emails sent on the product's behalf, one row per message (academy.outreach)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import db
from academy.models.base import utcnow
from academy.models.people import User


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    # Handed to the mail server, not yet confirmed. A row left here by a worker that
    # died becomes UNCERTAIN, never sent again: a retry must not send anything twice.
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNCERTAIN = "uncertain"


class Delivery(db.Model):
    """One email to one person. ``key`` names the message (``cycle-announce:7:42``), so
    planning the same message twice finds the first row instead of sending again."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_batch_status", "batch", "status"),
        Index("ix_deliveries_user_kind", "user_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    # The send this message belongs to (``cycle-announce:7``): what one job sends and counts.
    batch: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), index=True
    )
    args: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(
            DeliveryStatus,
            native_enum=False,
            length=10,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=DeliveryStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    # Why it was skipped or failed (a short code or the mail server's answer).
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()
