"""What a module page renders: sanitised HTML, Italian text, and images served safely."""

from __future__ import annotations

import pytest

from tests.learn.conftest import QUIZ, client_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16

HOSTILE = """\
## Safe heading

<script>alert('body')</script>
<img src="photo.png" alt="A branch" onerror="alert('img')">
[click me](javascript:alert('link'))
<iframe src="https://evil.example/"></iframe>
<a href="javascript:alert('raw')">raw link</a>
<a href="https://example.com/guide" onclick="steal()">guide</a>
<p style="color:red" class="x">styled</p>
"""

IT = """\
---
title: Primo contatto
summary: Ogni sconosciuto è un cliente.
order: 1
---
## Perché conta

Il testo in italiano.
"""


@pytest.fixture
def app(content, content_app):
    hostile_quiz = QUIZ.replace(
        "A prospect has waited **three weeks** for an answer.",
        "Waited <script>alert(1)</script><iframe src='x'></iframe>three weeks.",
    )
    content.module("hostile", "Hostile", extra="order: 2\n", body=HOSTILE, quiz=hostile_quiz)
    content.write("modules/hostile/photo.png", PNG)
    content.write("modules/hostile/unused.png", PNG)
    content.module("first-contact", "First contact", extra="order: 1\n", it=IT)
    content.module(
        "for-sales", "For sales", extra="order: 3\naudience: [sales]\n", body="![x](photo.png)\n"
    )
    content.write("modules/for-sales/photo.png", PNG)
    return content_app()


def test_module_html_is_sanitised_end_to_end(app):
    page = client_for(app).get("/learn/modules/hostile").get_data(as_text=True)
    text = page.split('<article class="prose module-text"')[1].split("</article>")[0]
    assert "<script" not in text
    assert "alert('body')" not in text
    assert "onerror" not in text
    assert 'href="javascript' not in text
    assert "<a>raw link</a>" in text
    assert "[click me](javascript:alert('link'))" in text  # never a link, only text
    assert "<iframe" not in text
    assert "onclick" not in text
    assert "style=" not in text
    assert '<img src="/learn/assets/hostile/photo.png" alt="A branch">' in text
    assert 'href="https://example.com/guide" rel="noopener noreferrer"' in text
    assert '<h2 id="safe-heading">Safe heading</h2>' in text
    # The quiz scenario goes through the same sanitiser.
    assert "Waited three weeks." in page
    assert page.count("<script") == 1  # the site's own app.js only
    assert "<iframe" not in page


def test_a_person_who_reads_italian_gets_the_italian_module(app):
    client = client_for(app, language="it")
    page = client.get("/learn/modules/first-contact").get_data(as_text=True)
    assert '<html lang="it">' in page
    assert "<h1>Primo contatto</h1>" in page
    assert "Il testo in italiano." in page
    assert '<a href="#perche-conta">Perché conta</a>' in page
    assert "In questa pagina" in page
    # The quiz in Italian, with the Italian interface around it.
    assert "Cosa fai per prima cosa?" in page
    assert "Un potenziale cliente aspetta da <strong>tre settimane</strong>." in page
    assert "Domanda 1 di 2" in page
    assert "Invia le mie risposte" in page
    catalog = client.get("/learn/").get_data(as_text=True)
    assert "Moduli formativi" in catalog
    assert "Primo contatto" in catalog
    assert "Ogni sconosciuto è un cliente." in catalog


def test_a_module_without_italian_falls_back_and_says_which_language(app):
    client = client_for(app, language="it")
    page = client.get("/learn/modules/hostile").get_data(as_text=True)
    assert '<article class="prose module-text" lang="en">' in page
    assert "Safe heading" in page
    assert "Domanda 1 di 2" in page


def test_asset_route_serves_only_images_the_module_uses(app):
    client = client_for(app)
    response = client.get("/learn/assets/hostile/photo.png")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.mimetype == "image/png"
    assert "public" not in response.headers.get("Cache-Control", "")
    # In the folder but not referenced; the module's text files; traversal; unknown module.
    for path in (
        "/learn/assets/hostile/unused.png",
        "/learn/assets/hostile/module.md",
        "/learn/assets/hostile/quiz.yaml",
        "/learn/assets/hostile/../first-contact/module.md",
        "/learn/assets/hostile/%2e%2e/%2e%2e/config.py",
        "/learn/assets/nothing/photo.png",
    ):
        assert client.get(path).status_code == 404, path


def test_assets_of_modules_outside_the_audience_are_not_served(app):
    assert client_for(app).get("/learn/assets/for-sales/photo.png").status_code == 404
    trainer = client_for(app, "trainer")
    assert trainer.get("/learn/assets/for-sales/photo.png").status_code == 200
