"""Webhooks: subscriptions, the outbox written with every event, and its dispatcher."""
