from sqlalchemy import select

from academy.audit import record
from academy.extensions import db
from academy.models import AuditEvent
from tests import factories


def test_record_is_written_with_the_callers_transaction(app):
    actor = factories.user("admin")
    record(actor, "user.roles_changed", target_type="user", target_id=7, roles=["hr"])
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent)) is None
    record(actor, "user.roles_changed", target_type="user", target_id=7, roles=["hr"])
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    assert (event.actor_id, event.action, event.target_id) == (actor.id, "user.roles_changed", "7")
    assert event.details == {"roles": ["hr"]}
