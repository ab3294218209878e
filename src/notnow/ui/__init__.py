"""The widgets: one component per step and the stepper. Business rules stay in the notnow logic."""

from notnow.ui.model import CaseModel
from notnow.ui.stepper import STEP_CLASSES, Workbook, step_class

__all__ = ["STEP_CLASSES", "CaseModel", "Workbook", "step_class"]
