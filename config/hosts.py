"""ALLOWED_HOSTS that also admits the organizations' tracking domains.

Django checks every request's Host against ALLOWED_HOSTS. The static list comes from the
environment; after it, this list yields the tracking domains organizations have set
(accounts.domains), kept by each process for 30 seconds. A host matching a static entry never reaches the
database; any other host is refused as before.
"""

from __future__ import annotations

from collections.abc import Iterator


class HostsWithTrackingDomains(list):
    def __iter__(self) -> Iterator[str]:
        yield from list.__iter__(self)
        try:
            from accounts.domains import domain_map

            yield from domain_map()
        except Exception:
            return


PUBLIC_PATHS = ("/t/", "/n/", "/static/", "/healthz")


class TrackingDomainMiddleware:
    """On an organization's tracking domain only its public pages are served.

    The request is marked with the organization (`tracking_organization_id`) so the public page
    shows that organization's trackers only; the dashboard, admin and API stay on the main host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from accounts.domains import organization_for_host

        organization_id = organization_for_host(request.get_host())
        request.tracking_organization_id = organization_id
        if organization_id is not None and not request.path.startswith(PUBLIC_PATHS):
            from config.errors import public_not_found

            return public_not_found(request)
        return self.get_response(request)
