"""Write a stress-test content folder: everything an officer could legitimately write that makes
a layout suffer.

    python tests/browser/make_stress.py [OUT]    (default: tests/browser/fixtures/stress)

OUT gets a site_config.yml and content/ with two assemblies:
- `stress-assembly`: 60 recommendations, 200-character titles, accented names, names in Arabic
  and Hebrew script (marked with lang/dir where the format allows it: in Markdown bodies), long
  unbroken words and addresses, wide tables, a video with captions and a plain-text transcript,
  missing optional fields everywhere;
- `bare-minimum`: an assembly.yml with the required fields only and nothing else at all.

The content must stay valid: `assembly --root OUT check` reports no errors. The page ids the
browser tests visit are in PAGE_KINDS.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "content" / "riverside-town-centre"
SLUG = "stress-assembly"
BARE = "bare-minimum"

LONG_WORD = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" + "Pneumonoultramicroscopic"  # 82 chars
assert len(LONG_WORD) >= 80
LONG_URL = ("https://consultations.example.org/town-centre/recommendations/supporting-documents/"
            "appendix-b-detailed-costings-for-every-option-considered-by-members-2026.pdf")
ARABIC_NAME = "أميرة الحسيني"
HEBREW_NAME = "נועה כהן־לוי"
ARABIC_SENTENCE = "نريد مركز مدينة آمنا ونظيفا ومفتوحا للجميع، في النهار وفي الليل."
HEBREW_SENTENCE = "אנחנו רוצים מרכז עיר בטוח, נקי ופתוח לכולם."

# Which generated page is each kind of page, for the browser tests (paths inside the site).
PAGE_KINDS = {
    "portal": "index.html",
    "home": f"{SLUG}/index.html",
    "recommendations": f"{SLUG}/recommendations/index.html",
    "recommendations-filtered": f"{SLUG}/recommendations/by-response/awaiting-response.html",
    "recommendation-responded": f"{SLUG}/recommendations/rec-01.html",
    "recommendation-awaiting": f"{SLUG}/recommendations/rec-60.html",
    "recommendation-bare": f"{SLUG}/recommendations/rec-07.html",
    "responses": f"{SLUG}/responses/index.html",
    "sessions": f"{SLUG}/sessions/index.html",
    "session-recording": f"{SLUG}/sessions/session-1.html",
    "speakers": f"{SLUG}/speakers/index.html",
    "speaker-photo": f"{SLUG}/speakers/chidi-okonkwo.html",
    "speaker-rtl": f"{SLUG}/speakers/amira-alhusseini.html",
    "evidence": f"{SLUG}/evidence/index.html",
    "evidence-video": f"{SLUG}/evidence/evidence-1.html",
    "updates": f"{SLUG}/updates/index.html",
    "update": f"{SLUG}/updates/update-2.html",
    "page": f"{SLUG}/about.html",
    "accessibility": f"{SLUG}/accessibility.html",
    "not-found": f"{SLUG}/404.html",
    "report": f"{SLUG}/report/index.html",
    "report-chapter": f"{SLUG}/report/what-members-heard.html",
    "report-plain": f"{SLUG}/report/plain.html",
    "bare-home": f"{BARE}/index.html",
    "bare-recommendations": f"{BARE}/recommendations/index.html",
    "bare-responses": f"{BARE}/responses/index.html",
    "bare-speakers": f"{BARE}/speakers/index.html",
}
SEARCH_WORD = "Réaménagement"  # appears in recommendation titles


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def long_title(start: str, length: int = 200) -> str:
    filler = (" including the streets around the old market hall, the bus station, the riverside walk, "
              "the car parks on Mill Lane and every lane and passage that joins them to the High Street")
    text = start + filler
    while len(text) < length:
        text += filler
    return text[:length].rstrip() + "."


def front(fields: list[str], body: str = "") -> str:
    return "---\n" + "\n".join(fields) + "\n---\n" + body.strip() + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_pdf(path: Path, pages: int) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        writer.write(handle)


def make_photo(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 900), (32, 90, 120))  # wider than any screen it is shown on
    draw = ImageDraw.Draw(image)
    draw.ellipse((600, 150, 1000, 550), fill=(230, 190, 150))
    draw.rectangle((520, 560, 1080, 900), fill=(20, 40, 60))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


ORGANISATION = ("Conseil régional de Bretagne-Île-de-France et de Provence-Alpes-Côte-d'Azur, "
                "Direction de la participation citoyenne")
SITE_CONFIG = f"""\
# Stress-test settings: a long organisation name with accents, no site_url (relative links only),
# no organisation url, no logo, an extra progress status, and a long contact address.
organisation:
  name: {q(ORGANISATION)}
