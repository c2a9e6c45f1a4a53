"""The command line of chassis.messaging.dead_letters: one JSON line per dead letter.

    python -m chassis.messaging.dead_letters list --queue payments.dead-letter --url amqp://...
    python -m chassis.messaging.dead_letters replay --queue payments.dead-letter --url ... [--id ID]

The exit status is 1 when the broker or the queue cannot be reached, or a replay stopped (those
replayed before it are printed); 0 otherwise.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from contextlib import closing
from typing import TextIO

import pika
from pika.exceptions import AMQPError

from chassis.messaging.dead_letters import ReplayFailed, list_dead_letters, replay


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    """List or replay the dead letters of one queue, as `argv` says."""
    parser = argparse.ArgumentParser(prog="python -m chassis.messaging.dead_letters")
    parser.add_argument("command", choices=("list", "replay"))
    parser.add_argument("--queue", required=True, help="e.g. payments.dead-letter")
    parser.add_argument("--url", required=True, help="the broker, amqp://user:password@host/vhost")
    parser.add_argument("--id", action="append", default=[], help="replay only this message id")
    arguments = parser.parse_args(argv)
    failure = ""
    try:
        with closing(pika.BlockingConnection(pika.URLParameters(arguments.url))) as connection:
            if arguments.command == "list":
                letters = list_dead_letters(connection, arguments.queue)
            else:
                letters = replay(connection, arguments.queue, ids=arguments.id)
    except ReplayFailed as error:
        letters, failure = error.replayed, str(error)
    except AMQPError as error:  # the broker unreachable, no such queue, ...
        letters, failure = [], repr(error)
    for letter in letters:
        print(json.dumps(letter.summary()), file=out)
    if failure:
        print(f"{arguments.command} stopped: {failure}", file=sys.stderr)
        return 1
    return 0
