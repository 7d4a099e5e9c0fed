"""JSON: the whole model with F-UJI's field names, stable, and loadable back into a Report."""

from __future__ import annotations

import json

import pytest

from fairgauge.model.report import Report
from tests.render.conftest import A2A_CASES, MAIN_CASES, Reports, rendered, with_conflict

ROUND_TRIP = [*MAIN_CASES, f"a2a/{A2A_CASES[0]}", "a2a/29-http-500-server-error"]


@pytest.mark.parametrize("case", ROUND_TRIP)
def test_json_round_trips_into_the_model(reports: Reports, case: str) -> None:
    report = reports(case)
    loaded = Report.model_validate(json.loads(rendered(report, "json")))
    assert loaded == report


def test_json_keeps_fuji_field_names_and_order(zenodo: Report) -> None:
    data = json.loads(rendered(zenodo, "json"))
    assert list(data)[:9] == [
        "test_id",
        "request",
        "resolved_url",
        "start_timestamp",
        "end_timestamp",
        "expiry_timestamp",
        "metric_specification",
        "metric_version",
        "profile",
    ]
    assert data["metric_specification"] == "https://doi.org/10.5281/zenodo.15045911"
    assert list(data["summary"]["score_percent"]) == list(zenodo.summary.score_percent), "scorer's key order"
    assert list(data["summary"]["score_percent"])[-1] == "FAIR"
    assert data["summary"]["score_total"]["FAIR"] == 26.0
    first = data["results"][0]
    assert first["metric_identifier"] == "FsF-F1-01MD"
    assert set(first["metric_tests"]["FsF-F1-01MD-1"]) >= {
        "metric_test_name",
        "metric_test_score",
        "metric_test_maturity",
        "metric_test_status",
    }


def test_json_is_complete(zenodo: Report) -> None:
    data = json.loads(rendered(zenodo, "json"))
    harvest = data["harvest"]
    assert [e["id"] for e in harvest["exchanges"]] == [e.id for e in zenodo.harvest.exchanges]
    assert len(harvest["records"]) == len(zenodo.harvest.records)
    assert "schema" in harvest["records"][0], "records use the alias, like F-UJI's harvested_metadata"
    assert len(harvest["signposting"]["links"]) == len(zenodo.harvest.signposting.links)
    assert data["fairport_level"]["level"] == zenodo.fairport_level.level
    assert data["expiry_timestamp"] is None, "None values are kept, not dropped"
    assert len(data["results"]) == zenodo.total_metrics == 17
    assert [m["metric_identifier"] for m in data["informative_results"]] == ["FsF-A2-01M"]


def test_json_keeps_conflicts_and_unicode(zenodo: Report) -> None:
    report = with_conflict(zenodo, title="Données de température — lac Léman")
    text = rendered(report, "json")
    assert "Données de température — lac Léman" in text, "non-ASCII is written as is"
    loaded = Report.model_validate(json.loads(text))
    assert [v.value for v in loaded.conflicts[0].values][1] == "Données de température — lac Léman"
