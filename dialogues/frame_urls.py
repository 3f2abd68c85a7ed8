"""The portal's frame, namespace "frame": the front page and the search, which span
every app and so live in the top layer, and the strategic frame's own pages, which
`dus/frame_urls.py` lists."""

from django.urls import include, path

from dialogues.views import frame as views

app_name = "frame"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("soeg/", views.search, name="search"),
    path("", include("dus.frame_urls")),
]
