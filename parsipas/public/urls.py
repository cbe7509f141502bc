from django.urls import path

from parsipas.public.views import news, page

urlpatterns = [
    # the public reform page (criterion 1.5)
    path("cong-khai/", page.page, name="public_page"),
    path("cong-khai/thong-ke.json", page.stats, name="public_stats"),
    path("cong-khai/nhip", page.beacon, name="public_beacon"),
    path("cong-khai/tin/<int:pk>/", page.news_item, name="public_news"),
    # news (admin)
    path("tin-cchc/", news.news_list, name="news_list"),
    path("tin-cchc/them/", news.news_edit, name="news_create"),
    path("tin-cchc/<int:pk>/", news.news_edit, name="news_edit"),
    path("tin-cchc/<int:pk>/xoa/", news.news_delete, name="news_delete"),
]
