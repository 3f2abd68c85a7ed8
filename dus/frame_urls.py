"""The strategic frame's pages and a person's own settings. Included by
`dialogues/frame_urls.py`, so their names are in its "frame" namespace
(`frame:track_detail`), beside the front page and the search."""

from django.urls import path

from dus import views

urlpatterns = [
    path("mine-indstillinger/", views.my_settings, name="my_settings"),
    path("organisation/import/", views.organisation_import, name="organisation_import"),
    path(
        "organisation/import/anvend/",
        views.organisation_import_apply,
        name="organisation_import_apply",
    ),
    path(
        "organisation/personer/<int:pk>/revisionsspor.csv",
        views.audit_trail_export,
        {"fmt": "csv"},
        name="audit_trail_export_csv",
    ),
    path(
        "organisation/personer/<int:pk>/revisionsspor.xlsx",
        views.audit_trail_export,
        {"fmt": "xlsx"},
        name="audit_trail_export_xlsx",
    ),
    path("ramme/<slug:plan>/spor/<slug:slug>/", views.track_detail, name="track_detail"),
    path("ramme/<slug:plan>/problemer/<slug:slug>/", views.problem_detail, name="problem_detail"),
]
