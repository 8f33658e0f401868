"""Anonymous storage: sealed answers, people asked per cycle, frozen results, server sessions

Answers of open cycles are now sealed until the cycle closes and released in shuffled
order; this migration moves existing answers (open and closed cycles) to the new tables
in random order, so an upgraded installation is protected too: nothing in the rows or
their physical order follows the order in which people answered. Responses lose their
date. Participation becomes ``cycle_members`` (who was asked, where, whether they
answered). Closed cycles get their results computed by a queued job (or
``flask insights precompute``), from the headcounts and names they had.

Revision ID: 7a1c2e9d4b10
Revises: 04daccf70568
Create Date: 2026-12-01 09:00:00
"""

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "7a1c2e9d4b10"
down_revision = "04daccf70568"
branch_labels = None
depends_on = None

STATUS = sa.Enum(
    "draft", "open", "closing", "closed", name="cyclestatus", native_enum=False, length=10
)
OLD_STATUS = sa.Enum("draft", "open", "closed", name="cyclestatus", native_enum=False, length=10)


def _short_hash(data: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)
    return digest.hexdigest()[:16]


def _content_dir() -> Path | None:
    try:
        from flask import current_app

        return Path(current_app.config["CONTENT_DIR"])
    except Exception:  # noqa: BLE001 - run outside the app: questionnaires left unkept
        return None


def _answers_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("dimension_id", sa.String(length=64), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=True),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycles.id"], name=op.f(f"fk_{name}_cycle_id_cycles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f(f"fk_{name}_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f(f"fk_{name}_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "item_id", name=op.f(f"pk_{name}")),
        sqlite_with_rowid=False,
    )


