"""The shared state every step component reads and writes: one Assessment and the chosen language."""

from __future__ import annotations

import traitlets

from notnow.assessment import Assessment


class CaseModel(traitlets.HasTraits):
    """Holds the case; `revision` goes up on every change so components know to refresh."""

    lang = traitlets.Unicode("en")
    revision = traitlets.Int(0)
    generation = traitlets.Int(0)  # goes up when a whole other case is swapped in
    step = traitlets.Unicode("request")
    fresh = traitlets.Bool(False)  # a new case whose request the user has not filled in yet

    def __init__(self, assessment: Assessment, lang: str | None = None) -> None:
        super().__init__()
        self._assessment = assessment
        self.lang = lang or assessment.lang
        self.step = assessment.step

    @property
    def assessment(self) -> Assessment:
        return self._assessment

    def changed(self) -> None:
        """Tell every listener the case changed (call after mutating `assessment`)."""
        self.revision += 1

    def replace(self, assessment: Assessment) -> None:
        """Swap in another case (reset, or a saved case opened), keeping the current language."""
        self._assessment = assessment
        assessment.lang = self.lang
        self.step = assessment.step
        self.generation += 1
        self.changed()

    @traitlets.observe("lang")
    def _lang_into_case(self, change: dict[str, object]) -> None:
        self._assessment.lang = str(change["new"])

    @traitlets.observe("step")
    def _step_into_case(self, change: dict[str, object]) -> None:
        self._assessment.step = str(change["new"])
