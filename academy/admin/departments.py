"""Department use cases: create, rename, archive, restore and merge.

Assessment answers keep the department they were given in: merging moves people, never
answers, and archives the source so that history still has a name.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from academy.admin.services import AdminError
from academy.audit import record
from academy.extensions import db
from academy.models import Department, User, utcnow


def active_departments() -> list[Department]:
    return list(
        db.session.scalars(
            select(Department)
            .where(Department.archived_at.is_(None))
            .order_by(func.lower(Department.name))
        )
    )


def departments_with_counts() -> list[tuple[Department, int, int]]:
    """Every department with its number of active and deactivated people."""
    active = func.count(User.id).filter(User.active.is_(True))
    inactive = func.count(User.id).filter(User.active.is_(False))
    rows = db.session.execute(
        select(Department, active, inactive)
        .outerjoin(User, User.department_id == Department.id)
        .group_by(Department.id)
        .order_by(Department.archived_at.is_not(None), func.lower(Department.name))
    )
    return [(dept, n_active, n_inactive) for dept, n_active, n_inactive in rows]


def slug_taken(slug: str, excluding: Department | None = None) -> bool:
    query = select(Department.id).where(Department.slug == slug)
    if excluding is not None:
        query = query.where(Department.id != excluding.id)
    return db.session.scalar(query) is not None


def create_department(actor: User, name: str, slug: str) -> Department:
    if slug_taken(slug):
        raise AdminError(_("Another department already uses this short name."))
    dept = Department(name=name, slug=slug)
    db.session.add(dept)
    db.session.flush()
    record(
        actor, "department.created", target_type="department", target_id=dept.id, target_label=name
    )
    db.session.commit()
    return dept


def rename_department(actor: User, dept: Department, name: str, slug: str) -> bool:
    """Change name and slug; returns whether anything changed."""
    if slug_taken(slug, excluding=dept):
        raise AdminError(_("Another department already uses this short name."))
    if (dept.name, dept.slug) == (name, slug):
        return False
    record(
        actor,
        "department.renamed",
        target_type="department",
        target_id=dept.id,
        target_label=name,
        old_name=dept.name,
        old_slug=dept.slug,
        slug=slug,
    )
    dept.name, dept.slug = name, slug
    db.session.commit()
    return True


def active_members(dept: Department) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.department_id == dept.id, User.active.is_(True))
        )
        or 0
    )


def archive_department(actor: User, dept: Department) -> None:
    if dept.archived:
        return
    people = active_members(dept)
    if people:
        raise AdminError(
            _(
                "%(name)s still has active people (%(n)d): move them or merge the department "
                "into another one first.",
                name=dept.name,
                n=people,
            )
        )
    dept.archived_at = utcnow()
    record(
        actor,
        "department.archived",
        target_type="department",
        target_id=dept.id,
        target_label=dept.name,
    )
    db.session.commit()


def restore_department(actor: User, dept: Department) -> None:
    if not dept.archived:
        return
    dept.archived_at = None
    record(
        actor,
        "department.restored",
        target_type="department",
        target_id=dept.id,
        target_label=dept.name,
    )
    db.session.commit()


def merge_departments(actor: User, source: Department, target: Department) -> int:
    """Move everyone from `source` to `target` and archive `source`. Returns people moved."""
    if source.id == target.id:
        raise AdminError(_("Choose a different department to merge into."))
    if target.archived:
        raise AdminError(
            _("The department %(name)s is archived and cannot receive people.", name=target.name)
        )
    moved = db.session.execute(
        update(User).where(User.department_id == source.id).values(department_id=target.id)
    ).rowcount
    if not source.archived:
        source.archived_at = utcnow()
    record(
        actor,
        "department.merged",
        target_type="department",
        target_id=target.id,
        target_label=target.name,
        merged=source.name,
        merged_id=source.id,
        people_moved=moved,
    )
    db.session.commit()
    db.session.expire_all()
    return moved
