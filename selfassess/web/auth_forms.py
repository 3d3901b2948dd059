"""Flask-WTF forms of the account pages. Length checks here only bound the input: the
password rules themselves live in services/passwords.py, shared with the command line."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

# Room for any password the rules accept (256) plus slack; longer posts are not hashed.
PASSWORD_FIELD = Length(max=1024)


class SignInForm(FlaskForm):
    email = EmailField("Email address", validators=[Length(max=254)])
    password = PasswordField("Password", validators=[PASSWORD_FIELD])
    next = HiddenField()
    carried = HiddenField()


class CodeForm(FlaskForm):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = StringField("Code", validators=[DataRequired(), Length(max=32)])
    next = HiddenField()
    carried = HiddenField()


class AcceptForm(FlaskForm):
    name = StringField("Your name", validators=[Length(max=400)])
    password = PasswordField("Choose a password", validators=[PASSWORD_FIELD])
    confirm = PasswordField("Type the password again", validators=[PASSWORD_FIELD])


class ForgottenForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[PASSWORD_FIELD])
    confirm = PasswordField("Type the new password again", validators=[PASSWORD_FIELD])


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField("Current password", validators=[PASSWORD_FIELD])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token is posted."""
