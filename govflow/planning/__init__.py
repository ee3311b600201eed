"""The planner: what happens next to a proposal, and when at the earliest.

Pure (no database, no clock): a caller hands it the rules, a proposal's state and a
:class:`~govflow.planning.timetable.Timetable` (the calendar, the committees with their paper lead
days and cadence, the meetings on record, the releases). It decides no rule: every planned step
is made by :func:`govflow.workflow.step.step` on a copy of the state, and the route comes from
:func:`govflow.workflow.implied.steps_to`. What it adds is *when*: the window a step waits for,
the meeting that can take it, the release it can go live in (:mod:`govflow.planning.route`).
"""
