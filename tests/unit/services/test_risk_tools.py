"""The registry of risk assessment tools: each tool's scales, and whom it applies to."""

import pytest

from solodesk.services.risk_tools import (
    OTHER,
    TOOLS,
    SubjectFacts,
    default_tool,
    form_scales,
    scale_results,
    tool_display_name,
    tool_named,
)

ADULT_SEX_OFFENDER = SubjectFacts(age=45, gender="Male", convicted=True, sexual_offence=True)
BOY_OF_16 = SubjectFacts(age=16, gender="Male", convicted=False, sexual_offence=False)


def test_each_tool_declares_its_own_scales() -> None:
    """Risk Matrix 2000 has reconviction, violence and combined; SA07 stable and acute; AIM3 static and dynamic."""
    labels = {t.name: [s.label for s in t.scales] for t in TOOLS}
    assert labels["Risk Matrix 2000"] == [
        "Sexual reconviction (RM2000/S)",
        "Violence (RM2000/V)",
        "Combined (RM2000/C)",
    ]
    assert labels["Stable & Acute 2007"] == ["Stable-2007 level", "Acute-2007 level"]
    assert labels["AIM3"] == ["Static concern", "Dynamic concern"]
    assert labels["ERASOR"] == ["Overall risk level"]
    assert {"RSVP", "LS/CMI"} <= set(labels)
    assert all(scale.values for tool in TOOLS for scale in tool.scales)  # every scale says what it allows
    assert tool_named("Risk Matrix 2000").scale("violence").values == ("Low", "Medium", "High", "Very high")


@pytest.mark.parametrize(
    ("typed", "name"),
    [("SA07", "Stable & Acute 2007"), ("aim3 (young people)", "AIM3"), (" rm2000 ", "Risk Matrix 2000")],
)
def test_names_people_type_find_the_tool(typed: str, name: str) -> None:
    """Aliases and the old list's spellings find the registered tool, printed under its own name."""
    assert tool_named(typed).name == name
    assert tool_display_name(typed) == name


def test_an_unknown_tool_is_other_under_its_own_label() -> None:
    """A tool the registry does not know is "other", printed as the chair typed it."""
    assert tool_named("Static-99R") is OTHER
    assert tool_display_name("Static-99R ") == "Static-99R"
    assert OTHER.misfits(BOY_OF_16) == []


def test_rm2000_applies_to_adult_males_convicted_of_a_sexual_offence() -> None:
    """RM2000 fits the adult male sex offender, and names each reason it does not fit a 16-year-old."""
    rm2000 = tool_named("Risk Matrix 2000")
    assert rm2000.misfits(ADULT_SEX_OFFENDER) == []
    reasons = rm2000.misfits(BOY_OF_16)
    assert any("the subject was 16" in r and "18 or over" in r for r in reasons)
    assert any("not recorded as convicted of a sexual offence" in r for r in reasons)
    woman = SubjectFacts(age=30, gender="Female", convicted=True, sexual_offence=True)
    assert rm2000.misfits(woman) == ["it is validated on males only and the subject's gender is recorded as Female"]
    unknown_gender = SubjectFacts(age=30, gender="", convicted=True, sexual_offence=True)
    assert rm2000.misfits(unknown_gender) == []  # nothing recorded: nothing to warn about


def test_youth_tools_do_not_apply_to_adults_at_the_boundary() -> None:
    """AIM3 and ERASOR apply at 17 and not at 18; ERASOR not below 12; an unknown age gives no warning."""
    aim3, erasor = tool_named("AIM3"), tool_named("ERASOR")
    assert aim3.misfits(SubjectFacts(age=17)) == [] and erasor.misfits(SubjectFacts(age=17)) == []
    assert aim3.misfits(SubjectFacts(age=18)) == ["the subject was 18, and it is for under-18s"]
    assert erasor.misfits(SubjectFacts(age=11)) == ["the subject was 11, and it is for people aged 12 or over"]
    assert aim3.misfits(SubjectFacts(age=None)) == []


def test_default_tool_follows_age_never_rm2000_for_an_under_18() -> None:
    """An under-18 gets AIM3 by default; an adult Risk Matrix 2000."""
    assert default_tool(BOY_OF_16).name == "AIM3"
    assert default_tool(SubjectFacts(age=17, gender="Female")).name == "AIM3"
    assert default_tool(ADULT_SEX_OFFENDER).name == "Risk Matrix 2000"


def test_results_print_by_scale_name_in_the_tools_order_and_keep_old_values() -> None:
    """Values print under the scale's name in the tool's order; a value from an old band is never dropped."""
    results = {"combined": "High", "reconviction": "Medium", "harm": "High"}
    printed = [(r.label, r.value) for r in scale_results("Risk Matrix 2000", results)]
    assert printed == [
        ("Sexual reconviction (RM2000/S)", "Medium"),
        ("Combined (RM2000/C)", "High"),
        ("Risk of harm", "High"),
    ]
    shown = [s.label for s in form_scales("Risk Matrix 2000", results)]
    assert shown[-1] == "Risk of harm" and len(shown) == 4


def test_values_a_tool_does_not_produce_are_named() -> None:
    """Another tool's scale and a value outside the scale's list are named; "other" tools are never questioned."""
    rm2000 = tool_named("Risk Matrix 2000")
    stray = rm2000.stray_results({"static_concern": "High", "reconviction": "Moderate", "violence": "Low"})
    assert stray == [
        "Static concern (High) is not a scale of Risk Matrix 2000",
        "“Moderate” is not a Sexual reconviction (RM2000/S) value (Low, Medium, High, Very high)",
    ]
    assert OTHER.stray_results({"anything": "Whatever"}) == []
