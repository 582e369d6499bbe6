"""What every field means, with an example: one source for the JSON Schemas that editors use
while an officer types, and for the field reference in docs/. A test checks every field is here."""

from __future__ import annotations

FIELD_DOCS: dict[str, tuple[str, object]] = {
    # site_config.yml
    "SiteConfig.organisation": ("The organisation that publishes the websites.", {"name": "Riverside Borough Council"}),
    "SiteConfig.site_url": ("The public web address the sites will live at, ending in /. Leave it out and every "
                            "link stays relative (the site still works anywhere).",
                            "https://assemblies.riverside.example.gov.uk/"),
    "SiteConfig.language": ("The language of the sites, as a language tag.", "en-GB"),
    "SiteConfig.contact_email": ("Where residents write with questions; shown in every footer.",
                                 "engagement@riverside.example.gov.uk"),
    "SiteConfig.accessibility": ("Details for the accessibility statement.",
                                 {"contact_email": "access@riverside.example.gov.uk", "last_reviewed": "2026-11-01"}),
    "SiteConfig.theme": ("The look of the sites.", {"primary_colour": "#1d4f91"}),
    "SiteConfig.time_zone": ("The time zone that decides which day \"today\" is, for embargoes and overdue "
                             "commitments (an IANA name).", "Europe/London"),
    "SiteConfig.progress_statuses": ("The progress statuses a response's updates may use, in order.",
                                     [{"key": "in-progress", "label": "In progress"}]),
    "SiteConfig.translations": ("This file's text in other languages: language → field → translated text, nested "
                                "like the fields themselves; list entries are translated one by one, in order. "
                                "Email addresses, colours and status keys are the same in every language.",
                                {"cy": {"organisation": {"name": "Cyngor Bwrdeistref Glan yr Afon"},
                                        "progress_statuses": [{"label": "Heb ddechrau"}, {"label": "Ar waith"}]}}),
    "SiteConfig.editor": ("The browser editor published with the site at <assembly>/admin/, saving to the "
                          "project's GitHub or GitLab repository: with `assembly build --editor`, or on every "
                          "build with publish: yes (see the editor guide).",
                          {"backend": "github", "repo": "riverside-council/assemblies",
                           "base_url": "https://auth.riverside.example.gov.uk"}),
    "EditorSettings.backend": ("Where the project's repository is: github (GitHub or GitHub Enterprise) or gitlab "
                               "(gitlab.com or a GitLab of your own).", "github"),
    "EditorSettings.repo": ("The repository, written owner/name as in its address (GitLab: group/name, or "
                            "group/subgroup/name).", "riverside-council/assemblies"),
    "EditorSettings.branch": ("The branch the pipeline publishes from: each save in the editor is a commit to it.",
                              "main"),
    "EditorSettings.folder": ("The repository's folder that holds site_config.yml, when it is not at the top of "
                              "the repository.", "website"),
    "EditorSettings.api_root": ("The address of the Git host's API, for GitHub Enterprise "
                                "(https://github.example.gov.uk/api/v3) or your own GitLab "
                                "(https://gitlab.example.gov.uk/api/v4); leave it out for github.com and gitlab.com.",
                                "https://gitlab.riverside.example.gov.uk/api/v4"),
    "EditorSettings.app_id": ("GitLab only: the Application ID of the application registered in GitLab for the "
                              "editor. Sign-in then needs no server and no secret.", "4bd2c6f5e8a1"),
    "EditorSettings.base_url": ("The sign-in service: for GitHub, the address of the service that holds the GitHub "
                                "OAuth app's secret (or https://api.netlify.com on Netlify); for GitLab, the "
                                "address of your own GitLab.", "https://auth.riverside.example.gov.uk"),
    "EditorSettings.auth_endpoint": ("The path of the sign-in page on base_url, when it is not the usual one "
                                     "(auth for GitHub, oauth/authorize for GitLab).", "auth"),
    "EditorSettings.review": ("yes: each save goes to a branch of its own with a pull or merge request, and reaches "
                              "the site when someone approves it in the editor (Decap's editorial workflow).", False),
    "EditorSettings.publish": ("yes: publish the editor with every build, as `assembly build --editor` does.", False),
    "Organisation.name": ("The organisation's name.", "Riverside Borough Council"),
    "Organisation.url": ("The organisation's main website.", "https://www.riverside.example.gov.uk"),
    "Organisation.logo": ("A logo file (not shown yet).", "content/_shared/logo.svg"),
    "AccessibilitySettings.contact_email": ("Where to report an accessibility problem.",
                                            "access@riverside.example.gov.uk"),
    "AccessibilitySettings.last_reviewed": ("When the accessibility statement was last reviewed (year-month-day).",
                                            "2026-11-01"),
    "AccessibilitySettings.known_issues": ("Known accessibility problems, each in one sentence; leave empty when "
                                           "there are none.", ["Videos before 2020 have no audio description."]),
    "ThemeSettings.primary_colour": ("The header colour, # and six hex digits in quotes; it must have a contrast "
                                     "of 4.5:1 with white text.", "#1d4f91"),
    "ProgressStatus.key": ("The word used in progress updates.", "in-progress"),
    "ProgressStatus.label": ("How residents see it.", "In progress"),
    # publishing controls, on every entity
    "Publishable.draft": ("true keeps this out of the site unless building with --drafts.", True),
    "Publishable.publish_on": ("Keep this out of the site before this date (embargo).", "2026-05-01"),
    # assembly.yml
    "Assembly.title": ("The assembly's name.", "Riverside Citizens' Assembly on the Town Centre"),
    "Assembly.question": ("The question the assembly answered.",
                          "How can we make Riverside town centre somewhere we are proud of?"),
    "Assembly.commissioned_by": ("Who asked for the assembly.", "Riverside Borough Council"),
    "Assembly.status": ("Where the assembly is now.", "responded"),
    "Assembly.dates": ("First and last day of the assembly.", {"start": "2019-11-02", "end": "2019-12-01"}),
    "Assembly.members": ("How many residents were recruited and took part to the end.",
                         {"recruited": 50, "completed": 46}),
    "Assembly.recruitment": ("How members were chosen, in Markdown: letters sent, stratification, payment.",
                             "10,000 invitation letters were sent..."),
    "Assembly.partners": ("Organisations that helped run it.",
                          [{"name": "Involve", "role": "Design and facilitation", "url": "https://involve.example.org"}]),
    "Assembly.funding": ("Who paid, and how much.", {"by": "Ministry of Housing", "amount": "£60,000"}),
    "Assembly.summary": ("A short summary in Markdown, shown on the home page.", "The assembly met four times..."),
    "Assembly.demographics": ("Who took part, as counts only (never names), beside the area's population.",
                              [{"criterion": "Age", "group": "16-29", "assembly": 9, "population_percent": 21.5}]),
    "Assembly.documents": ("Reports and other downloads listed on the home page.",
                           [{"title": "Final report", "type": "report", "file": "documents/final-report.pdf"}]),
    "Assembly.licence": ("The licence of the content, shown in the footer and the open data.", "OGL-3.0"),
    "Assembly.languages": ("The languages the assembly is published in, as language tags (en, cy, en-GB); the first "
                           "is the default, the language the files are written in. A file is translated by another "
                           "beside it named `<id>.<language>.md`, such as `welcome.cy.md`.", ["en", "cy"]),
    "Assembly.translations": ("This file's text in other languages: language → field → translated text, nested like "
                              "the fields themselves; list entries are translated one by one, in order ({} for one "
                              "left untranslated). Dates, numbers, choices and files are the same in every language.",
                              {"cy": {"title": "Cynulliad Dinasyddion Glan yr Afon",
                                      "documents": [{"title": "Yr adroddiad terfynol"}]}}),
    "Assembly.register": ("For the Citizens' Assembly Register (data/register.json): what the rest of this file "
                          "does not say. All optional.", {"authority_type": "Local Authority",
                                                          "local_authority_code": "RIV",
                                                          "thematic_grouping": "Town centre"}),
    "RegisterEntry.authority_type": ("Who ran the assembly: Local Authority, Town Council, NHS, Nation or Other "
                                     "(default: Local Authority when local_authority_code is given, else Other).",
                                     "Local Authority"),
    "RegisterEntry.local_authority_code": ("The council's three or four letter code from mySociety's list of UK "
                                           "local authority names and codes.", "TES"),
    "RegisterEntry.thematic_grouping": ("A broad theme, as the register groups assemblies.", "Climate Assembly"),
    "RegisterEntry.facilitator": ("The organisation that facilitated the assembly.", "Involve"),
    "DateRange.start": ("The first day (year-month-day).", "2019-11-02"),
    "DateRange.end": ("The last day (year-month-day).", "2019-12-01"),
    "Members.recruited": ("How many residents were recruited.", 50),
    "Members.completed": ("How many took part to the end.", 46),
    "Partner.name": ("The partner's name.", "Involve"),
    "Partner.role": ("What the partner did.", "Design and facilitation"),
    "Partner.url": ("The partner's website.", "https://involve.example.org"),
    "Funding.by": ("Who paid.", "Ministry of Housing, Communities and Local Government"),
    "Funding.amount": ("How much, as written.", "£60,000"),
    "DemographicRow.criterion": ("The characteristic.", "Age"),
    "DemographicRow.group": ("The group within it.", "16-29"),
    "DemographicRow.assembly": ("How many members were in this group.", 9),
    "DemographicRow.population_percent": ("The group's share of the area's population, in per cent.", 21.5),
    "Document.title": ("The document's name, used as the link text.", "Final report"),
    "Document.type": ("What kind of document it is.", "report"),
    "Document.file": ("The file, inside the assembly folder.", "documents/final-report.pdf"),
    "Document.published": ("When it was published (year-month-day).", "2020-01-15"),
    # sessions
    "Session.title": ("The session's name.", "First weekend: hearing the evidence"),
    "Session.date": ("The day it took place, or its first day.", "2019-11-02"),
    "Session.end_date": ("The last day, for sessions over several days.", "2019-11-03"),
    "Session.location": ("Where it took place.", "Riverside Town Hall"),
    "Session.online": ("true when the session was held online.", True),
    "Session.kind": ("What happened at the session.", "evidence"),
    "Session.recording": ("A recording of the session, as for evidence videos.",
                          {"file": "documents/weekend-1.mp4", "captions": "documents/weekend-1.vtt"}),
    "Video.file": ("A video file in documents/ (use either file or url).", "documents/talk.mp4"),
    "Video.url": ("The address of a video on another site; nothing loads from it until the reader follows "
                  "the link.", "https://www.youtube.com/watch?v=abc123"),
    "Video.captions": ("Captions as a WebVTT (.vtt) file.", "documents/talk.vtt"),
    "Video.transcript": ("A transcript (.md or .txt), shown on the page.", "documents/talk.md"),
    # speakers
    "Speaker.name": ("The speaker's name.", "Amira Hussain"),
    "Speaker.role": ("The speaker's job or role.", "Head of Transport"),
    "Speaker.organisation": ("Who the speaker works for or represents.", "Riverside Borough Council"),
    "Speaker.photo": ("A photo in images/.", "images/amira-hussain.jpg"),
    "Speaker.photo_alt": ("What the photo shows, for people who cannot see it (required with a photo).",
                          "Amira Hussain speaking at the first weekend"),
    "Speaker.stance": ("Whether the speaker informs, argues a case, or speaks from lived experience.",
                       "informant"),
    "Speaker.interests": ("Declared interests, or 'none declared'.", "none declared"),
    "Speaker.links": ("Links about the speaker.", [{"title": "Transport strategy", "url": "https://example.org"}]),
    "Link.title": ("The link text: say where it goes.", "Riverside transport strategy"),
    "Link.url": ("The full web address.", "https://www.riverside.example.gov.uk/transport"),
    # evidence
    "Evidence.title": ("The title of the evidence.", "How people travel into the town centre"),
    "Evidence.type": ("What kind of evidence it is.", "presentation"),
    "Evidence.session": ("The id of the session where it was heard.", "weekend-1"),
    "Evidence.speakers": ("The ids of the speakers who gave it.", ["amira-hussain"]),
    "Evidence.date": ("When it was given.", "2019-11-02"),
    "Evidence.files": ("Slides and other files.", [{"title": "Slides", "file": "documents/travel-slides.pdf"}]),
    "Evidence.video": ("A video of the evidence.", {"url": "https://www.youtube.com/watch?v=abc123",
                                                    "captions": "documents/talk.vtt"}),
    "EvidenceFile.title": ("The file's name, used as the link text.", "Slides"),
    "EvidenceFile.file": ("The file, in documents/.", "documents/travel-slides.pdf"),
    # recommendations
    "Recommendation.number": ("The recommendation's number as the assembly labelled it (in quotes).", "3a"),
    "Recommendation.title": ("A short title.", "Safe cycle routes into the town centre"),
    "Recommendation.theme": ("The theme it belongs to; recommendations are grouped by theme.", "Getting around"),
    "Recommendation.session": ("The id of the session where it was agreed.", "final-weekend"),
    "Recommendation.evidence": ("The ids of the evidence it draws on.", ["how-people-travel"]),
    "Recommendation.vote": ("How members voted: counts only; the site computes percentages.",
                            {"counts": {"support": 30, "oppose": 5}}),
    "Recommendation.outcome": ("Whether it went to the council.", "put-to-council"),
    "Vote.question": ("The question members voted on.", "To what extent do you support this recommendation?"),
    "Vote.counts": ("Each answer and how many members chose it, in order; whole numbers.",
                    {"strongly-support": 30, "support": 18, "neutral": 2, "oppose": 1, "strongly-oppose": 0}),
    "Vote.no-response": ("Members who did not vote.", 1),
    # responses
    "Response.recommendation": ("The id of the recommendation this responds to.", "safe-cycle-routes"),
    "Response.position": ("The council's decision.", "accepted-in-part"),
    "Response.date": ("When the council decided (year-month-day).", "2020-03-12"),
    "Response.decided_by": ("Which body decided, at which meeting.",
                            {"body": "Cabinet", "meeting": "Cabinet, 12 March 2020"}),
    "Response.reasons": ("Why, in Markdown; required unless the position is accepted.",
                         "The council cannot fund both routes this year."),
    "Response.earlier_positions": ("The council's earlier decisions on this recommendation, oldest first, each "
                                   "with its date; the current decision stays in position and date. Add the old "
                                   "position here when the council changes its mind, so residents see the history.",
                                   [{"position": "under-consideration", "date": "2020-02-20",
                                     "reasons": "We need to cost it first."}]),
    "Response.commitments": ("What the council will do, each with its own status.",
                             [{"id": "route", "action": "Build the route", "owner": "Highways", "due": "2022-03-31",
                               "status": "in-progress"}]),
    "Response.progress": ("Dated progress updates, oldest first; the latest is the current state.",
                          [{"date": "2020-09-01", "status": "in-progress", "percent": 20,
                            "note": "Funding bid submitted."}]),
    "DecidedBy.body": ("The body that decided.", "Cabinet"),
    "DecidedBy.meeting": ("The meeting.", "Cabinet meeting, 12 March 2020"),
    "DecidedBy.minutes_url": ("The address of the minutes.", "https://democracy.example.gov.uk/minutes/123"),
    "Commitment.action": ("What will be done (in quotes if it has a comma).", "Build the Northfield route"),
    "Commitment.owner": ("Who is responsible.", "Highways and Transport team"),
    "Commitment.due": ("When it is due (year-month-day). Past this date it is overdue unless its status is done "
                       "or dropped.", "2022-03-31"),
    "Commitment.id": ("A short name for the commitment, unique in this response (lower-case letters, digits and "
                      "hyphens), so that progress updates can name it.", "northfield-route"),
    "Commitment.status": ("not-started (the default), in-progress, done (delivered) or dropped (the council "
                          "will not do it).", "done"),
    "Commitment.done_on": ("The date it was delivered or dropped (year-month-day); only with status done or "
                           "dropped.", "2022-02-14"),
    "EarlierPosition.position": ("The council's position at that time.", "under-consideration"),
    "EarlierPosition.date": ("When the council took that position (year-month-day).", "2020-02-20"),
    "EarlierPosition.decided_by": ("Which body decided, at which meeting.", {"body": "Cabinet"}),
    "EarlierPosition.reasons": ("Why, in the council's words at the time.", "We need to cost it first."),
    "ProgressUpdate.date": ("The date of the update.", "2021-03-15"),
    "ProgressUpdate.status": ("A status key from progress_statuses in site_config.yml.", "in-progress"),
    "ProgressUpdate.percent": ("How far along, from 0 to 100.", 60),
    "ProgressUpdate.note": ("What happened (in quotes if it has a comma).", "The Northfield route opened."),
    "ProgressUpdate.commitment": ("The id of the commitment in this response that the update reports on.",
                                  "northfield-route"),
    # updates and pages
    "Update.title": ("The headline.", "The council has responded"),
    "Update.date": ("The date of the post.", "2020-03-13"),
    "Update.summary": ("One sentence shown in lists and the feed.", "The council accepted 9 recommendations."),
    "Page.title": ("The page title, also its name in the menu.", "About the assembly"),
    "Page.order": ("Its position in the menu (1 comes first).", 1),
    # report/report.yml and the front matter of each chapter
    "ReportMeta.title": ("The report's title.", "Making Riverside town centre somewhere we are proud of"),
    "ReportMeta.subtitle": ("A subtitle.", "The report of the Riverside Citizens' Assembly"),
    "ReportMeta.authors": ("Who wrote it, one per line.", ["Riverside Deliberation Partnership"]),
    "ReportMeta.published": ("When it was published (year-month-day).", "2020-01-15"),
    "ReportMeta.licence": ("The licence of the report.", "OGL-3.0"),
    "ReportMeta.cite_as": ("How to cite it.", "Riverside Citizens' Assembly (2020). Final report."),
    "ReportMeta.pdf": ("The same report as a PDF in documents/.", "documents/final-report.pdf"),
    "ReportMeta.summary": ("A short summary in Markdown, shown on the report's contents page.",
                           "The assembly agreed 13 recommendations."),
    "ChapterMeta.title": ("The chapter's title (by default its first heading).", "How the assembly worked"),
}


