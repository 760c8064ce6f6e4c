from django.urls import path

from alliance import views

app_name = "alliance"
urlpatterns = [
    path("", views.index, name="index"),
    path("priority-areas/<slug:slug>/", views.priority_area, name="priority_area"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.json", views.statistics_json, name="statistics_json"),
    path("statistics/about/", views.about_figures, name="about_figures"),
    path("coalitions/", views.coalitions, name="coalitions"),
    path("coalitions/<slug:slug>/", views.coalition, name="coalition"),
    path("coalitions/<slug:slug>/join/", views.coalition_join, name="coalition_join"),
    path("coalitions/<slug:slug>/leave/", views.coalition_leave, name="coalition_leave"),
    path("profiles/", views.profiles, name="profiles"),
    path("profiles/<slug:slug>/", views.profile, name="profile"),
    path("organisations/<slug:slug>/support/", views.support, name="support"),
    path("organisations/<slug:slug>/support/declare/", views.support_declare, name="declare"),
    path("organisations/<slug:slug>/support/update/", views.support_update, name="support_update"),
    path("organisations/<slug:slug>/support/withdraw/", views.support_withdraw, name="withdraw"),
    path("organisations/<slug:slug>/support/badge.svg", views.badge, name="badge"),
    path("organisations/<slug:slug>/profile/", views.profile_edit, name="profile_edit"),
    path(
        "organisations/<slug:slug>/profile/publish/", views.profile_publish, name="profile_publish"
    ),
]