language: en-GB
contact_email: participation-citoyenne-et-democratie-deliberative@assemblees.region-exemple.example.org
accessibility:
  contact_email: accessibilite-numerique@assemblees.region-exemple.example.org
  known_issues:
    - {q("Some older PDF documents, such as " + LONG_WORD + ", are not fully accessible.")}
theme:
  primary_colour: "#6b1f4d"
progress_statuses:
  - {{key: not-started, label: Not started}}
  - {{key: in-progress, label: In progress}}
  - {{key: en-cours-de-realisation, label: "En cours de réalisation (étape intermédiaire)"}}
  - {{key: completed, label: Completed}}
  - {{key: stalled, label: Stalled}}
  - {{key: will-not-proceed, label: Will not proceed}}
"""

THEMES = [
    "Getting around",
    "Santé, bien-être et qualité de l'air",
    long_title("Housing, empty homes and the cost of living for people who rent", 120),
    "Shops & markets",
]
POSITIONS = ["accepted", "accepted-in-part", "under-consideration", "not-accepted", "referred"]
STATUSES = ["not-started", "in-progress", "en-cours-de-realisation", "completed", "stalled", "will-not-proceed"]


QUESTION = ("How should we change " + LONG_WORD + " and the town centre so that everyone — including people who "
            "use wheelchairs, parents with buggies and older residents — can get around safely?")
REPORT_TITLE = long_title("The final report of the assembly, with every appendix", 200)


def assembly_yml() -> str:
    return f"""\
title: {q(long_title("Assemblée citoyenne sur l'avenir du centre-ville de Saint-Étienne-du-Rouvray", 200))}
question: {q(QUESTION)}
commissioned_by: {q("Conseil régional de Bretagne-Île-de-France et de Provence-Alpes-Côte-d'Azur")}
status: running
dates: {{start: 2026-03-07}}
members: {{recruited: 120}}
recruitment: |
  We sent **25,000 letters**. Members were chosen by lot from the {LONG_WORD} register.

  <p lang="ar" dir="rtl">{ARABIC_SENTENCE}</p>
partners:
  - name: {q("Société d'Économie Mixte de Saint-Étienne-du-Rouvray pour la Démocratie Délibérative")}
  - name: {q(ARABIC_NAME + " Associates")}
    role: Translation
  - name: Long Address Partnership
    role: Evaluation
    url: {LONG_URL}
funding: {{amount: "€120,000"}}
summary: |
  A summary with a very long word: {LONG_WORD}. And a long address: <{LONG_URL}>.

  <p lang="he" dir="rtl">{HEBREW_SENTENCE}</p>
demographics:
  - {{criterion: Age, group: "16-29", assembly: 30, population_percent: 21.5}}
  - {{criterion: Age, group: "30 and over"}}
  - {{criterion: {q("Langue parlée à la maison")}, group: {q("Arabe (العربية)")}, assembly: 12}}
  - {{criterion: {q("Langue parlée à la maison")}, group: {q("Hébreu (עברית)")}, population_percent: 0.4}}
  - {{criterion: {q(LONG_WORD)}, group: {q(LONG_WORD)}, assembly: 1, population_percent: 0.1}}
documents:
  - {{title: {q(REPORT_TITLE)}, type: report, file: documents/final-report.pdf, published: 2026-06-01}}
  - {{title: {q("Résumé en français facile à lire")}, type: easy-read, file: documents/easy-read.pdf}}
  - {{title: {LONG_WORD}, file: documents/appendix.pdf}}
