from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.overview, name="overview"),
    path("account/data.json", views.personal_data, name="personal_data"),
    path("account/delete/", views.account_delete, name="delete"),
    path("account/second-factor/", views.second_factor, name="second_factor"),
    path("account/next-steps/", views.next_steps_visibility, name="next_steps"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/leave/", views.organisation_leave, name="leave"),
    path(
        "organisations/<slug:slug>/invitations/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisations/<slug:slug>/invitations/<str:token>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("organisations/<slug:slug>/members/<uuid:uid>/role/", views.member_role, name="role"),
    path(
        "organisations/<slug:slug>/members/<uuid:uid>/remove/",
        views.member_remove,
        name="remove",
    ),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation"),
]
