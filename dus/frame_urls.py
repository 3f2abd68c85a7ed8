from django.urls import path

from dus import views

app_name = "frame"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("soeg/", views.search, name="search"),
    path("mine-indstillinger/", views.my_settings, name="settings"),
    path("ramme/<slug:plan>/spor/<slug:slug>/", views.track_detail, name="track"),
    path("ramme/<slug:plan>/problemer/<slug:slug>/", views.problem_detail, name="problem"),
]
