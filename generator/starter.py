"""`assembly new`: a starter assembly that builds at once and shows an officer what to edit."""

from __future__ import annotations

from pathlib import Path

from generator.errors import UsageError
from generator.load.files import ID_PATTERN, slugify

SITE_CONFIG = """\
# Settings for every assembly website your organisation publishes.
organisation:
  name: Your Council                       # shown in the header and footer
  url: https://www.example.gov.uk          # your main website (optional)
language: en-GB
contact_email: engagement@example.gov.uk   # shown in the footer of every page
accessibility:
  contact_email: accessibility@example.gov.uk
  last_reviewed: 2026-01-01
theme:
  primary_colour: "#1d4f91"                # header colour; must contrast 4.5:1 with white text
"""

FILES: dict[str, str] = {
    "assembly.yml": """\
# The assembly itself. Fields marked "required" must be filled in.
# Dates are written year-month-day, such as 2026-03-14.
title: {title}                 # required
question: What question did the assembly answer?  # required
commissioned_by: Your Council     # required
status: planned   # required: planned, recruiting, running, reported, responded or archived
dates: {{start: 2026-03-14, end: 2026-04-25}}
members: {{recruited: 50, completed: 45}}
summary: |
  Write two or three sentences about what the assembly did and what it recommended.
documents: []     # add reports like: - {{title: Final report, type: report, file: documents/final-report.pdf}}
licence: OGL-3.0
""",
    "pages/about.md": """\
---
title: About the assembly
order: 1
---
Explain why the assembly was held, who took part and how members were chosen.
""",
    "sessions/session-1.md": """\
---
title: First session
date: 2026-03-14
location: Town Hall
kind: evidence
---
Write the agenda and what happened at this session.
""",
    "speakers/example-speaker.md": """\
---
name: Example Speaker
role: Head of Transport
organisation: Your Council
stance: informant      # informant, advocate or lived-experience
interests: none declared
---
A short biography of the speaker.
""",
    "evidence/example-evidence.md": """\
---
title: An example presentation
type: presentation
session: session-1
speakers: [example-speaker]
date: 2026-03-14
---
Summarise the evidence in plain English.
""",
    "recommendations/example-recommendation.md": """\
---
number: "1"
title: An example recommendation
theme: Example theme
session: session-1
evidence: [example-evidence]
vote:
  question: To what extent do you support or oppose this recommendation?
  counts: {strongly-support: 20, support: 15, neutral: 5, oppose: 3, strongly-oppose: 2}
---
Write the recommendation exactly as the assembly agreed it.
""",
    "responses/example-recommendation.md": """\
---
recommendation: example-recommendation
position: accepted-in-part   # accepted, accepted-in-part, under-consideration, not-accepted or referred
date: 2026-06-01
reasons: Explain why the council did not accept all of it.
commitments:
  - {id: first-step, action: "Say what the council will do", owner: "Which team", due: 2026-12-31,
     status: not-started}   # status: not-started, in-progress, done or dropped; add done_on: when done
progress:
  - {date: 2026-06-01, status: not-started, percent: 0, note: "Work will start in the summer.", commitment: first-step}
---
The council's response in full.
""",
    "updates/welcome.md": """\
---
title: Welcome to the assembly's website
date: 2026-03-01
summary: This website will follow the assembly from start to finish.
---
News posts appear on the home page and in the updates feed.
""",
}


def create_assembly(root: Path, slug: str) -> Path:
    if not ID_PATTERN.match(slug):
        raise UsageError(f"'{slug}' cannot be an assembly name: use lower-case letters, digits and hyphens, "
                         f"for example '{slugify(slug)}'")
    folder = root / "content" / slug
    if folder.exists():
        raise UsageError(f"content/{slug} already exists: choose another name")
    words = " ".join(word.capitalize() for word in slug.split("-"))
    title = words if "assembly" in slug else f"{words} Citizens' Assembly"
    for rel, text in FILES.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{title}", title).replace("{{", "{").replace("}}", "}")
                        if rel == "assembly.yml" else text, encoding="utf-8")
    for empty in ("documents", "images"):
        (folder / empty).mkdir(exist_ok=True)
    config = root / "site_config.yml"
    if not config.exists():
        config.write_text(SITE_CONFIG, encoding="utf-8")
    return folder


# The example words of the files above that an officer must replace, each with what to write
# instead: left in, they are published as if they were the assembly's own (`assembly check` warns
# about each, with its line).
STARTER_PHRASES: dict[str, str] = {
    "Your Council": "the real name, such as Riverside Borough Council",
    "https://www.example.gov.uk": "the address of your organisation's website, or remove the line",
    "engagement@example.gov.uk": "the email address residents should write to",
    "accessibility@example.gov.uk": "the email address for reporting a problem with the website's accessibility",
    "What question did the assembly answer?": "the question the assembly was asked",
    "Write two or three sentences about what the assembly did and what it recommended.":
        "two or three sentences about what the assembly did and what it recommended",
    "Explain why the assembly was held, who took part and how members were chosen.":
        "a few sentences on why the assembly was held, who took part and how members were chosen",
    "First session": "the session's own title",
    "Write the agenda and what happened at this session.": "the agenda and what happened at the session",
    "Example Speaker": "the speaker's name",
    "A short biography of the speaker.": "a short biography of the speaker",
    "An example presentation": "the title of the evidence",
    "Summarise the evidence in plain English.": "a summary of the evidence in plain English",
    "An example recommendation": "the recommendation's title",
    "Example theme": "the recommendation's theme, or remove the line",
    "Write the recommendation exactly as the assembly agreed it.":
        "the recommendation exactly as the assembly agreed it",
    "Explain why the council did not accept all of it.": "the council's reasons for not accepting all of it",
    "Say what the council will do": "what the council will do",
    "Which team": "the team or person responsible",
    "Work will start in the summer.": "what has happened so far",
    "The council's response in full.": "the council's response in full",
    "Welcome to the assembly's website": "the title of your news post",
    "This website will follow the assembly from start to finish.": "one sentence that sums up the news post",
    "News posts appear on the home page and in the updates feed.": "the news post itself",
}
