"""Write a synthetic, valid project with one assembly of N recommendations, for benchmarks.

    python bench/generate.py ROOT N [--seed S]

writes ROOT/site_config.yml and ROOT/content/bench-<N>/ with, in proportion to N:

- N recommendations in 6 themes, each with a vote;
- responses to about 80% of them, each with 1-4 progress updates;
- N/10 speakers (at least 6), N/5 evidence items (at least 8), max(4, N/50) sessions,
  N/20 updates (at least 3), and the pages about and faq.

Bodies are a few paragraphs of deterministic pseudo-English, with a list or a table now and
then. Every entity draws its text from its own random generator, seeded by (seed, kind, index),
so an entity with the same id has the same text whatever N is: recommendations/rec-0001.md is
byte-for-byte the same at N = 100 and N = 1000, and so are the entities it refers to. That makes
the size of its page comparable across N.

Only the standard library is used, so the benchmark's input does not depend on the generator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

THEMES = [
    "Getting around",
    "Shops and markets",
    "Green spaces",
    "Housing and streets",
    "Safety and welcome",
    "Culture and events",
]

WORDS = """
the council should work with residents local groups and businesses to make town centre streets
safer greener and easier to reach by bus bike or on foot every year it will publish a plan that
says what has been done what it cost and what comes next members heard that people want more
places to sit shade trees clean toilets good lighting and a market that opens on more days of the
week they asked for wider pavements fewer cars in the busiest hours cheaper rents for new shops
and clear signs in plain language for visitors young people older people and disabled people said
the same things in different words money is tight so the council must bid for national funds and
share costs with partners where it can this should happen within two years and be checked by an
independent panel that reports in public the assembly agreed that changes must be fair to those
who live further out and to those who cannot walk far or drive
""".split()

FIRST = ["Alex", "Sam", "Jordan", "Priya", "Chris", "Morgan", "Robin", "Jamie", "Hannah", "Omar",
         "Grace", "Dylan", "Fatima", "Owen", "Leah", "Kwame", "Ruth", "Tariq", "Sian", "Yusuf"]
LAST = ["Adeyemi", "Brennan", "Carter", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
        "Jones", "Kaur", "Lewis", "Murray", "Nowak", "Owusu", "Patel", "Quinn", "Reid", "Shah", "Turner"]
ORGS = ["Northvale University", "Riverside Borough Council", "Riverside Traders' Association",
        "Friends of Riverside Parks", "Riverside Cycle Campaign", "County Transport Authority",
        "Riverside Disability Forum", "Youth Council", "Local Housing Trust"]
ROLES = ["Senior Lecturer", "Head of Planning Policy", "Chair", "Volunteer Coordinator", "Campaigner",
         "Transport Planner", "Researcher", "Community Organiser", "Director"]

POSITIONS = ["accepted"] * 5 + ["accepted-in-part"] * 3 + ["under-consideration", "not-accepted", "referred"]
STATUSES = ["not-started", "in-progress", "completed", "stalled", "will-not-proceed"]

START = dt.date(2024, 1, 13)
CLOSED_BY = dt.date(2025, 12, 31)
"""Commitments are delivered or dropped by this date at the latest (before any 'today' of a run)."""


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{kind}:{index}")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=True)


def sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def title(rng: random.Random, low: int = 3, high: int = 8) -> str:
    return sentence(rng, low, high)[:-1]


def paragraph(rng: random.Random, low: int = 3, high: int = 6) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def bullet_list(rng: random.Random) -> str:
    return "\n".join(f"- {sentence(rng, 4, 12)}" for _ in range(rng.randint(3, 6)))


def table(rng: random.Random) -> str:
    rows = ["| Item | Cost | When |", "| --- | ---: | --- |"]
    for _ in range(rng.randint(3, 5)):
        rows.append(f"| {title(rng, 2, 4)} | {rng.randint(5, 900) * 1000:,} | {2024 + rng.randint(0, 3)} |")
    return "\n".join(rows)


def body(rng: random.Random, low: int = 2, high: int = 4, lists: float = 0.35, tables: float = 0.1,
         heading: str | None = None) -> str:
    """A few paragraphs, with a list or a table now and then."""
    parts = [f"## {heading}"] if heading else []
    for _ in range(rng.randint(low, high)):
        parts.append(paragraph(rng))
    if rng.random() < lists:
        parts.insert(rng.randint(1, len(parts)), bullet_list(rng))
    if rng.random() < tables:
        parts.insert(rng.randint(1, len(parts)), table(rng))
    return "\n\n".join(parts) + "\n"


def write_md(path: Path, front: list[str], text: str) -> None:
    path.write_text("---\n" + "\n".join(front) + "\n---\n" + text, encoding="utf-8")


def counts(n: int) -> dict[str, int]:
    return {
        "recommendations": n,
        "speakers": max(6, n // 10),
        "evidence": max(8, n // 5),
        "sessions": max(4, n // 50),
        "updates": max(3, n // 20),
    }


def _window(i: int, n: int, pool: int, width: int) -> int:
    """Offset of a window of `width` ids in a pool of `pool`, moving with i/n: index 0 always
    sees the first `width` ids, so its references are the same at every N."""
    return (i * (pool - width + 1) // n) if pool > width else 0


SITE_CONFIG = """\
organisation:
  name: Benchmark Borough Council
  url: https://www.bench.example.gov.uk
