"""Pure scoring functions: quizzes, Likert assessments, statistics, disclosure control.

No Flask, no database, standard library only (DESIGN.md: ``scoring`` knows nothing of
HTTP or the database; web workers stay small). Import from here, not from the modules:

* :mod:`.quiz`       scoring attempts, Moodle-style item statistics for trainers
* :mod:`.likert`     assessment scores on 0-100 and % favourable, per person or from SQL sums
* :mod:`.stats`      t/F quantiles, intervals, Pearson, Cronbach's alpha, item-total
* :mod:`.disclosure` which groups a report may show (anonymity, invariant 3)
"""

from .disclosure import MIN_COMMENT_GROUP_SIZE, MIN_GROUP_SIZE, total_visible, visible_groups
from .likert import (
    DimensionScore,
    ItemAggregate,
    ItemKey,
    ItemScore,
    ResponseScores,
    dimension_score,
    item_score,
    overall_score,
    reverse,
    score_response,
    to_100,
)
from .quiz import (
    QuestionKey,
    QuestionResult,
    QuestionStats,
    QuizResult,
    question_statistics,
    score_question,
    score_quiz,
)
from .stats import (
    MIN_ITEM_TOTAL_CORRELATION,
    AlphaResult,
    Moments,
    corrected_item_total,
    cronbach_alpha,
    f_cdf,
    f_quantile,
    feldt_interval,
    from_moments,
    mean_t_interval,
    pearson,
    regularized_beta,
    t_cdf,
    t_quantile,
    weak_items,
    wilson_interval,
)

__all__ = [
    "MIN_COMMENT_GROUP_SIZE",
    "MIN_GROUP_SIZE",
    "MIN_ITEM_TOTAL_CORRELATION",
    "AlphaResult",
    "DimensionScore",
    "ItemAggregate",
    "ItemKey",
    "ItemScore",
    "Moments",
    "QuestionKey",
    "QuestionResult",
    "QuestionStats",
    "QuizResult",
    "ResponseScores",
    "corrected_item_total",
    "cronbach_alpha",
    "dimension_score",
    "f_cdf",
    "f_quantile",
    "feldt_interval",
    "from_moments",
    "item_score",
    "mean_t_interval",
    "overall_score",
    "pearson",
    "question_statistics",
    "regularized_beta",
    "reverse",
    "score_question",
    "score_quiz",
    "score_response",
    "t_cdf",
    "t_quantile",
    "to_100",
    "total_visible",
    "visible_groups",
    "weak_items",
    "wilson_interval",
]
