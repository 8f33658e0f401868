"""Content files -> validated, rendered, cached objects.

No Flask and no database here: the web layer asks a :class:`CatalogStore` for the
current :class:`Catalog` and reads modules, quizzes and assessments from it.
"""

from .errors import ContentError, format_error
from .loader import DEFAULT_LANGUAGE, DEFAULT_LANGUAGES, load_catalog, parse_assessment
from .markdown import TocEntry
from .models import (
    Assessment,
    Catalog,
    Dimension,
    Item,
    Module,
    Option,
    Question,
    Quiz,
)
from .rendering import LocalizedText, MarkdownText, RenderCache
from .store import CatalogStore
from .summary import check_content, summarize

__all__ = [
    "DEFAULT_LANGUAGE",
    "DEFAULT_LANGUAGES",
    "Assessment",
    "Catalog",
    "CatalogStore",
    "ContentError",
    "Dimension",
    "Item",
    "LocalizedText",
    "MarkdownText",
    "Module",
    "Option",
    "Question",
    "Quiz",
    "RenderCache",
    "TocEntry",
    "check_content",
    "format_error",
    "load_catalog",
    "parse_assessment",
    "summarize",
]
