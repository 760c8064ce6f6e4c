from django.urls import path

from initiatives.calls import views

app_name = "calls"
urlpatterns = [
    path("", views.index, name="index"),
    path("reviews/", views.queue, name="queue"),
    path("<str:uid>/", views.call, name="call"),
    path("<str:uid>/propose/", views.propose, name="propose"),
    path("<str:uid>/ranking/", views.ranking, name="ranking"),
    path("proposals/<str:uid>/", views.proposal, name="proposal"),
    path("proposals/<str:uid>/submit/", views.submit, name="submit"),
    path("proposals/<str:uid>/files/", views.file_add, name="file_add"),
    path("proposals/<str:uid>/files/<str:file_uid>/", views.file_download, name="file"),
    path("proposals/<str:uid>/files/<str:file_uid>/remove/", views.file_remove, name="file_remove"),
    path("proposals/<str:uid>/review/", views.review, name="review"),
    path("proposals/<str:uid>/decide/", views.decide, name="decide"),
]
