"""The signed-in user's own account."""

from flask.views import MethodView

from service.api.auth import commit_account
from service.auth import current_session_id, current_user
from service.errors import Problem
from service.extensions import db
from service.openapi import Blueprint
from service.ownership import apply_changes
from service.passwords import hash_password, verify_password
from service.schemas.user import MeUpdateSchema, PasswordConfirmationSchema, UserSchema
from service.tokens import revoke_other_sessions

blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="My account.")


def _confirm_password(password: str) -> None:
    if not verify_password(current_user.password_hash, password):
        raise Problem(403, "The password is wrong.", code="wrong_password")


@blp.route("")
class Me(MethodView):
    @blp.login_required
    @blp.doc(operationId="getMe")
    @blp.etag
    @blp.response(200, UserSchema)
    def get(self):
        """My account."""
        return current_user

    @blp.login_required
    @blp.doc(operationId="updateMe")
    @blp.etag
    @blp.arguments(MeUpdateSchema)
    @blp.response(200, UserSchema)
    @blp.alt_response(403, response="FORBIDDEN", description="current_password is wrong.")
    @blp.alt_response(409, response="CONFLICT", description="The new email is already registered.")
    def patch(self, data):
        """Change my name, time zone, email or password.

        Changing the password ends every other login of this account.
        """
        blp.check_etag(current_user, UserSchema)
        current_password = data.pop("current_password", None)
        if "email" in data or "password" in data:
            _confirm_password(current_password)
        if "password" in data:
            data["password_hash"] = hash_password(data.pop("password"))
            revoke_other_sessions(current_user.id, current_session_id())
        apply_changes(current_user, data)
        commit_account(current_user)
        return current_user

    @blp.login_required
    @blp.doc(operationId="deleteMe")
    @blp.etag
    @blp.arguments(PasswordConfirmationSchema)
    @blp.response(204)
    @blp.alt_response(403, response="FORBIDDEN", description="The password is wrong.")
    def delete(self, data):
        """Delete my account and everything it owns. Send the password to confirm."""
        blp.check_etag(current_user, UserSchema)
        _confirm_password(data["password"])
        db.session.delete(current_user)
        db.session.commit()
