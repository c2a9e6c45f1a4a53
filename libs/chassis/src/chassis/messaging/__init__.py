"""Events over RabbitMQ, as docs/events.md describes them: one envelope, one topology.

Publishing: a service stores events in its `Outbox` in the transaction that caused them; the
`OutboxRelay` publishes them through a `RabbitPublisher` with confirms, one relay at a time
whatever the replicas. Consuming: a `Consumer` thread carries out the verdict `process` gives
each delivery (ack, dead-letter, requeue), and the service's handlers are applied once per event
id through its `Inbox`. `dead_letters` lists and replays what was dead-lettered.
"""