def upgrade():
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        # Deleted rows (the old, ordered copies) are overwritten with zeros in the file.
        bind.exec_driver_sql("PRAGMA secure_delete = ON")

    # --- cycles: "closing", and the questionnaire kept with the cycle -------------------
    with op.batch_alter_table("cycles", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cycles_one_open_per_assessment",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.alter_column(
            "status", existing_type=OLD_STATUS, type_=STATUS, existing_nullable=False
        )
        batch_op.add_column(sa.Column("assessment_source", sa.Text(), nullable=True))
        batch_op.create_index(
            "uq_cycles_one_open_per_assessment",
            ["assessment_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('open', 'closing')"),
            postgresql_where=sa.text("status IN ('open', 'closing')"),
        )

    content = _content_dir()
    cycles = bind.execute(
        sa.text("SELECT id, assessment_id, status FROM cycles WHERE status != 'draft'")
    ).all()
    for cycle_id, assessment_id, _status in cycles:
        path = content / "assessments" / f"{assessment_id}.yaml" if content else None
        if path is not None and path.is_file():
            data = path.read_bytes()
            bind.execute(
                sa.text(
                    "UPDATE cycles SET assessment_source = :s, assessment_version = :v WHERE id = :id"
                ),
                {"s": data.decode("utf-8"), "v": _short_hash(data), "id": cycle_id},
            )

    # --- who is asked: cycle_members from headcounts and participations ----------------
    op.create_table(
        "cycle_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("joined_late", sa.Boolean(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_cycle_members_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_cycle_members_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cycle_members_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_members")),
        sa.UniqueConstraint("cycle_id", "user_id", name=op.f("uq_cycle_members_cycle_id_user_id")),
    )
    headcounts = {}
    for cycle_id, dept, n in bind.execute(
        sa.text("SELECT cycle_id, department_id, headcount FROM cycle_headcounts")
    ):
        headcounts.setdefault(cycle_id, {})[dept] = n
    answered = {}
    for cycle_id, dept, n in bind.execute(
        sa.text(
            "SELECT cycle_id, department_id, COUNT(*) FROM responses GROUP BY cycle_id, department_id"
        )
    ):
        answered.setdefault(cycle_id, {})[dept] = n
    names = {
        i: (n, s) for i, n, s in bind.execute(sa.text("SELECT id, name, slug FROM departments"))
    }
    members = sa.table(
        "cycle_members",
        sa.column("cycle_id", sa.Integer),
        sa.column("user_id", sa.Integer),
        sa.column("department_id", sa.Integer),
        sa.column("joined_late", sa.Boolean),
        sa.column("answered", sa.Boolean),
    )
    for cycle_id, _assessment_id, status in cycles:
        if status != "open":
            continue
        # An open cycle goes on: everyone active now is asked (in their department today),
        # and those who took part are marked so. Random order: nothing here follows time.
        taken = {
            u
            for (u,) in bind.execute(
                sa.text("SELECT user_id FROM participations WHERE cycle_id = :c"), {"c": cycle_id}
            )
        }
        people = bind.execute(
            sa.text("SELECT id, department_id, active FROM users ORDER BY RANDOM()")
        ).all()
        rows = [
            {
                "cycle_id": cycle_id,
                "user_id": u,
                "department_id": d,
                "joined_late": False,
                "answered": u in taken,
            }
            for u, d, active in people
            if active or u in taken
        ]
        if rows:
            op.bulk_insert(members, rows)

    # --- results of closed cycles: computed by a job from what they had ----------------
    op.create_table(
        "cycle_results",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_cycle_results_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cycle_id", name=op.f("pk_cycle_results")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=True),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="jobstatus",
                native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=True),
        sa.Column("enqueued_at", sa.DateTime(), nullable=False),
        sa.Column("run_after", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_jobs_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_jobs_key")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_status_enqueued", ["status", "enqueued_at"], unique=False)

    now = datetime.now(UTC).replace(tzinfo=None)
    results = sa.table(
        "cycle_results",
        sa.column("cycle_id", sa.Integer),
        sa.column("version", sa.Integer),
        sa.column("computed_at", sa.DateTime),
        sa.column("inputs", sa.JSON),
        sa.column("payload", sa.JSON),
    )
    jobs = sa.table(
        "jobs",
        sa.column("name", sa.String),
        sa.column("key", sa.String),
        sa.column("args", sa.JSON),
        sa.column("status", sa.String),
        sa.column("attempts", sa.Integer),
        sa.column("progress_done", sa.Integer),
        sa.column("enqueued_at", sa.DateTime),
    )
    for cycle_id, _assessment_id, status in cycles:
        if status != "closed":
            continue
        heads = headcounts.get(cycle_id, {})
        took = answered.get(cycle_id, {})
        participation = {
            # Responses above a headcount were people who joined after the opening.
            str(d): {
                "asked_at_opening": heads.get(d, 0),
                "joined": max(0, took.get(d, 0) - heads.get(d, 0)),
                "answered": took.get(d, 0),
            }
            for d in sorted(set(heads) | set(took))
        }
        inputs = {
            "departments": {
                str(d): {"name": names.get(d, ("?", ""))[0], "slug": names.get(d, ("?", ""))[1]}
                for d in (set(heads) | set(took))
            },
            "participation": participation,
        }
        op.bulk_insert(
            results,
            [
                {
                    "cycle_id": cycle_id,
                    "version": 0,
                    "computed_at": now,
                    "inputs": inputs,
                    "payload": {},
                }
            ],
        )
        op.bulk_insert(
            jobs,
            [
                {
                    "name": "cycle.results",
                    "key": f"cycle-results:{cycle_id}",
                    "args": {"cycle_id": cycle_id},
                    "status": "queued",
                    "attempts": 0,
                    "progress_done": 0,
                    "enqueued_at": now,
                }
            ],
        )

    # --- answers: sealed table, and the released ones copied in random order ------------
    op.create_table(
        "sealed_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_sealed_responses_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sealed_responses")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("sealed_responses", schema=None) as batch_op:
        batch_op.create_index("ix_sealed_responses_cycle", ["cycle_id"], unique=False)

    # Copy the answers aside (no keys, no order that matters), drop the old tables (their
    # files or pages go), and write them back in random order into tables made anew.
    op.create_table(
        "responses_copy",
        sa.Column("id", sa.String(length=32)),
        sa.Column("cycle_id", sa.Integer()),
        sa.Column("department_id", sa.Integer()),
        sa.Column("comment", sa.Text()),
    )
    op.create_table(
        "answers_copy",
        sa.Column("response_id", sa.String(length=32)),
        sa.Column("item_id", sa.String(length=64)),
        sa.Column("dimension_id", sa.String(length=64)),
        sa.Column("cycle_id", sa.Integer()),
        sa.Column("department_id", sa.Integer()),
        sa.Column("value", sa.SmallInteger()),
        sa.Column("score", sa.SmallInteger()),
    )
    columns = "response_id, item_id, dimension_id, cycle_id, department_id, value, score"
    bind.execute(
        sa.text(
            "INSERT INTO responses_copy (id, cycle_id, department_id, comment) "
            "SELECT id, cycle_id, department_id, comment FROM responses"
        )
    )
    bind.execute(sa.text(f"INSERT INTO answers_copy ({columns}) SELECT {columns} FROM answers"))
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index("ix_answers_report")
    op.drop_table("answers")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index("ix_responses_cycle_department")
    op.drop_table("responses")
    op.create_table(
        "responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_responses_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_responses_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sqlite_with_rowid=False,
    )
    _answers_table("answers")
    bind.execute(
        sa.text(
            "INSERT INTO responses (id, cycle_id, department_id, comment) "
            "SELECT id, cycle_id, department_id, comment FROM responses_copy ORDER BY RANDOM()"
        )
    )
    bind.execute(
        sa.text(
            f"INSERT INTO answers ({columns}) SELECT {columns} FROM answers_copy ORDER BY RANDOM()"
        )
    )
    op.drop_table("answers_copy")
    op.drop_table("responses_copy")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_responses_cycle_department", ["cycle_id", "department_id"], unique=False
        )
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answers_report",
            ["cycle_id", "department_id", "dimension_id", "item_id", "score"],
            unique=False,
        )

    op.drop_table("participations")
    op.drop_table("cycle_headcounts")
    op.drop_table("cycle_aggregates")

    # --- server-side sessions and kept forms ---------------------------------------
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("client", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_web_sessions_last_seen_at"), ["last_seen_at"], unique=False
        )
    op.create_table(
        "form_stashes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_form_stashes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_stashes")),
    )
    with op.batch_alter_table("form_stashes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_stashes_user_id"), ["user_id"], unique=False)


