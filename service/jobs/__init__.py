"""Background jobs: Huey's queue bound to the app (``queue``) and the tasks its worker runs (``tasks``).

`flask worker` runs a worker; `make run` starts one beside gunicorn (the Procfile).
"""

from service.jobs.queue import TaskQueue, enqueue
from service.jobs.tasks import email_link_after_commit, register_listeners

task_queue = TaskQueue()

__all__ = ["TaskQueue", "email_link_after_commit", "enqueue", "register_listeners", "task_queue"]