# The columns of the published spreadsheets (data/recommendations.csv, data/progress.csv).
CSV_COLUMN_DOCS = {
    "number": "The recommendation's number, as the assembly labelled it.",
    "id": "A stable identifier; it never changes and is part of the page's address.",
    "title": "The recommendation's short title.",
    "theme": "The theme it belongs to.",
    "url": "The page of the recommendation, relative to the assembly's folder.",
    "outcome": "put-to-council or not-put-to-council.",
    "members_supported": "Members who chose a supporting answer.",
    "members_voted": "Members who voted on it.",
    "percent_supported": "members_supported as a share of members_voted, rounded to a whole per cent.",
    "position": "The recommendation's one category: the council's response (accepted, accepted-in-part, "
                "under-consideration, not-accepted or referred), awaiting-response (put to the council, no response "
                "yet) or not-put-to-council (it did not pass the assembly's vote).",
    "position_label": "The same, in words.",
    "response_date": "When the council responded (year-month-day).",
    "current_status": "The status of the latest progress update.",
    "current_status_label": "The same, in words.",
    "current_percent": "How far along the latest update says it is, 0 to 100.",
    "last_progress_date": "The date of the latest progress update.",
    "commitments": "How many commitments the council made in its response.",
    "commitments_delivered": "How many of them are delivered (status done).",
    "commitments_dropped": "How many of them the council dropped.",
    "commitments_overdue": "How many are past their due date and neither delivered nor dropped, as of as_of.",
    "as_of": "The date the figures are true on: the day the site was built (year-month-day).",
}
COMMITMENT_COLUMN_DOCS = {
    "recommendation": "The recommendation's stable identifier.",
    "number": "The recommendation's number.",
    "title": "The recommendation's short title.",
    "commitment": "The commitment's id in the response (or its position, 1 for the first, when it has none).",
    "action": "What the council committed to do.",
    "owner": "Who is responsible.",
    "due": "When it is due (year-month-day).",
    "status": "As the council recorded it: not-started, in-progress, done or dropped.",
    "done_on": "When it was delivered or dropped (year-month-day).",
    "state": "What the site shows on the as_of date: done, dropped, overdue, in-progress or not-started.",
    "state_label": "The same, in words.",
    "overdue": "yes when the due date has passed and it is neither delivered nor dropped, as of as_of; else no.",
    "last_progress_date": "The date of the latest progress update that names this commitment.",
    "as_of": "The date the state and overdue columns are true on: the day the site was built.",
    "url": "The recommendation's page.",
}
PROGRESS_COLUMN_DOCS = {
    "recommendation": "The recommendation's stable identifier.",
    "number": "The recommendation's number.",
    "title": "The recommendation's short title.",
    "date": "The date of this progress update (year-month-day).",
    "status": "The status key.",
    "status_label": "The status in words.",
    "percent": "How far along, 0 to 100.",
    "note": "What happened.",
    "commitment": "The id of the commitment the update reports on, if it names one.",
    "url": "The recommendation's page.",
}
