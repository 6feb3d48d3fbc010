"""GoodBid's Django project: vendors, contracts, submissions, reviews, API and pages."""

from procurement.celery import app as celery_app

__all__ = ["celery_app"]
