"""Emails to many people, sent by background jobs, each exactly once or not at all.

A send is planned first: one ``deliveries`` row per message, named by a key
(``cycle-announce:7:42``), inserted in one statement that ignores keys already there, so
planning twice plans once. A job then sends the batch's pending rows over one SMTP
connection, recording each row's state as it goes:

    pending -> sending -> sent            (the server accepted it)
                       -> pending         (the server is down: the job retries later)
                       -> failed          (the server refused this address for good)
            -> skipped                    (no longer needed: answered, left, has a password)

A row found in ``sending`` by a later run belongs to a worker that died between handing
the message over and recording it: it is marked ``uncertain`` and never sent again, so
no one gets a message twice; admins see how many are uncertain on the job's page.

Each kind of message registers a composer (``@composer("cycle-announce")``) that builds
it in the recipient's language from the row's arguments, or says why to skip it.
"""

from academy.outreach.deliveries import (
    SEND_JOB,
    Composer,
    Planned,
    Skip,
    composer,
    counts,
    plan,
    send_batch,
    send_planned,
)

__all__ = [
    "SEND_JOB",
    "Composer",
    "Planned",
    "Skip",
    "composer",
    "counts",
    "plan",
    "send_batch",
    "send_planned",
]
