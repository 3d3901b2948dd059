"""gunicorn settings for selfassess (`make run`, and production under systemd).

Every value can be changed with an environment variable, so one file serves the demo and a
council's server. See docs/deployment.md.
"""

import multiprocessing
import os

# The app factory; gunicorn imports it once per worker.
wsgi_app = "selfassess:create_app()"

# Where to listen. In production, bind to 127.0.0.1 behind the reverse proxy that ends HTTPS.
bind = os.environ.get("SELFASSESS_BIND", "127.0.0.1:5000")

# Workers: processes, so a slow PDF in one never stalls the others. Two per core plus one is
# gunicorn's own rule of thumb; each takes about 150 MB with matplotlib loaded.
workers = int(os.environ.get("SELFASSESS_WORKERS", multiprocessing.cpu_count() * 2 + 1))

# Threads per worker: most requests wait on the database, so a few threads keep cores busy.
threads = int(os.environ.get("SELFASSESS_THREADS", "4"))

# A request that takes longer than this is killed. It is above the SQLite busy timeout
# (10 s), so a save that waits for a lock gets the 503 page with its answers, not a cut
# connection.
timeout = int(os.environ.get("SELFASSESS_TIMEOUT", "30"))

# On restart or reload, requests under way get this long to finish (nobody's save is cut).
graceful_timeout = 30

# Idle keep-alive connections from the reverse proxy.
keepalive = 5

# Access and error logs to stdout/stderr: systemd's journal or the container's log keeps them.
accesslog = os.environ.get("SELFASSESS_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("SELFASSESS_LOG_LEVEL", "info").lower()

# Restart a worker after this many requests (with jitter), bounding slow memory growth.
max_requests = 2000
max_requests_jitter = 200
