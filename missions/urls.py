from django.urls import path

from dus.views import coming_soon

app_name = "missions"

urlpatterns = [
    path("missioner/", coming_soon, {"section": "missions"}, name="index"),
]
