"""Numbers HR can trust: participation is a true rate, and a closed cycle never moves.

What a closed cycle showed (pages, CSV files, API), it shows forever, byte for byte,
whatever happens afterwards to people, departments or content.
"""

from __future__ import annotations

import re
from datetime import date

from academy.admin.departments import merge_departments
from academy.admin.erasure import delete_person
from academy.assess.cycles import close_cycle
from academy.assess.responses import submit_response
from academy.extensions import db
from tests import factories
from tests.insights import builders as b
from tests.insights.builders import bearer

ANSWERS = {"l1": 4, "l2": 2, "k1": 4, "k2": 3}


def _rates(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"(\d+)%", text)]


def test_participation_never_exceeds_the_people_asked(app, hr, client, company):
    legal, sales = company["depts"]["Legal"], company["depts"]["Sales"]
    stay = [factories.user(dept=legal, password=None) for _ in range(3)]
    mover = factories.user(dept=sales, password=None)
    leaver = factories.user(dept=sales, password=None)
    returner = factories.user(dept=sales, password=None, active=False)
    cycle = b.run_cycle("Summer", date(2026, 7, 1), [], close=False)
    # Two people join Legal after the opening; one person moves from Sales to Legal.
    joiners = [factories.user(dept=legal, password=None) for _ in range(2)]
    mover.department = legal
    returner.active = True  # came back: asked from now on
    db.session.commit()
    for person in [*stay, *joiners, mover, leaver, returner]:
        submit_response(cycle, person, ANSWERS, None)
    leaver.active = False  # left after answering: still counted where asked
    db.session.commit()

    def check() -> None:
        body = client.get(f"/api/v1/cycles/{cycle.id}/participation", headers=bearer()).get_json()
        rows = {d["name"]: d for d in body["departments"]}
        assert rows["Legal"]["asked_at_opening"] == 3
        assert rows["Legal"]["joined"] == 2
        assert rows["Legal"]["responses"] == 5
        assert rows["Legal"]["rate_pct"] == 100.0
        # The mover answered while in Legal but was asked in Sales: counted in Sales.
        assert rows["Sales"]["responses"] == 3
        assert rows["Sales"]["joined"] == 1  # the returner
        for row in [*body["departments"], body["company"]]:
            assert row["responses"] <= row["headcount"]
        page = hr.get(f"/insights/?cycle={cycle.id}").get_data(as_text=True)
        participation = page.split('id="participation-heading"', 1)[1]
        assert max(_rates(participation)) <= 100
        cycle_page = hr.get(f"/assessment/cycles/{cycle.id}").get_data(as_text=True)
        assert max(_rates(cycle_page)) <= 100

    check()
    close_cycle(cycle, None)
    check()


def _surfaces(hr, client, cycle, depts) -> dict[str, bytes]:
    """Every page, CSV file and API answer about one closed cycle."""
    c = cycle.id
    urls = [
        f"/insights/?cycle={c}",
        f"/insights/heatmap?cycle={c}",
        f"/insights/reliability?cycle={c}",
        f"/insights/training?cycle={c}",
        *(f"/insights/departments/{d.id}?cycle={c}" for d in depts),
        *(
            f"/insights/export/{t}.csv?cycle={c}"
            for t in ("participation", "scores", "heatmap", "reliability", "training")
        ),
        *(f"/insights/export/department.csv?cycle={c}&department={d.id}" for d in depts),
    ]
    # The form token (language menu, log out) is signed with the time: not a figure.
    token = re.compile(rb'(name="csrf_token" type="hidden" value=")[^"]+')
    out = {url: token.sub(rb"\1", hr.get(url).get_data()) for url in urls}
    headers = bearer()
    for url in (f"/api/v1/cycles/{c}/scores", f"/api/v1/cycles/{c}/participation"):
        out[url] = client.get(url, headers=headers).get_data()
    return out


def test_a_closed_cycle_shows_the_same_bytes_whatever_happens_afterwards(
    app, hr, client, company, content_dir
):
    spring = company["spring"]
    depts = list(company["depts"].values())
    hr.get("/")  # the one-time welcome message, shown and gone
    before = _surfaces(hr, client, spring, depts)
    assert all(b"Internal" not in body for body in before.values())

    # People join, move, leave and are erased; departments are renamed and merged.
    care, sales, ops, legal = (company["depts"][n] for n in ("Care", "Sales", "Ops", "Legal"))
    for _ in range(4):
        factories.user(dept=legal)
    moved = factories.user(dept=care)
    moved.department = sales
    someone = factories.user(dept=ops)
    someone.active = False
    db.session.commit()
    admin = factories.user("admin")
    delete_person(admin, factories.user(dept=care))
    sales.name = "Sales and Growth"
    db.session.commit()
    merge_departments(admin, ops, care)
    # The questionnaire and a module change in the content files.
    path = content_dir / "assessments" / "customer-culture.yaml"
    path.write_text(path.read_text().replace("Listening", "Really listening"))
    from academy.content import EXTENSION_KEY

    app.extensions[EXTENSION_KEY].reload()

    after = _surfaces(hr, client, spring, depts)
    changed = [url for url in before if before[url] != after[url]]
    assert changed == []
