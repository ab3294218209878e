"""The widgets: one component per step, the stepper, and the app shell. Business rules stay in the logic."""

from notnow.ui.app import STEP_CLASSES, Workbook, step_class
from notnow.ui.state import CaseState, ProfileState

__all__ = ["STEP_CLASSES", "CaseState", "ProfileState", "Workbook", "step_class"]
