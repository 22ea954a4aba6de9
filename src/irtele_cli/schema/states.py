"""US states, DC and territories: the codes every answer and licensing table uses, and normalisation."""

from __future__ import annotations

from irtele_cli.errors import IrteleError, did_you_mean

STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands", "GU": "Guam", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip
_BY_NAME = {name.lower(): code for code, name in STATES.items()}
_BY_NAME.update({"washington dc": "DC", "washington d.c.": "DC", "us virgin islands": "VI", "virgin islands": "VI"})


def normalize_state(value: str) -> str:
    """A code from a code or name in any case ('tx', 'Texas' -> 'TX'); an unknown one names the closest."""
    text = " ".join(value.split()).strip()
    if text.upper() in STATES:
        return text.upper()
    code = _BY_NAME.get(text.lower())
    if code:
        return code
    words = text.split()
    if len(words) > 1 and all(word.upper() in STATES or word.lower() in _BY_NAME for word in words):
        raise IrteleError(f"separate states with commas: '{', '.join(word.upper() for word in words)}'")
    choices = [*STATES, *(name for name in STATES.values())]
    hint = did_you_mean(text.title() if len(text) > 2 else text.upper(), choices, cutoff=0.7)
    raise IrteleError(f"unknown US state or territory '{text}'{hint or '; use a two-letter code such as TX'}")


def label(code: str) -> str:
    return f"{STATES[code]} ({code})"
