from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
]
