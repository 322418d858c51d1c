"""The refresh report on the page (ui.admin.show_report), rendered with AppTest: failures
first and as a warning, titles instead of ids, unchanged documents as a count, the
decimal comma, and "Niets gewijzigd" when nothing changed. No index or model needed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui import texts
from wijzer.types import Failure, RefreshReport


def _render(report: RefreshReport) -> AppTest:
    def page(report):  # noqa: ANN001, ANN202 - AppTest runs this source on its own
        from ui.admin import show_report

        show_report(report)

    at = AppTest.from_function(page, args=(report,), default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


TITLES = {"a": "Pagina A", "d": "Pagina D", "standpunt-2025": "Het overheidsbrede standpunt"}


def test_failures_come_first_as_a_warning_with_titles() -> None:
    report = RefreshReport(
        added=("d",), updated=("a",), unchanged=tuple(f"p{i}" for i in range(244)),
        failed=(Failure("Bestand ontbreekt.", id="standpunt-2025"),), seconds=12.34, index_version="3",
        chunks_written=1403, chunks_total=2001, titles=TITLES,
    )
    at = _render(report)
    assert not at.success and len(at.warning) == 1
    assert at.warning[0].value.startswith("Let op: 1 bron(nen) niet gelukt")
    md = _markdown(at)
    assert md.index("Het overheidsbrede standpunt") < md.index("Pagina D")  # failures first
    assert "**Nieuw** (1): Pagina D" in md and "**Gewijzigd** (1): Pagina A" in md
    assert "p17" not in md  # unchanged documents are a count
    captions = [c.value for c in at.caption]
    assert texts.REPORT_UNCHANGED.format(n=244) in captions
    assert any("1.403 nieuw" in c and "2.001 in de index" in c for c in captions)


def test_success_uses_the_decimal_comma() -> None:
    at = _render(RefreshReport(added=("a",), seconds=12.34, index_version="2", titles=TITLES))
    assert [s.value for s in at.success] == [texts.ADMIN_DONE.format(version="2", seconds="12,3")]


def test_nothing_changed_says_which_version_stays() -> None:
    at = _render(RefreshReport(unchanged=("a", "d"), seconds=0.5, index_version="1", titles=TITLES))
    assert not at.success
    assert [i.value for i in at.info] == ["Niets gewijzigd (versie 1 blijft in gebruik)."]
