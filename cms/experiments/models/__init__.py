from .events import EventKind, ExperimentEvent
from .experiments import Experiment, ExperimentStatus, GoalKind, Variant, kommun_of_page
from .sessions import Observation, SessionEvent, SessionTask, TaskOutcome, UsabilitySession

__all__ = [
    "EventKind",
    "Experiment",
    "ExperimentEvent",
    "ExperimentStatus",
    "GoalKind",
    "Observation",
    "SessionEvent",
    "SessionTask",
    "TaskOutcome",
    "UsabilitySession",
    "Variant",
    "kommun_of_page",
]
