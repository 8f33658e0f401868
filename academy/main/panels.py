"""Home page panels contributed by features.

A feature registers a function that returns the context for its panel (or None to
show nothing); the home page renders the panels in order, so the home page knows no
feature in particular.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from academy.models import User


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    build: Callable[[User], dict[str, Any] | None]


_PANELS: list[Panel] = []


def home_panel(template: str, order: int = 50) -> Callable:
    """Register `fn(user) -> context | None` as a home page panel rendered with `template`."""

    def decorator(fn: Callable[[User], dict[str, Any] | None]) -> Callable:
        _PANELS.append(Panel(order, template, fn))
        _PANELS.sort(key=lambda p: p.order)
        return fn

    return decorator


def panels_for(user: User) -> list[tuple[str, dict[str, Any]]]:
    shown = []
    for panel in _PANELS:
        context = panel.build(user)
        if context is not None:
            shown.append((panel.template, context))
    return shown
