from django.urls import path

from portfolio.views import dashboard, initiatives, logbook, owners, ranking, reviews, spread

app_name = "portfolio"

urlpatterns = [
    path("portefoeljer/", ranking.portfolio_list, name="portfolio_list"),
    path("portefoeljer/<int:pk>/", ranking.portfolio_detail, name="portfolio_detail"),
    path(
        "portefoeljer/<int:pk>/raekkefoelge/", ranking.portfolio_reorder, name="portfolio_reorder"
    ),
    path("portefoeljer/<int:pk>/flyt/", ranking.portfolio_rank, name="portfolio_rank"),
    path("portefoeljer/<int:pk>/vurderinger/ny/", reviews.review_create, name="review_create"),
    path("mine-indsatser/", logbook.my_initiatives, name="my_initiatives"),
    path("indsatser/ny/", initiatives.initiative_create, name="initiative_create"),
    path("indsatser/<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("indsatser/<int:pk>/rediger/", initiatives.initiative_edit, name="initiative_edit"),
    path("indsatser/<int:pk>/status/", initiatives.initiative_advance, name="initiative_advance"),
    path("indsatser/<int:pk>/stop/", initiatives.initiative_stop, name="initiative_stop"),
    path("indsatser/<int:pk>/genaabn/", initiatives.initiative_reopen, name="initiative_reopen"),
    path("indsatser/<int:pk>/proev-ogsaa/", spread.initiative_adopt, name="initiative_adopt"),
    path("indsatser/<int:pk>/logbog/", logbook.entry_add, name="entry_add"),
    path("logbog/<int:pk>/ret/", logbook.entry_correct, name="entry_correct"),
    path("vurderinger/<int:pk>/", reviews.review_detail, name="review_detail"),
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
    path("vurderinger/<int:pk>/referat/", reviews.review_minutes, name="review_minutes"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/kapacitet/", dashboard.capacities, name="capacities"),
    path("indsatser/", dashboard.initiative_list, name="initiative_list"),
    path("indsatser/ejere/", owners.owner_suggestions, name="owner_suggestions"),
    path(
        "indsatser/eksport.csv",
        dashboard.initiative_export,
        {"fmt": "csv"},
        name="initiative_export_csv",
    ),
    path(
        "indsatser/eksport.xlsx",
        dashboard.initiative_export,
        {"fmt": "xlsx"},
        name="initiative_export_xlsx",
    ),
]
