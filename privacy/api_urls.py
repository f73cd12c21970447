from django.urls import path

from privacy import api

urlpatterns = [
    path("personal_data/export", api.PersonalDataExport.as_view(), name="api-personal-data-export"),
    path("personal_data/erase", api.PersonalDataErase.as_view(), name="api-personal-data-erase"),
]
