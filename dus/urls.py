"""Top-level URLs. Every view needs sign-in (LoginRequiredMiddleware) unless it is
marked @login_not_required: only sign-in (with the identity provider's way in and back),
health, language, the accessibility statement and the personal calendar feed
(dialogues/urls.py) are."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from dus import views

urlpatterns = [
    path("", include("dialogues.frame_urls")),
    path("log-ind/", views.login, name="login"),
    path("log-ind/oidc/", views.oidc_start, name="oidc_start"),
    path("log-ind/oidc/callback/", views.oidc_callback, name="oidc_callback"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprog/", login_not_required(set_language), name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    path("", include("missions.urls")),
    path("", include("portfolio.urls")),
    path("", include("dialogues.urls")),
    # Before the admin's own URLs: the admin signs in through the portal's sign-in page.
    path("admin/login/", views.admin_login),
    path("admin/", admin.site.urls),
]
