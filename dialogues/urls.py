from django.urls import path

from dialogues.views import dialogues, learning
from dus.views import coming_soon

app_name = "dialogues"

urlpatterns = [
    path("laering/", learning.learning_list, name="learning"),
    path("dialoger/", dialogues.dialogue_list, name="index"),
    path("dialoger/planlaeg/", dialogues.dialogue_create, name="create"),
    path("dialoger/<int:pk>/", dialogues.dialogue_detail, name="dialogue"),
    path("dialoger/<int:pk>/forberedelse/", dialogues.dialogue_prepare, name="prepare"),
    path("dialoger/<int:pk>/referat/", dialogues.dialogue_notes, name="notes"),
    path("dialoger/<int:pk>/opfoelgning/", dialogues.follow_up_create, name="follow_up_create"),
    path("dialoger/opfoelgning/<int:pk>/udfoert/", dialogues.follow_up_done, name="follow_up_done"),
    path("ledertraef/", coming_soon, {"section": "gatherings"}, name="gatherings"),
]
