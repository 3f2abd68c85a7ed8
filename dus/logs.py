"""The portal's logs: JSON lines in production (`LOG_FORMAT=json`, the default without
DEBUG), and the events an operator follows, on the logger "dus.events".

An event names a person by their user id only: no names, e-mail addresses, user names
or network addresses, so the logs hold no personal data beyond the id (an
administrator looks the id up in the portal when there is cause to).
"""

import json
import logging
from datetime import UTC, datetime
from functools import partial

from django.db import transaction
from django.http import HttpRequest

logger = logging.getLogger("dus.events")

# The attributes every LogRecord has; anything else on a record came as `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# `extra` values that are objects, not data: Django's request loggers pass the request.
_SKIPPED = {"request"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, the record's
    `extra` fields (an event's `event`, `user_id` and ids), and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _SKIPPED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def log_event(event: str, user, **ids: object) -> None:
    """Log one event on "dus.events": what happened, by whom (a User, an id or None) and
    on what (ids and codes only), readable as text and as fields in JSON."""
    user_id = getattr(user, "pk", user)
    fields = {"user_id": user_id, **ids}
    message = " ".join([event, *(f"{name}={value}" for name, value in fields.items())])
    logger.info(message, extra={"event": event, **fields})


def log_change(event: str, user, **ids: object) -> None:
    """Log a state change once it is committed (at once outside a transaction), so a
    change that is rolled back, e.g. a review's close refused halfway, logs nothing."""
    transaction.on_commit(partial(log_event, event, getattr(user, "pk", user), **ids))


# Sign-in and sign-out (Django's auth signals, connected in dus.apps) ----------------


def signed_in(sender, request: HttpRequest, user, **kwargs) -> None:
    log_event("sign_in", user)


def signed_out(sender, request: HttpRequest, user, **kwargs) -> None:
    # The session middleware says why, when it is the one ending the sign-in.
    if reason := getattr(request, "session_end_reason", ""):
        log_event("session_expired", user, reason=reason)
    else:
        log_event("sign_out", user)


def sign_in_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    """A wrong password: the id of the account tried, when the user name is one, never the
    user name itself (it may be someone's password typed in the wrong field)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    username = credentials.get(User.USERNAME_FIELD)
    user_id = None
    if isinstance(username, str) and username:
        user_id = User.objects.filter(**{User.USERNAME_FIELD: username}).values("pk").first()
        user_id = user_id and user_id["pk"]
    log_event("sign_in_failed", user_id)