licence: {q("Licence Ouverte / Open Licence version 2.0 — " + LONG_WORD)}
"""


def rec_body(i: int) -> str:
    parts = [f"The council should act on recommendation {i} within two years and report on it every six months."]
    if i % 5 == 1:
        parts.append(f"This applies to {LONG_WORD} and to every street near it.")
    if i % 6 == 2:
        parts.append(f"Supporting costings: <{LONG_URL}>.")
    if i % 8 == 3:
        parts.append(f'<p lang="ar" dir="rtl">{ARABIC_SENTENCE}</p>')
        parts.append(f'Members quoted a resident, <span lang="he" dir="rtl">{HEBREW_SENTENCE}</span>, in the debate.')
    if i == 1:
        parts.append("| Street | Pavement width now | Pavement width proposed | Cost | Who pays | When | Notes |\n"
                     "|---|---|---|---|---|---|---|\n"
                     f"| High Street | 1.2 m | 3.0 m | £120,000 | Council | 2027 | {LONG_WORD} |\n"
                     "| Mill Lane | 0.9 m | 2.0 m | £80,000 | Council and the county | 2028 | Narrow bridge |")
        parts.append("## What members said\n\nMembers said this mattered most to older residents.")
    return "\n\n".join(parts)


def recommendation(i: int) -> str:
    number = f"{i}" if i % 10 != 4 else f"{i}a"
    if i % 3 == 1:
        title = long_title(f"Réaménagement {i}: make every pavement wide enough for two wheelchairs to pass", 200)
    elif i % 3 == 2:
        title = f"Réaménagement des rues piétonnes n° {i} — Zoë’s proposal for {LONG_WORD}"
    else:
        title = f"Open a community hub in each ward ({i})"
    fields = [f"number: {q(number)}", f"title: {q(title)}"]
    if i % 7 != 0:
        fields.append(f"theme: {q(THEMES[i % 4])}")
    if i % 4 == 1:
        fields.append(f"session: session-{1 + i % 5}")
    if i % 5 == 2:
        fields.append(f"evidence: [evidence-{1 + i % 10}, evidence-{1 + (i + 3) % 10}]")
    if i == 7:  # the bare recommendation: required fields only
        fields = [f"number: {q(number)}", f"title: {q(title)}"]
    elif i % 9 == 0:
        fields.append("vote:\n  counts: {yes: 40, no: 12}")
    elif i % 9 == 4:
        fields.append("vote:\n  question: " + q("Êtes-vous favorable à cette proposition ? " + LONG_WORD) + "\n"
                      "  counts: {très-favorable: 20, plutôt-favorable: 31, "
                      + q("neither-in-favour-nor-against-after-hearing-all-of-the-evidence") + ": 5, "
                      "défavorable: 3}\n  no-response: 2")
    elif i % 9 != 5:
        fields.append("vote:\n  question: To what extent do you support or oppose this recommendation?\n"
                      f"  counts: {{strongly-support: {30 + i % 7}, support: {18 + i % 5}, neutral: {i % 4}, "
                      f"oppose: {i % 3}, strongly-oppose: {i % 2}}}")
    if i in (13, 26):
        fields.append("outcome: not-put-to-council")
    return front(fields, rec_body(i))


def response(i: int) -> str:
    position = POSITIONS[i % 5] if i != 1 else "accepted-in-part"
    fields = [f"recommendation: rec-{i:02d}", f"position: {position}", f"date: 2026-{1 + i % 12:02d}-{1 + i % 27:02d}"]
    if i % 3 == 0:
        fields.append("decided_by: {body: Cabinet}")
    elif i % 3 == 1:
        fields.append("decided_by:\n  body: " + q("Comité exécutif régional") + "\n  meeting: "
                      + q("Séance plénière extraordinaire du 14 février") + f"\n  minutes_url: {LONG_URL}")
    if position != "accepted":
        fields.append("reasons: |\n  " + f"The budget for {LONG_WORD} is already committed." if i % 2 else
                      "reasons: We need to consult the county council first.")
    if i % 4 != 3:
        fields.append("commitments:")
        action = long_title("Survey every pavement in the town centre and publish the results", 200)
        owner = q("Service de la voirie et des déplacements doux")
        fields.append(f"  - {{action: {q(action)}, owner: {owner}, due: 2027-03-31}}")
        fields.append("  - {action: " + q("Publish " + LONG_WORD) + "}")
    if i == 1:
        fields.append("progress:")
        for n, status in enumerate(STATUSES):
            note = q(f"Update {n + 1}: " + (LONG_WORD if n == 2 else "work continued as planned."))
            percent = f", percent: {n * 20}" if n != 3 else ""
            fields.append(f"  - {{date: 2026-0{n + 2}-10, status: {status}{percent}, note: {note}}}")
    elif i % 5 != 4:
        fields.append("progress:")
        fields.append(f"  - {{date: 2026-06-01, status: {STATUSES[i % 6]}}}")
        if i % 2:
            fields.append(f"  - {{date: 2026-09-01, status: {STATUSES[(i + 1) % 6]}, percent: {i % 101}, "
                          f"note: {q('Checked by ' + ARABIC_NAME + ' and ' + HEBREW_NAME + '.')}}}")
    body = f"We respond to recommendation {i} as follows. {LONG_WORD if i == 1 else ''}".strip()
    if i == 1:
        body += '\n\n## Notre réponse\n\n<p lang="fr">Nous acceptons une partie de cette recommandation.</p>'
    return front(fields, body)


SPEAKERS = {
    "zoe-angstrom-nunez": ["name: " + q("Zoë Ångström-Núñez"), "role: " + q("Chargée de mission « mobilités douces »"),
                           "organisation: " + q("Société d'Économie Mixte de Saint-Étienne"), "stance: advocate",
                           "interests: " + q("Member of the cycling campaign Vélo-Cité.")],
    "amira-alhusseini": ["name: " + q(ARABIC_NAME), "role: Community interpreter", "stance: lived-experience",
                         "interests: none declared"],
    "noa-cohen-levi": ["name: " + q(HEBREW_NAME), "organisation: " + q("Tel Aviv–Yafo twinning association"),
                       "stance: informant", "interests: none declared"],
    "long-name": ["name: " + q("Maximilian Alexander Konstantin von Hohenzollern-Sigmaringen-Wittelsbach-"
                                "Habsburg-Lothringen-Sachsen-Coburg-und-Gotha"), "interests: none declared"],
    "chidi-okonkwo": ["name: " + q("Chidiebube Ọkọńkwọ"), "role: Town planner",
                      "organisation: " + q("Ọ̀yọ́ Planning Co-operative"), "photo: images/chidi-okonkwo.png",
                      "photo_alt: " + q("An illustration of a person with a round face in a dark jacket, against a "
                                        "blue background. " + LONG_WORD),
                      "stance: informant", "interests: " + q("Paid consultant to the council in 2024–2025."),
                      "links:", "  - {title: " + q("Portfolio " + LONG_WORD) + ", url: " + LONG_URL + "}",
                      "  - {title: Short, url: https://example.org/}"],
    "minimal-speaker": ["name: Sam", "interests: none declared"],
}


def speaker_body(sid: str) -> str:
    if sid == "amira-alhusseini":
        return f'<p lang="ar" dir="rtl">{ARABIC_SENTENCE}</p>\n\nAmira interpreted for members who speak Arabic.'
    if sid == "noa-cohen-levi":
        return f'Noa described the twinning visit. <span lang="he" dir="rtl">{HEBREW_SENTENCE}</span>'
    if sid == "minimal-speaker":
        return ""
    return f"A speaker who used the word {LONG_WORD} several times."


def evidence(i: int) -> str:
    speakers = list(SPEAKERS)
    title = long_title(f"Evidence {i}: the town centre in numbers", 200) if i % 3 == 1 else \
        f"Evidence {i} — étude d’impact"
    fields = [f"title: {q(title)}"]
    if i != 10:
        fields.append(f"type: {['other', 'video', 'presentation', 'briefing', 'submission', 'report'][i % 6]}")
    if i % 4 != 0:
        fields.append(f"session: session-{1 + i % 5}")
    if i == 1:
        fields.append("speakers: [" + ", ".join(speakers[:4]) + "]")
        fields.append("date: 2026-03-08")
        fields.append("video:\n  file: documents/evidence-1.mp4\n  captions: documents/evidence-1.vtt\n"
                      "  transcript: documents/evidence-1.txt")
        fields.append("files:\n  - {title: " + q(long_title("Slides shown to members", 200)) +
                      ", file: documents/slides.pdf}\n  - {title: " + q(LONG_WORD) + ", file: documents/appendix.pdf}")
    elif i == 2:
        fields.append("video:\n  url: https://video.example.org/watch?v=stress-test-" + "x" * 60)
        fields.append(f"speakers: [{speakers[4]}]")
    elif i % 2:
        fields.append(f"speakers: [{speakers[i % 6]}]")
    body = f"Evidence {i} in plain English. It mentions {LONG_WORD}." if i % 2 else f"Evidence {i}."
    return front(fields, body)


TRANSCRIPT = ("[Music]\n" + ("SPEAKER ONE: " + LONG_WORD + " is a word that does not fit on a phone screen. ") * 3
              + "\nA line with no spaces at all: " + "-" * 120 + "\n" + ARABIC_SENTENCE + "\n")


def session(i: int) -> str:
    title = long_title(f"Session {i}: weekend of evidence and deliberation", 200) if i == 3 else \
        f"Session {i} – Séance plénière"
    fields = [f"title: {q(title)}", f"date: 2026-0{2 + i}-07"]
    if i == 1:
        place = "Salle polyvalente Jean-Jaurès, 12 rue de l'Hôtel-de-Ville, 76800 Saint-Étienne-du-Rouvray"
        fields += ["end_date: 2026-03-08", "location: " + q(place),
                   "kind: evidence",
                   "recording:\n  file: documents/evidence-1.mp4\n  captions: documents/evidence-1.vtt\n"
                   "  transcript: documents/session-1-transcript.md"]
    elif i == 2:
        fields += ["online: true", "kind: deliberation"]
    elif i == 4:
        fields += ["kind: ballot", "location: " + q(LONG_WORD)]
    body = {1: f"## Agenda\n\n- 9:30: Welcome\n- 10:00: {LONG_WORD}\n\n### Saturday\n\nMembers met.",
            2: "", 3: f'<p lang="ar" dir="rtl">{ARABIC_SENTENCE}</p>'}.get(i, "Members met.")
    return front(fields, body)


def update(i: int) -> str:
    title = long_title(f"Update {i}: what happened after the assembly finished its work", 200) if i == 2 else \
        f"Mise à jour n° {i}"
    fields = [f"title: {q(title)}", f"date: 2026-{i + 6:02d}-01"]
    if i != 3:
        fields.append(f"summary: {q('A short summary with ' + LONG_WORD + '.')}")
    body = (f"## Finished\n\n- {LONG_WORD}\n- <{LONG_URL}>\n\n## Under way\n\n"
            f'<p lang="he" dir="rtl">{HEBREW_SENTENCE}</p>') if i == 2 else "Short post."
    return front(fields, body)


def write_report(folder: Path) -> None:
    """The assembly's report as Markdown chapters: long title and headings, a wide table,
    footnotes, text in Arabic and Hebrew, a long word and a long address."""
    write(folder / "report.yml", "\n".join([
        "title: " + q(long_title("Le rapport de l'assemblée citoyenne sur le centre-ville", 200)),
        "subtitle: " + q("What 120 residents recommend, in " + LONG_WORD),
        "authors:",
        "  - " + q(ARABIC_NAME),
        "  - " + q(HEBREW_NAME),
        "  - " + q("Société d'Économie Mixte de Saint-Étienne-du-Rouvray pour la Démocratie Délibérative"),
        "published: 2026-06-01",
        "cite_as: " + q(f"Ọkọńkwọ, C. and {ARABIC_NAME} (2026). {LONG_WORD}. Saint-Étienne-du-Rouvray."),
        "pdf: documents/final-report.pdf",
        "summary: " + q(f"A summary with {LONG_WORD} in it."),
    ]) + "\n")
    write(folder / "01-introduction.md", f"""\
