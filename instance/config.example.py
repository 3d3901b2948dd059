# Copy to instance/config.py and adjust. Environment variables SELFASSESS_* override these.
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://selfassess@localhost/selfassess"
# SECRET_KEY = "a long random string"  (default: a random key kept in instance/secret_key)
# SESSION_COOKIE_SECURE = True  (when served over HTTPS)
# INVITATION_SENDER = my_module.send_invitation  (a callable: email, name, link), e.g. to send
#   invitation links by mail; without it the lead copies the link from the screen.
