from django.urls import path

from knowledge.helpdesk import views

app_name = "helpdesk"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("sent/", views.sent, name="sent"),
    path("mine/", views.mine, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("figures/", views.figures, name="figures"),
    path("q/<str:uid>/", views.question, name="question"),
    path("q/<str:uid>/post/", views.question_post, name="question_post"),
    path("q/<str:uid>/claim/", views.claim, name="claim"),
    path("q/<str:uid>/handover/", views.handover, name="handover"),
    path("q/<str:uid>/publish/", views.publish, name="publish"),
    path("thread/<str:token>/", views.thread, name="thread"),
    path("thread/<str:token>/delete/", views.thread_delete, name="thread_delete"),
]
