"""Views of the strategic frame: a track, a hard problem; the portal's
small fixed pages (health, accessibility statement, coming soon); "Mine
indstillinger", a person's own settings; signing in: the sign-in page, the identity
provider's way in (dus/oidc.py), and what the sign-in limits answer; and the
organisation import (upload, preview, apply); a person's audit trail for an administrator."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dus import audit, hooks
from dus.accessibility import TESTED_ON
from dus.forms import OrganisationFileForm, PreferencesForm, SignInForm
from dus.logs import log_event
from dus.models import HardProblem, Plan, Track, User
from dus.orgcsv import MAX_BYTES
from dus.orgimport import ImportPlan, ImportRefused, apply, can_import, plan_file
from dus.paging import bounded


def get_plan(slug: str | None = None) -> Plan:
    """The named plan, or the current one; 404 when there is none."""
    if slug is not None:
        return get_object_or_404(Plan, slug=slug)
    plan = Plan.objects.current()
    if plan is None:
        raise Http404("No plan")
    return plan


@require_GET
def track_detail(request: HttpRequest, plan: str, slug: str) -> HttpResponse:
    track = get_object_or_404(Track.objects.select_related("plan"), plan__slug=plan, slug=slug)
    missions = track.missions.prefetch_related("clusters")
    return render(
        request, "dus/track_detail.html", {"track": track, "plan": track.plan, "missions": missions}
    )


@require_GET
def problem_detail(request: HttpRequest, plan: str, slug: str) -> HttpResponse:
    problem = get_object_or_404(
        HardProblem.objects.select_related("plan"), plan__slug=plan, slug=slug
    )
    initiatives = bounded(
        request,
        problem.initiatives.active()
        .select_related("cluster", "owner")
        .order_by("cluster__name", "rank", "id"),
        per_page=25,
        list_id="problem-initiatives",
        param="indsatser",
    )
    return render(
        request,
        "dus/problem_detail.html",
        {
            "problem": problem,
            "plan": problem.plan,
            "missions": problem.missions.select_related("track"),
            "initiatives": initiatives,
        },
    )


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement must be reachable without signing in."""
    return render(request, "dus/accessibility.html", {"tested_on": TESTED_ON})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers; for the compose file and load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_http_methods(["GET", "POST"])
def my_settings(request: HttpRequest) -> HttpResponse:
    """ "Mine indstillinger": a person turns the weekly digest off (or on) for themself;
    the digest's List-Unsubscribe link points here. Review reminders cannot be
    turned off. Below the form: the sections the upper apps add (`dus.hooks`)."""
    # An unticked checkbox posts nothing: an empty POST is still a submitted form.
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your settings were saved."))
        return redirect("frame:my_settings")
    sections = [section(request) for section in hooks.settings_sections]
    return render(
        request,
        "dus/my_settings.html",
        {"form": form, "sections": sections, "can_import": can_import(request.user)},
    )


def client_address(request: HttpRequest) -> str | None:
    """The address the sign-in limits count per (django-axes).

    Without proxies it is the connection's own: a forwarded header can be set by anyone.
    Behind `FORWARDED_FOR_PROXIES` proxies of our own, each of which appends the address it
    saw to X-Forwarded-For, the client is the entry that many places from the right; the
    entries left of it are the client's word and are never trusted. Otherwise every
    person behind the proxy would share one address, and five wrong passwords from anyone
    would pause signing in for all."""
    proxies = settings.FORWARDED_FOR_PROXIES
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


USERNAME_LENGTH = User._meta.get_field("username").max_length


