"""The portfolio's models: initiatives and their logbook; portfolio reviews and their
reminders."""

from portfolio.models.figures import FiguresVersion
from portfolio.models.initiatives import (
    ACTIVE_STATUSES,
    CORRECTION_WINDOW,
    MAX_EFFORT_HOURS,
    Initiative,
    LogEntry,
    Status,
    reorder,
    shift_rank,
)
from portfolio.models.reminders import Reminder
from portfolio.models.reviews import REVIEW_QUESTIONS, Review, ReviewDecision

__all__ = [
    "ACTIVE_STATUSES",
    "CORRECTION_WINDOW",
    "MAX_EFFORT_HOURS",
    "REVIEW_QUESTIONS",
    "FiguresVersion",
    "Initiative",
    "LogEntry",
    "Reminder",
    "Review",
    "ReviewDecision",
    "Status",
    "reorder",
    "shift_rank",
]
