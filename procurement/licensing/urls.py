from django.urls import path

from procurement.licensing import views

urlpatterns = [
    path("", views.search, name="licensing-search"),
    path("decisions/", views.decide, name="licensing-decide"),
    path("batch/", views.batch_new, name="licensing-batch"),
    path("batch/<str:token>/", views.batch_report, name="licensing-batch-report"),
    path("batch/<str:token>/status", views.batch_status, name="licensing-batch-status"),
    path("batch/<str:token>/report.<str:fmt>", views.batch_download,
         name="licensing-batch-download"),
]
