"""Roles as Django groups, with the model permissions each one holds.

Model permissions drive the admin; what a person may do with one mission,
cluster or initiative is decided by the access helpers in each app's views.
Later apps add their models to ROLE_PERMISSIONS.
"""

from django.contrib.auth.models import Group, Permission

from dus.models import Role

FRAME = ["plan", "strategytrack", "track", "hardproblem", "unit"]
MISSIONS = ["mission", "cluster", "membership", "actor"]
PORTFOLIO = ["initiative", "logentry", "review", "reviewdecision"]


def _perms(actions: list[str], models: list[str]) -> list[str]:
    return [f"{action}_{model}" for model in models for action in actions]


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.DIRECTION: [*_perms(["add", "change", "view"], FRAME + MISSIONS + PORTFOLIO), "view_user"],
    Role.GROUP_MANAGEMENT: [
        *_perms(["view"], FRAME),
        *_perms(["add", "change", "view"], MISSIONS + PORTFOLIO),
        "change_unit",
        "view_user",
    ],
    Role.CONTRACT_HOLDER: _perms(["view"], FRAME + MISSIONS + PORTFOLIO),
    Role.STAFF: _perms(["view"], FRAME + MISSIONS + PORTFOLIO),
}


def sync_roles(**kwargs) -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(Permission.objects.filter(codename__in=codenames))
