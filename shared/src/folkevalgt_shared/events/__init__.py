"""Events over HTTP: CloudEvents envelope, transactional outbox, relay, inbox, operations."""
