from django.urls import path

from portfolio.views import dashboard, initiatives, logbook, ranking, reviews

app_name = "portfolio"

urlpatterns = [
    path("portefoeljer/", ranking.portfolio_list, name="index"),
    path("portefoeljer/<int:pk>/", ranking.portfolio_detail, name="cluster"),
    path("portefoeljer/<int:pk>/raekkefoelge/", ranking.portfolio_reorder, name="reorder"),
    path("portefoeljer/<int:pk>/flyt/", ranking.portfolio_rank, name="rank"),
    path("portefoeljer/<int:pk>/vurderinger/ny/", reviews.review_create, name="review_create"),
    path("mine-indsatser/", logbook.my_initiatives, name="mine"),
    path("indsatser/ny/", initiatives.initiative_create, name="create"),
    path("indsatser/<int:pk>/", initiatives.initiative_detail, name="initiative"),
    path("indsatser/<int:pk>/rediger/", initiatives.initiative_edit, name="edit"),
    path("indsatser/<int:pk>/status/", initiatives.initiative_advance, name="initiative_advance"),
    path("indsatser/<int:pk>/stop/", initiatives.initiative_stop, name="stop"),
    path("indsatser/<int:pk>/genaabn/", initiatives.initiative_reopen, name="reopen"),
    path("indsatser/<int:pk>/logbog/", logbook.entry_add, name="entry_add"),
    path("logbog/<int:pk>/ret/", logbook.entry_correct, name="entry_correct"),
    path("vurderinger/<int:pk>/", reviews.review_detail, name="review"),
    path("vurderinger/<int:pk>/flyt/", reviews.review_reschedule, name="review_reschedule"),
    path("vurderinger/<int:pk>/svar/", reviews.review_answers, name="review_answers"),
    path(
        "vurderinger/<int:pk>/beslutninger/<int:initiative_pk>/",
        reviews.review_decide,
        name="review_decide",
    ),
    path(
        "vurderinger/<int:pk>/beslutninger/<int:initiative_pk>/tilbagekald/",
        reviews.review_withdraw,
        name="review_withdraw",
    ),
    path("vurderinger/<int:pk>/afslut/", reviews.review_close, name="review_close"),
    path("vurderinger/<int:pk>/aflys/", reviews.review_cancel, name="review_cancel"),
    path("vurderinger/<int:pk>/referat/", reviews.review_minutes, name="minutes"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/kapacitet/", dashboard.capacities, name="capacity"),
    path("indsatser/", dashboard.initiative_list, name="list"),
    path("indsatser/eksport.csv", dashboard.initiative_export, {"fmt": "csv"}, name="export_csv"),
    path(
        "indsatser/eksport.xlsx", dashboard.initiative_export, {"fmt": "xlsx"}, name="export_xlsx"
    ),
]
