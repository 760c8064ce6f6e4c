"""Included by ``knowledge.urls`` under ``scan/`` (names ``knowledge:scan_*``)."""

from django.urls import path

from knowledge.scan import views

urlpatterns = [
    path("scan/", views.about, name="scan"),
    path("scan/<slug:slug>/", views.runs, name="scan_runs"),
    path("scan/<slug:slug>/start/", views.start, name="scan_start"),
    path("scan/<slug:slug>/<str:uid>/", views.run, name="scan_run"),
    path("scan/<slug:slug>/<str:uid>/section/<int:position>/", views.section, name="scan_section"),
    path("scan/<slug:slug>/<str:uid>/finish/", views.review, name="scan_review"),
    path("scan/<slug:slug>/<str:uid>/result/", views.result, name="scan_result"),
    path("scan/<slug:slug>/<str:uid>/result.csv", views.result_csv, name="scan_csv"),
    path("scan/<slug:slug>/<str:uid>/result.pdf", views.result_pdf, name="scan_pdf"),
]
