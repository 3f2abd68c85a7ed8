from django.urls import path

from dus.views import coming_soon

app_name = "portfolio"

urlpatterns = [
    path("portefoeljer/", coming_soon, {"section": "portfolios"}, name="index"),
    path("dashboard/", coming_soon, {"section": "dashboard"}, name="dashboard"),
]
