"""The risk assessment tools SOLO Desk knows: each tool's result scales and whom it applies to.

Plain data, no Qt and no database: the chair's form shows a tool's own scales,
the minute prints them by name, and the completeness check warns when a tool is
used on someone it was not built for (Risk Matrix 2000 on a 16-year-old, AIM3 on
an adult). A tool name the registry does not know is "other", under its own label.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

ADULT_AGE = 18
LEVELS = ("Low", "Medium", "High", "Very high")
MODERATE_LEVELS = ("Low", "Moderate", "High")
MALE_WORDS = frozenset({"male", "m", "man", "boy", "trans man", "transgender man"})
# Scale keys of assessments recorded before tools declared their own scales (migration 0010).
LEGACY_SCALE_LABELS = {"reconviction": "Risk of reconviction", "harm": "Risk of harm"}
OTHER_KEY = "other"


@dataclass(frozen=True)
class Scale:
    """One result a tool produces.

    Attributes:
        key: the stable key the value is stored under.
        label: the name printed on the minute and shown on the form.
        values: the values the tool allows, lowest first.
    """

    key: str
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class SubjectFacts:
    """What applicability depends on, as plain values.

    Attributes:
        age: the subject's age on the day the tool was used (None when the birth date is unknown).
        gender: the gender as recorded (free text; empty when not recorded).
        convicted: the subject is convicted (not alleged or a concern only).
        sexual_offence: the subject is convicted of a sexual offence (registered, or MAPPA category 1).
    """

    age: int | None
    gender: str = ""
    convicted: bool = True
    sexual_offence: bool = False


@dataclass(frozen=True)
class RiskTool:
    """A risk assessment tool: its scales and whom it was validated for.

    Attributes:
        key: stable identifier.
        name: the name stored with an assessment and printed on the minute.
        aliases: other names people type for it (matched case-insensitively).
        scales: the results it produces, in the order they are printed.
        applies_to: whom it applies to, in words (shown on the form).
        min_age: the youngest age it applies to, if any.
        max_age: the age from which it no longer applies (18: under-18s only), if any.
        males_only: validated on males only.
        sexual_offence: for people convicted of a sexual offence.
    """

    key: str
    name: str
    aliases: tuple[str, ...]
    scales: tuple[Scale, ...]
    applies_to: str
    min_age: int | None = None
    max_age: int | None = None
    males_only: bool = False
    sexual_offence: bool = False

    def misfits(self, facts: SubjectFacts) -> list[str]:
        """Return why this tool does not apply to the subject (empty when it does, or when unknown)."""
        reasons = []
        if facts.age is not None and self.max_age is not None and facts.age >= self.max_age:
            reasons.append(f"the subject was {facts.age}, and it is for under-{self.max_age}s")
        if facts.age is not None and self.min_age is not None and facts.age < self.min_age:
            reasons.append(f"the subject was {facts.age}, and it is for people aged {self.min_age} or over")
        gender = facts.gender.strip()
        if self.males_only and gender and gender.lower() not in MALE_WORDS:
            reasons.append(f"it is validated on males only and the subject's gender is recorded as {gender}")
        if self.sexual_offence and not (facts.convicted and facts.sexual_offence):
            reasons.append("the subject is not recorded as convicted of a sexual offence")
        return reasons

    def scale(self, key: str) -> Scale | None:
        """Return one of the tool's scales by key."""
        return next((s for s in self.scales if s.key == key), None)

    def stray_results(self, results: Mapping[str, str]) -> list[str]:
        """Return what in a row's results this tool does not produce: another scale, or a value it does not allow.

        Such values come from a tool changed after its scales were filled in, or from
        bands recorded before tools had their own scales; nothing is said for "other" tools.
        """
        if self is OTHER:
            return []
        stray = []
        for key, value in results.items():
            scale = self.scale(key)
            if not value.strip():
                continue
            if scale is None:
                stray.append(f"{_label_of(key)} ({value}) is not a scale of {self.name}")
            elif value not in scale.values:
                stray.append(f"“{value}” is not a {scale.label} value ({', '.join(scale.values)})")
        return stray