site_url: https://assemblies.bench.example.gov.uk/
language: en-GB
contact_email: engagement@bench.example.gov.uk
accessibility:
  contact_email: access@bench.example.gov.uk
  last_reviewed: 2026-11-01
theme:
  primary_colour: "#1d4f91"
"""


def generate(root: Path, n: int, seed: int = 1) -> Path:
    """Write a synthetic project into `root`; return the assembly folder."""
    if n < 1:
        raise ValueError("n must be at least 1")
    root = Path(root)
    c = counts(n)
    folder = root / "content" / f"bench-{n}"
    for kind in ("pages", "sessions", "speakers", "evidence", "recommendations", "responses", "updates"):
        (folder / kind).mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(SITE_CONFIG, encoding="utf-8")

    sessions = [f"session-{k + 1:02d}" for k in range(c["sessions"])]
    speakers = [f"speaker-{k + 1:04d}" for k in range(c["speakers"])]
    evidence = [f"ev-{k + 1:04d}" for k in range(c["evidence"])]
    recs = [f"rec-{k + 1:04d}" for k in range(n)]
    not_put: set[str] = set()
    # Sessions fall within the same half-year at every N, so dates computed from them stay put.
    session_dates = [START + dt.timedelta(days=182 * k // len(sessions)) for k in range(len(sessions))]
    last_session = START + dt.timedelta(days=182)

    rng = _rng(seed, "assembly", 0)
    (folder / "assembly.yml").write_text(f"""\
title: Benchmark Citizens' Assembly on the Town Centre
question: How can we make the town centre somewhere we are proud of?
commissioned_by: Benchmark Borough Council
status: reported
dates: {{start: {session_dates[0]}, end: {last_session}}}
members: {{recruited: 50, completed: 46}}
recruitment: {_q(body(rng, 2, 2, lists=1.0, tables=0))}
partners:
  - {{name: Bench Deliberation Partnership, role: Design and facilitation, url: "https://deliberation.example.org"}}
funding: {{by: Ministry of Communities, amount: "£60,000"}}
summary: {_q(body(rng, 2, 3, lists=0, tables=0))}
demographics:
  - {{criterion: Age, group: "16-29", assembly: 10, population_percent: 21.5}}
  - {{criterion: Age, group: "30-44", assembly: 12, population_percent: 24.8}}
  - {{criterion: Age, group: "45-64", assembly: 14, population_percent: 31.2}}
  - {{criterion: Age, group: "65 and over", assembly: 10, population_percent: 22.5}}
