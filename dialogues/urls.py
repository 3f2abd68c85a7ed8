from django.urls import path

from dialogues.views import gatherings
from dus.views import coming_soon

app_name = "dialogues"

urlpatterns = [
    path("dialoger/", coming_soon, {"section": "dialogues"}, name="index"),
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
