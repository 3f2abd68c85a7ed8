from django.urls import path

from dialogues.views import calendar, dialogues, gatherings, learning, spread

app_name = "dialogues"

urlpatterns = [
    path("laering/", learning.learning_list, name="learning_list"),
    path("kalender/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("kalender/forny/", calendar.calendar_feed_renew, name="calendar_feed_renew"),
    path("dialoger/", dialogues.dialogue_list, name="dialogue_list"),
    path("dialoger/planlaeg/", dialogues.dialogue_create, name="dialogue_create"),
    path("dialoger/<int:pk>/", dialogues.dialogue_detail, name="dialogue_detail"),
    path("dialoger/<int:pk>/forberedelse/", dialogues.dialogue_prepare, name="dialogue_prepare"),
    path("dialoger/<int:pk>/referat/", dialogues.dialogue_notes, name="dialogue_notes"),
    path("dialoger/<int:pk>/opfoelgning/", dialogues.follow_up_create, name="follow_up_create"),
    path("dialoger/opfoelgning/<int:pk>/udfoert/", dialogues.follow_up_done, name="follow_up_done"),
    path("ledertraef/", gatherings.gathering_list, name="gathering_list"),
    path("ledertraef/ny/", gatherings.gathering_create, name="gathering_create"),
    path(
        "ledertraef/oplaegsholdere/",
        gatherings.presenter_suggestions,
        name="presenter_suggestions",
    ),
    path("ledertraef/<int:pk>/", gatherings.gathering_detail, name="gathering_detail"),
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
    path(
        "ledertraef/<int:pk>/kalender.ics", gatherings.gathering_calendar, name="gathering_calendar"
    ),
    path(
        "ledertraef/punkt/<int:pk>/ret/", gatherings.gathering_item_edit, name="gathering_item_edit"
    ),
    path("ledertraef/punkt/<int:pk>/fjern/", gatherings.gathering_remove, name="gathering_remove"),
    path("ledertraef/punkt/<int:pk>/proev/", spread.gathering_adopt, name="gathering_adopt"),
]
