from django.urls import path

from forum.views import (
    bodies,
    documents,
    joining,
    meetings,
    minutes,
    personal,
    recommendations,
)

app_name = "forum"
urlpatterns = [
    path("", bodies.index, name="index"),
    path("me/", personal.my_forum, name="me"),
    path("me/calendar/new-address/", personal.feed_rotate, name="feed_rotate"),
    path("calendar/<str:token>/meetings.ics", personal.feed, name="feed"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("bodies/new/", bodies.body_create, name="body_create"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body"),
    path("bodies/<slug:slug>/edit/", bodies.body_edit, name="body_edit"),
    path("bodies/<slug:slug>/members/", bodies.members, name="members"),
    path("bodies/<slug:slug>/members/add/", bodies.member_add, name="member_add"),
    path("join/<str:token>/", bodies.member_join, name="join"),
    path("bodies/<slug:slug>/join/", joining.body_join, name="body_join"),
    path("bodies/<slug:slug>/leave/", joining.body_leave, name="body_leave"),
    path("bodies/<slug:slug>/requests/", joining.join_requests, name="join_requests"),
    path("requests/<str:uid>/approve/", joining.join_request_approve, name="join_request_approve"),
    path("requests/<str:uid>/decline/", joining.join_request_decline, name="join_request_decline"),
    path("bodies/<slug:slug>/members/<uuid:uid>/", bodies.member_edit, name="member_edit"),
    path("bodies/<slug:slug>/members/<uuid:uid>/end/", bodies.member_end, name="member_end"),
    path("bodies/<slug:slug>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("bodies/<slug:slug>/series/new/", meetings.series_create, name="series_create"),
    path("bodies/<slug:slug>/actions/", minutes.actions, name="actions"),
    path(
        "bodies/<slug:slug>/recommendations/",
        recommendations.recommendations,
        name="recommendations",
    ),
    path(
        "bodies/<slug:slug>/recommendations/new/",
        recommendations.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "recommendations/<str:uid>/", recommendations.recommendation_detail, name="recommendation"
    ),
    path(
        "recommendations/<str:uid>/review/",
        recommendations.recommendation_review,
        name="recommendation_review",
    ),
    path(
        "recommendations/<str:uid>/respond/",
        recommendations.recommendation_respond,
        name="recommendation_respond",
    ),
    path("meetings/<str:uid>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<str:uid>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<str:uid>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<str:uid>/register/", meetings.register, name="register"),
    path("meetings/<str:uid>/decline/", meetings.decline, name="decline"),
    path("meetings/<str:uid>/register/public/", joining.register_public, name="register_public"),
    path("meetings/<str:uid>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<str:uid>/calendar.ics", meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<str:uid>/agenda/new/", documents.agenda_add, name="agenda_add"),
    path("meetings/<str:uid>/documents/new/", documents.document_add, name="document_add"),
    path("meetings/<str:uid>/minutes/", minutes.minutes_edit, name="minutes_edit"),
    path("meetings/<str:uid>/minutes/publish/", minutes.minutes_publish, name="minutes_publish"),
    path("meetings/<str:uid>/minutes/reopen/", minutes.minutes_reopen, name="minutes_reopen"),
    path("meetings/<str:uid>/actions/new/", minutes.action_add, name="action_add"),
    path("agenda/<str:uid>/", documents.agenda_edit, name="agenda_edit"),
    path("agenda/<str:uid>/move/", documents.agenda_move, name="agenda_move"),
    path("agenda/<str:uid>/remove/", documents.agenda_delete, name="agenda_delete"),
    path(
        "documents/<str:uid>/versions/new/",
        documents.document_version_add,
        name="document_version_add",
    ),
    path(
        "documents/<str:uid>/v<int:number>/", documents.document_download, name="document_download"
    ),
    path("actions/<str:uid>/done/", minutes.action_done, name="action_done"),
    path("actions/<str:uid>/reopen/", minutes.action_reopen, name="action_reopen"),
]
