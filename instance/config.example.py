# Copy to instance/config.py and adjust. Environment variables SELFASSESS_* override these
# (docs/accounts.md lists them all).
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://selfassess@localhost/selfassess"
# SECRET_KEY = "a long random string"  (default: a random key kept in instance/secret_key)
# HTTPS = True  (production: Secure __Host- cookies, HSTS, https links)
# PROXIES = 1  (how many reverse proxies set X-Forwarded-For/-Proto in front of the app)
# SESSION_IDLE_MINUTES = 60
# SESSION_MAX_HOURS = 12
# MAIL_SERVER = "smtp.council.example"
# MAIL_PORT = 587
# MAIL_USE_TLS = True
# MAIL_USERNAME = "selfassess"
# MAIL_PASSWORD = "..."
# MAIL_SENDER = "Children's Trust self-assessment <selfassess@council.example>"
# RATELIMIT_STORAGE_URI = "redis://localhost:6379/0"  (shared by every worker and server)
# INVITATION_SENDER = my_module.send_invitation  (a callable: email, name, link; returns
#   False when it did not send). Default: e-mail through MAIL_SERVER when one is set.
