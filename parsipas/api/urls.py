from django.urls import path

from parsipas.api import pages
from parsipas.api.views import api

urlpatterns = [
    path("v1/", api.urls),
    path("ma-truy-cap/", pages.token_list, name="api_tokens"),
    path("ma-truy-cap/<int:pk>/thu-hoi/", pages.token_revoke, name="api_token_revoke"),
]
