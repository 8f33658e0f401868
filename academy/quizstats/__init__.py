"""Trainers' quiz statistics: attempts, scores, and how each question performs."""

from flask import Blueprint

from academy.security import guard_blueprint

bp = Blueprint("quizstats", __name__)
guard_blueprint(bp, "trainer")

from academy.quizstats import routes  # noqa: E402, F401 - routes register on bp
