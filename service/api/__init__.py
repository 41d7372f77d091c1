"""HTTP resources, one module per resource."""

from service.api import auth, contacts, health, me

BLUEPRINTS = [health.blp, auth.blp, me.blp, contacts.blp]
