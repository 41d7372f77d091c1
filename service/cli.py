"""``flask`` commands: ``flask worker`` runs the task queue's worker; ``flask spec`` writes openapi.yaml;
``flask auth purge-sessions``, ``flask sync purge``, ``flask idempotency purge`` and ``flask caldav sync``
do by hand what the worker does on its schedule."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from service.accounts.login_sessions import purge_expired_sessions
from service.calendar.caldav_push import sync_everyone
from service.docs import spec_yaml
from service.jobs import TaskQueue
from service.sync import TOMBSTONE_LIFETIME, purge_tombstones
from service.web.idempotency import purge_expired_keys

auth_cli = AppGroup("auth", help="Login session housekeeping.")


@auth_cli.command("purge-sessions")
def purge_sessions() -> None:
    """Delete login sessions whose refresh tokens have all expired."""
    click.echo(f"purged {purge_expired_sessions()} expired login sessions")


sync_cli = AppGroup("sync", help="Delta sync housekeeping.")


@sync_cli.command("purge")
def sync_purge() -> None:
    """Delete tombstones older than 90 days; tokens from before them then get a 410 (sync from scratch)."""
    purged, users = purge_tombstones()
    click.echo(f"purged {purged} tombstones older than {TOMBSTONE_LIFETIME.days} days, of {users} users")


idempotency_cli = AppGroup("idempotency", help="Idempotency-Key housekeeping.")


@idempotency_cli.command("purge")
def idempotency_purge() -> None:
    """Forget Idempotency-Keys older than 24 hours (a retry after that runs again)."""
    click.echo(f"purged {purge_expired_keys()} expired idempotency keys")


caldav_cli = AppGroup("caldav", help="Meetings pushed to linked CalDAV calendars.")


@caldav_cli.command("sync")
def caldav_sync() -> None:
    """Push every linked user's due meetings (changed or failed before); exit 1 if any push failed."""
    reports = sync_everyone()
    failed = 0
    for user_id, report in reports.items():
        click.echo(
            f"user {user_id}: pushed {report.pushed}, deleted {report.deleted}, "
            f"failed {report.failed}, pending {report.pending}"
        )
        for error in report.errors[:1]:
            click.echo(f"  {error}")
        failed += report.failed
    click.echo(f"{len(reports)} linked calendars")
    if failed:
        raise SystemExit(1)


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Tasks run at once by this worker.")
@click.option(
    "--no-periodic",
    is_flag=True,
    help="Leave the periodic tasks (sweeps, purges, reminders) to other workers; they are safe to run twice.",
)
@with_appcontext
def run_worker(threads: int, no_periodic: bool) -> None:
    """Run the task queue's worker until SIGINT (waits for running tasks) or SIGTERM."""
    consumer = TaskQueue.huey().create_consumer(
        workers=threads,
        worker_type="thread",
        periodic=not no_periodic,
        # An idle worker asks an SQLite queue at least twice a second (Redis tells it at once).
        max_delay=0.5,
    )
    consumer.run()


@click.command("spec")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), default="openapi.yaml")
def write_spec(output: Path) -> None:
    """Write the OpenAPI document generated from the code to OUTPUT (default openapi.yaml)."""
    output.write_text(spec_yaml())
    click.echo(f"wrote {output}")


def register_commands(app: Flask) -> None:
    app.cli.add_command(auth_cli)
    app.cli.add_command(caldav_cli)
    app.cli.add_command(sync_cli)
    app.cli.add_command(idempotency_cli)
    app.cli.add_command(write_spec)
    app.cli.add_command(run_worker)