licence: OGL-3.0
""", encoding="utf-8")

    for k, sid in enumerate(sessions):
        rng = _rng(seed, "session", k)
        agenda = "\n".join(f"- {9 + h}:00: {title(rng, 3, 7)}" for h in range(rng.randint(5, 8)))
        front = [f"title: {_q(f'Session {k + 1}: ' + title(rng, 3, 6))}", f"date: {session_dates[k]}",
                 f"end_date: {session_dates[k] + dt.timedelta(days=1)}",
                 "location: Civic Centre, Market Square" if k % 4 != 3 else "online: true",
                 f"kind: {['evidence', 'evidence', 'deliberation', 'ballot'][k % 4]}"]
        write_md(folder / "sessions" / f"{sid}.md", front,
                 f"## Agenda\n\n{agenda}\n\n" + body(rng, 2, 4, heading="What happened"))

    for k, pid in enumerate(speakers):
        rng = _rng(seed, "speaker", k)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        front = [f"name: {_q(name)}", f"role: {_q(rng.choice(ROLES))}", f"organisation: {_q(rng.choice(ORGS))}",
                 f"stance: {rng.choice(['informant', 'informant', 'advocate', 'lived-experience'])}",
                 f"interests: {_q('none declared' if rng.random() < 0.7 else 'Member of ' + rng.choice(ORGS))}"]
        if rng.random() < 0.5:
            front += ["links:", f"  - {{title: {_q(title(rng, 3, 5))}, url: \"https://example.org/{pid}\"}}"]
        write_md(folder / "speakers" / f"{pid}.md", front, body(rng, 1, 3, lists=0.1, tables=0))

    for k, eid in enumerate(evidence):
        rng = _rng(seed, "evidence", k)
        s = _window(k, len(evidence), len(sessions), 1)
        w = _window(k, len(evidence), len(speakers), 6)
        who = sorted(rng.sample(range(w, min(w + 6, len(speakers))), rng.randint(1, 2)))
        front = [f"title: {_q(title(rng, 3, 8))}",
                 f"type: {rng.choice(['presentation', 'briefing', 'submission', 'report', 'other'])}",
                 f"session: {sessions[s]}", f"speakers: [{', '.join(speakers[p] for p in who)}]",
                 f"date: {session_dates[s]}"]
        write_md(folder / "evidence" / f"{eid}.md", front, body(rng, 2, 4, lists=0.5, tables=0.15))

    for k, rid in enumerate(recs):
        rng = _rng(seed, "recommendation", k)
        s = _window(k, n, len(sessions), 1)
        w = _window(k, n, len(evidence), 8)
        ev = sorted(rng.sample(range(w, min(w + 8, len(evidence))), rng.randint(1, 3)))
        support = rng.randint(20, 44)
        rest = 46 - support
        oppose = rng.randint(0, rest)
        neutral = rest - oppose
        front = [f"number: \"{k + 1}\"", f"title: {_q(title(rng, 4, 10))}", f"theme: {_q(THEMES[k % 6])}",
                 f"session: {sessions[s]}", f"evidence: [{', '.join(evidence[e] for e in ev)}]",
                 "vote:",
                 "  question: To what extent do you support or oppose this recommendation?",
                 f"  counts: {{strongly-support: {support // 2}, support: {support - support // 2}, "
                 f"neutral: {neutral}, oppose: {oppose - oppose // 3}, strongly-oppose: {oppose // 3}}}"]
        if rng.random() < 0.3:
            front.append(f"  no-response: {rng.randint(1, 3)}")
        if support < 24:
            front.append("outcome: not-put-to-council")
            not_put.add(rid)
        write_md(folder / "recommendations" / f"{rid}.md", front, body(rng, 2, 4))

    for k, rid in enumerate(recs):
        rng = _rng(seed, "response", k)
        if k and rng.random() >= 0.8:
            continue  # awaiting a response (the first always has one, for the size comparison)
        if rid in not_put:
            continue  # the assembly did not pass it: the council has nothing to respond to
        position = rng.choice(POSITIONS)
        date = last_session + dt.timedelta(days=60 + rng.randint(0, 30))
        front = [f"recommendation: {rid}", f"position: {position}", f"date: {date}",
                 "decided_by: {body: Cabinet, meeting: " + _q(f"Cabinet meeting, {date:%d %B %Y}") + "}"]
        if position != "accepted":
            front.append(f"reasons: {_q(paragraph(rng, 2, 3))}")
        front.append("commitments:")
        states = _rng(seed, "commitment-status", k)  # its own stream: the other draws stay as they were
        for n in range(rng.randint(1, 3)):
            due = date + dt.timedelta(days=rng.randint(90, 720))
            status = states.choice(["not-started", "in-progress", "done", "done", "dropped"])
            if status in ("done", "dropped") and due > CLOSED_BY:
                status = "in-progress"  # never delivered on a date still to come
            closed = f", done_on: {due - dt.timedelta(days=states.randint(0, 60))}" if status in ("done", "dropped") \
                else ""
            front.append(f"  - {{id: c{n + 1}, action: {_q(title(rng, 4, 9))}, owner: {_q(rng.choice(ORGS))}, "
                         f"due: {due}, status: {status}{closed}}}")
        front.append("progress:")
        day, percent = date, 0
        steps = rng.randint(1, 4)
        for step in range(steps):
            day += dt.timedelta(days=rng.randint(30, 200))
            percent = min(100, percent + rng.randint(5, 40))
            last = step == steps - 1
            status = ("will-not-proceed" if position == "not-accepted" else
                      "completed" if last and percent == 100 else
                      rng.choice(["in-progress", "in-progress", "stalled"]) if step else "in-progress")
            front.append(f"  - {{date: {day}, status: {status}, percent: {percent}, note: {_q(sentence(rng, 6, 14))}}}")
        write_md(folder / "responses" / f"{rid}.md", front, body(rng, 2, 4, heading="Our response"))

    for k in range(c["updates"]):
        rng = _rng(seed, "update", k)
        date = START + dt.timedelta(days=9 * k)
        front = [f"title: {_q(title(rng, 4, 9))}", f"date: {date}", f"summary: {_q(sentence(rng, 10, 20))}"]
        write_md(folder / "updates" / f"update-{k + 1:04d}.md", front, body(rng, 2, 4))

    rng = _rng(seed, "page", 0)
    write_md(folder / "pages" / "about.md", ["title: About the assembly", "order: 1"],
             "\n".join(body(rng, 2, 3, heading=title(rng, 2, 5)) for _ in range(3)))
    rng = _rng(seed, "page", 1)
    write_md(folder / "pages" / "faq.md", ["title: Questions and answers", "order: 2"],
             "\n".join(f"## {title(rng, 4, 9)}?\n\n{paragraph(rng, 2, 4)}\n" for _ in range(8)))
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder to write site_config.yml and content/ into")
    parser.add_argument("n", type=int, help="number of recommendations")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    folder = generate(args.root, args.n, args.seed)
    files = sum(1 for _ in folder.rglob("*.md"))
    print(f"Wrote {folder} ({files} Markdown files).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
