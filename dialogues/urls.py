from django.urls import path

from dialogues.views import dialogues, gatherings, learning

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
    path("ledertraef/", gatherings.gathering_list, name="gatherings"),
    path("ledertraef/ny/", gatherings.gathering_create, name="gathering_create"),
    path("ledertraef/<int:pk>/", gatherings.gathering_detail, name="gathering"),
    path("ledertraef/<int:pk>/ret/", gatherings.gathering_edit, name="gathering_edit"),
    path("ledertraef/<int:pk>/tilfoej/", gatherings.gathering_add, name="gathering_add"),
    path("ledertraef/<int:pk>/punkt/", gatherings.gathering_add_free, name="gathering_add_free"),
    path("ledertraef/<int:pk>/flyt/", gatherings.gathering_move, name="gathering_move"),
    path(
        "ledertraef/<int:pk>/raekkefoelge/", gatherings.gathering_reorder, name="gathering_reorder"
    ),
    path(
        "ledertraef/<int:pk>/offentliggoer/", gatherings.gathering_publish, name="gathering_publish"
    ),
    path("ledertraef/<int:pk>/afholdt/", gatherings.gathering_held, name="gathering_held"),
    path("ledertraef/<int:pk>/udbytte/", gatherings.gathering_outcomes, name="gathering_outcomes"),
    path("ledertraef/<int:pk>/kalender.ics", gatherings.gathering_calendar, name="gathering_ics"),
    path("ledertraef/punkt/<int:pk>/ret/", gatherings.gathering_item_edit, name="agenda_item_edit"),
    path(
        "ledertraef/punkt/<int:pk>/fjern/", gatherings.gathering_remove, name="agenda_item_remove"
    ),
]