TOOLS: tuple[RiskTool, ...] = (
    RiskTool(
        key="rm2000",
        name="Risk Matrix 2000",
        aliases=("RM2000", "RM 2000", "Risk Matrix"),
        scales=(
            Scale("reconviction", "Sexual reconviction (RM2000/S)", LEVELS),
            Scale("violence", "Violence (RM2000/V)", LEVELS),
            Scale("combined", "Combined (RM2000/C)", LEVELS),
        ),
        applies_to="adult males convicted of a sexual offence",
        min_age=ADULT_AGE,
        males_only=True,
        sexual_offence=True,
    ),
    RiskTool(
        key="sa07",
        name="Stable & Acute 2007",
        aliases=("SA07", "Stable and Acute 2007", "Stable-2007", "Acute-2007"),
        scales=(
            Scale("stable", "Stable-2007 level", MODERATE_LEVELS),
            Scale("acute", "Acute-2007 level", MODERATE_LEVELS),
        ),
        applies_to="adult males convicted of a sexual offence",
        min_age=ADULT_AGE,
        males_only=True,
        sexual_offence=True,
    ),
    RiskTool(
        key="aim3",
        name="AIM3",
        aliases=("AIM3 (young people)", "AIM 3", "AIM"),
        scales=(
            Scale("static_concern", "Static concern", LEVELS[:3]),
            Scale("dynamic", "Dynamic concern", LEVELS[:3]),
        ),
        applies_to="young people under 18 with harmful sexual behaviour",
        max_age=ADULT_AGE,
    ),
    RiskTool(
        key="erasor",
        name="ERASOR",
        aliases=("ERASOR 2.0",),
        scales=(Scale("overall", "Overall risk level", MODERATE_LEVELS),),
        applies_to="adolescents aged 12 to 17",
        min_age=12,
        max_age=ADULT_AGE,
    ),
    RiskTool(
        key="rsvp",
        name="RSVP",
        aliases=("Risk for Sexual Violence Protocol",),
        scales=(
            Scale("case_priority", "Case prioritisation", MODERATE_LEVELS),
            Scale("serious_harm", "Serious physical harm", MODERATE_LEVELS),
            Scale("imminent", "Imminent sexual violence", MODERATE_LEVELS),
        ),
        applies_to="adults with sexual violence",
        min_age=ADULT_AGE,
    ),
    RiskTool(
        key="lscmi",
        name="LS/CMI",
        aliases=("LSCMI", "LS-CMI", "Level of Service/Case Management Inventory"),
        scales=(Scale("risk_need", "Risk/need level", ("Very low", "Low", "Medium", "High", "Very high")),),
        applies_to="people aged 16 or over",
        min_age=16,
    ),
)
# "Other": any tool the registry does not know, printed under the label the chair typed.
OTHER = RiskTool(
    key=OTHER_KEY,
    name="Other",
    aliases=(),
    scales=(Scale("level", "Overall level", LEVELS),),
    applies_to="as the tool's own guidance says",
)
_BY_NAME = {n.casefold(): t for t in TOOLS for n in (t.name, *t.aliases)}


def tool_named(name: str) -> RiskTool:
    """Return the tool a stored or typed name means ("SA07" is Stable & Acute 2007); unknown names are OTHER."""
    return _BY_NAME.get(name.strip().casefold(), OTHER)


def tool_names() -> list[str]:
    """Return the names offered in the chair's tool list, "other" tools being typed in."""
    return [t.name for t in TOOLS]


def default_tool(facts: SubjectFacts) -> RiskTool:
    """Return the first registered tool for the subject's age: Risk Matrix 2000 for an adult, AIM3 for an under-18.

    Only the age decides (it is always known when the birth date is): a chair who
    picks up a new row gets a tool built for that age group, and the completeness
    check still names any other reason the tool does not fit.
    """
    by_age = SubjectFacts(age=facts.age, convicted=True, sexual_offence=True)
    for tool in TOOLS:
        if not tool.misfits(by_age):
            return tool
    return OTHER


def age_on(born: date | None, when: date) -> int | None:
    """Return the age in whole years on a day, or None when the birth date is unknown."""
    if born is None:
        return None
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


@dataclass(frozen=True)
class ScaleResult:
    """One printed result: the scale's name and its value."""

    label: str
    value: str


def scale_results(tool_name: str, results: Mapping[str, str]) -> list[ScaleResult]:
    """Return the results to print for an assessment, in the tool's order, by the scale's name.

    Values stored under keys the tool does not declare (recorded before tools had
    their own scales, or under another tool chosen earlier) are printed too, after
    the tool's own, so nothing recorded is ever silently dropped.
    """
    tool = tool_named(tool_name)
    out = [ScaleResult(s.label, results[s.key]) for s in tool.scales if results.get(s.key, "").strip()]
    declared = {s.key for s in tool.scales}
    for key, value in results.items():
        if key not in declared and value.strip():
            out.append(ScaleResult(_label_of(key), value))
    return out


def _label_of(key: str) -> str:
    if key in LEGACY_SCALE_LABELS:
        return LEGACY_SCALE_LABELS[key]
    for tool in TOOLS:
        scale = tool.scale(key)
        if scale is not None:
            return scale.label
    return key.replace("_", " ").capitalize()


def form_scales(tool_name: str, results: Mapping[str, str]) -> list[Scale]:
    """Return the scales the chair's form shows: the tool's own, then any other scale holding a value.

    The second kind (values recorded before tools had their own scales, or under a
    tool chosen earlier) come with no allowed values: they can be kept or cleared.
    """
    tool = tool_named(tool_name)
    declared = {s.key for s in tool.scales}
    extra = [Scale(k, _label_of(k), ()) for k, v in results.items() if k not in declared and v.strip()]
    return [*tool.scales, *extra]


def tool_display_name(stored: str) -> str:
    """Return the name to print for a stored tool: the registry's own name ("SA07" prints in full), else as typed."""
    tool = tool_named(stored)
    return stored.strip() if tool is OTHER else tool.name
