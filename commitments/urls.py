from django.urls import path

from commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.index, name="index"),
    path("pledges/", views.my_pledges, name="my_pledges"),
    path("review/", views.review, name="review"),
    path("following/", views.following, name="following"),
    path("pledges/<str:uid>/", views.pledge_detail, name="pledge"),
    path("pledges/<str:uid>/visibility/", views.pledge_visibility, name="pledge_visibility"),
    path("pledges/<str:uid>/withdraw/", views.pledge_withdraw, name="pledge_withdraw"),
    path("pledges/<str:uid>/follow/", views.pledge_follow, name="pledge_follow"),
    path("pledges/<str:uid>/reports/new/", views.report_create, name="report_create"),
    path("reports/<str:uid>/", views.report_detail, name="report"),
    path("reports/<str:uid>/edit/", views.report_edit, name="report_edit"),
    path("reports/<str:uid>/submit/", views.report_submit, name="report_submit"),
    path("reports/<str:uid>/review/", views.report_review, name="report_review"),
    path("reports/<str:uid>/links/", views.evidence_link_add, name="evidence_link_add"),
    path("reports/<str:uid>/files/", views.evidence_file_add, name="evidence_file_add"),
    path("evidence/<str:uid>/", views.evidence_download, name="evidence"),
    path("evidence/<str:uid>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<slug:slug>/", views.framework_detail, name="framework"),
    path("<slug:slug>/dashboard/", views.dashboard_page, name="dashboard"),
    path("<slug:slug>/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("<slug:slug>/dashboard.json", views.dashboard_json, name="dashboard_json"),
    path("<slug:slug>/actions/<str:code>/", views.action_detail, name="action"),
    path("<slug:slug>/actions/<str:code>/follow/", views.action_follow, name="action_follow"),
    path("<slug:slug>/pledge/<slug:organisation>/", views.pledge_create, name="pledge_create"),
]
