from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.my_forum, name="me"),
    path("me/calendar/new-address/", views.feed_rotate, name="feed_rotate"),
    path("calendar/<str:token>/meetings.ics", views.feed, name="feed"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<slug:slug>/", views.body_detail, name="body"),
    path("bodies/<slug:slug>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<slug:slug>/members/", views.members, name="members"),
    path("bodies/<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("join/<str:token>/", views.member_join, name="join"),
    path("bodies/<slug:slug>/members/<uuid:uid>/", views.member_edit, name="member_edit"),
    path("bodies/<slug:slug>/members/<uuid:uid>/end/", views.member_end, name="member_end"),
    path("bodies/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("bodies/<slug:slug>/series/new/", views.series_create, name="series_create"),
    path("bodies/<slug:slug>/actions/", views.actions, name="actions"),
    path("bodies/<slug:slug>/recommendations/", views.recommendations, name="recommendations"),
    path(
        "bodies/<slug:slug>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path("recommendations/<str:uid>/", views.recommendation_detail, name="recommendation"),
    path(
        "recommendations/<str:uid>/review/",
        views.recommendation_review,
        name="recommendation_review",
    ),
    path(
        "recommendations/<str:uid>/respond/",
        views.recommendation_respond,
        name="recommendation_respond",
    ),
    path("meetings/<str:uid>/", views.meeting_detail, name="meeting"),
    path("meetings/<str:uid>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<str:uid>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<str:uid>/register/", views.register, name="register"),
    path("meetings/<str:uid>/decline/", views.decline, name="decline"),
    path("meetings/<str:uid>/attendance/", views.attendance, name="attendance"),
    path("meetings/<str:uid>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<str:uid>/agenda/new/", views.agenda_add, name="agenda_add"),
    path("meetings/<str:uid>/documents/new/", views.document_add, name="document_add"),
    path("meetings/<str:uid>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("meetings/<str:uid>/minutes/publish/", views.minutes_publish, name="minutes_publish"),
    path("meetings/<str:uid>/minutes/reopen/", views.minutes_reopen, name="minutes_reopen"),
    path("meetings/<str:uid>/actions/new/", views.action_add, name="action_add"),
    path("agenda/<str:uid>/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<str:uid>/move/", views.agenda_move, name="agenda_move"),
    path("agenda/<str:uid>/remove/", views.agenda_delete, name="agenda_delete"),
    path(
        "documents/<str:uid>/versions/new/", views.document_version_add, name="document_version_add"
    ),
    path("documents/<str:uid>/v<int:number>/", views.document_download, name="document_download"),
    path("actions/<str:uid>/done/", views.action_done, name="action_done"),
    path("actions/<str:uid>/reopen/", views.action_reopen, name="action_reopen"),
]
