"""Audit and integrity: what proves a record was not changed behind govflow's back.

``log_check`` recomputes the database-wide log and compares it with the events; ``checkpoints``
signs the log's head and checks a signed checkpoint; ``files`` reads an audit export back,
``verify_file`` checks one on its own (chains, log, checkpoint: ``filelog``). Each proposal's
hash chain is ``govflow.store.hashing``'s. Nothing here judges a history against the workflow:
that is the rule core's (``govflow.workflow.rules``), which ``verify`` asks
(``govflow.records.verify``).
"""
