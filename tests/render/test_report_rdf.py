"""RDF: DQV measurements with EARL verdicts per metric and per test, in Turtle and JSON-LD."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as rns
from rdflib.compare import isomorphic

from fairgauge.model.report import MATURITY_LABELS, Report
from tests.render.conftest import Reports, rendered

# rdflib's closed namespaces stay behind ``rns.``: pytest's collection probes module attributes, which
# makes a closed namespace warn about unknown terms.
DQV = Namespace("http://www.w3.org/ns/dqv#")
EARL = Namespace("http://www.w3.org/ns/earl#")
FG = Namespace("https://w3id.org/fairgauge/vocab#")
OUTCOME = {"pass": EARL.passed, "fail": EARL.failed, "error": EARL.cantTell, "not_applicable": EARL.inapplicable}


def _turtle(report: Report) -> Graph:
    return Graph().parse(data=rendered(report, "ttl"), format="turtle")


def _measurement(graph: Graph, measured: URIRef) -> URIRef:
    nodes = [
        n for n in graph.subjects(DQV.isMeasurementOf, measured) if (n, rns.RDF.type, DQV.QualityMeasurement) in graph
    ]
    assert len(nodes) == 1, f"exactly one measurement of {measured}"
    node = nodes[0]
    assert isinstance(node, URIRef)
    return node


def _outcome(graph: Graph, node: URIRef) -> object:
    result = graph.value(node, EARL.result)
    assert (result, rns.RDF.type, EARL.TestResult) in graph
    return graph.value(result, EARL.outcome)


@pytest.mark.parametrize("case", ["zenodo", "zenodo-0.5"])
def test_one_measurement_per_metric_and_per_test(reports: Reports, case: str) -> None:
    report = reports(case)
    graph = _turtle(report)
    ns = Namespace(f"https://w3id.org/fairgauge/metrics/{report.profile}/")
    subject = URIRef("https://doi.org/10.5281/zenodo.1196821")
    outcomes = set()
    for metric in [*report.results, *report.informative_results]:
        node = _measurement(graph, ns[metric.metric_identifier])
        percent = round(metric.score.earned / metric.score.total * 100, 2)
        assert graph.value(node, DQV.value) == Literal(percent, datatype=rns.XSD.float)
        assert graph.value(node, DQV.computedOn) == subject
        assert (node, rns.RDF.type, EARL.Assertion) in graph and graph.value(node, EARL.subject) == subject
        assert _outcome(graph, node) == OUTCOME[metric.test_status]
        assert graph.value(node, FG.maturity) == Literal(MATURITY_LABELS[metric.maturity])
        assert graph.value(node, FG.scored) == Literal(metric.scored)
        for test_id, test in metric.metric_tests.items():
            test_node = _measurement(graph, ns[test_id])
            assert graph.value(test_node, DQV.value) == Literal(test.metric_test_score.earned, datatype=rns.XSD.float)
            assert _outcome(graph, test_node) == OUTCOME[test.metric_test_status]
            assert (node, rns.PROV.wasDerivedFrom, test_node) in graph
            assert (
                ns[test_id],
                URIRef("http://www.w3.org/2004/02/skos/core#broader"),
                ns[metric.metric_identifier],
            ) in graph
            outcomes.add(test.metric_test_status)
            if test.metric_test_status == "fail":
                assert graph.value(test_node, FG.recommendation) == Literal(test.recommendation, lang="en")
    if case == "zenodo-0.5":
        assert outcomes == {"pass", "fail", "error", "not_applicable"}
    tests = sum(len(m.metric_tests) for m in [*report.results, *report.informative_results])
    metrics = len(report.results) + len(report.informative_results)
    summary = 5  # F, A, I, R, FAIR
    assert len(set(graph.subjects(rns.RDF.type, DQV.QualityMeasurement))) == metrics + tests + summary


def test_assessment_metadata_activity_and_summary(zenodo: Report) -> None:
    graph = _turtle(zenodo)
    (metadata,) = graph.subjects(rns.RDF.type, DQV.QualityMetadata)
    spec = URIRef("https://doi.org/10.5281/zenodo.15045911")
    assert graph.value(metadata, rns.DCTERMS.conformsTo) == spec
    assert graph.value(metadata, FG.fairportLevel) == Literal(zenodo.fairport_level.level)
    assert {str(o) for o in graph.objects(metadata, FG.fairportReason)} == set(zenodo.fairport_level.reasons)
    subject = URIRef("https://doi.org/10.5281/zenodo.1196821")
    assert (subject, DQV.hasQualityMetadata, metadata) in graph
    activity = graph.value(metadata, rns.PROV.wasGeneratedBy)
    assert (activity, rns.RDF.type, rns.PROV.Activity) in graph
    assert graph.value(activity, rns.PROV.startedAtTime).toPython() == zenodo.start_timestamp  # type: ignore[union-attr]
    assert graph.value(activity, rns.PROV.used) == subject
    ns = Namespace("https://w3id.org/fairgauge/metrics/fsf-0.8/")
    fair = _measurement(graph, ns["score/FAIR"])
    assert graph.value(fair, DQV.value) == Literal(88.46, datatype=rns.XSD.float)
    assert graph.value(ns["FsF-F1-01MD"], URIRef("http://www.w3.org/2000/01/rdf-schema#isDefinedBy")) == spec
    dimension = graph.value(ns["FsF-A1.1-01MD"], DQV.inDimension)
    assert str(dimension) == "https://w3id.org/fairgauge/principles/A1.1"
    assert str(graph.value(dimension, DQV.inCategory)) == "https://w3id.org/fairgauge/principles/A"


def test_metric_namespace_has_no_double_slash(zenodo: Report) -> None:
    graph = _turtle(zenodo)
    metrics = {str(m) for m in graph.subjects(rns.RDF.type, DQV.Metric)}
    assert metrics and all("//" not in m.removeprefix("https://") for m in metrics)


def test_jsonld_has_an_inline_context_and_the_same_graph(zenodo: Report) -> None:
    text = rendered(zenodo, "jsonld")
    document = json.loads(text)
    assert isinstance(document["@context"], dict), "never a remote context to fetch"
    assert document["@context"]["dqv"] == str(DQV)
    graph = Graph().parse(data=text, format="json-ld")  # the network guard refuses any fetch
    assert isomorphic(graph, _turtle(zenodo))


def test_w3id_object_is_computed_on_its_pid_url(reports: Reports) -> None:
    report = reports("a2a/07-http-describedby-citeas-linkset-json")
    graph = _turtle(report)
    subjects = set(graph.objects(None, DQV.computedOn))
    assert subjects == {URIRef("https://w3id.org/a2a-fair-metrics/07-http-describedby-citeas-linkset-json/")}
