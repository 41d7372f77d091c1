#!/bin/sh
# Container entrypoint, one image for both processes:
#   boot.sh (or boot.sh web)  bring the schema up to date, then hand PID 1 to gunicorn
#   boot.sh worker            hand PID 1 to a worker of the task queue (`flask worker`)
# exec, so that the process receives the container's SIGTERM and shuts down.
set -e
case "${1:-web}" in
    web)
        flask db upgrade
        exec gunicorn --config deploy/gunicorn.conf.py --bind 0.0.0.0:8000 'service:create_app()'
        ;;
    worker)
        shift
        exec flask worker "$@"
        ;;
    *)
        echo "usage: boot.sh [web | worker [--threads N] [--no-periodic]]" >&2
        exit 64
        ;;
esac
