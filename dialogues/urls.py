from django.urls import path

from dialogues import learning_views
from dus.views import coming_soon

app_name = "dialogues"

urlpatterns = [
    path("dialoger/", coming_soon, {"section": "dialogues"}, name="index"),
    path("laering/", learning_views.learning_list, name="learning"),
    path("ledertraef/", coming_soon, {"section": "gatherings"}, name="gatherings"),
]
