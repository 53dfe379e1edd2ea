from django.core.management.base import BaseCommand
from django.utils import timezone

from following.services import staff_reminders_queue


class Command(BaseCommand):
    help = (
        "Run daily: mail each member of the Elinvoimajaosto staff group the points of the "
        "admin's to-do list they have not been reminded of yet (each point once)."
    )

    def handle(self, *args, **options):
        users, points = staff_reminders_queue(now=timezone.now())
        self.stdout.write(f"{points} reminders queued for {users} staff members.")
