"""`python -m chassis.messaging.dead_letters`: the command line of `cli`."""

from chassis.messaging.dead_letters.cli import main

raise SystemExit(main())
