"""The answer options of 'plan' and 'licensing', generated from the answers models: do not edit.

Regenerate with: python -m irtele_cli.schema.answers > src/irtele_cli/flags.py
"""

# (answers-file key, option names, question kind, metavar, help)
# fmt: off
PLAN: tuple[tuple[str, str, str, str, str], ...] = (
    ('stage', '--stage', 'select', 'VALUE', 'Training stage. One of: medical-student, dr-resident, ir-resident, ir-fellow, early-career, established.'),
    ('home_state', '--home', 'state', 'STATE', 'The state you live or mainly practice in (code or name).'),
    ('licensed_states', '--licensed', 'states', 'STATES', 'States where you hold a full, unrestricted license, comma-separated: TX,CA.'),
    ('board_certified', '--board-certified/--not-board-certified', 'confirm', 'VALUE', 'Whether you are board certified (ABR or AOBR).'),
    ('target_states', '--target', 'states', 'STATES', 'States where you want to see patients or cover hospitals, comma-separated.'),
    ('max_licenses', '--max-licenses', 'number', 'N', 'How many state licenses you are willing to hold in all.'),
    ('telehealth_share', '--telehealth-share', 'select', 'VALUE', 'How much of the work is telehealth. One of: side, part-time, primary.'),
    ('procedures', '--procedures', 'select', 'VALUE', 'How much hands-on procedural work to keep. One of: essential, preferred, not-needed.'),
    ('schedule', '--schedule', 'checkbox', 'SLOTS', 'When you are open to telehealth work, comma-separated. Any of: weekday-daytime, evenings-weekends, overnight.'),
    ('employment', '--employment', 'select', 'VALUE', 'How you want to be engaged. One of: employed, independent, either.'),
    ('diagnostic_reading', '--diagnostic-reading', 'select', 'VALUE', 'How much diagnostic reading you keep up. One of: strong, some, none.'),
    ('priorities', '--priorities', 'checkbox', 'PRIORITIES', 'Up to three priorities, comma-separated. Any of: stability, flexibility, income, high-acuity, teaching, innovation, patient-continuity, access.'),
    ('liability_comfort', '--liability-comfort', 'select', 'VALUE', 'Comfort with IR-specific liability at a distance. One of: low, moderate, high.'),
    ('screen_tolerance', '--screen-tolerance', 'select', 'VALUE', 'Tolerance of back-to-back video work. One of: low, moderate, high.'),
)
LICENSING: tuple[tuple[str, str, str, str, str], ...] = (
    ('home_state', '--home', 'state', 'STATE', 'The state you live or mainly practice in (code or name).'),
    ('licensed_states', '--licensed', 'states', 'STATES', 'States where you hold a full, unrestricted license, comma-separated: TX,CA.'),
    ('target_states', '--target', 'states', 'STATES', 'States where you want to see patients or cover hospitals, comma-separated.'),
    ('board_certified', '--board-certified/--not-board-certified', 'confirm', 'VALUE', 'Board certified; not given is not the same as no.'),
    ('max_licenses', '--max-licenses', 'number', 'N', 'Licenses you are willing to hold; without it totals are not judged.'),
    ('teleradiology', '--teleradiology/--no-teleradiology', 'confirm', 'VALUE', 'Your reads cross state lines (adds where you read).'),
)
# The values each choice answer admits, for shell completion: answers-file key -> values
CHOICES: dict[str, tuple[str, ...]] = {
    'stage': ('medical-student', 'dr-resident', 'ir-resident', 'ir-fellow', 'early-career', 'established'),
    'telehealth_share': ('side', 'part-time', 'primary'),
    'procedures': ('essential', 'preferred', 'not-needed'),
    'schedule': ('weekday-daytime', 'evenings-weekends', 'overnight'),
    'employment': ('employed', 'independent', 'either'),
    'diagnostic_reading': ('strong', 'some', 'none'),
    'priorities': ('stability', 'flexibility', 'income', 'high-acuity', 'teaching', 'innovation', 'patient-continuity', 'access'),
    'liability_comfort': ('low', 'moderate', 'high'),
    'screen_tolerance': ('low', 'moderate', 'high'),
}
# fmt: on
