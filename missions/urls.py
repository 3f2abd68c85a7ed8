from django.urls import path

from missions.views import clusters, members, missions

app_name = "missions"

urlpatterns = [
    path("missioner/", missions.mission_list, name="mission_list"),
    path("missioner/ny/", missions.mission_create, name="mission_create"),
    path("missioner/<int:pk>/", missions.mission_detail, name="mission_detail"),
    path("missioner/<int:pk>/rediger/", missions.mission_edit, name="mission_edit"),
    path("missioner/<int:pk>/luk/", missions.mission_close, name="mission_close"),
    path("missioner/<int:mission_pk>/klynger/ny/", clusters.cluster_create, name="cluster_create"),
    path("klynger/<int:pk>/", clusters.cluster_detail, name="cluster_detail"),
    path("klynger/<int:pk>/rediger/", clusters.cluster_edit, name="cluster_edit"),
    path("klynger/<int:pk>/medlemmer/", members.member_add, name="member_add"),
    path("klynger/<int:pk>/eksterne/", members.actor_add, name="actor_add"),
    path(
        "klynger/<int:pk>/medlemmer/<int:membership_pk>/rolle/",
        members.member_role,
        name="member_role",
    ),
    path(
        "klynger/<int:pk>/medlemmer/<int:membership_pk>/fjern/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "klynger/<int:pk>/medlemmer/<int:membership_pk>/anonymiser/",
        members.actor_anonymise,
        name="actor_anonymise",
    ),
]
