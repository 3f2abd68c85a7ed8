from django.urls import path

from dus.views import coming_soon

app_name = "dialogues"

urlpatterns = [
    path("dialoger/", coming_soon, {"section": "dialogues"}, name="index"),
    path("ledertraef/", coming_soon, {"section": "gatherings"}, name="gatherings"),
]
