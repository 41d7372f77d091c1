#!/bin/sh
# Container entrypoint: bring the schema up to date, then hand PID 1 to gunicorn so that
# it receives the container's SIGTERM and shuts down gracefully.
set -e
flask db upgrade
exec gunicorn --config deploy/gunicorn.conf.py --bind 0.0.0.0:8000 'service:create_app()'
