from django.contrib import admin

from accounts.models import ApiKey, Membership, Organization, UsageCounter


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "display_name", "credit_balance", "international_shipping", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "organization", "mode", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["mode", "organization"]
    search_fields = ["prefix", "name", "organization__name"]
    readonly_fields = ["public_id", "prefix", "key_hash", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # keys are made by the dashboard or `create_api_key`, which show them once

    @admin.action(description="Revoke selected keys")
    def revoke(self, request, queryset):
        from accounts.services import revoke_api_key

        for key in queryset:
            revoke_api_key(key)


@admin.register(UsageCounter)
class UsageCounterAdmin(admin.ModelAdmin):
    list_display = ["organization", "mode", "month", "trackers_created"]
    list_filter = ["mode", "organization"]