def downgrade():
    # The old tables come back empty of links: who answered is kept, answers are not
    # re-tied to anyone, and sealed answers of open cycles cannot be opened here.
    with op.batch_alter_table("form_stashes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_stashes_user_id"))
    op.drop_table("form_stashes")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_last_seen_at"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))
    op.drop_table("web_sessions")
    op.create_table(
        "cycle_aggregates",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("cycle_closed_at", sa.DateTime(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_cycle_aggregates_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cycle_id", "kind", name=op.f("pk_cycle_aggregates")),
    )
    op.create_table(
        "cycle_headcounts",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_cycle_headcounts_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_cycle_headcounts_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("cycle_id", "department_id", name=op.f("pk_cycle_headcounts")),
    )
    op.execute(
        "INSERT INTO cycle_headcounts (cycle_id, department_id, headcount) "
        "SELECT cycle_id, department_id, COUNT(*) FROM cycle_members "
        "WHERE joined_late = false GROUP BY cycle_id, department_id"
    )
    op.create_table(
        "participations",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["cycles.id"],
            name=op.f("fk_participations_cycle_id_cycles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_participations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cycle_id", "user_id", name=op.f("pk_participations")),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO participations (cycle_id, user_id) SELECT cycle_id, user_id "
        "FROM cycle_members WHERE answered = true AND user_id IS NOT NULL"
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("submitted_on", sa.Date(), nullable=False, server_default="2000-01-01")
        )
        batch_op.add_column(
            sa.Column("assessment_version", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("sealed_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_sealed_responses_cycle")
    op.drop_table("sealed_responses")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_enqueued")
    op.drop_table("jobs")
    op.drop_table("cycle_results")
    op.drop_table("cycle_members")
    op.execute("UPDATE cycles SET status = 'closed' WHERE status = 'closing'")
    with op.batch_alter_table("cycles", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cycles_one_open_per_assessment",
            sqlite_where=sa.text("status IN ('open', 'closing')"),
            postgresql_where=sa.text("status IN ('open', 'closing')"),
        )
        batch_op.drop_column("assessment_source")
        batch_op.alter_column(
            "status", existing_type=STATUS, type_=OLD_STATUS, existing_nullable=False
        )
        batch_op.create_index(
            "uq_cycles_one_open_per_assessment",
            ["assessment_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
