"""The longest questionnaire page: render and save, against a plain Jinja loop and a bare
endpoint measured in the same run."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from flask import Flask, render_template
from flask_login import login_user
from jinja2 import Environment
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from bench.common import Section, median_seconds
from selfassess import create_app
from selfassess.domain.pages import paginate
from selfassess.domain.scale import DESCRIPTORS, LABELS
from selfassess.extensions import db
from selfassess.models import User
from selfassess.policy import SYSTEM, Actor
from selfassess.services import questionnaires, responses, rounds, trusts
from selfassess.web import assess

# The floor: the same GOV.UK radio markup for the same statements, as a bare loop with no
# layout, summaries, notes, error handling or request behind it.
PLAIN = Environment(autoescape=True).from_string(
    '{% for s in statements %}<div class="govuk-form-group"><fieldset class="govuk-fieldset">'
    '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{ s.text }}</legend>'
    '<div class="govuk-radios govuk-radios--small" data-module="govuk-radios">'
    '{% for v in values %}<div class="govuk-radios__item"><input class="govuk-radios__input" '
    'id="answer-{{ s.slug }}-{{ v }}" name="answer-{{ s.slug }}" type="radio" '
    'value="{{ v }}"{% if answers.get(s.slug) == v %} checked{% endif %}>'
    '<label class="govuk-label govuk-radios__label" for="answer-{{ s.slug }}-{{ v }}">'
    "{{ labels[v] }}</label></div>{% endfor %}</div></fieldset></div>{% endfor %}"
)


def _app(folder: Path) -> tuple[Flask, str, int, int]:
    """An app with one respondent; returns (app, questionnaire, round id, longest page)."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'render.sqlite'}",
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok")
    with app.app_context():
        db.create_all()
        questionnaires.sync(Path(app.config["QUESTIONNAIRE_DIR"]))
        longest = max(
            ((q.slug, p) for q in questionnaires.list_current() for p in paginate(q)),
            key=lambda pair: len(pair[1].statement_slugs),
        )
        trust_id = trusts.create_trust("Bench")
        trusts.add_partner(str(trust_id), "Council", "local_authority")
        round_id = rounds.open_round(SYSTEM, str(trust_id), longest[0], "Bench round")
        db.session.add(
            User(
                email="r@example.org",
                name="R",
                role="respondent",
                trust_id=trust_id,
                partner_id=1,
                password_hash=generate_password_hash("benchmark-password"),
            )
        )
        db.session.commit()
    return app, longest[0], round_id, longest[1].number


def run() -> Section:
    with tempfile.TemporaryDirectory() as folder:
        app, slug, round_id, number = _app(Path(folder))
        client = app.test_client()
        client.post("/sign-in", data={"email": "r@example.org", "password": "benchmark-password"})
        start = client.post(f"/assess/rounds/{round_id}/start").headers["Location"]
        url = re.sub(r"/pages/\d+$", f"/pages/{number}", start)
        page_html = client.get(url).get_data(as_text=True)
        slugs = re.findall(r'name="answer-([a-z0-9-]+)" type="radio" value="1"', page_html)
        with app.app_context():
            content = questionnaires.current(slug)
        statements = [s for _, s in content.statements() if s.slug in slugs]
        answers = dict.fromkeys(slugs, "3")
        values = ("1", "2", "3", "4", "dk", "na")
        revision = [int(re.search(r'name="revision" value="(\d+)"', page_html).group(1))]

        def save() -> None:
            data = {f"answer-{s}": "3" for s in slugs} | {"revision": str(revision[0])}
            response = client.post(url, data=data)
            assert response.status_code == 302, response.status_code
            revision[0] += 1

        loop = median_seconds(
            lambda: PLAIN.render(
                statements=statements, values=values, answers=answers, labels=LABELS
            ),
            repeat=31,
        )
        bare = median_seconds(lambda: client.get("/bench-bare"), repeat=31)
        page = median_seconds(lambda: client.get(url), repeat=31)
        saving = median_seconds(save, repeat=15)
        template, partial = _template_only(app, client, url)
        with app.app_context():
            db.engine.dispose()
    section = Section(
        "Rendering and saving the longest questionnaire page",
        f"The longest page ({len(slugs)} statements of `{slug}`, page {number}) through the "
        "Flask test client as a signed-in respondent, with its answers filled in. Floors: a "
        "plain Jinja loop writing the same GOV.UK radio markup for the same statements (no "
        "layout, item summaries, evidence boxes or error handling), and a bare endpoint "
        "returning 'ok' through the same client (routing, session cookie, headers). The page "
        "figure subtracts the bare endpoint, so it counts what the page adds: signing in the "
        "user from the session, loading the response, and both templates.",
    )
    section.rows += [
        ("plain Jinja loop (floor)", f"{loop * 1000:.2f} ms", "–"),
        ("bare endpoint (floor)", f"{bare * 1000:.2f} ms", "–"),
        (
            "statements partial alone (the questionnaire loop)",
            f"{partial * 1000:.2f} ms = {partial / loop:.1f}x loop",
            "≤ 2x loop",
        ),
        (
            "page templates alone (layout + statements)",
            f"{template * 1000:.2f} ms = {template / loop:.1f}x loop",
            "–",
        ),
        (
            "GET page, less the bare endpoint",
            f"{(page - bare) * 1000:.2f} ms = {(page - bare) / loop:.1f}x loop",
            "≤ 2x loop (not met)",
        ),
        ("GET page, whole request", f"{page * 1000:.2f} ms = {page / bare:.1f}x bare", "–"),
        ("POST save (one transaction)", f"{saving * 1000:.2f} ms = {saving / bare:.1f}x bare", "–"),
    ]
    return section


def _template_only(app: Flask, client, url: str) -> tuple[float, float]:
    """Time of the page's two templates alone, with the context the view gives them."""
    response_id = int(url.split("/responses/")[1].split("/")[0])
    number = int(url.rsplit("/", 1)[1])
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        person = Actor(
            user.pk,
            user.name,
            user.email,
            user.role,
            user.session_token,
            user.trust_id,
            user.partner_id,
        )
        view = responses.load_response(person, response_id)

    def render() -> None:
        with app.test_request_context(url):
            login_user(person)  # the page's proof is issued to the signed-in person
            assess.render_page(view, number)

    page = paginate(view.questionnaire)[number - 1]

    def statements() -> None:
        with app.test_request_context(url):
            render_template(
                "assess/_items.html",
                page=page,
                values=dict(view.answers),
                notes={},
                errors={},
                choices=assess.CHOICES,
                levels=assess.LEVEL_LABELS,
                descriptors=DESCRIPTORS,
            )

    return median_seconds(render, repeat=31), median_seconds(statements, repeat=31)