def signin_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The user name the sign-in limits count per (django-axes' own reading of it), cut
    to the longest user name there is: axes keeps a failed attempt's user name in 255
    characters, and a longer one (nobody's) answered 500 on PostgreSQL."""
    data = credentials or getattr(request, "data", request.POST)
    username = data.get("username")
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username


def sign_in_options() -> dict:
    """What the sign-in page offers: the work account, user name and password, or both."""
    return {"oidc_enabled": settings.OIDC_ENABLED, "local_signin": settings.LOCAL_SIGNIN}


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """The sign-in page, the admin's too: "Log ind med din arbejdskonto" where the
    identity provider is set up, and the user name and password form unless
    LOCAL_SIGNIN is off; then a password sent to it anyway is refused (405)."""
    if request.method == "POST" and not settings.LOCAL_SIGNIN:
        context = {
            **sign_in_options(),
            "next": request.POST.get("next", ""),
            "refusal": gettext(
                "Signing in with a user name and password is switched off. Sign in with "
                "your work account."
            ),
        }
        response = render(request, "registration/login.html", context, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    view = auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
        extra_context=sign_in_options(),
    )
    return view(request)


@login_not_required
@require_GET
def oidc_start(request: HttpRequest) -> HttpResponse:
    """ "Log ind med din arbejdskonto": off to the identity provider (404 without it)."""
    if not settings.OIDC_ENABLED:
        raise Http404("No identity provider")
    from dus import oidc  # with requests, PyJWT and cryptography: ~26 MB, for OIDC only

    return oidc.start(request)


@login_not_required
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Back from the identity provider: signed in, or a Danish page saying why not."""
    if not settings.OIDC_ENABLED:
        raise Http404("No identity provider")
    from dus import oidc

    return oidc.callback(request)


def signin_locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a sign-in while locked out: the sign-in page again, with a
    Danish message and 429, for a user name and an address alike (so it does not tell
    whether the user name exists)."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    message = ngettext(
        "Too many failed attempts to sign in. Signing in is paused for %(minutes)s minute "
        "after the last attempt; try again later.",
        "Too many failed attempts to sign in. Signing in is paused for %(minutes)s minutes "
        "after the last attempt; try again later.",
        minutes,
    ) % {"minutes": minutes}
    form = SignInForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        **sign_in_options(),
        "form": form,
        "next": request.POST.get("next", ""),
        "lockout_message": message,
    }
    return render(request, "registration/login.html", context, status=429)


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through the portal's own sign-in page, under the same limits."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect("admin:index")
        # Back to the sign-in page would send a signed-in person round in a loop.
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


# Where the previewed file waits for "Anvend": its text and the plan's fingerprint.
IMPORT_SESSION_KEY = "organisation_import"
# Problems listed next to the upload field; the rest are counted.
SHOWN_PROBLEMS = 100


def _check_import_access(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def _import_page(
    request: HttpRequest, form, plan: ImportPlan | None = None, status: int = 200, **extra
) -> HttpResponse:
    if plan is not None and plan.problems:
        problems = plan.problems
        form.add_error(
            "file",
            ngettext(
                "The file has %(count)s problem, so nothing was saved. Correct it and "
                "upload the file again.",
                "The file has %(count)s problems, so nothing was saved. Correct them and "
                "upload the file again.",
                len(problems),
            )
            % {"count": len(problems)},
        )
        for problem in problems[:SHOWN_PROBLEMS]:
            form.add_error("file", str(problem))
        if len(problems) > SHOWN_PROBLEMS:
            form.add_error(
                "file",
                gettext("… and %(count)s more.") % {"count": len(problems) - SHOWN_PROBLEMS},
            )
        plan, status = None, 422
    elif form.errors:
        status = 422
    context = {"form": form, "plan": plan, **extra}
    return render(request, "dus/organisation_import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def organisation_import(request: HttpRequest) -> HttpResponse:
    """Staff and administrators upload the organisation file and see what it would
    create, change and deactivate; nothing is saved here. The file waits in the session
    for "Anvend" (`organisation_import_apply`)."""
    _check_import_access(request)
    bound = request.method == "POST"
    form = OrganisationFileForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, form)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", gettext("The file is too large for an organisation file."))
        return _import_page(request, form)
    data = upload.read()
    plan = plan_file(data)
    if not plan.problems:
        request.session[IMPORT_SESSION_KEY] = {
            "content": data.decode("utf-8-sig"),
            "name": upload.name,
            "fingerprint": plan.fingerprint,
        }
    return _import_page(request, form, plan, file_name=upload.name)


@require_POST
def organisation_import_apply(request: HttpRequest) -> HttpResponse:
    """Apply the previewed plan, if it is still the plan: the file is planned again under
    lock, and a plan that differs from the one previewed (the organisation changed
    meanwhile) is shown anew instead of written."""
    _check_import_access(request)
    stored = request.session.get(IMPORT_SESSION_KEY)
    form = OrganisationFileForm()
    if not stored:
        messages.error(request, gettext("The preview has expired. Upload the file again."))
        return redirect("frame:organisation_import")
    try:
        plan = apply(stored["content"].encode(), request.user, request.POST.get("fingerprint", ""))
    except ImportRefused as refused:
        if refused.plan.problems or refused.plan.is_empty:
            request.session.pop(IMPORT_SESSION_KEY, None)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                **stored,
                "fingerprint": refused.plan.fingerprint,
            }
        if refused.plan.problems:
            return _import_page(request, form, refused.plan)
        return _import_page(
            request,
            form,
            refused.plan,
            status=409,
            file_name=stored["name"],
            refusal=refused.message,
        )
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        gettext(
            "The organisation was imported from %(name)s. Units: %(units_created)s created, "
            "%(units_changed)s changed, %(units_deactivated)s deactivated. People: "
            "%(people_created)s created, %(people_changed)s changed, %(people_deactivated)s "
            "deactivated."
        )
        % {"name": stored["name"], **{name: len(getattr(plan, name)) for name in plan.SECTIONS}},
    )
    return redirect("frame:organisation_import")


@require_GET
def audit_trail_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """ "Eksportér revisionsspor": an administrator downloads everything the history holds
    of what a person did, and of the person themself (dus/audit.py), as CSV or XLSX, to
    answer their request for access (GDPR art. 15). The export itself is logged."""
    if not audit.can_export(request.user):
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk)
    log_event("audit_trail_exported", request.user, person_id=person.pk)
    if fmt == "csv":
        response = StreamingHttpResponse(
            audit.as_csv(person), content_type="text/csv; charset=utf-8"
        )
    else:
        response = FileResponse(
            audit.as_xlsx(person),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    stamp = timezone.localdate().isoformat()
    name = f"dus-revisionsspor-{person.pk}-{stamp}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