# Introduction: {long_title("why the region asked its residents to decide what its town centres should become", 160)}

The assembly met five times.[^1] Its members used the word {LONG_WORD} a great deal.

<p lang="ar" dir="rtl">{ARABIC_SENTENCE}</p>

Members read the [detailed costings]({LONG_URL}) before voting.

[^1]: Twice online and three times in the Salle polyvalente Jean-Jaurès. {LONG_WORD}.
""")
    write(folder / "02-what-members-heard.md", f"""\
# What members heard

## Evidence about pavements, buses, parking and the market, session by session

| Session | Speaker | Topic | Minutes | Questions asked | Documents | Notes |
|---|---|---|---|---|---|---|
| 1 | {ARABIC_NAME} | Interpreting | 40 | 12 | 3 | {LONG_WORD} |
| 2 | {HEBREW_NAME} | Twinning | 25 | 8 | 1 | None |

Members quoted a resident: <span lang="he" dir="rtl">{HEBREW_SENTENCE}</span>[^1]

[^1]: Recorded at the second session.
""")


def write_stress(out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)
    write(out / "site_config.yml", SITE_CONFIG)
    folder = out / "content" / SLUG
    write(folder / "assembly.yml", assembly_yml())
    for i in range(1, 61):
        write(folder / "recommendations" / f"rec-{i:02d}.md", recommendation(i))
    for i in range(1, 46):  # rec-46 .. rec-60 await a response
        write(folder / "responses" / f"rec-{i:02d}.md", response(i))
    for sid, fields in SPEAKERS.items():
        write(folder / "speakers" / f"{sid}.md", front(fields, speaker_body(sid)))
    for i in range(1, 11):
        write(folder / "evidence" / f"evidence-{i}.md", evidence(i))
    for i in range(1, 6):
        write(folder / "sessions" / f"session-{i}.md", session(i))
    for i in range(1, 4):
        write(folder / "updates" / f"update-{i}.md", update(i))
    write(folder / "pages" / "about.md", front(
        ["title: " + q(long_title("About this assembly and the people who ran it", 120)), "order: 1"],
        f"## Who ran it\n\nA body with {LONG_WORD}.\n\n| Role | Name | Contact |\n|---|---|---|\n"
        f"| Facilitator | {ARABIC_NAME} | [Costings, appendix B]({LONG_URL}) |\n"
        f"| Evaluator | {HEBREW_NAME} | none |\n\n"
        f'<p lang="ar" dir="rtl">{ARABIC_SENTENCE}</p>'))
    write(folder / "pages" / "faq.md", front(["title: " + q("Foire aux questions (FAQ) — " + LONG_WORD), "order: 2"],
                                              "## A question with an answer\n\nAn answer."))
    write(folder / "pages" / "contact.md", front(["title: Contact"], ""))
    write(folder / "pages" / "index.md", front(["title: Welcome"], f"Welcome. {LONG_WORD}."))
    documents = folder / "documents"
    make_pdf(documents / "final-report.pdf", 3)
    make_pdf(documents / "easy-read.pdf", 1)
    make_pdf(documents / "appendix.pdf", 12)
    make_pdf(documents / "slides.pdf", 2)
    video = EXAMPLE / "documents" / "market-traders-view.mp4"
    if video.exists():
        shutil.copyfile(video, documents / "evidence-1.mp4")
    else:  # keep the fixture self-sufficient; the browser never plays it (preload="none")
        write(documents / "evidence-1.mp4", "")
    write(documents / "evidence-1.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nZoë: bonjour, welcome.\n\n"
                                        f"00:00:04.000 --> 00:00:08.000\n{LONG_WORD}\n")
    write(documents / "evidence-1.txt", TRANSCRIPT)
    write(documents / "session-1-transcript.md", f"## Morning\n\n**Chair:** Welcome. {LONG_WORD}.\n")
    make_photo(folder / "images" / "chidi-okonkwo.png")

    write_report(folder / "report")

    bare = out / "content" / BARE
    write(bare / "assembly.yml", "title: Bare\nquestion: Q?\ncommissioned_by: C\nstatus: planned\n")
    return out


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "fixtures" / "stress"
    write_stress(out)
    print(f"Wrote the stress content to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
