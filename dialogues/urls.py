from django.urls import path

from dus.views import coming_soon

app_name = "dialogues"

urlpatterns = [
    path("dialoger/", coming_soon, {"section": "dialogues"}, name="coming_soon_dialogues"),
    path("ledertraef/", coming_soon, {"section": "gatherings"}, name="coming_soon_gatherings"),
]
