from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/new/", views.create, name="create"),
    path("partners/<str:uid>/answer/", views.partner_answer, name="partner_answer"),
    path("partners/<str:uid>/remove/", views.partner_remove, name="partner_remove"),
    path("files/<str:uid>/", views.resource, name="resource"),
    path("files/<str:uid>/remove/", views.resource_remove, name="resource_remove"),
    path("<str:uid>/", views.detail, name="detail"),
    path("<str:uid>/edit/", views.edit, name="edit"),
    path("<str:uid>/publish/", views.publish, name="publish"),
    path("<str:uid>/unpublish/", views.unpublish, name="unpublish"),
    path("<str:uid>/delete/", views.delete, name="delete"),
    path("<str:uid>/partners/", views.partner_add, name="partner_add"),
    path("<str:uid>/links/", views.link_add, name="link_add"),
    path("<str:uid>/files/", views.file_add, name="file_add"),
]
