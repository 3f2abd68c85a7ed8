from django.urls import path

from missions import views

app_name = "missions"

urlpatterns = [
    path("missioner/", views.mission_list, name="index"),
    path("missioner/ny/", views.mission_create, name="create"),
    path("missioner/<int:pk>/", views.mission_detail, name="detail"),
    path("missioner/<int:pk>/rediger/", views.mission_edit, name="edit"),
    path("missioner/<int:pk>/luk/", views.mission_close, name="close"),
    path("missioner/<int:mission_pk>/klynger/ny/", views.cluster_create, name="cluster_create"),
    path("klynger/<int:pk>/", views.cluster_detail, name="cluster"),
    path("klynger/<int:pk>/rediger/", views.cluster_edit, name="cluster_edit"),
]
