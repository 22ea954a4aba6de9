"""Realistic answer sets shared by the matching, planning and CLI tests."""

from __future__ import annotations

from typing import Any

_ATTENDING: dict[str, Any] = {
    "stage": "early-career",
    "telehealth_share": "part-time",
    "procedures": "preferred",
    "schedule": ["evenings-weekends"],
    "employment": "either",
    "diagnostic_reading": "some",
    "liability_comfort": "moderate",
    "screen_tolerance": "moderate",
}

PROFILES: dict[str, dict[str, Any]] = {
    "ir-resident-keeping-procedures": {
        "stage": "ir-resident",
        "home_state": "TX",
        "target_states": ["TX", "OK"],
        "max_licenses": 2,
        "telehealth_share": "side",
        "procedures": "essential",
        "schedule": ["weekday-daytime", "evenings-weekends"],
        "employment": "employed",
        "diagnostic_reading": "some",
        "priorities": ["stability", "patient-continuity"],
        "liability_comfort": "moderate",
        "screen_tolerance": "moderate",
    },
    "attending-strong-reader-nights": {
        **_ATTENDING,
        "diagnostic_reading": "strong",
        "schedule": ["overnight"],
        "procedures": "not-needed",
        "priorities": ["income"],
        "max_licenses": 3,
    },
    "established-fully-remote": {
        **_ATTENDING,
        "stage": "established",
        "telehealth_share": "primary",
        "procedures": "not-needed",
        "employment": "independent",
        "priorities": ["flexibility", "access"],
        "max_licenses": 5,
        "screen_tolerance": "high",
        "schedule": ["weekday-daytime", "evenings-weekends"],
        "liability_comfort": "high",
    },
    "established-one-license": {
        **_ATTENDING,
        "stage": "established",
        "telehealth_share": "primary",
        "procedures": "not-needed",
        "max_licenses": 1,
    },
    "medical-student-digital-health": {
        "stage": "medical-student",
        "telehealth_share": "side",
        "procedures": "preferred",
        "schedule": ["weekday-daytime"],
        "employment": "either",
        "priorities": ["innovation", "teaching"],
        "liability_comfort": "low",
        "screen_tolerance": "moderate",
    },
    "fellow-high-acuity-nights": {
        **_ATTENDING,
        "stage": "ir-fellow",
        "telehealth_share": "side",
        "procedures": "essential",
        "priorities": ["high-acuity", "teaching"],
        "schedule": ["evenings-weekends", "overnight"],
        "liability_comfort": "high",
    },
}
