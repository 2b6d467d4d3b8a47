from django.urls import path

from notifications import views

app_name = "notifications"

# Every signed-in person has their own notifications and saved searches: no capability to declare.
urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("<int:pk>/read/", views.notification_read, name="notification-read"),
    path("read/", views.notification_read_all, name="notification-read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("searches/", views.saved_search_save, name="saved-search-save"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="saved-search-delete"),
]
