"""Required training: HR's assignments with due dates, each person's standing, reminders,
the people report for HR and managers, and the certificate of completion.

The package itself holds only the blueprint: reports import its requirement rules
without pulling in its pages (``academy.training.routes`` is loaded by the factory).
"""

from flask import Blueprint

bp = Blueprint("training", __name__)
