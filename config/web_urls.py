"""Server-rendered pages for people: login and the dashboard (login required)."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from accounts import views as account_views
from carriers import views as courier_views
from notifications import views as notification_views
from predictions import views as prediction_views
from privacy import views as privacy_views
from shipments import views as shipment_views
from trackers import views as tracker_views
from trackers.casework import views as queue_views
from trackers.corrections import views as correction_views
from webhooks import views as webhook_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard-home", permanent=False)),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", tracker_views.home, name="dashboard-home"),
    path("dashboard/switch/", account_views.switch, name="dashboard-switch"),
    path("dashboard/trackers/", tracker_views.tracker_list, name="dashboard-trackers"),
    path("dashboard/trackers/bulk/", tracker_views.tracker_bulk, name="dashboard-trackers-bulk"),
    path("dashboard/trackers/export.csv", tracker_views.tracker_export, name="dashboard-trackers-export"),
    path("dashboard/trackers/new/", tracker_views.tracker_add, name="dashboard-tracker-add"),
    path("dashboard/trackers/<str:public_id>/", tracker_views.tracker_detail, name="dashboard-tracker"),
    path(
        "dashboard/trackers/<str:public_id>/refresh/", tracker_views.tracker_refresh, name="dashboard-tracker-refresh"
    ),
    path("dashboard/trackers/<str:public_id>/delete/", tracker_views.tracker_delete, name="dashboard-tracker-delete"),
    path(
        "dashboard/trackers/<str:public_id>/courier/",
        correction_views.tracker_courier,
        name="dashboard-tracker-courier",
    ),
    path(
        "dashboard/trackers/<str:public_id>/retrack/",
        correction_views.tracker_retrack,
        name="dashboard-tracker-retrack",
    ),
    path("dashboard/queue/", queue_views.queue_page, name="dashboard-queue"),
    path("dashboard/views/", tracker_views.view_save, name="dashboard-view-save"),
    path("dashboard/views/<str:public_id>/delete/", tracker_views.view_delete, name="dashboard-view-delete"),
    path("dashboard/trackers/<str:public_id>/tags/", tracker_views.tracker_tags, name="dashboard-tracker-tags"),
    path("dashboard/bulk/<str:public_id>/", tracker_views.bulk_detail, name="dashboard-bulk"),
    path("dashboard/bulk/<str:public_id>/export.csv", tracker_views.bulk_export, name="dashboard-bulk-export"),
    path(
        "dashboard/trackers/<str:public_id>/case/<slug:action>/",
        queue_views.case_action,
        name="dashboard-tracker-case",
    ),
    path("dashboard/imports/new/", tracker_views.import_new, name="dashboard-import-new"),
    path("dashboard/imports/<str:public_id>/", tracker_views.import_detail, name="dashboard-import"),
    path("dashboard/webhooks/", webhook_views.subscription_list, name="dashboard-webhooks"),
    path("dashboard/webhooks/new/", webhook_views.subscription_edit, name="dashboard-webhook-new"),
    path("dashboard/webhooks/deliveries/", webhook_views.delivery_list, name="dashboard-deliveries"),
    path(
        "dashboard/webhooks/deliveries/<str:public_id>/retry/",
        webhook_views.delivery_retry,
        name="dashboard-delivery-retry",
    ),
    path("dashboard/webhooks/<str:public_id>/", webhook_views.subscription_edit, name="dashboard-webhook"),
    path(
        "dashboard/webhooks/<str:public_id>/toggle/", webhook_views.subscription_toggle, name="dashboard-webhook-toggle"
    ),
    path(
        "dashboard/webhooks/<str:public_id>/delete/", webhook_views.subscription_delete, name="dashboard-webhook-delete"
    ),
    path("dashboard/webhooks/<str:public_id>/test/", webhook_views.subscription_test, name="dashboard-webhook-test"),
    path("dashboard/couriers/", courier_views.courier_list, name="dashboard-couriers"),
    path("dashboard/couriers/budgets/", tracker_views.carrier_freshness, name="dashboard-carrier-freshness"),
    path("dashboard/predictions/", prediction_views.predictions_page, name="dashboard-predictions"),
    path("dashboard/keys/", account_views.api_keys, name="dashboard-keys"),
    path("dashboard/keys/<str:public_id>/revoke/", account_views.api_key_revoke, name="dashboard-key-revoke"),
    path("dashboard/settings/", account_views.org_settings, name="dashboard-settings"),
    path("dashboard/privacy/", privacy_views.privacy_page, name="dashboard-privacy"),
    path("dashboard/notifications/", notification_views.notifications_page, name="dashboard-notifications"),
    path(
        "dashboard/notifications/trackers/<str:public_id>/",
        notification_views.tracker_toggle,
        name="dashboard-tracker-notifications",
    ),
    # shipments
    path("dashboard/shipments/", shipment_views.shipment_list, name="dashboard-shipments"),
    path("dashboard/shipments/new/", shipment_views.shipment_add, name="dashboard-shipment-add"),
    path("dashboard/shipments/<str:public_id>/", shipment_views.shipment_detail, name="dashboard-shipment"),
    path("dashboard/locations/", shipment_views.location_list, name="dashboard-locations"),
    path("dashboard/contacts/", shipment_views.contact_list, name="dashboard-contacts"),
    path("dashboard/containers/", shipment_views.container_list, name="dashboard-containers"),
    path("dashboard/containers/<str:public_id>/", shipment_views.container_detail, name="dashboard-container"),
    path(
        "dashboard/parts/<str:kind>/<str:public_id>/delete/",
        shipment_views.part_delete,
        name="dashboard-part-delete",
    ),
]
