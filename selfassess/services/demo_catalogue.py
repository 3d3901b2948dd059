"""Made-up names and notes for demo data: places, partner kinds, job titles, evidence."""

from __future__ import annotations

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
PLACES = (
    "Ashvale",
    "Brackmoor",
    "Calderbridge",
    "Dunmere",
    "Eastholme",
    "Fernley",
    "Greywater",
    "Harrowby",
    "Ivington",
    "Kestrel Bay",
    "Larkfield",
    "Marrowdale",
    "Northwick",
    "Oakhurst",
    "Pennington",
    "Queensmead",
    "Ravensworth",
    "Saltney",
    "Thornbury",
    "Upperby",
)
SUFFIXES = (
    "",
    " and District",
    " City",
    " Borough",
    " Shire",
    " Vale",
    " Coast",
    " Forest",
)
PARTNERS = (
    ("{} Council", "local_authority"),
    ("{} Primary Care Trust", "primary_care_trust"),
    ("{} Schools Forum", "school_or_college"),
    ("{} Voluntary Action", "third_sector"),
    ("{} Youth Offending Service", "youth_justice"),
    ("{} Police", "police"),
    ("{} Hospitals NHS Trust", "other_nhs"),
    ("{} Further Education College", "school_or_college"),
    ("Brightstart Nurseries ({})", "private_provider"),
    ("{} Housing Partnership", "other"),
)
JOBS = (
    "Commissioning manager",
    "Head of service",
    "Finance lead",
    "Designated nurse",
    "Head teacher",
    "Performance officer",
    "Strategy officer",
    "Operations director",
)
EVIDENCE = (
    "Agreed at the Children's Trust Board; minutes on the shared drive.",
    "Covered in the Children and Young People's Plan, section 4.",
    "Only in the early years service so far; other teams not yet involved.",
    "JSNA chapter on children updated this year.",
    "Piloted with two providers; evaluation due in the spring.",
    "Raised at the last partnership away day; no written agreement yet.",
    "Quarterly performance report to the executive board.",
    "Young people's panel sat on the last two tender evaluations.",
)
